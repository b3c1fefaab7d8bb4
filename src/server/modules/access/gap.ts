/**
 * The access gap, pure: demand (children referred for trauma-focused therapy) against the treatment
 * capacity of trained clinicians, per center and month, then summed to chapters, states and the
 * nation. No database here: access.service.ts loads the facts once and calls these functions.
 *
 * Definitions (shown in the UI and in docs):
 * - A month's demand at a center is what the center reported for it (access_month) if it did,
 *   else what its episodes in Waymark say; a month with neither has no data and counts in no sum.
 * - Waiting at a month's end: children referred and not yet in a first session.
 * - Capacity: for each person who treats at the center and is trained or certified in an
 *   evidence-based model, their treatment FTE x the center's WISN children a year per FTE, for the
 *   share of the month they worked there. Untrained clinicians are counted and shown, not added.
 * - Over a period, demand and capacity are children a year: the period's sums x 12 / its months
 *   with data (capacity: x 12 / its months). Gap = demand - capacity: positive means children
 *   referred beyond what trained clinicians can treat; negative means spare trained capacity.
 * - Median wait above one center: the median of the centers' medians, each weighted by the
 *   children it started (exact medians cannot be summed; this is stated where it is shown).
 */
import { capacityPerFte, resolveParameters, type CapacityParameters } from './capacity.js';
import type {
  AccessCenterRow,
  DerivedMonthRow,
  DerivedWaitRow,
  ReportedMonthRow,
  TreatingPersonRow,
} from './access.repo.js';

export type DemandSource = 'episodes' | 'reported' | 'mixed' | 'none';

