/**
 * How one access figure is shown: a whole number of children, a signed gap, or, when it is null,
 * the reason (hidden to protect small numbers, or no data), never a 0 that was not counted.
 */
import { Badge, type BadgeTone } from '../../ui/badge';
import type { DemandSource, GapRow } from './access-api';
import {
  describeGap,
  formatCount,
  formatDays,
  formatGap,
  HIDDEN_TEXT,
  missingText,
  SOURCE_LABEL,
} from './access-model';

type FigureField = keyof GapRow['figures'];

/** A missing figure: "Hidden" with the reason, or a dash read as "no data". */
export function Missing({ row, field }: { row: Pick<GapRow, 'suppressed'>; field: string }) {
  const text = missingText(row, field);
  if (text === HIDDEN_TEXT)
    return (
      <span className="access-hidden" title={HIDDEN_TEXT}>
        Hidden<span className="visually-hidden"> to protect small numbers</span>
      </span>
    );
  return (
    <span className="muted">
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">No data</span>
    </span>
  );
}

/** A count of children from a row's figures. */
export function Count({ row, field }: { row: GapRow; field: FigureField }) {
  const v = row.figures[field];
  return typeof v === 'number' ? <>{formatCount(v)}</> : <Missing row={row} field={field} />;
}

/** The gap, signed, coloured as a reinforcement of the sign (the sign and the words carry it). */
export function Gap({ row }: { row: GapRow }) {
  const v = row.figures.gapPerYear;
  if (v === null) return <Missing row={row} field="gapPerYear" />;
  return (
    <span className={v > 0.5 ? 'access-gap-positive' : v < -0.5 ? 'access-gap-negative' : undefined}>
      <span aria-hidden="true" className="access-gap-value">
        {formatGap(v)}
      </span>
      <span className="visually-hidden">{describeGap(v)}</span>
    </span>
  );
}

export function Wait({ row }: { row: GapRow }) {
  const v = row.figures.medianWaitDays;
  return v === null ? <Missing row={row} field="medianWaitDays" /> : <>{formatDays(v)}</>;
}

const SOURCE_TONE: Record<DemandSource, BadgeTone> = {
  episodes: 'info',
  reported: 'neutral',
  mixed: 'warning',
  none: 'neutral',
};

export function SourceBadge({ source }: { source: DemandSource }) {
  if (source === 'none') return <span className="muted">{SOURCE_LABEL.none}</span>;
  return <Badge tone={SOURCE_TONE[source]}>{SOURCE_LABEL[source]}</Badge>;
}
