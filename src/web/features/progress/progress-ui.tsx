/**
 * Small pieces every progress view shares: the progress bar (a labelled role="progressbar" with
 * its value also written out), state badges (always text; the colour only reinforces it) and
 * deadlines in words.
 */
import { PATHWAY_STATE_LABEL, type PathwayState, type RequirementState } from '../../../shared/pathways';
import { Badge, type BadgeTone } from '../../ui/badge';
import { daysUntil, describeDays, formatDate } from '../../ui/format';

export const PATHWAY_STATE_TONE: Record<PathwayState, BadgeTone> = {
  not_started: 'neutral',
  in_progress: 'info',
  complete: 'success',
  certified: 'success',
  expiring: 'warning',
  in_grace: 'warning',
  expired: 'danger',
  revoked: 'danger',
  withdrawn: 'neutral',
};

export const REQUIREMENT_STATE_LABEL: Record<RequirementState, string> = {
  met: 'Met',
  in_progress: 'In progress',
  not_started: 'Not started',
  expired: 'Expired',
};

const REQUIREMENT_STATE_TONE: Record<RequirementState, BadgeTone> = {
  met: 'success',
  in_progress: 'info',
  not_started: 'neutral',
  expired: 'danger',
};

export function pathwayStateLabel(state: string): string {
  return (PATHWAY_STATE_LABEL as Record<string, string>)[state] ?? state;
}

export function PathwayStateBadge({ state }: { state: PathwayState }) {
  return (
    <Badge tone={PATHWAY_STATE_TONE[state]} dot>
      {PATHWAY_STATE_LABEL[state]}
    </Badge>
  );
}

export function RequirementStateBadge({ state }: { state: RequirementState }) {
  return <Badge tone={REQUIREMENT_STATE_TONE[state]}>{REQUIREMENT_STATE_LABEL[state]}</Badge>;
}

export type BarTone = 'primary' | 'success' | 'warning' | 'danger' | 'neutral';

/** The tone of a pathway's bar: green once done, amber or red when the credential needs care. */
export function pathwayBarTone(state: PathwayState): BarTone {
  if (state === 'complete' || state === 'certified') return 'success';
  if (state === 'expiring' || state === 'in_grace') return 'warning';
  if (state === 'expired' || state === 'revoked') return 'danger';
  if (state === 'withdrawn') return 'neutral';
  return 'primary';
}

export function requirementBarTone(state: RequirementState): BarTone {
  if (state === 'met') return 'success';
  if (state === 'expired') return 'danger';
  return 'primary';
}

/**
 * A horizontal bar with an accessible name and value text ("8 of 9 calls"). The visible figures
 * are written next to it by the caller, so the bar itself adds nothing a reader would miss.
 */
export function ProgressBar({
  value,
  max = 100,
  label,
  valueText,
  tone = 'primary',
  size = 'md',
}: {
  value: number;
  max?: number;
  label: string;
  valueText?: string;
  tone?: BarTone;
  size?: 'sm' | 'md' | 'lg';
}) {
  const safeMax = max > 0 ? max : 1;
  const clamped = Math.max(0, Math.min(value, safeMax));
  const percent = (clamped / safeMax) * 100;
  return (
    <div
      className={`progress progress-${size} progress-${tone}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={safeMax}
      aria-valuenow={clamped}
      aria-valuetext={valueText ?? `${Math.round(percent)}%`}
    >
      <span className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

/** "Mar 1, 2027 (in 3 months)" or "Mar 1, 2025 (2 months ago)". */
export function Deadline({ date, relative = true }: { date: string; relative?: boolean }) {
  const days = daysUntil(date);
  return (
    <span className={days < 0 ? 'text-danger' : days <= 60 ? 'text-warning' : undefined}>
      <time dateTime={date}>{formatDate(date)}</time>
      {relative && <span className="muted"> ({describeDays(days)})</span>}
    </span>
  );
}

/** Whole numbers as they are, fractions (CE hours) to one decimal. */
export function formatAmount(n: number): string {
  return Number.isInteger(n)
    ? n.toLocaleString('en-US')
    : n.toLocaleString('en-US', { maximumFractionDigits: 1 });
}
