/**
 * Synthetic planning requests for tests and bench/planner.ts, the same for the same seed:
 * - national: centers spread over the 50 states and DC by population, yearly referrals and unmet
 *   demand on the national scale (about 285,000 referred to therapy, about 28% of them unserved),
 *   and a calendar of quarterly cohorts rotating through six regions of 6-10 states;
 * - small: 3 centers in 2 states, 2-3 cohorts, 3-5 seats and random rules, small enough to try
 *   every allocation (exhaustive.ts).
 */
import { STATES } from '../../../db/seed/geography.js';
import type { TPlannerInputRaw } from './planner.types.js';

/** mulberry32, the same small deterministic generator the seed uses. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Six training regions covering the 50 states and DC (each cohort serves one). */
export const SYNTHETIC_REGIONS: readonly { name: string; states: readonly string[] }[] = [
  { name: 'Northeast', states: ['CT', 'ME', 'MA', 'NH', 'RI', 'VT', 'NJ', 'NY', 'PA'] },
  { name: 'Southeast', states: ['DE', 'DC', 'MD', 'VA', 'WV', 'NC', 'SC', 'GA', 'FL'] },
  { name: 'South Central', states: ['AL', 'KY', 'MS', 'TN', 'AR', 'LA', 'OK', 'TX'] },
  { name: 'Great Lakes', states: ['IL', 'IN', 'MI', 'OH', 'WI', 'MN'] },
  { name: 'Plains and Mountains', states: ['IA', 'KS', 'MO', 'NE', 'ND', 'SD', 'MT', 'WY', 'CO', 'UT'] },
  { name: 'West', states: ['AZ', 'NM', 'NV', 'CA', 'OR', 'WA', 'ID', 'AK', 'HI'] },
];

export interface SyntheticOptions {
  centers: number;
  seed: number;
  seatBudget?: number;
  horizonQuarters?: number;
  /** Cohorts, one a quarter from quarter 0, rotating through the regions (default: one per quarter). */
  cohorts?: number;
  /** Sum of the cohorts' seat caps as a multiple of the budget (default 1.1: the caps bind a little). */
  capsOverBudget?: number;
}

/** Centers spread over states in proportion to population, largest remainder (at 950, every state has some). */
function centersPerState(
  total: number,
  states: readonly { code: string; weight: number }[],
): Map<string, number> {
  const weight = states.reduce((s, x) => s + x.weight, 0);
  const exact = states.map((s) => ({ code: s.code, share: (total * s.weight) / weight }));
  const counts = new Map(exact.map((e) => [e.code, Math.floor(e.share)]));
  let left = total - [...counts.values()].reduce((s, n) => s + n, 0);
  const order = [...exact].sort((a, b) => b.share - Math.floor(b.share) - (a.share - Math.floor(a.share)));
  for (let i = 0; left > 0 && order.length > 0; i = (i + 1) % order.length, left--)
    counts.set(order[i]!.code, counts.get(order[i]!.code)! + 1);
  return counts;
}

