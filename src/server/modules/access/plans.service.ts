/**
 * Planner runs for network administrators: a suggested request built from the current gap (every
 * center with demand data, its unmet demand, trained clinicians and wait) and a default cohort
 * calendar, and plans solved, kept and listed. The planner itself is pure (planner/); this file
 * only gathers its input and stores what it returns.
 */
import { recordAudit } from '../../platform/audit.js';
import { requireActor, tx, type Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { AccessService } from './access.service.js';
import { plan } from './planner/planner.js';
import { PlannerError } from './planner/solver.js';
import { parsePlannerInput, type TPlannerInputRaw } from './planner/planner.types.js';

/** US Census regions, the default cohorts' regions (Puerto Rico trains with the South). */
export const CENSUS_REGIONS: { name: string; states: string[] }[] = [
  { name: 'Northeast', states: ['CT', 'ME', 'MA', 'NH', 'RI', 'VT', 'NJ', 'NY', 'PA'] },
  { name: 'Midwest', states: ['IL', 'IN', 'MI', 'OH', 'WI', 'IA', 'KS', 'MN', 'MO', 'NE', 'ND', 'SD'] },
  {
    name: 'South',
    states: [
      'DE',
      'DC',
      'FL',
      'GA',
      'MD',
      'NC',
      'SC',
      'VA',
      'WV',
      'AL',
      'KY',
      'MS',
      'TN',
      'AR',
      'LA',
      'OK',
      'TX',
      'PR',
    ],
  },
  { name: 'West', states: ['AZ', 'CO', 'ID', 'MT', 'NV', 'NM', 'UT', 'WY', 'AK', 'CA', 'HI', 'OR', 'WA'] },
];

/**
 * The program's calendar as the planner's default: `count` quarterly cohorts starting in the
 * quarter after `today`, rotating through the four Census regions, with the budget shared out
 * evenly (the remainder to the first cohorts).
 */
export function defaultCohorts(today: string, count: number, seats: number): TPlannerInputRaw['cohorts'] {
  const year = Number(today.slice(0, 4));
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3); // 0-3, this quarter
  const base = Math.floor(seats / count);
  return Array.from({ length: count }, (_, i) => {
    const q = quarter + 1 + i;
    const region = CENSUS_REGIONS[i % CENSUS_REGIONS.length]!;
    return {
      id: `cohort-${i + 1}`,
      quarter: i,
      label: `${year + Math.floor(q / 4)} Q${(q % 4) + 1}, ${region.name}`,
      states: region.states,
      seatCap: base + (i < seats - base * count ? 1 : 0),
    };
  });
}

export interface PlanSummary {
  id: string;
  name: string;
  createdAt: string;
  createdBy: string;
  seatBudget: number;
  centers: number;
  cohorts: number;
  /** Children reached over the horizon in the expected scenario, and by the two policies. */
  reached: number;
  reachedProportional: number;
  reachedFirstCome: number;
  targetReached: number;
}

type Stored = {
  id: string;
  name: string;
  input: unknown;
  result: unknown;
  created_at: Date;
  created_by_name: string | null;
};

export class PlansService {
  constructor(
    private readonly access: AccessService,
    private readonly clock: { today: () => string } = { today: () => new Date().toISOString().slice(0, 10) },
  ) {}

  /** A ready-to-run request from today's figures over `period`: the page's starting point. */
  async suggestedInput(ctx: Ctx, period: string): Promise<{ input: TPlannerInputRaw; excluded: number }> {
    const gap = await this.access.gap(ctx, { level: 'center', period, trendMonths: 1 });
    const withData = gap.rows.filter((r) => r.figures.source !== 'none' && r.figures.demandPerYear !== null);
    const seats = 2000;
    return {
      input: {
        horizonQuarters: 12,
        seatBudget: seats,
        cohorts: defaultCohorts(this.clock.today(), 12, seats),
        centers: withData.map((r, i) => ({
          id: r.key,
          name: r.label,
          state: r.state!,
          chapter: r.chapter,
          referralsPerYear: round1(r.figures.demandPerYear ?? 0),
          unmetDemandPerYear: round1(Math.max(0, r.figures.gapPerYear ?? 0)),
          trainedClinicians: r.staff.trained ?? 0,
          waitDays: r.figures.medianWaitDays,
          order: i + 1,
        })),
      },
      excluded: gap.rows.length - withData.length,
    };
  }