export interface Period {
  /** As asked, e.g. "2025", "2025-Q3", "2025-07", "last12". */
  key: string;
  label: string;
  /** Inclusive dates. */
  from: string;
  to: string;
  fromMonth: string;
  toMonth: string;
  months: string[];
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthKey = (y: number, m: number) => `${y}-${pad(m)}-01`;

/** Months from `fromMonth` to `toMonth` inclusive, as YYYY-MM-01. */
export function monthsBetween(fromMonth: string, toMonth: string): string[] {
  const out: string[] = [];
  let y = Number(fromMonth.slice(0, 4));
  let m = Number(fromMonth.slice(5, 7));
  const end = toMonth.slice(0, 7);
  for (let guard = 0; guard < 1200; guard++) {
    const k = monthKey(y, m);
    out.push(k);
    if (k.slice(0, 7) >= end) break;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** The last day of the month of a YYYY-MM-01 date. */
export function monthEnd(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return `${month.slice(0, 8)}${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
}

export function addMonths(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  return monthKey(y + Math.floor(m / 12), (((m % 12) + 12) % 12) + 1);
}

export const PERIOD_PATTERN = /^(last12|\d{4}|\d{4}-Q[1-4]|\d{4}-(0[1-9]|1[0-2]))$/;

/**
 * A period from its key; `today` decides "last12" (the 12 complete months before today's month).
 * Returns null for a key that does not match PERIOD_PATTERN.
 */
export function parsePeriod(key: string, today: string): Period | null {
  if (!PERIOD_PATTERN.test(key)) return null;
  let fromMonth: string;
  let toMonth: string;
  let label: string;
  if (key === 'last12') {
    toMonth = addMonths(`${today.slice(0, 7)}-01`, -1);
    fromMonth = addMonths(toMonth, -11);
    label = `12 months to ${toMonth.slice(0, 7)}`;
  } else if (/^\d{4}$/.test(key)) {
    fromMonth = `${key}-01-01`;
    toMonth = `${key}-12-01`;
    label = key;
  } else if (key.includes('Q')) {
    const q = Number(key.slice(6));
    fromMonth = monthKey(Number(key.slice(0, 4)), q * 3 - 2);
    toMonth = addMonths(fromMonth, 2);
    label = `${key.slice(0, 4)} Q${q}`;
  } else {
    fromMonth = `${key}-01`;
    toMonth = fromMonth;
    label = key;
  }
  return {
    key,
    label,
    from: fromMonth,
    to: monthEnd(toMonth),
    fromMonth,
    toMonth,
    months: monthsBetween(fromMonth, toMonth),
  };
}

export interface MonthPoint {
  month: string;
  source: Exclude<DemandSource, 'mixed'>;
  referred: number | null;
  started: number | null;
  waitingEnd: number | null;
  /** Children a month trained clinicians can treat. */
  capacity: number;
  referredOut: number | null;
  neverServed: number | null;
  medianWaitDays: number | null;
}

export interface StaffSummary {
  /** People who treat, active at the period's end. */
  clinicians: number;
  trained: number;
  certified: number;
  /** FTE for treatment of the trained, at the period's end. */
  trainedFte: number;
  /** How many of the active have no recorded FTE (the default was used). */
  fteEstimated: number;
  /** Active clinicians by model they are trained or certified in. */
  byModel: Record<string, number>;
}

export interface GapFigures {
  /** Children referred a year (annualised over the months with data); null without data. */
  demandPerYear: number | null;
  /** Children a year the trained clinicians can treat. */
  capacityPerYear: number;
  /** demand - capacity; null without demand data. */
  gapPerYear: number | null;
  referred: number | null;
  started: number | null;
  waitingEnd: number | null;
  referredOut: number | null;
  neverServed: number | null;
  medianWaitDays: number | null;
  source: DemandSource;
  /** Months of the period with demand data (centers x months above one center). */
  monthsWithData: number;
}

export interface CenterAccess {
  centerId: string;
  name: string;
  state: string;
  chapterId: string | null;
  chapterName: string | null;
  parameters: CapacityParameters;
  childrenPerFte: number;
  figures: GapFigures;
  staff: StaffSummary;
  /** The trend window, month by month. */
  trend: MonthPoint[];
}

export interface AccessFacts {
  centers: AccessCenterRow[];
  derived: DerivedMonthRow[];
  /** Medians of the period, from episodes. */
  derivedWaits: DerivedWaitRow[];
  reported: ReportedMonthRow[];
  people: TreatingPersonRow[];
  /** The network's parameters (setting access.capacity), merged over the defaults. */
  networkParameters: Partial<CapacityParameters> | null;
}

/** The share of `month` between `from` and `to` (inclusive dates, null = open), 0 to 1. */
export function activeShare(month: string, from: string | null, to: string | null): number {
  const start = month;
  const end = monthEnd(month);
  const lo = from && from > start ? from : start;
  const hi = to && to < end ? to : end;
  if (hi < lo) return 0;
  const days = (a: string, b: string) =>
    (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000 + 1;
  return days(lo, hi) / days(start, end);
}

/** The weighted median of (value, weight) pairs; null when no weight. */
export function weightedMedian(items: readonly { value: number; weight: number }[]): number | null {
  const sorted = items
    .filter((i) => i.weight > 0 && Number.isFinite(i.value))
    .sort((a, b) => a.value - b.value);
  const total = sorted.reduce((s, i) => s + i.weight, 0);
  if (total === 0) return null;
  let acc = 0;
  for (let k = 0; k < sorted.length; k++) {
    acc += sorted[k]!.weight;
    // Exactly half: the midpoint with the next value, as an ordinary median of an even count does.
    if (acc === total / 2 && k + 1 < sorted.length) return (sorted[k]!.value + sorted[k + 1]!.value) / 2;
    if (acc > total / 2) return sorted[k]!.value;
  }
  return sorted[sorted.length - 1]!.value;
}

const isTrained = (p: TreatingPersonRow) => p.trained_models.length > 0 || p.certified_models.length > 0;

/**
 * Every center's figures for `period`, with the monthly trend over `trendMonths` (a window that
 * ends with the period and includes it).
 */
export function computeCenters(
  facts: AccessFacts,
  period: Period,
  trendMonths: readonly string[],
): CenterAccess[] {
  const group = <T extends { center_id: string }>(rows: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const r of rows) {
      const list = map.get(r.center_id);
      if (list) list.push(r);
      else map.set(r.center_id, [r]);
    }
    return map;
  };
  const derivedBy = group(facts.derived);
  const reportedBy = group(facts.reported);
  const peopleBy = group(facts.people);
  const waitBy = new Map(facts.derivedWaits.map((w) => [w.center_id, w]));
  const inPeriod = new Set(period.months);
  const window = [...new Set([...trendMonths, ...period.months])].sort();

  return facts.centers.map((c) => {
    const parameters = resolveParameters(facts.networkParameters, c.parameters);
    const perFte = capacityPerFte(parameters).childrenPerFte;
    const people = peopleBy.get(c.id) ?? [];
    const reported = new Map((reportedBy.get(c.id) ?? []).map((r) => [r.month, r]));
    const derived = derivedBy.get(c.id) ?? [];

    // Episode-derived months: carry the waiting figure through months without a flow, from the
    // center's first month with an episode.
    const derivedAt = new Map(derived.map((d) => [d.month, d]));
    let carried: number | null = null;
    const firstDerived = derived[0]?.month ?? null;

    const trend: MonthPoint[] = window.map((month) => {
      const capacity = people.reduce(
        (sum, p) =>
          isTrained(p)
            ? sum +
              (p.treatment_fte ?? parameters.defaultTreatmentFte) *
                (perFte / 12) *
                activeShare(month, p.from_date, p.to_date)
            : sum,
        0,
      );
      const d = derivedAt.get(month);
      if (d) carried = d.waiting_end;
      const r = reported.get(month);
      if (r)
        return {
          month,
          source: 'reported',
          referred: r.referred,
          started: r.started,
          waitingEnd: r.waiting_end,
          capacity,
          referredOut: r.referred_out,
          neverServed: r.never_served,
          medianWaitDays: r.median_wait_days === null ? null : Number(r.median_wait_days),
        };
      if (firstDerived !== null && month >= firstDerived)
        return {
          month,
          source: 'episodes',
          referred: d?.referred ?? 0,
          started: d?.started ?? 0,
          waitingEnd: carried ?? 0,
          capacity,
          referredOut: null,
          neverServed: null,
          medianWaitDays: null,
        };
      return {
        month,
        source: 'none',
        referred: null,
        started: null,
        waitingEnd: null,
        capacity,
        referredOut: null,
        neverServed: null,
        medianWaitDays: null,
      };
    });

    const periodPoints = trend.filter((p) => inPeriod.has(p.month));
    const withData = periodPoints.filter((p) => p.source !== 'none');
    const sum = (pick: (p: MonthPoint) => number | null, points = withData) =>
      points.length === 0 ? null : points.reduce((s, p) => s + (pick(p) ?? 0), 0);
    const sources = new Set(withData.map((p) => p.source));
    const source: DemandSource =
      sources.size === 0 ? 'none' : sources.size > 1 ? 'mixed' : withData[0]!.source;
    const referred = sum((p) => p.referred);
    const demandPerYear = referred === null ? null : (referred * 12) / withData.length;
    const capacityPerYear =
      (periodPoints.reduce((s, p) => s + p.capacity, 0) * 12) / Math.max(1, periodPoints.length);
    const reportedPoints = withData.filter((p) => p.source === 'reported');
    const last = withData.length > 0 ? withData[withData.length - 1]! : null;
    // The period's wait: the episodes' own median over the months they cover, with the reported
    // months' medians, each weighted by the children started.
    const wait = waitBy.get(c.id);
    const waitItems = [
      ...(wait && wait.median_wait !== null && withData.some((p) => p.source === 'episodes')
        ? [{ value: wait.median_wait, weight: wait.started }]
        : []),
      ...reportedPoints
        .filter((p) => p.medianWaitDays !== null)
        .map((p) => ({ value: p.medianWaitDays!, weight: Math.max(1, p.started ?? 0) })),
    ];
    const anyReported = (pick: (p: MonthPoint) => number | null) =>
      reportedPoints.some((p) => pick(p) !== null)
        ? reportedPoints.reduce((s, p) => s + (pick(p) ?? 0), 0)
        : null;

    const endMonth = period.toMonth;
    const active = people.filter((p) => activeShare(endMonth, p.from_date, p.to_date) > 0);
    const trained = active.filter(isTrained);
    const byModel: Record<string, number> = {};
    for (const p of trained)
      for (const m of new Set([...p.trained_models, ...p.certified_models]))
        byModel[m] = (byModel[m] ?? 0) + 1;

    return {
      centerId: c.id,
      name: c.name,
      state: c.state,
      chapterId: c.chapter_id,
      chapterName: c.chapter_name,
      parameters,
      childrenPerFte: perFte,
      figures: {
        demandPerYear,
        capacityPerYear,
        gapPerYear: demandPerYear === null ? null : demandPerYear - capacityPerYear,
        referred,
        started: sum((p) => p.started),
        waitingEnd: last?.waitingEnd ?? null,
        referredOut: anyReported((p) => p.referredOut),
        neverServed: anyReported((p) => p.neverServed),
        medianWaitDays: weightedMedian(waitItems),
        source,
        monthsWithData: withData.length,
      },
      staff: {
        clinicians: active.length,
        trained: trained.length,
        certified: active.filter((p) => p.certified_models.length > 0).length,
        trainedFte: trained.reduce((s, p) => s + (p.treatment_fte ?? parameters.defaultTreatmentFte), 0),
        fteEstimated: active.filter((p) => p.treatment_fte === null).length,
        byModel,
      },
      trend,
    };
  });
}

export interface AreaAccess {
  key: string;
  label: string;
  centers: number;
  /** Centers with demand data in the period. */
  centersWithData: number;
  figures: GapFigures;
  staff: StaffSummary;
  trend: {
    month: string;
    referred: number | null;
    started: number | null;
    waitingEnd: number | null;
    capacity: number;
    centersWithData: number;
  }[];
}

/** Sums centers into one area (a chapter, a state, the nation). */
export function sumArea(key: string, label: string, centers: readonly CenterAccess[]): AreaAccess {
  const withData = centers.filter((c) => c.figures.source !== 'none');
  const add = (pick: (c: CenterAccess) => number | null, list = withData) =>
    list.length === 0 || list.every((c) => pick(c) === null)
      ? null
      : list.reduce((s, c) => s + (pick(c) ?? 0), 0);
  const demandPerYear = add((c) => c.figures.demandPerYear);
  const capacityPerYear = centers.reduce((s, c) => s + c.figures.capacityPerYear, 0);
  const sources = new Set(withData.map((c) => c.figures.source));
  const byModel: Record<string, number> = {};
  for (const c of centers)
    for (const [m, n] of Object.entries(c.staff.byModel)) byModel[m] = (byModel[m] ?? 0) + n;
  const months = centers[0]?.trend.map((p) => p.month) ?? [];
  return {
    key,
    label,
    centers: centers.length,
    centersWithData: withData.length,
    figures: {
      demandPerYear,
      capacityPerYear,
      // Only centers with demand data carry a gap: a center without data adds nothing to either side.
      gapPerYear: add((c) => c.figures.gapPerYear),
      referred: add((c) => c.figures.referred),
      started: add((c) => c.figures.started),
      waitingEnd: add((c) => c.figures.waitingEnd),
      referredOut: add((c) => c.figures.referredOut),
      neverServed: add((c) => c.figures.neverServed),
      medianWaitDays: weightedMedian(
        withData
          .filter((c) => c.figures.medianWaitDays !== null)
          .map((c) => ({ value: c.figures.medianWaitDays!, weight: Math.max(1, c.figures.started ?? 0) })),
      ),
      source: sources.size === 0 ? 'none' : sources.size > 1 ? 'mixed' : [...sources][0]!,
      monthsWithData: withData.reduce((s, c) => s + c.figures.monthsWithData, 0),
    },
    staff: {
      clinicians: centers.reduce((s, c) => s + c.staff.clinicians, 0),
      trained: centers.reduce((s, c) => s + c.staff.trained, 0),
      certified: centers.reduce((s, c) => s + c.staff.certified, 0),
      trainedFte: centers.reduce((s, c) => s + c.staff.trainedFte, 0),
      fteEstimated: centers.reduce((s, c) => s + c.staff.fteEstimated, 0),
      byModel,
    },
    trend: months.map((month, i) => {
      const points = centers.map((c) => c.trend[i]!).filter((p) => p.source !== 'none');
      const total = (pick: (p: MonthPoint) => number | null) =>
        points.length === 0 ? null : points.reduce((s, p) => s + (pick(p) ?? 0), 0);
      return {
        month,
        referred: total((p) => p.referred),
        started: total((p) => p.started),
        waitingEnd: total((p) => p.waitingEnd),
        capacity: centers.reduce((s, c) => s + c.trend[i]!.capacity, 0),
        centersWithData: points.length,
      };
    }),
  };
}
