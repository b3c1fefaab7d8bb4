/**
 * The plan comparison's pure logic: which plan ids the address asks for, the side-by-side figures
 * with the best value of each row, the reach per quarter of every plan, and the seats per state
 * with the difference between the plans.
 *
 * "Best" is decided on the figures as shown (whole children, tenths of a percent), so a mark never
 * sits on a value that reads the same as its neighbour's; when every plan shows the same value, no
 * plan is marked.
 */
import type { Plan, PlanResult } from './planner-api';
import { quarterLabels, seatsByState } from './planner-model';

/** Fewer than two plans is not a comparison; more than four columns no longer read side by side. */
export const MIN_COMPARED = 2;
export const MAX_COMPARED = 4;

export const COMPARE_PATH = '/access/planner/compare';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id of the address that is not compared, and why, in words for the page. */
export interface PlanIdIssue {
  id: string;
  message: string;
}

/**
 * The plan ids of `?plans=ID1,ID2`: trimmed, repeats dropped, in the order given. An id that is
 * not a plan identifier at all, and any id past the fourth, is reported instead of compared.
 */
export function parseCompareIds(param: string | null): { ids: string[]; issues: PlanIdIssue[] } {
  const ids: string[] = [];
  const issues: PlanIdIssue[] = [];
  const seen = new Set<string>();
  for (const raw of (param ?? '').split(',')) {
    const id = raw.trim().toLowerCase();
    if (id === '' || seen.has(id)) continue;
    seen.add(id);
    if (!UUID.test(id)) {
      issues.push({ id: raw.trim(), message: `“${raw.trim()}” is not a plan identifier.` });
    } else if (ids.length >= MAX_COMPARED) {
      issues.push({
        id,
        message: `The plan ${id} is left out: at most ${MAX_COMPARED} plans are compared at once.`,
      });
    } else {
      ids.push(id);
    }
  }
  return { ids, issues };
}

/** The comparison's address for these plans, in the order given. */
export function compareUrl(ids: readonly string[]): string {
  return `${COMPARE_PATH}?plans=${ids.map(encodeURIComponent).join(',')}`;
}

/** Why "Compare selected" cannot be pressed with this many plans selected, or null when it can. */
export function selectionProblem(selected: number): string | null {
  if (selected < MIN_COMPARED)
    return selected === 0
      ? `Select ${MIN_COMPARED} to ${MAX_COMPARED} plans to compare them.`
      : `Select at least one more plan to compare (${selected} selected; ${MIN_COMPARED} to ${MAX_COMPARED} can be compared).`;
  if (selected > MAX_COMPARED)
    return `At most ${MAX_COMPARED} plans can be compared at once: clear ${selected - MAX_COMPARED} of the ${selected} selected.`;
  return null;
}

// Side-by-side figures ------------------------------------------------------------------------------

export type Better = 'higher' | 'lower';

export interface MetricRow {
  key: string;
  label: string;
  /** What the row means, under its label. */
  hint?: string;
  /** The figure of each plan, in the columns' order. */
  values: number[];
  /** The figure as shown, per plan. */
  text: string[];
  /** A second line under the figure, per plan (null for none). */
  sub: (string | null)[];
  /** Which way is better; null for the rows that describe the request rather than its outcome. */
  better: Better | null;
  /** Per plan: whether it has the best value of the row. */
  best: boolean[];
}