  async create(
    ctx: Ctx,
    body: { name: string; input: unknown },
  ): Promise<{ summary: PlanSummary; input: unknown; result: unknown }> {
    const actor = requireActor(ctx);
    let input;
    try {
      input = parsePlannerInput(body.input);
    } catch (error) {
      // The planner names fields from its own root; the request carries them under `input`.
      if (error instanceof AppError && error.code === 'VALIDATION_FAILED')
        throw AppError.validation(
          error.details.map((d) => ({ path: d.path ? `input.${d.path}` : 'input', message: d.message })),
        );
      throw error;
    }
    let result;
    try {
      result = await plan(input);
    } catch (error) {
      if (error instanceof PlannerError) throw error.toAppError();
      throw error;
    }
    const id = await tx(ctx, async (trx) => {
      const row = await trx
        .insertInto('access_plan')
        .values({
          name: body.name,
          input: JSON.stringify(input),
          result: JSON.stringify(result),
          created_by: actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, {
        action: 'access.plan.create',
        targetType: 'access_plan',
        targetId: row.id,
        details: { name: body.name, seatBudget: input.seatBudget, centers: input.centers.length },
      });
      return row.id;
    });
    return this.get(ctx, id);
  }

  async list(ctx: Ctx): Promise<PlanSummary[]> {
    const rows = await tx(ctx, (trx) => this.rows(trx).orderBy('p.created_at', 'desc').limit(100).execute());
    return rows.map((r) => summaryOf(r));
  }

  async get(ctx: Ctx, id: string): Promise<{ summary: PlanSummary; input: unknown; result: unknown }> {
    const row = await tx(ctx, (trx) => this.rows(trx).where('p.id', '=', id).executeTakeFirst());
    if (!row) throw AppError.notFound('The plan');
    return { summary: summaryOf(row), input: row.input, result: row.result };
  }

  async remove(ctx: Ctx, id: string): Promise<void> {
    await tx(ctx, async (trx) => {
      const gone = await trx.deleteFrom('access_plan').where('id', '=', id).executeTakeFirst();
      if (Number(gone.numDeletedRows) === 0) throw AppError.notFound('The plan');
      await recordAudit(trx, ctx, { action: 'access.plan.delete', targetType: 'access_plan', targetId: id });
    });
  }

  private rows(trx: Parameters<Parameters<typeof tx>[1]>[0]) {
    return trx
      .selectFrom('access_plan as p')
      .leftJoin('app_user as u', 'u.id', 'p.created_by')
      .select(['p.id', 'p.name', 'p.input', 'p.result', 'p.created_at', 'u.display_name as created_by_name']);
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10;

interface StoredResult {
  seatBudget: number;
  targetReached: number;
  scenarios: {
    expected: {
      reachedTotal: number;
      comparison: {
        proportional: { reachedTotal: number };
        firstComeFirstServed: { reachedTotal: number };
      };
    };
  };
}
interface StoredInput {
  centers: unknown[];
  cohorts: unknown[];
}

function summaryOf(r: Stored): PlanSummary {
  const result = r.result as StoredResult;
  const input = r.input as StoredInput;
  const expected = result.scenarios.expected;
  return {
    id: r.id,
    name: r.name,
    createdAt: new Date(r.created_at).toISOString(),
    createdBy: r.created_by_name ?? 'Unknown',
    seatBudget: result.seatBudget,
    centers: input.centers.length,
    cohorts: input.cohorts.length,
    reached: expected.reachedTotal,
    reachedProportional: expected.comparison.proportional.reachedTotal,
    reachedFirstCome: expected.comparison.firstComeFirstServed.reachedTotal,
    targetReached: result.targetReached,
  };
}
