/**
 * Formatting of dates, times and numbers for display (en-US; times in the browser's time zone).
 */

const dateFmt = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});
const dateTimeFmt = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});
const utcFmt = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
  timeZone: 'UTC',
});

/** A calendar date "YYYY-MM-DD" (no time zone), e.g. "Mar 29, 2030". */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '—';
  const d = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? isoDate : dateFmt.format(d);
}

/** An instant in local time, e.g. "Nov 22, 2026, 9:14 AM". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFmt.format(d);
}

/** The same instant in UTC, for tooltips. */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${utcFmt.format(d)} UTC`;
}

/** The date part of an instant in local time, e.g. "Nov 22, 2026". */
export function formatDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
}

/** Whole days from today (local) until a calendar date; negative when past. */
export function daysUntil(isoDate: string): number {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  const target = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  const now = new Date();
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((target - today) / 86_400_000);
}

/** "in 3 days", "today", "12 days ago", "in 1 year 2 months". */
export function describeDays(days: number): string {
  if (days === 0) return 'today';
  const abs = Math.abs(days);
  let text: string;
  if (abs < 60) text = `${abs} day${abs === 1 ? '' : 's'}`;
  else if (abs < 730) {
    const months = Math.round(abs / 30.44);
    text = `${months} month${months === 1 ? '' : 's'}`;
  } else {
    const years = Math.floor(abs / 365.25);
    const months = Math.round((abs - years * 365.25) / 30.44);
    text = `${years} year${years === 1 ? '' : 's'}${months > 0 ? ` ${months} month${months === 1 ? '' : 's'}` : ''}`;
  }
  return days > 0 ? `in ${text}` : `${text} ago`;
}

export function formatNumber(n: number): string {
  return n.toLocaleString('en-US');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

/** Today's date as YYYY-MM-DD in local time. */
export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
