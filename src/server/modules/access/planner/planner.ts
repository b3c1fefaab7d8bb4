/**
 * Plans where the training seats go: validates the request, solves the allocation that reaches the
 * most children (model.ts, with HiGHS in a worker: solver.ts), and reports it under the low,
 * expected and high scenarios next to the two simple policies (policies.ts), all scored by the
 * same simulation (simulate.ts).
 *
 * One plan, one solve. A plan is one decision taken now under uncertainty, so the optimiser picks
 * the single allocation that reaches the most children on average over the scenarios (weights
 * 1/4, 1/2, 1/4 by default; see model.ts for why not the expected scenario alone), and the low and
 * high figures show how that same allocation fares if completion, turnover and caseloads turn out
 * worse or better: the band a program manager needs against the target. Solving each scenario
 * separately would give three allocations and no single plan to act on.
 *
 * The solver starts from a greedy allocation (greedy.ts): on national requests it is close to the
 * optimum, so HiGHS can stop as soon as its bound proves the gap instead of searching for a plan
 * that good itself.
 *
 * Never worse than the simple policies: HiGHS stops within the requested gap of the optimum, which
 * on a small request could leave it a hair below a policy's allocation. So the policies are scored
 * on the optimiser's own objective too, and a policy that scores higher (and meets the
 * minimum-trained rule, which the policies do not know) is returned instead, with its gap to
 * HiGHS's bound. On national requests the optimum is far ahead of both policies.
 */
import { greedyStart } from './greedy.js';
import { allocationFromSolution, buildPlannerModel } from './model.js';
import {
  parsePlannerInput,
  resolveScenarios,
  SCENARIO_NAMES,
  weightedScenarios,
  type AllocationEntry,
  type AllocationOutcome,
  type ComparisonEntry,
  type PlanResult,
  type PolicyName,
  type ScenarioName,
  type ScenarioResult,
  type SolverSummary,
  type TPlannerInput,
  type WeightedScenario,
} from './planner.types.js';
import { firstComeFirstServedAllocation, proportionalAllocation } from './policies.js';
import { scoreAllocation, simulateAllocation } from './simulate.js';
import { defaultSolver, type HighsSolver } from './solver.js';
import { syntheticPlannerInput } from './synthetic.js';

export interface PlanOptions {
  /** The solver to use; the process-wide one by default. */
  solver?: HighsSolver;
}

/** Whether every center with seats ends with at least the minimum trained (today's plus its seats). */
export function meetsMinimumTrained(input: TPlannerInput, allocation: readonly AllocationEntry[]): boolean {
  const min = input.rules.minTrainedPerCenter;
  if (min == null) return true;
  const seats = new Map<string, number>();
  for (const e of allocation) seats.set(e.centerId, (seats.get(e.centerId) ?? 0) + e.seats);
  return input.centers.every(
    (c) => (seats.get(c.id) ?? 0) === 0 || c.trainedClinicians + seats.get(c.id)! >= min,
  );
}

/**
 * Solves the model; an empty model (no seat can reach anyone) needs no solver. `alternatives`
 * (the policies' allocations) replace the solver's when they score higher (see the file comment).
 */
export async function solveAllocation(
  input: TPlannerInput,
  scenarios: readonly WeightedScenario[],
  alternatives: readonly AllocationEntry[][],
  solver: HighsSolver,
): Promise<{ allocation: AllocationEntry[]; summary: SolverSummary }> {
  const model = buildPlannerModel(input, scenarios);
  if (model.lp === '')
    return {
      allocation: [],
      summary: { status: 'optimal', objective: 0, mipGap: 0, timeMs: 0, rows: 0, columns: 0, integers: 0 },
    };
  const result = await solver.solve({
    lp: model.lp,
    timeLimitMs: input.solver.timeLimitMs,
    mipGap: input.solver.mipGap,
    start: greedyStart(input, scenarios, model),
  });
  const summary: SolverSummary = {
    status: 'optimal',
    objective: result.objective,
    mipGap: result.mipGap,
    timeMs: result.timeMs,
    rows: result.rows,
    columns: result.columns,
    integers: model.size.integers,
  };
  let allocation = allocationFromSolution(model, input, result.values);
  let score = scoreAllocation(input, scenarios, allocation);
  for (const alternative of alternatives) {
    if (!meetsMinimumTrained(input, alternative)) continue;
    const alternativeScore = scoreAllocation(input, scenarios, alternative);
    if (alternativeScore > score + 1e-9 * Math.max(1, Math.abs(score))) {
      allocation = alternative;
      score = alternativeScore;
      summary.objective = alternativeScore;
      summary.mipGap = Math.max(
        0,
        (result.dualBound - alternativeScore) / Math.max(1e-9, Math.abs(alternativeScore)),
      );
    }
  }
  return { allocation, summary };
}