const whole = (n: number) => Math.round(n).toLocaleString('en-US');
const signedWhole = (n: number) => {
  const r = Math.round(n);
  return r === 0 ? '0' : `${r > 0 ? '+' : '−'}${whole(Math.abs(r))}`;
};
/** 0.1234 -> "12.3%". */
export const percent = (share: number) =>
  `${(share * 100).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;

/** The solver's proved gap, as the results page words it. */
export function solverText(solver: PlanResult['solver']): string {
  const status = solver.status === 'optimal' ? 'Optimal' : String(solver.status);
  const gap =
    solver.mipGap < 0.0005
      ? 'proved the best possible'
      : `within ${(solver.mipGap * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })}% of the best possible`;
  return `${status}, ${gap}`;
}

/**
 * Per value, whether it is the row's best. Values are compared as `shown` rounds them; ties share
 * the mark; a row where every plan shows the same value marks none.
 */
export function bestOf(
  values: readonly number[],
  better: Better | null,
  shown: (n: number) => number,
): boolean[] {
  const keys = values.map((v) => (Number.isFinite(v) ? shown(v) : NaN));
  const finite = keys.filter((k) => !Number.isNaN(k));
  if (better === null || finite.length < 2) return values.map(() => false);
  const top = better === 'higher' ? Math.max(...finite) : Math.min(...finite);
  if (finite.every((k) => k === top)) return values.map(() => false);
  return keys.map((k) => k === top);
}

const roundWhole = (n: number) => Math.round(n);
/** Shares are shown to a tenth of a percent. */
const roundShare = (n: number) => Math.round(n * 1000);

function row(
  key: string,
  label: string,
  values: number[],
  better: Better | null,
  options: {
    hint?: string;
    format?: (n: number) => string;
    /** The figures as shown, when they say more than the number (a gain with its percentage). */
    text?: string[];
    sub?: (string | null)[];
    shown?: (n: number) => number;
  } = {},
): MetricRow {
  const format = options.format ?? whole;
  return {
    key,
    label,
    ...(options.hint ? { hint: options.hint } : {}),
    values,
    text: options.text ?? values.map(format),
    sub: options.sub ?? values.map(() => null),
    better,
    best: bestOf(values, better, options.shown ?? roundWhole),
  };
}

/** "+1,234 (+12.0%)": children gained over a policy, and the gain as a share of the policy's reach. */
export function gainFigure(optimised: number, policy: number): { gain: number; text: string } {
  const gain = optimised - policy;
  const rounded = Math.round(gain);
  const pct =
    policy > 0 && rounded !== 0
      ? ` (${rounded > 0 ? '+' : '−'}${Math.abs((gain / policy) * 100).toFixed(1)}%)`
      : '';
  return { gain, text: `${signedWhole(gain)}${pct}` };
}

/**
 * The rows of the side-by-side table, one column per plan, all in the expected scenario except
 * the low and high reach. The target may differ between plans, so each share is of its own plan's.
 */
export function metricRows(plans: readonly Plan[]): MetricRow[] {
  const expected = plans.map((p) => p.result.scenarios.expected);
  const targets = plans.map((p) => p.result.targetReached);
  const sameTarget = targets.every((t) => t === targets[0]);
  const gains = (policy: 'proportional' | 'firstComeFirstServed') =>
    expected.map((e) => gainFigure(e.comparison.optimised.reachedTotal, e.comparison[policy].reachedTotal));
  const proportional = gains('proportional');
  const firstCome = gains('firstComeFirstServed');
  return [
    row(
      'seatBudget',
      'Seat budget',
      plans.map((p) => p.result.seatBudget),
      null,
    ),
    row(
      'seatsAllocated',
      'Seats allocated',
      expected.map((e) => e.seatsAllocated),
      null,
      { sub: plans.map((p, i) => percentOfBudget(expected[i]!.seatsAllocated, p.result.seatBudget)) },
    ),
    row(
      'cohorts',
      'Cohorts',
      plans.map((p) => p.summary.cohorts),
      null,
    ),
    row(
      'centers',
      'Centers',
      plans.map((p) => p.summary.centers),
      null,
    ),
    row(
      'reachedLow',
      'Children reached, low scenario',
      plans.map((p) => p.result.scenarios.low.reachedTotal),
      'higher',
    ),
    row(
      'reachedExpected',
      'Children reached, expected scenario',
      expected.map((e) => e.reachedTotal),
      'higher',
    ),
    row(
      'reachedHigh',
      'Children reached, high scenario',
      plans.map((p) => p.result.scenarios.high.reachedTotal),
      'higher',
    ),
    row(
      'shareOfTarget',
      sameTarget ? `Share of the target of ${whole(targets[0] ?? 0)}` : 'Share of the plan’s target',
      expected.map((e) => e.shareOfTarget),
      'higher',
      {
        format: percent,
        shown: roundShare,
        hint: 'Children reached in the expected scenario.',
        ...(sameTarget ? {} : { sub: targets.map((t) => `of ${whole(t)}`) }),
      },
    ),
    row(
      'unmetDemandRemaining',
      'Unmet demand at the end',
      expected.map((e) => e.unmetDemandRemaining),
      'lower',
      { hint: 'Children a year still unserved at the end of the horizon.' },
    ),
    row(
      'trainedAtEnd',
      'Trained clinicians at the end',
      expected.map((e) => e.trainedAtEnd),
      'higher',
    ),
    row(
      'gainProportional',
      'Gain over seats in proportion to referrals',
      proportional.map((g) => g.gain),
      'higher',
      {
        text: proportional.map((g) => g.text),
        hint: 'Expected scenario, the same seats shared in proportion.',
      },
    ),
    row(
      'gainFirstCome',
      'Gain over first come, first served',
      firstCome.map((g) => g.gain),
      'higher',
      {
        text: firstCome.map((g) => g.text),
        hint: 'Expected scenario, the same seats to the first to apply.',
      },
    ),
    // The gap says how tightly the solver proved its answer within the tolerance asked for, not
    // how good the plan is: it describes the run, so no plan is marked best on it.
    row(
      'solver',
      'Solver',
      plans.map((p) => p.result.solver.mipGap),
      null,
      {
        text: plans.map((p) => solverText(p.result.solver)),
        sub: plans.map((p) => `${(p.result.solver.timeMs / 1000).toFixed(1)} s`),
      },
    ),
  ];
}

function percentOfBudget(allocated: number, budget: number): string | null {
  return budget > 0 ? `${percent(allocated / budget)} of the budget` : null;
}

// Reach by quarter --------------------------------------------------------------------------------

export interface CompareProjectionRow {
  label: string;
  /** Cumulative children reached by the end of the quarter, per plan; null past a plan's horizon. */
  reached: (number | null)[];
}

/**
 * The expected scenario's cumulative reach of every plan, quarter by quarter from each plan's
 * start. The quarters carry calendar names ("2026 Q3") only when every plan names each quarter
 * the same; otherwise a calendar name would be wrong for some plan, so the quarters are numbered
 * from each plan's start instead ("Q1" is the first), as the results page does.
 */
export function compareProjection(plans: readonly Plan[]): CompareProjectionRow[] {
  const horizon = Math.max(0, ...plans.map((p) => p.result.horizonQuarters));
  const labels = plans.map((p) => quarterLabels(p.input.cohorts, p.result.horizonQuarters));
  const agree = Array.from({ length: horizon }, (_, q) => {
    const named = labels.map((l) => l[q]).filter((l): l is string => l !== undefined);
    return named.every((l) => l === named[0]);
  }).every(Boolean);
  const byQuarter = plans.map(
    (p) => new Map(p.result.scenarios.expected.reachedByQuarter.map((q) => [q.quarter, q.cumulative])),
  );
  return Array.from({ length: horizon }, (_, q) => ({
    label: (agree ? labels.find((l) => l[q] !== undefined)?.[q] : undefined) ?? `Q${q + 1}`,
    reached: byQuarter.map((m) => m.get(q) ?? null),
  }));
}

/** The target every plan shares, or null when they differ (one line would be wrong for some). */
export function commonTarget(plans: readonly Plan[]): number | null {
  const first = plans[0]?.result.targetReached;
  if (first === undefined) return null;
  return plans.every((p) => p.result.targetReached === first) ? first : null;
}

// Seats by state ----------------------------------------------------------------------------------

export interface StateSeatsRow {
  state: string;
  /** Seats per plan; null when the plan has no center in the state. */
  seats: (number | null)[];
  /** Most seats any plan gives the state minus the fewest (a plan without its centers gives 0). */
  spread: number;
  /** With exactly two plans: the second's seats minus the first's; otherwise null. */
  difference: number | null;
}

/**
 * Seats per state per plan (one allocation serves every scenario, so the expected one's is used),
 * with how far the plans differ. States that no plan gives a seat are counted, not listed.
 */
export function compareSeatsByState(plans: readonly Plan[]): { rows: StateSeatsRow[]; withoutSeats: number } {
  const perPlan = plans.map((p) => seatsByState(p.input.centers, p.result.scenarios.expected.allocation));
  const states = [...new Set(perPlan.flatMap((s) => Object.keys(s)))];
  const rows: StateSeatsRow[] = [];
  let withoutSeats = 0;
  for (const state of states) {
    const seats = perPlan.map((s) => s[state] ?? null);
    const counts = seats.map((n) => n ?? 0);
    if (counts.every((n) => n === 0)) {
      withoutSeats += 1;
      continue;
    }
    rows.push({
      state,
      seats,
      spread: Math.max(...counts) - Math.min(...counts),
      difference: counts.length === 2 ? counts[1]! - counts[0]! : null,
    });
  }
  return { rows: sortStateRows(rows, 'spread', 'desc', (s) => s), withoutSeats };
}

/** 'state', 'spread', or a plan's column (its index). */
export type StateSortKey = 'state' | 'spread' | number;

/** Rows sorted by the key; ties by state name, so the order never depends on the data's. */
export function sortStateRows(
  rows: readonly StateSeatsRow[],
  key: StateSortKey,
  order: 'asc' | 'desc',
  stateName: (code: string) => string,
): StateSeatsRow[] {
  const sign = order === 'asc' ? 1 : -1;
  const name = (r: StateSeatsRow) => stateName(r.state);
  return [...rows].sort((a, b) => {
    const primary =
      key === 'state'
        ? name(a).localeCompare(name(b))
        : key === 'spread'
          ? a.spread - b.spread
          : (a.seats[key] ?? 0) - (b.seats[key] ?? 0);
    return primary * sign || name(a).localeCompare(name(b));
  });
}

/** "+12" / "−12" / "0": a difference of seats. */
export function signedSeats(n: number): string {
  return signedWhole(n);
}
