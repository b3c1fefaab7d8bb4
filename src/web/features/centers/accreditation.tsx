/**
 * Accreditation status of a center from its expiry date: current, expiring within a year,
 * expired, or none (not accredited).
 */
import { Badge, type BadgeTone } from '../../ui/badge';
import { daysUntil, describeDays, formatDate } from '../../ui/format';

export type AccreditationStatus = 'none' | 'current' | 'expiring' | 'expired';

export function accreditationStatus(expiresOn: string | null): {
  status: AccreditationStatus;
  days: number | null;
} {
  if (!expiresOn) return { status: 'none', days: null };
  const days = daysUntil(expiresOn);
  if (days < 0) return { status: 'expired', days };
  if (days < 365) return { status: 'expiring', days };
  return { status: 'current', days };
}

const LABEL: Record<AccreditationStatus, string> = {
  none: 'Not accredited',
  current: 'Current',
  expiring: 'Expires within a year',
  expired: 'Expired',
};
const TONE: Record<AccreditationStatus, BadgeTone> = {
  none: 'neutral',
  current: 'success',
  expiring: 'warning',
  expired: 'danger',
};

export function AccreditationBadge({ expiresOn }: { expiresOn: string | null }) {
  const { status } = accreditationStatus(expiresOn);
  return (
    <Badge tone={TONE[status]} dot>
      {LABEL[status]}
    </Badge>
  );
}

/** "Mar 29, 2030 (in 3 years 4 months)", coloured when under a year or past. */
export function AccreditationExpiry({
  expiresOn,
  compact = false,
}: {
  expiresOn: string | null;
  compact?: boolean;
}) {
  const { status, days } = accreditationStatus(expiresOn);
  if (!expiresOn || days === null) return <span className="muted">—</span>;
  const cls = status === 'expired' ? 'text-danger' : status === 'expiring' ? 'text-warning' : undefined;
  if (compact)
    return (
      <span
        className={cls}
        title={status === 'expired' ? `Expired ${describeDays(days)}` : `Expires ${describeDays(days)}`}
      >
        {formatDate(expiresOn)}
      </span>
    );
  return (
    <span className={cls}>
      {formatDate(expiresOn)}{' '}
      <span className={cls ? undefined : 'muted'}>
        ({status === 'expired' ? `expired ${describeDays(days)}` : describeDays(days)})
      </span>
    </span>
  );
}

export const ACCREDITATION_FILTERS: { value: AccreditationStatus; label: string }[] = [
  { value: 'expiring', label: 'Expiring within a year' },
  { value: 'expired', label: 'Expired' },
  { value: 'current', label: 'Current' },
  { value: 'none', label: 'Not accredited' },
];