export function syntheticPlannerInput(options: SyntheticOptions): TPlannerInputRaw {
  const rand = prng(options.seed);
  const horizon = options.horizonQuarters ?? 12;
  const budget = options.seatBudget ?? 2000;
  const cohortCount = options.cohorts ?? horizon;
  const states = [...STATES.map((s) => ({ code: s.code, weight: s.weight })), { code: 'DC', weight: 0.7 }];
  const counts = centersPerState(options.centers, states);

  const centers: TPlannerInputRaw['centers'] = [];
  for (const { code } of states) {
    for (let i = 0; i < (counts.get(code) ?? 0); i++) {
      // Referrals to therapy: about 300 a year on average, skewed (a few large urban centers).
      const referrals = Math.round(40 + 520 * Math.pow(rand(), 2.2) + 120 * rand());
      // The unserved share varies from none to about 60%: 28% on average.
      const unmetShare = Math.min(0.6, Math.max(0, 0.28 + (rand() - 0.5) * 0.6));
      const unmet = Math.round(referrals * unmetShare);
      centers.push({
        id: `center-${String(centers.length + 1).padStart(4, '0')}`,
        name: `Synthetic Children's Advocacy Center ${centers.length + 1} (${code})`,
        state: code,
        chapter: `Synthetic chapter ${code}`,
        referralsPerYear: referrals,
        unmetDemandPerYear: unmet,
        trainedClinicians: Math.floor(rand() * 5),
        waitDays: rand() < 0.1 ? null : Math.round(14 + 150 * unmetShare + 30 * rand()),
        order: 0,
      });
    }
  }
  // Application order: a random permutation, so first come first served is not correlated with need.
  const order = centers.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  order.forEach((c, position) => (centers[c]!.order = position + 1));

  // Seat caps in proportion to each region's share of centers, adding up to about capsOverBudget x budget.
  const regionCenters = SYNTHETIC_REGIONS.map(
    (region) => centers.filter((c) => region.states.includes(c.state)).length,
  );
  const cohortsPerRegion = SYNTHETIC_REGIONS.map(
    (_, r) =>
      Math.floor(cohortCount / SYNTHETIC_REGIONS.length) +
      (r < cohortCount % SYNTHETIC_REGIONS.length ? 1 : 0),
  );
  const capsTotal = budget * (options.capsOverBudget ?? 1.1);
  const cohorts: TPlannerInputRaw['cohorts'] = [];
  for (let i = 0; i < cohortCount; i++) {
    const r = i % SYNTHETIC_REGIONS.length;
    const region = SYNTHETIC_REGIONS[r]!;
    const share = options.centers > 0 ? regionCenters[r]! / options.centers : 0;
    cohorts.push({
      id: `cohort-${i + 1}`,
      quarter: i % horizon,
      label: `${region.name} cohort, quarter ${(i % horizon) + 1}`,
      states: [...region.states],
      seatCap: Math.round((capsTotal * share) / Math.max(1, cohortsPerRegion[r]!)),
    });
  }
  return { horizonQuarters: horizon, seatBudget: budget, cohorts, centers };
}

/** A request small enough for the exhaustive check: at most a few hundred candidate allocations. */
export function smallPlannerInput(seed: number): TPlannerInputRaw {
  const rand = prng(seed);
  const states = ['TX', 'OK'] as const;
  const cohortCount = 2 + Math.floor(rand() * 2);
  const cohorts = Array.from({ length: cohortCount }, (_, k) => ({
    id: `k${k}`,
    quarter: Math.floor(rand() * 5),
    label: `cohort ${k + 1}`,
    states: rand() < 0.5 ? ['TX', 'OK'] : [states[k % 2]!],
    seatCap: 1 + Math.floor(rand() * 3),
  }));
  const centers = Array.from({ length: 3 }, (_, c) => {
    const referrals = 20 + Math.floor(rand() * 60);
    return {
      id: `c${c}`,
      name: `Small synthetic CAC ${c + 1}`,
      state: states[c % 2]!,
      referralsPerYear: referrals,
      unmetDemandPerYear: Math.floor(referrals * rand() * 0.6),
      trainedClinicians: Math.floor(rand() * 2),
      waitDays: Math.floor(rand() * 100),
      order: c + 1,
    };
  });
  return {
    horizonQuarters: 6,
    seatBudget: 3 + Math.floor(rand() * 3),
    cohorts,
    centers,
    parameters: {
      completionRate: 0.8 + rand() * 0.2,
      turnoverPerYear: rand() * 0.5,
      childrenPerClinicianPerYear: 4 + rand() * 12,
    },
    rules: {
      minTrainedPerCenter: rand() < 0.4 ? 2 : null,
      maxSeatsPerCenter: rand() < 0.3 ? 2 : null,
      waitPriority: rand() < 0.4 ? 1 : 0,
    },
    // Proved optimal, so it can be compared with the exhaustive optimum exactly.
    solver: { mipGap: 0 },
  };
}
