/**
 * The HiGHS worker: a real solve, an infeasible model, HiGHS's own time limit, and a worker that
 * hangs or dies (simulated by a worker body that misbehaves on a marker model). Every call must
 * settle, and a solver that lost its worker must work again on the next call.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildPlannerModel } from './model.js';
import { parsePlannerInput, weightedScenarios } from './planner.types.js';
import { HIGHS_WORKER_SOURCE, HighsSolver, PlannerError } from './solver.js';
import { syntheticPlannerInput } from './synthetic.js';

const WORKSHOP = `Maximize
 profit: 30 chairs + 50 tables
Subject To
 carpentry: chairs + 2 tables <= 40
 finishing: 2 chairs + tables <= 50
Generals
 chairs tables
End
`;

const INFEASIBLE = `Maximize
 obj: a + b
Subject To
 low: a + b >= 10
 high: a + b <= 4
End
`;

/** A worker body that hangs on the model "HANG", exits on "CRASH" and otherwise is the real one. */
const MISBEHAVING = `
require('node:worker_threads').parentPort.on('message', (request) => {
  if (request.lp === 'CRASH') process.exit(3);
  if (request.lp === 'HANG') for (;;) {}
});
${HIGHS_WORKER_SOURCE}`;

const solvers: HighsSolver[] = [];
const newSolver = (options?: ConstructorParameters<typeof HighsSolver>[0]) => {
  const solver = new HighsSolver(options);
  solvers.push(solver);
  return solver;
};
afterAll(async () => {
  await Promise.all(solvers.map((s) => s.close()));
});

async function rejection(promise: Promise<unknown>): Promise<PlannerError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlannerError);
  return error as PlannerError;
}

describe('HighsSolver', () => {
  it('solves a small MIP in the worker', async () => {
    const result = await newSolver().solve({ lp: WORKSHOP, timeLimitMs: 10_000, mipGap: 0 });
    expect(result.objective).toBe(1100);
    expect(Object.fromEntries(result.values)).toEqual({ chairs: 20, tables: 10 });
    expect(result).toMatchObject({ rows: 2, columns: 2, mipGap: 0 });
  });

  it('accepts a MIP start and still proves the optimum', async () => {
    const result = await newSolver().solve({
      lp: WORKSHOP,
      timeLimitMs: 10_000,
      mipGap: 0,
      start: { names: ['chairs', 'tables'], values: [10, 10] },
    });
    expect(result.objective).toBe(1100);
  });

  it("rejects an infeasible model with 'infeasible'", async () => {
    const error = await rejection(newSolver().solve({ lp: INFEASIBLE, timeLimitMs: 10_000, mipGap: 0.01 }));
    expect(error.code).toBe('infeasible');
    expect(error.message).toMatch(/No allocation meets all the rules/);
    expect(error.toAppError().statusCode).toBe(422);
  });

  it("rejects with 'timeout' when HiGHS reaches a 1 ms time limit on a national model", async () => {
    const input = parsePlannerInput(syntheticPlannerInput({ centers: 950, seed: 5 }));
    const { lp } = buildPlannerModel(input, weightedScenarios(input));
    const error = await rejection(newSolver().solve({ lp, timeLimitMs: 1, mipGap: 0.0001 }));
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/did not finish within 0\.001 s/);
    expect(error.toAppError().statusCode).toBe(503);
  });

  it("rejects text HiGHS cannot read with 'solver_failed', without internals in the message", async () => {
    const error = await rejection(
      newSolver().solve({
        lp: 'Maximize\n obj: 2 a\nSubject To\n c: a <= \nEnd',
        timeLimitMs: 10_000,
        mipGap: 0.01,
      }),
    );
    expect(error.code).toBe('solver_failed');
    expect(error.message).not.toMatch(/at |\.js|wasm/i);
  });

  it('ends a worker that does not answer within the limit and uses a fresh one next time', async () => {
    const solver = newSolver({ workerSource: MISBEHAVING, graceMs: 100 });
    const error = await rejection(solver.solve({ lp: 'HANG', timeLimitMs: 50, mipGap: 0.01 }));
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/was stopped/);
    const result = await solver.solve({ lp: WORKSHOP, timeLimitMs: 10_000, mipGap: 0 });
    expect(result.objective).toBe(1100);
  });

  it("rejects with 'solver_failed' when the worker dies, and recovers on the next call", async () => {
    const solver = newSolver({ workerSource: MISBEHAVING });
    const calls = [
      solver.solve({ lp: 'CRASH', timeLimitMs: 10_000, mipGap: 0.01 }),
      // Queued behind the crash: must run on a fresh worker.
      solver.solve({ lp: WORKSHOP, timeLimitMs: 10_000, mipGap: 0 }),
    ];
    const error = await rejection(calls[0]!);
    expect(error.code).toBe('solver_failed');
    expect(error.cause).toBeInstanceOf(Error);
    await expect(calls[1]).resolves.toMatchObject({ objective: 1100 });
  });
});
