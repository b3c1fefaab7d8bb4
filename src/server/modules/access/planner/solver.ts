/**
 * Solves an LP/MIP given as CPLEX LP text with HiGHS (the `highs` WebAssembly build) in a worker
 * thread, so a long solve never blocks the server's event loop, with a time limit and a MIP gap.
 *
 * Every call settles: with a result, or with a PlannerError ('timeout', 'infeasible',
 * 'solver_failed') whose message is written for the person who asked for the plan.
 *   - HiGHS stops itself at the time limit; the request then fails with 'timeout', even if HiGHS
 *     had a plan in hand, because a plan that is not proved within the requested gap is not what
 *     was asked for (and might even do worse than the simple policies it is compared with).
 *   - A watchdog a little longer than the time limit terminates the worker if HiGHS does not
 *     return (HiGHS checks its clock between steps, not during each one) and fails with 'timeout'.
 *   - If the worker dies or HiGHS throws (the WebAssembly build aborts when it runs out of memory,
 *     leaving the module unusable), the call fails with 'solver_failed' and the next call starts a
 *     fresh worker.
 *
 * The worker body is a small CommonJS source string run with `eval: true`, which loads `highs`
 * from a path resolved here. That way it runs the same from TypeScript sources (vitest, tsx) and
 * from the compiled server in dist/, with no separate worker file to build or locate. Calls are
 * queued: one solve at a time per worker (HiGHS is single-threaded).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../platform/errors.js';

export type PlannerErrorCode = 'timeout' | 'infeasible' | 'solver_failed';

/** A planning solve that did not produce a plan; `message` can be shown as it is. */
export class PlannerError extends Error {
  constructor(
    readonly code: PlannerErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PlannerError';
  }

  /**
   * The HTTP-facing error: a timeout is 503 (try again with a longer limit or a larger gap), an
   * infeasible request 422 (the rules cannot all be met), a solver failure 500.
   */
  toAppError(): AppError {
    const code =
      this.code === 'timeout' ? 'UNAVAILABLE' : this.code === 'infeasible' ? 'UNPROCESSABLE' : 'INTERNAL';
    return new AppError(code, this.message);
  }
}

export interface SolveRequest {
  /** The model in CPLEX LP format. */
  lp: string;
  timeLimitMs: number;
  /** Relative MIP gap at which HiGHS stops (0.01 = 1%). */
  mipGap: number;
  /** Optional MIP start: column names and values; HiGHS completes the columns not given. */
  start?: { names: string[]; values: number[] } | null;
}

export interface SolveResult {
  objective: number;
  /** Relative gap proved (0 for an LP or a MIP solved to optimality). */
  mipGap: number;
  /** Best bound on the optimum HiGHS proved (for a maximisation, no plan can score more). */
  dualBound: number;
  /** Time in the worker: reading the LP text and solving. */
  timeMs: number;
  /** Non-zero column values by name (columns not listed are 0). */
  values: Map<string, number>;
  rows: number;
  columns: number;
  nonzeros: number;
}

/** The message a worker answers with. */
type WorkerReply =
  | {
      id: number;
      ok: true;
      status: number;
      objective: number;
      mipGap: number;
      dualBound: number | null;
      hasSolution: boolean;
      timeMs: number;
      names: string[];
      values: number[];
      rows: number;
      columns: number;
      nonzeros: number;
    }
  | { id: number; ok: false; error: string };

/** HiGHS model status codes (highs.constants.modelStatus). */
const STATUS = {
  empty: 6,
  optimal: 7,
  infeasible: 8,
  unboundedOrInfeasible: 9,
  unbounded: 10,
  timeLimit: 13,
} as const;

/**
 * The worker body. Plain JavaScript on purpose (see the file comment). Any exception, including a
 * WebAssembly abort, is answered as `ok: false`; the main thread then discards this worker.
 */
