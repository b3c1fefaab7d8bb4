/**
 * Outcome maths for one child's series of totals on one instrument: reliable change (Jacobson and
 * Truax 1991), clinically significant improvement and the "not on track" signal, as DOMAIN.md sets
 * them out. Each instrument definition carries the SD and reliability the formulas use.
 *
 *   SE = SD x sqrt(1 - reliability),  Sdiff = sqrt(2) x SE,  RC = (post - pre) / Sdiff
 *
 * |RC| > 1.96 is reliable change (strictly greater: a change of exactly 1.96 x Sdiff is not). Every
 * shipped instrument scores higher for more symptoms, so a negative RC is improvement.
 *
 * Pure: dates are compared as 'YYYY-MM-DD' strings.
 */
import type { InstrumentDefinition } from './instruments/types.js';

export type ChangeClassification = 'reliable_improvement' | 'no_reliable_change' | 'reliable_deterioration';

const CRITICAL_Z = 1.96;

/** Standard error of the difference between two totals. */
function sdiffOf(def: InstrumentDefinition): number {
  const { sd, reliability } = def.reliableChange;
  return Math.SQRT2 * sd * Math.sqrt(1 - reliability);
}

export function reliableChangeIndex(
  def: InstrumentDefinition,
  pre: number,
  post: number,
): { rci: number; sdiff: number; classification: ChangeClassification } {
  const sdiff = sdiffOf(def);
  const rci = (post - pre) / sdiff;
  const classification =
    rci < -CRITICAL_Z
      ? 'reliable_improvement'
      : rci > CRITICAL_Z
        ? 'reliable_deterioration'
        : 'no_reliable_change';
  return { rci, sdiff, classification };
}

/** Reliable improvement that also crosses from the clinical range (at or above the cut-off) to below it. */
export function clinicallySignificantImprovement(
  def: InstrumentDefinition,
  pre: number,
  post: number,
): boolean {
  return (
    reliableChangeIndex(def, pre, post).classification === 'reliable_improvement' &&
    pre >= def.clinicalCutoff &&
    post < def.clinicalCutoff
  );
}

/** The change in points a total must exceed to be reliable (1.96 x Sdiff), for display. */
export function minimumReliableChange(def: InstrumentDefinition): number {
  return CRITICAL_Z * sdiffOf(def);
}

export interface OutcomePoint {
  id: string;
  administeredOn: string;
  phase: 'baseline' | 'mid_treatment' | 'end' | 'follow_up';
  total: number;
}

export interface SeriesOutcome {
  baseline: OutcomePoint | null;
  /** The most recent point after the baseline; null when there is none. */
  latest: OutcomePoint | null;
  /** The last 'end' point after the baseline. */
  end: OutcomePoint | null;
  changeToLatest: number | null;
  changeToEnd: number | null;
  rciToLatest: number | null;
  classificationToLatest: ChangeClassification | null;
  rciToEnd: number | null;
  classificationToEnd: ChangeClassification | null;
  /** Clinically significant improvement from baseline to end; null without both. */
  clinicallySignificant: boolean | null;
  /** A mid-treatment total is reliably worse than the baseline. */
  notOnTrack: boolean;
  /** The first such mid-treatment point. */
  notOnTrackPointId: string | null;
}

const PHASE_ORDER: Record<OutcomePoint['phase'], number> = {
  baseline: 0,
  mid_treatment: 1,
  end: 2,
  follow_up: 3,
};

/**
 * Outcome of a series. Points may arrive in any order: they are sorted by date, and on the same
 * date by phase. The baseline is the earliest 'baseline' point; outcomes are measured from it to
 * points after it, so a point recorded before the baseline, or the baseline itself, is never
 * "latest". Without a baseline every outcome is null and the series is not flagged.
 */
export function seriesOutcome(def: InstrumentDefinition, points: readonly OutcomePoint[]): SeriesOutcome {
  const sorted = points
    .map((point, index) => ({ point, index }))
    .sort(
      (a, b) =>
        a.point.administeredOn.localeCompare(b.point.administeredOn) ||
        PHASE_ORDER[a.point.phase] - PHASE_ORDER[b.point.phase] ||
        a.index - b.index,
    )
    .map(({ point }) => point);

  const baselineAt = sorted.findIndex((p) => p.phase === 'baseline');
  const baseline = sorted[baselineAt];
  if (!baseline)
    return {
      baseline: null,
      latest: null,
      end: null,
      changeToLatest: null,
      changeToEnd: null,
      rciToLatest: null,
      classificationToLatest: null,
      rciToEnd: null,
      classificationToEnd: null,
      clinicallySignificant: null,
      notOnTrack: false,
      notOnTrackPointId: null,
    };

  const after = sorted.slice(baselineAt + 1);
  const latest = after[after.length - 1] ?? null;
  const end = after.filter((p) => p.phase === 'end').pop() ?? null;
  const toLatest = latest ? reliableChangeIndex(def, baseline.total, latest.total) : null;
  const toEnd = end ? reliableChangeIndex(def, baseline.total, end.total) : null;
  const offTrack = after.find(
    (p) =>
      p.phase === 'mid_treatment' &&
      reliableChangeIndex(def, baseline.total, p.total).classification === 'reliable_deterioration',
  );

  return {
    baseline,
    latest,
    end,
    changeToLatest: latest ? latest.total - baseline.total : null,
    changeToEnd: end ? end.total - baseline.total : null,
    rciToLatest: toLatest?.rci ?? null,
    classificationToLatest: toLatest?.classification ?? null,
    rciToEnd: toEnd?.rci ?? null,
    classificationToEnd: toEnd?.classification ?? null,
    clinicallySignificant: end ? clinicallySignificantImprovement(def, baseline.total, end.total) : null,
    notOnTrack: offTrack !== undefined,
    notOnTrackPointId: offTrack?.id ?? null,
  };
}
