/**
 * Small shared pieces of the cohort pages: status badges (always text; colour only reinforces
 * it), the seats figure with its waitlist, and the region as state codes with their names.
 */
import { Badge, type BadgeTone } from '../../ui/badge';
import { formatDate } from '../../ui/format';
import { stateName } from '../../ui/labels';
import { COHORT_STATUS_LABEL, isFull, type TCohort, type TEnrollment } from './learning-api';

const COHORT_TONE: Record<TCohort['status'], BadgeTone> = {
  open: 'success',
  closed: 'neutral',
  completed: 'info',
  cancelled: 'danger',
};

export function CohortStatusBadge({ status }: { status: TCohort['status'] }) {
  return (
    <Badge tone={COHORT_TONE[status]} dot>
      {COHORT_STATUS_LABEL[status]}
    </Badge>
  );
}

const ENROLLMENT: Record<TEnrollment['status'], { label: string; tone: BadgeTone }> = {
  enrolled: { label: 'Enrolled', tone: 'success' },
  waitlisted: { label: 'Waitlisted', tone: 'warning' },
  withdrawn: { label: 'Withdrawn', tone: 'neutral' },
  completed: { label: 'Completed', tone: 'info' },
};

export function EnrollmentBadge({ status }: { status: TEnrollment['status'] }) {
  const b = ENROLLMENT[status];
  return <Badge tone={b.tone}>{b.label}</Badge>;
}

export function Region({ states }: { states: string[] }) {
  if (states.length === 0) return <span className="muted">Any state</span>;
  return (
    <span className="cohort-states">
      {states.map((s, i) => (
        <span key={s}>
          <abbr title={stateName(s)}>{s}</abbr>
          {i < states.length - 1 ? ', ' : ''}
        </span>
      ))}
    </span>
  );
}

export function Dates({ cohort }: { cohort: Pick<TCohort, 'startsOn' | 'endsOn'> }) {
  if (cohort.startsOn === cohort.endsOn) return <>{formatDate(cohort.startsOn)}</>;
  return (
    <>
      {formatDate(cohort.startsOn)} – {formatDate(cohort.endsOn)}
    </>
  );
}

/** "8 of 30" and a "Full" marker. */
export function Seats({ cohort }: { cohort: TCohort }) {
  return (
    <>
      <span className="nowrap">
        {cohort.seatsTaken} of {cohort.seats}
      </span>
      {isFull(cohort) && (
        <span className="cell-sub">
          <Badge tone="warning">Full</Badge>
        </span>
      )}
    </>
  );
}
