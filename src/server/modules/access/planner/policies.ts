/**
 * The two simple ways of sharing training seats that the optimised plan is compared with. Both
 * respect the same hard limits as the optimiser (regions, cohort caps, the seat budget and the cap
 * per center) but know nothing of unmet demand, turnover or timing, and do not apply the
 * minimum-trained rule: they are the rules of thumb a program would use without a planner.
 *
 * - Proportional to referrals: the budget is first shared among the cohorts in proportion to
 *   their caps (all of each cap when the caps fit in the budget); then each cohort's seats are
 *   shared among the centers of its region in proportion to their yearly referrals, never above a
 *   center's remaining cap. Shares are rounded by the largest-remainder method, so they add up.
 *   Centers with no referrals get nothing.
 * - First come, first served: cohort by cohort in calendar order, the centers of the region in
 *   application order (`order`, then input order) each take `fcfsSeatsPerCohort` seats (2 by
 *   default: a typical center sends a pair of clinicians to a training), or what is left of the
 *   cohort, the budget or the center's cap, until the seats run out.
 */
import { isEligible } from './formulas.js';
import type { AllocationEntry, PolicyName, TPlannerInput } from './planner.types.js';

/**
 * Shares `total` whole units among items in proportion to `weights`, never giving an item more
 * than its cap (largest-remainder rounding; ties go to the earlier item). Items with zero weight
 * or cap get nothing. Gives out min(total, sum of caps of weighted items).
 */
export function apportion(total: number, weights: readonly number[], caps: readonly number[]): number[] {
  const result = weights.map(() => 0);
  let active = weights.map((_, i) => i).filter((i) => weights[i]! > 0 && caps[i]! > 0);
  let remaining = Math.min(
    total,
    active.reduce((s, i) => s + caps[i]!, 0),
  );
  // Items whose proportional share reaches their cap take the cap; the rest share what is left.
  for (;;) {
    const weight = active.reduce((s, i) => s + weights[i]!, 0);
    const full = active.filter((i) => (remaining * weights[i]!) / weight >= caps[i]!);
    if (full.length === 0) break;
    for (const i of full) {
      result[i] = caps[i]!;
      remaining -= caps[i]!;
    }
    active = active.filter((i) => !full.includes(i));
    if (active.length === 0) return result;
  }
  const weight = active.reduce((s, i) => s + weights[i]!, 0);
  const exact = active.map((i) => ({ i, share: (remaining * weights[i]!) / weight }));
  for (const { i, share } of exact) result[i] = Math.floor(share);
  let left = remaining - exact.reduce((s, { share }) => s + Math.floor(share), 0);
  const byRemainder = [...exact].sort(
    (a, b) => b.share - Math.floor(b.share) - (a.share - Math.floor(a.share)) || a.i - b.i,
  );
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    result[i]! += 1;
    left--;
  }
  return result;
}

/** Cohort indices in calendar order (ties keep input order). */
function cohortsInCalendarOrder(input: TPlannerInput): number[] {
  return input.cohorts
    .map((_, k) => k)
    .sort((a, b) => input.cohorts[a]!.quarter - input.cohorts[b]!.quarter || a - b);
}

function toEntries(input: TPlannerInput, seats: Map<string, number>): AllocationEntry[] {
  const entries: AllocationEntry[] = [];
  input.centers.forEach((center, c) =>
    input.cohorts.forEach((cohort, k) => {
      const n = seats.get(`${c}:${k}`) ?? 0;
      if (n > 0) entries.push({ centerId: center.id, cohortId: cohort.id, seats: n });
    }),
  );
  return entries;
}

/** Seats in proportion to yearly referrals (see the file comment). */
export function proportionalAllocation(input: TPlannerInput): AllocationEntry[] {
  const centerCap = input.rules.maxSeatsPerCenter ?? Number.POSITIVE_INFINITY;
  const usedByCenter = input.centers.map(() => 0);
  const seats = new Map<string, number>();
  const members = input.cohorts.map((cohort) =>
    input.centers
      .map((_, c) => c)
      .filter((c) => input.centers[c]!.referralsPerYear > 0 && isEligible(input.centers[c]!, cohort)),
  );
  // Cohorts nobody can use get no share of the budget.
  const quotas = apportion(
    input.seatBudget,
    input.cohorts.map((cohort, k) => (members[k]!.length > 0 ? cohort.seatCap : 0)),
    input.cohorts.map((cohort) => cohort.seatCap),
  );
  for (const k of cohortsInCalendarOrder(input)) {
    const centers = members[k]!;
    const shares = apportion(
      quotas[k]!,
      centers.map((c) => input.centers[c]!.referralsPerYear),
      centers.map((c) => Math.max(0, centerCap - usedByCenter[c]!)),
    );
    centers.forEach((c, i) => {
      if (shares[i]! > 0) {
        seats.set(`${c}:${k}`, shares[i]!);
        usedByCenter[c]! += shares[i]!;
      }
    });
  }
  return toEntries(input, seats);
}

/** First come, first served (see the file comment). */
export function firstComeFirstServedAllocation(input: TPlannerInput): AllocationEntry[] {
  const centerCap = input.rules.maxSeatsPerCenter ?? Number.POSITIVE_INFINITY;
  const take = input.policies.fcfsSeatsPerCohort;
  const queue = input.centers
    .map((_, c) => c)
    .sort((a, b) => input.centers[a]!.order - input.centers[b]!.order || a - b);
  const usedByCenter = input.centers.map(() => 0);
  const seats = new Map<string, number>();
  let budgetLeft = input.seatBudget;
  for (const k of cohortsInCalendarOrder(input)) {
    const cohort = input.cohorts[k]!;
    let cohortLeft = cohort.seatCap;
    for (const c of queue) {
      if (budgetLeft <= 0 || cohortLeft <= 0) break;
      if (!isEligible(input.centers[c]!, cohort)) continue;
      const n = Math.min(take, cohortLeft, budgetLeft, centerCap - usedByCenter[c]!);
      if (n <= 0) continue;
      seats.set(`${c}:${k}`, n);
      usedByCenter[c]! += n;
      cohortLeft -= n;
      budgetLeft -= n;
    }
  }
  return toEntries(input, seats);
}

export function policyAllocation(input: TPlannerInput, policy: PolicyName): AllocationEntry[] {
  return policy === 'proportional' ? proportionalAllocation(input) : firstComeFirstServedAllocation(input);
}