function comparisonEntry(outcome: AllocationOutcome): ComparisonEntry {
  return {
    seatsAllocated: outcome.seatsAllocated,
    reachedTotal: outcome.reachedTotal,
    weightedReached: outcome.weightedReached,
    unmetDemandRemaining: outcome.unmetDemandRemaining,
    trainedAtEnd: outcome.trainedAtEnd,
    reachedByQuarter: outcome.reachedByQuarter,
  };
}

/**
 * Runs a plan. Throws AppError VALIDATION_FAILED (naming the fields) for a bad request, and
 * PlannerError ('timeout', 'infeasible', 'solver_failed') when the solve gives no plan. Every
 * valid request has a feasible plan (no seats at all meets every rule), so 'infeasible' is not
 * expected from the planner's own models.
 */
export async function plan(raw: unknown, options: PlanOptions = {}): Promise<PlanResult> {
  const input = parsePlannerInput(raw);
  const parameters = resolveScenarios(input);
  const objectiveScenarios = weightedScenarios(input);
  const policies: Record<PolicyName, AllocationEntry[]> = {
    proportional: proportionalAllocation(input),
    firstComeFirstServed: firstComeFirstServedAllocation(input),
  };
  const { allocation, summary } = await solveAllocation(
    input,
    objectiveScenarios,
    [policies.proportional, policies.firstComeFirstServed],
    options.solver ?? defaultSolver(),
  );

  const scenario = (name: ScenarioName): ScenarioResult => {
    const scenarioParameters = parameters[name];
    const optimised = simulateAllocation(input, scenarioParameters, allocation);
    return {
      parameters: scenarioParameters,
      weight: objectiveScenarios.find((s) => s.name === name)?.weight ?? 0,
      allocation,
      seatsAllocated: optimised.seatsAllocated,
      reachedByQuarter: optimised.reachedByQuarter,
      reachedTotal: optimised.reachedTotal,
      targetReached: input.targetReached,
      shareOfTarget: optimised.shareOfTarget,
      unmetDemandRemaining: optimised.unmetDemandRemaining,
      trainedAtEnd: optimised.trainedAtEnd,
      centers: optimised.centers,
      solver: summary,
      comparison: {
        optimised: comparisonEntry(optimised),
        proportional: comparisonEntry(simulateAllocation(input, scenarioParameters, policies.proportional)),
        firstComeFirstServed: comparisonEntry(
          simulateAllocation(input, scenarioParameters, policies.firstComeFirstServed),
        ),
      },
    };
  };

  const scenarios = Object.fromEntries(SCENARIO_NAMES.map((name) => [name, scenario(name)])) as Record<
    ScenarioName,
    ScenarioResult
  >;
  return {
    horizonQuarters: input.horizonQuarters,
    seatBudget: input.seatBudget,
    targetReached: input.targetReached,
    solver: summary,
    policies: {
      proportional: { allocation: policies.proportional },
      firstComeFirstServed: { allocation: policies.firstComeFirstServed },
    },
    scenarios,
  };
}

/**
 * Runs one synthetic national-size plan so that the solver worker has compiled HiGHS before the
 * first real request: the WebAssembly is compiled lazily, and a cold first solve of a national plan
 * costs a few seconds of CPU more than the later ones. Meant for server start; never throws.
 */
export async function warmUpPlanner(solver: HighsSolver = defaultSolver()): Promise<void> {
  try {
    await plan(syntheticPlannerInput({ centers: 950, seed: 1 }), { solver });
  } catch {
    // A failed warm-up only means the first real plan is slower; that plan reports its own error.
  }
}
