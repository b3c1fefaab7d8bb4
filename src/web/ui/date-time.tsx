/**
 * An instant shown in local time, with UTC in a tooltip and a machine-readable datetime.
 */
import { formatDateTime, formatDay, formatUtc } from './format';

export function DateTime({
  value,
  empty = '—',
  dateOnly = false,
}: {
  value: string | null | undefined;
  empty?: string;
  /** Show the local date only (the tooltip keeps the full UTC time). */
  dateOnly?: boolean;
}) {
  if (!value) return <span>{empty}</span>;
  return (
    <time
      dateTime={value}
      title={dateOnly ? `${formatDateTime(value)} (${formatUtc(value)})` : formatUtc(value)}
    >
      {dateOnly ? formatDay(value) : formatDateTime(value)}
    </time>
  );
}
