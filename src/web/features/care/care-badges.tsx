/**
 * Small shared pieces of the care pages: status, severity band, outcome and alert badges (always
 * text; colour only reinforces it) and what is due next in an episode.
 */
import type { TEpisode } from '../../api/types';
import { Badge, type BadgeTone } from '../../ui/badge';
import { AlertIcon, FlagIcon } from '../../ui/icons';
import {
  ALERT_KIND_LABEL,
  OUTCOME_CLASS_LABEL,
  PHASE_LABEL,
  STATUS_LABEL,
  type EpisodeStatus,
  type OutcomeClass,
} from './care-api';

const STATUS_TONE: Record<EpisodeStatus, BadgeTone> = {
  waiting: 'info',
  active: 'success',
  closed: 'neutral',
};

export function EpisodeStatusBadge({ status }: { status: EpisodeStatus }) {
  return (
    <Badge tone={STATUS_TONE[status]} dot>
      {STATUS_LABEL[status]}
    </Badge>
  );
}

/** Severity 0 (none or minimal) to 4: the same tones in tables, outcomes and charts. */
export function severityTone(severity: number | null | undefined): BadgeTone {
  if (severity == null) return 'neutral';
  if (severity <= 0) return 'success';
  if (severity === 1) return 'info';
  if (severity === 2) return 'warning';
  return 'danger';
}

/** The first phrase of a long band label ("Below 12, the cut-off widely used…" -> "Below 12"). */
export function shortBand(label: string): string {
  if (label.length <= 32) return label;
  const cut = label.search(/ \(|[:,;]/);
  return cut > 0 ? label.slice(0, cut) : label;
}

export function BandBadge({ label, severity }: { label: string | null; severity: number | null }) {
  if (!label) return <span className="muted">—</span>;
  const short = shortBand(label);
  return (
    <span title={short === label ? undefined : label}>
      <Badge tone={severityTone(severity)}>{short}</Badge>
      {short !== label && <span className="visually-hidden">: {label.slice(short.length)}</span>}
    </span>
  );
}

const OUTCOME_TONE: Record<OutcomeClass, BadgeTone> = {
  reliable_improvement: 'success',
  no_reliable_change: 'neutral',
  reliable_deterioration: 'danger',
};

export function OutcomeBadge({ value }: { value: OutcomeClass | null }) {
  if (!value) return <span className="muted">Not yet known</span>;
  return <Badge tone={OUTCOME_TONE[value]}>{OUTCOME_CLASS_LABEL[value]}</Badge>;
}

export function AlertKindBadge({ kind }: { kind: keyof typeof ALERT_KIND_LABEL }) {
  return (
    <span className={`care-alert-kind care-alert-${kind}`}>
      {kind === 'self_harm' ? <AlertIcon size={16} /> : <FlagIcon size={16} />}
      {ALERT_KIND_LABEL[kind]}
    </span>
  );
}

export function NotOnTrackBadge() {
  return (
    <Badge tone="warning">
      <FlagIcon size={13} /> Not on track
    </Badge>
  );
}

/** "Baseline measure, overdue" with the reason under it. */
export function DueText({ due }: { due: TEpisode['due'] }) {
  if (!due) return <span className="muted">Nothing due</span>;
  // The reason may repeat the measure's name before a colon ("Baseline measure: treatment has
  // started"); the name is already on the first line.
  const colon = due.reason.indexOf(': ');
  const why = colon > 0 ? due.reason.slice(colon + 2) : due.reason;
  return (
    <>
      <span className={due.overdue ? 'text-danger' : undefined}>
        {PHASE_LABEL[due.phase]} measure
        {due.overdue && (
          <>
            {' '}
            <Badge tone="danger">Overdue</Badge>
          </>
        )}
      </span>
      <span className="cell-sub">{why.charAt(0).toUpperCase() + why.slice(1)}</span>
    </>
  );
}