export const HIGHS_WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const loading = require(workerData.highsPath)();
parentPort.on('message', async (request) => {
  let model = null;
  try {
    const highs = await loading;
    const started = performance.now();
    model = highs.createModel({ format: 'lp', data: request.lp });
    model.options.set({
      output_flag: false,
      time_limit: request.timeLimitSeconds,
      mip_rel_gap: request.mipGap,
    });
    if (request.start) {
      const indices = request.start.names.map((name) => model.getColByName(name));
      model.setSolution({ indices, values: request.start.values });
    }
    model.run();
    const status = model.getModelStatus();
    const hasSolution = model.info.get('primal_solution_status') === 2;
    const names = [];
    const values = [];
    let objective = 0;
    if (hasSolution) {
      objective = model.getObjectiveValue();
      const colValue = model.getSolution().colValue;
      for (let i = 0; i < colValue.length; i++) {
        if (Math.abs(colValue[i]) > 1e-9) {
          names.push(model.getColName(i));
          values.push(colValue[i]);
        }
      }
    }
    const gap = model.info.get('mip_gap');
    const bound = model.info.get('mip_dual_bound');
    const dims = model.getDimensions();
    parentPort.postMessage({
      id: request.id,
      ok: true,
      status,
      objective,
      mipGap: typeof gap === 'number' && Number.isFinite(gap) ? gap : 0,
      dualBound: typeof bound === 'number' && Number.isFinite(bound) ? bound : null,
      hasSolution,
      timeMs: performance.now() - started,
      names,
      values,
      rows: dims.numRows,
      columns: dims.numCols,
      nonzeros: dims.numNonzeros,
    });
  } catch (error) {
    parentPort.postMessage({ id: request.id, ok: false, error: String((error && error.stack) || error) });
  } finally {
    if (model) {
      try { model.dispose(); } catch { /* the module may be unusable after an abort */ }
    }
  }
});
`;

export interface HighsSolverOptions {
  /** Worker body; tests replace it to simulate a worker that hangs or dies. */
  workerSource?: string;
  /** Extra time past the time limit before the watchdog ends the worker (default: max(2 s, half the limit)). */
  graceMs?: number;
}

const percent = (gap: number) => `${(gap * 100).toFixed(1)}%`;

/** Turns a worker reply into a result or the PlannerError it means. */
function interpret(reply: Extract<WorkerReply, { ok: true }>, request: SolveRequest): SolveResult {
  const result = (): SolveResult => ({
    objective: reply.objective,
    mipGap: reply.mipGap,
    // An LP (or a MIP solved without branching) proves its own objective optimal.
    dualBound: reply.dualBound ?? reply.objective,
    timeMs: reply.timeMs,
    values: new Map(reply.names.map((name, i) => [name, reply.values[i]!])),
    rows: reply.rows,
    columns: reply.columns,
    nonzeros: reply.nonzeros,
  });
  switch (reply.status) {
    case STATUS.optimal:
      return result();
    case STATUS.empty:
      return { ...result(), objective: 0, mipGap: 0, dualBound: 0 };
    case STATUS.infeasible:
    case STATUS.unboundedOrInfeasible:
      throw new PlannerError(
        'infeasible',
        'No allocation meets all the rules at once. Loosen a rule (the minimum trained per center, the cap per center) or add seats.',
      );
    case STATUS.timeLimit:
      throw new PlannerError(
        'timeout',
        `The planner did not finish within ${request.timeLimitMs / 1000} s` +
          (reply.hasSolution
            ? ` (its best plan so far was within ${percent(reply.mipGap)} of the best possible)`
            : '') +
          `. Allow more time or a larger gap than ${percent(request.mipGap)}.`,
      );
    default:
      throw new PlannerError(
        'solver_failed',
        'The planning solver could not solve this plan. Try again; if it fails again, report it to the administrators.',
        { cause: new Error(`HiGHS model status ${reply.status}`) },
      );
  }
}

/** One HiGHS worker, created on first use and replaced whenever it dies, hangs or fails. */
export class HighsSolver {
  #worker: Worker | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #nextId = 1;
  readonly #source: string;
  readonly #graceMs: number | undefined;

  constructor(options: HighsSolverOptions = {}) {
    this.#source = options.workerSource ?? HIGHS_WORKER_SOURCE;
    this.#graceMs = options.graceMs;
  }

  /** Solves one model; calls made while another is running wait their turn. */
  solve(request: SolveRequest): Promise<SolveResult> {
    const run = this.#queue.then(() => this.#solveNow(request));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Ends the worker (it is also unref'd, so an idle solver never keeps the process alive). */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    if (worker) await worker.terminate();
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const highsPath = createRequire(import.meta.url).resolve('highs');
    // HiGHS's own logging is off (output_flag). The worker's output is not piped: a piped stream
    // keeps the process alive even when the worker is unref'd. No inherited Node flags: with
    // --input-type=module (or a loader) the eval'd body would not be the CommonJS it is written as.
    const worker = new Worker(this.#source, { eval: true, workerData: { highsPath }, execArgv: [] });
    worker.unref();
    // A worker that fails between calls is simply replaced on the next call.
    worker.on('error', () => this.#discard(worker));
    worker.on('exit', () => {
      if (this.#worker === worker) this.#worker = null;
    });
    this.#worker = worker;
    return worker;
  }

  #discard(worker: Worker): void {
    if (this.#worker === worker) this.#worker = null;
    void worker.terminate().catch(() => undefined);
  }

  #solveNow(request: SolveRequest): Promise<SolveResult> {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    const graceMs = this.#graceMs ?? Math.max(2000, request.timeLimitMs / 2);
    return new Promise<SolveResult>((resolve, reject) => {
      let settled = false;
      const finish = (settle: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(watchdog);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        settle();
      };
      const failed = (cause: unknown) =>
        new PlannerError(
          'solver_failed',
          'The planning solver stopped unexpectedly. Try again; if it fails again, try fewer centers or cohorts.',
          { cause },
        );
      const onMessage = (reply: WorkerReply) => {
        if (reply.id !== id) return;
        finish(() => {
          if (!reply.ok) {
            this.#discard(worker);
            reject(failed(new Error(reply.error)));
            return;
          }
          try {
            resolve(interpret(reply, request));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      };
      const onError = (error: Error) =>
        finish(() => {
          this.#discard(worker);
          reject(failed(error));
        });
      const onExit = (exitCode: number) =>
        finish(() => {
          this.#discard(worker);
          reject(failed(new Error(`solver worker exited with code ${exitCode}`)));
        });
      const watchdog = setTimeout(
        () =>
          finish(() => {
            this.#discard(worker);
            reject(
              new PlannerError(
                'timeout',
                `The planner did not finish within ${request.timeLimitMs / 1000} s and was stopped. Allow more time or a larger gap.`,
              ),
            );
          }),
        request.timeLimitMs + graceMs,
      );
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({
        id,
        lp: request.lp,
        timeLimitSeconds: request.timeLimitMs / 1000,
        mipGap: request.mipGap,
        start: request.start ?? null,
      });
    });
  }
}

let shared: HighsSolver | null = null;

/** The process-wide solver the planner uses by default. */
export function defaultSolver(): HighsSolver {
  shared ??= new HighsSolver();
  return shared;
}

/** Ends the process-wide solver's worker (tests, graceful shutdown). */
export async function closeDefaultSolver(): Promise<void> {
  const solver = shared;
  shared = null;
  if (solver) await solver.close();
}
