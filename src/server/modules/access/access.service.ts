/**
 * The access module: where children wait for a trained therapist.
 *
 * Who sees what:
 * - A network administrator sees every center, chapter, state and the nation.
 * - A center director sees their own center in full, and the chapter, state and nation that contain
 *   it as aggregates. Those areas include other centers' figures, so a figure is hidden when what it
 *   adds to the director's own (area minus own) is a count of 1 to 10, or comes from fewer than two
 *   other centers: otherwise the director could subtract their own center and read another's small
 *   count (the small-cell rule in DOMAIN.md; the network can raise the threshold with the setting
 *   `privacy.smallCellMinimum`).
 * - Another center's capacity, months or parameters are 404 to a director.
 */
import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit.js';
import { centersWhere, hasRole, requireActor, tx, type Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { DB } from '../../db/schema.js';
import type { Transaction } from 'kysely';
import { getNetworkSetting, setNetworkSetting } from '../identity/identity.repo.js';
import {
  accessCenters,
  derivedMonths,
  derivedWaits,
  reportedMonths,
  treatingPeople,
  type ReportedMonthRow,
} from './access.repo.js';
import type * as S from './access.schemas.js';
import {
  capacityPerFte,
  DEFAULT_CAPACITY_PARAMETERS,
  PARAMETER_INFO,
  resolveParameters,
  ZCapacityParameters,
  type CapacityOverrides,
  type CapacityParameters,
} from './capacity.js';
import {
  addMonths,
  computeCenters,
  monthsBetween,
  parsePeriod,
  sumArea,
  type AccessFacts,
  type AreaAccess,
  type CenterAccess,
  type Period,
} from './gap.js';

type Trx = Transaction<DB>;

export const NETWORK_PARAMETERS_SETTING = 'access.capacity';
export const SMALL_CELL_SETTING = 'privacy.smallCellMinimum';
/** Counts below this (and above zero) are never shown outside a center's own staff. */
export const DEFAULT_SMALL_CELL_MINIMUM = 11;

const today = () => new Date().toISOString().slice(0, 10);

const SYSTEM = { purpose: 'system', allCenters: true } as const;

/** Figures that are counts of children or people, and what each hides with it. */
const COUNT_FIELDS = ['referred', 'started', 'waitingEnd', 'referredOut', 'neverServed'] as const;
const DEPENDENT: Record<string, string[]> = {
  referred: ['demandPerYear', 'gapPerYear'],
  started: ['medianWaitDays'],
  trained: ['capacityPerYear', 'gapPerYear', 'trainedFte', 'byModel'],
};
const STAFF_FIELDS = ['clinicians', 'trained', 'certified'] as const;

export class AccessService {
  constructor(private readonly clock: { today: () => string } = { today }) {}

  // The gap ----------------------------------------------------------------------------------------

  async gap(ctx: Ctx, query: S.GapQuery): Promise<S.GapResponse> {
    const actor = requireActor(ctx);
    const period = parsePeriod(query.period, this.clock.today());
    if (!period) throw AppError.validation([{ path: 'period', message: 'is not a period' }]);
    const trendFrom = addMonths(period.toMonth, -(Math.max(query.trendMonths, period.months.length) - 1));
    const trendMonths = monthsBetween(trendFrom, period.toMonth);
    const isAdmin = hasRole(actor, 'network_admin');
    const own = new Set(isAdmin ? [] : centersWhere(actor, 'center_director'));

    if (isAdmin) {
      const centers = await tx(ctx, (trx) => this.loadCenters(trx, period, trendMonths, null));
      const rows = this.group(centers, query)
        .filter((r) => r.row.level !== 'center' || !query.centerId || r.row.key === query.centerId)
        .map((r) => r.row);
      return { period: pick(period), level: query.level, rows };
    }

    // A director: their own centers in full...
    if (query.centerId && !own.has(query.centerId)) throw AppError.notFound('The center');
    if (query.level === 'center') {
      const centers = await tx(ctx, (trx) => this.loadCenters(trx, period, trendMonths, [...own]));
      const rows = centers
        .filter(
          (c) =>
            (!query.centerId || c.centerId === query.centerId) && (!query.state || c.state === query.state),
        )
        .map((c) => centerRow(c, true));
      return { period: pick(period), level: 'center', rows };
    }
    // ...and the areas that contain them, read network-wide and published as suppressed aggregates.
    const [centers, minimum] = await Promise.all([
      ctx.db.scoped(SYSTEM, (trx) => this.loadCenters(trx, period, trendMonths, null)),
      tx(ctx, (trx) => getNetworkSetting<number>(trx, SMALL_CELL_SETTING, DEFAULT_SMALL_CELL_MINIMUM)),
    ]);
    const rows = this.group(centers, query)
      .filter((r) => r.members.some((c) => own.has(c.centerId)))
      .map((r) =>
        suppressAgainstOwn(
          r.row,
          r.members.filter((c) => own.has(c.centerId)),
          r.members.length,
          minimum,
        ),
      )
      .map((row) => ({ ...row, own: true }));
    return { period: pick(period), level: query.level, rows };
  }

  private async loadCenters(
    trx: Trx,
    period: Period,
    trendMonths: readonly string[],
    centerIds: readonly string[] | null,
  ): Promise<CenterAccess[]> {
    const fromMonth = trendMonths[0]! < period.fromMonth ? trendMonths[0]! : period.fromMonth;
    const range = { fromMonth, toMonth: period.toMonth };
    // One statement at a time: PGlite has one connection, and the order keeps plans simple.
    const centers = await accessCenters(trx, centerIds);
    const derived = await derivedMonths(trx, range, centerIds);
    const waits = await derivedWaits(trx, { from: period.from, to: period.to }, centerIds);
    const reported = await reportedMonths(trx, range, centerIds);
    const people = await treatingPeople(trx, centerIds, period.to);
    const networkParameters = await this.networkParametersIn(trx);
    const facts: AccessFacts = { centers, derived, derivedWaits: waits, reported, people, networkParameters };
    return computeCenters(facts, period, trendMonths);
  }

  /** Rows at the asked level, each with the centers it sums. */
  private group(
    centers: readonly CenterAccess[],
    query: S.GapQuery,
  ): { row: S.GapRow; members: CenterAccess[] }[] {
    const inState = query.state ? centers.filter((c) => c.state === query.state) : centers;
    if (query.level === 'center') return inState.map((c) => ({ row: centerRow(c, false), members: [c] }));
    if (query.level === 'nation')
      return [
        { row: areaRow('nation', sumArea('US', 'Nation', centers), null, null), members: [...centers] },
      ];
    const buckets = new Map<string, { label: string; state: string | null; members: CenterAccess[] }>();
    for (const c of inState) {
      const key = query.level === 'state' ? c.state : (c.chapterId ?? `none:${c.state}`);
      const label =
        query.level === 'state' ? c.state : (c.chapterName ?? `${c.state}: centers without a chapter`);
      const b = buckets.get(key);
      if (b) b.members.push(c);
      else buckets.set(key, { label, state: c.state, members: [c] });
    }
    return [...buckets.entries()]
      .sort(([, a], [, b]) => a.label.localeCompare(b.label))
      .map(([key, b]) => ({
        row: areaRow(
          query.level,
          sumArea(key, b.label, b.members),
          b.state,
          query.level === 'chapter' ? b.label : null,
        ),
        members: b.members,
      }));
  }

  // Reported months -------------------------------------------------------------------------------

  async listMonths(ctx: Ctx, centerId: string, q: { from?: string; to?: string }): Promise<S.AccessMonth[]> {
    return tx(ctx, async (trx) => {
      await this.managedCenterOr404(trx, ctx, centerId, 'read');
      const to = q.to ? `${q.to}-01` : addMonths(`${this.clock.today().slice(0, 7)}-01`, 0);
      const from = q.from ? `${q.from}-01` : addMonths(to, -23);
      const rows = await reportedMonths(trx, { fromMonth: from, toMonth: to }, [centerId]);
      return rows.map(toMonth);
    });
  }

  async putMonth(
    ctx: Ctx,
    centerId: string,
    month: string,
    input: S.AccessMonthInput,
  ): Promise<{ month: S.AccessMonth; created: boolean }> {
    const actor = requireActor(ctx);
    const first = `${month}-01`;
    if (first > `${this.clock.today().slice(0, 7)}-01`)
      throw AppError.validation([
        { path: 'month', message: 'is in the future: report a month once it has begun' },
      ]);
    return tx(ctx, async (trx) => {
      await this.managedCenterOr404(trx, ctx, centerId, 'write');
      const existed = await trx
        .selectFrom('access_month')
        .select('month')
        .where('center_id', '=', centerId)
        .where('month', '=', first)
        .executeTakeFirst();
      await upsertMonth(trx, centerId, first, input, 'form', actor.userId);
      await recordAudit(trx, ctx, {
        action: existed ? 'access.month.update' : 'access.month.create',
        targetType: 'access_month',
        targetId: `${centerId}/${month}`,
        centerId,
        details: { month, ...input },
      });
      const [row] = await reportedMonths(trx, { fromMonth: first, toMonth: first }, [centerId]);
      return { month: toMonth(row!), created: !existed };
    });
  }

  async deleteMonth(ctx: Ctx, centerId: string, month: string): Promise<void> {
    await tx(ctx, async (trx) => {
      await this.managedCenterOr404(trx, ctx, centerId, 'write');
      const gone = await trx
        .deleteFrom('access_month')
        .where('center_id', '=', centerId)
        .where('month', '=', `${month}-01`)
        .executeTakeFirst();
      if (Number(gone.numDeletedRows) === 0) throw AppError.notFound('The month');
      await recordAudit(trx, ctx, {
        action: 'access.month.delete',
        targetType: 'access_month',
        targetId: `${centerId}/${month}`,
        centerId,
      });
    });
  }

  /**
   * Imports reported months from parsed CSV records, all or nothing: every row is checked first,
   * and one bad row rejects the file with every problem named by line and column.
   */
  async importMonths(
    ctx: Ctx,
    centerId: string,
    records: Record<string, string>[],
  ): Promise<{ accepted: number; created: number; updated: number }> {
    const actor = requireActor(ctx);
    const current = `${this.clock.today().slice(0, 7)}-01`;
    const problems: { path: string; message: string }[] = [];
    const parsed: { month: string; input: S.AccessMonthInput }[] = [];
    const seen = new Set<string>();
    records.forEach((r, i) => {
      const line = i + 2;
      const res = parseMonthRecord(r);
      if (!res.ok)
        for (const p of res.problems)
          problems.push({ path: `line ${line}: ${p.column}`, message: p.message });
      else if (`${res.month}-01` > current)
        problems.push({ path: `line ${line}: month`, message: 'is in the future' });
      else if (seen.has(res.month))
        problems.push({ path: `line ${line}: month`, message: `${res.month} appears twice in the file` });
      else {
        seen.add(res.month);
        parsed.push({ month: res.month, input: res.input });
      }
    });
    if (records.length === 0) problems.push({ path: 'file', message: 'has no rows' });
    if (problems.length > 0) throw AppError.validation(problems.slice(0, 200));
    return tx(ctx, async (trx) => {
      await this.managedCenterOr404(trx, ctx, centerId, 'write');
      const existing = new Set(
        (
          await trx
            .selectFrom('access_month')
            .select(sql<string>`to_char(month, 'YYYY-MM')`.as('m'))
            .where('center_id', '=', centerId)
            .execute()
        ).map((r) => r.m),
      );
      for (const p of parsed)
        await upsertMonth(trx, centerId, `${p.month}-01`, p.input, 'import', actor.userId);
      const updated = parsed.filter((p) => existing.has(p.month)).length;
      await recordAudit(trx, ctx, {
        action: 'access.month.import',
        targetType: 'center',
        targetId: centerId,
        centerId,
        details: { rows: parsed.length, months: parsed.map((p) => p.month) },
      });
      return { accepted: parsed.length, created: parsed.length - updated, updated };
    });
  }

  // Capacity --------------------------------------------------------------------------------------

  async centerCapacity(ctx: Ctx, centerId: string): Promise<S.CenterCapacity> {
    return tx(ctx, async (trx) => {
      const center = await this.managedCenterOr404(trx, ctx, centerId, 'read');
      const network = await this.networkParametersIn(trx);
      const [row] = await accessCenters(trx, [centerId]);
      const overrides = row?.parameters ?? {};
      const parameters = resolveParameters(network, overrides);
      const breakdown = capacityPerFte(parameters);
      const people = (await treatingPeople(trx, [centerId], this.clock.today())).filter(
        (p) => p.to_date === null || p.to_date >= this.clock.today(),
      );
      const mapped = people.map((p) => {
        const trained = p.trained_models.length > 0 || p.certified_models.length > 0;
        const fteCounted = p.treatment_fte ?? parameters.defaultTreatmentFte;
        return {
          userId: p.user_id,
          displayName: p.display_name,
          role: p.role,
          treatmentFte: p.treatment_fte,
          fteCounted,
          typicalCaseload: p.typical_caseload,
          startedOn: p.from_date,
          leftOn: p.to_date,
          trainedModels: p.trained_models,
          certifiedModels: p.certified_models,
          trained,
          childrenPerYear: trained ? fteCounted * breakdown.childrenPerFte : 0,
        };
      });
      return {
        centerId,
        centerName: center.name,
        parameters,
        overrides,
        networkParameters: resolveParameters(network, null),
        info: PARAMETER_INFO,
        breakdown,
        people: mapped,
        capacityPerYear: mapped.reduce((s, p) => s + p.childrenPerYear, 0),
      };
    });
  }

  async putCapacity(
    ctx: Ctx,
    centerId: string,
    userId: string,
    input: S.CapacityInput,
  ): Promise<S.CenterCapacity> {
    const actor = requireActor(ctx);
    await tx(ctx, async (trx) => {
      await this.managedCenterOr404(trx, ctx, centerId, 'write');
      const member = await trx
        .selectFrom('membership')
        .select('id')
        .where('user_id', '=', userId)
        .where('center_id', '=', centerId)
        .where('ended_at', 'is', null)
        .where('role', 'in', ['clinician', 'center_director', 'trainer'])
        .executeTakeFirst();
      const had = await trx
        .selectFrom('clinician_capacity')
        .select('user_id')
        .where('user_id', '=', userId)
        .where('center_id', '=', centerId)
        .executeTakeFirst();
      if (!member && !had) throw AppError.notFound('The person');
      const values = {
        treatment_fte: input.treatmentFte,
        typical_caseload: input.typicalCaseload,
        started_on: input.startedOn,
        left_on: input.leftOn,
        updated_by: actor.userId,
        updated_at: new Date(),
      };
      await trx
        .insertInto('clinician_capacity')
        .values({ user_id: userId, center_id: centerId, ...values })
        .onConflict((oc) => oc.columns(['user_id', 'center_id']).doUpdateSet(values))
        .execute();
      await recordAudit(trx, ctx, {
        action: had ? 'access.capacity.update' : 'access.capacity.create',
        targetType: 'app_user',
        targetId: userId,
        centerId,
        details: { ...input },
      });
    });
    return this.centerCapacity(ctx, centerId);
  }

  async deleteCapacity(ctx: Ctx, centerId: string, userId: string): Promise<void> {
    await tx(ctx, async (trx) => {
      await this.managedCenterOr404(trx, ctx, centerId, 'write');
      const gone = await trx
        .deleteFrom('clinician_capacity')
        .where('user_id', '=', userId)
        .where('center_id', '=', centerId)
        .executeTakeFirst();
      if (Number(gone.numDeletedRows) === 0) throw AppError.notFound('The capacity record');
      await recordAudit(trx, ctx, {
        action: 'access.capacity.delete',
        targetType: 'app_user',
        targetId: userId,
        centerId,
      });
    });
  }

  // Parameters ------------------------------------------------------------------------------------

  async networkParameters(
    ctx: Ctx,
  ): Promise<{ parameters: CapacityParameters; defaults: CapacityParameters; info: typeof PARAMETER_INFO }> {
    const stored = await tx(ctx, (trx) => this.networkParametersIn(trx));
    return {
      parameters: resolveParameters(stored, null),
      defaults: DEFAULT_CAPACITY_PARAMETERS,
      info: PARAMETER_INFO,
    };
  }

  async putNetworkParameters(ctx: Ctx, input: CapacityParameters) {
    const actor = requireActor(ctx);
    await tx(ctx, async (trx) => {
      await setNetworkSetting(trx, NETWORK_PARAMETERS_SETTING, input, actor.userId);
      await recordAudit(trx, ctx, {
        action: 'access.parameters.network',
        targetType: 'network_setting',
        targetId: NETWORK_PARAMETERS_SETTING,
        details: { ...input },
      });
    });
    return this.networkParameters(ctx);
  }

  async putCenterParameters(
    ctx: Ctx,
    centerId: string,
    input: Record<string, number | null | undefined>,
  ): Promise<S.CenterCapacity> {
    const actor = requireActor(ctx);
    await tx(ctx, async (trx) => {
      await this.managedCenterOr404(trx, ctx, centerId, 'write');
      const current = await trx
        .selectFrom('center_access_parameters')
        .select('parameters')
        .where('center_id', '=', centerId)
        .executeTakeFirst();
      const next: CapacityOverrides = { ...((current?.parameters as CapacityOverrides | undefined) ?? {}) };
      for (const [k, v] of Object.entries(input)) {
        if (v === undefined) continue;
        if (v === null) delete next[k as keyof CapacityOverrides];
        else next[k as keyof CapacityOverrides] = v;
      }
      // The merged values must still make sense together (e.g. leave cannot exceed working days).
      const merged = resolveParameters(await this.networkParametersIn(trx), next);
      if (capacityPerFte(merged).childrenPerFte <= 0)
        throw AppError.validation([
          {
            path: 'leaveDaysPerYear',
            message: 'leaves no working time: the days off add up to the working days or more',
          },
        ]);
      await trx
        .insertInto('center_access_parameters')
        .values({ center_id: centerId, parameters: JSON.stringify(next), updated_by: actor.userId })
        .onConflict((oc) =>
          oc.column('center_id').doUpdateSet({
            parameters: JSON.stringify(next),
            updated_by: actor.userId,
            updated_at: new Date(),
          }),
        )
        .execute();
      await recordAudit(trx, ctx, {
        action: 'access.parameters.center',
        targetType: 'center',
        targetId: centerId,
        centerId,
        details: { ...next },
      });
    });
    return this.centerCapacity(ctx, centerId);
  }

  private async networkParametersIn(trx: Trx): Promise<Partial<CapacityParameters> | null> {
    const stored = await getNetworkSetting<unknown>(trx, NETWORK_PARAMETERS_SETTING, null);
    if (stored === null) return null;
    const parsed = ZCapacityParameters.partial().safeParse(stored);
    return parsed.success ? parsed.data : null;
  }

  /**
   * The center, if the caller may read (its staff who manage it, or a network administrator) or
   * write (its director, or a network administrator) its access data; otherwise 404.
   */
  private async managedCenterOr404(trx: Trx, ctx: Ctx, centerId: string, _mode: 'read' | 'write') {
    const actor = requireActor(ctx);
    const allowed =
      hasRole(actor, 'network_admin') || centersWhere(actor, 'center_director').includes(centerId);
    const center = allowed
      ? await trx.selectFrom('center').select(['id', 'name']).where('id', '=', centerId).executeTakeFirst()
      : undefined;
    if (!center) throw AppError.notFound('The center');
    return center;
  }
}

// Helpers ---------------------------------------------------------------------------------------

const pick = (p: Period) => ({ key: p.key, label: p.label, from: p.from, to: p.to });

function centerRow(c: CenterAccess, own: boolean): S.GapRow {
  return {
    level: 'center',
    key: c.centerId,
    label: c.name,
    state: c.state,
    chapter: c.chapterName,
    centers: 1,
    centersWithData: c.figures.source === 'none' ? 0 : 1,
    own,
    figures: c.figures,
    staff: c.staff,
    suppressed: [],
    trend: c.trend.map((p) => ({
      month: p.month,
      referred: p.referred,
      started: p.started,
      waitingEnd: p.waitingEnd,
      capacity: p.capacity,
      centersWithData: p.source === 'none' ? 0 : 1,
    })),
  };
}

function areaRow(level: S.Level, a: AreaAccess, state: string | null, chapter: string | null): S.GapRow {
  return {
    level,
    key: a.key,
    label: a.label,
    state,
    chapter,
    centers: a.centers,
    centersWithData: a.centersWithData,
    own: false,
    figures: a.figures,
    staff: a.staff,
    suppressed: [],
    trend: a.trend,
  };
}

/**
 * An area's row as a director may see it: every figure whose part from other centers (the area
 * minus the director's own centers) is a small count, or comes from fewer than two other centers,
 * is hidden (null, and named in `suppressed`), with the figures derived from it.
 */
export function suppressAgainstOwn(
  row: S.GapRow,
  own: readonly CenterAccess[],
  members: number,
  minimum: number,
): S.GapRow {
  const others = members - own.length;
  const out: S.GapRow = structuredClone(row);
  const hide = new Set<string>();
  const small = (v: number) => v > 0 && v < minimum;
  if (others < 2) {
    for (const k of Object.keys(out.figures)) if (k !== 'source' && k !== 'monthsWithData') hide.add(k);
    for (const k of [...STAFF_FIELDS, 'trainedFte', 'fteEstimated', 'byModel']) hide.add(k);
    hide.add('trend');
  } else {
    const ownSum = (pick: (c: CenterAccess) => number | null) => own.reduce((s, c) => s + (pick(c) ?? 0), 0);
    for (const f of COUNT_FIELDS) {
      const v = out.figures[f];
      if (v !== null && small(v - ownSum((c) => c.figures[f]))) {
        hide.add(f);
        for (const d of DEPENDENT[f] ?? []) hide.add(d);
      }
    }
    for (const f of STAFF_FIELDS) {
      const v = out.staff[f];
      if (v !== null && small(v - ownSum((c) => c.staff[f]))) {
        hide.add(f);
        for (const d of DEPENDENT[f] ?? []) hide.add(d);
      }
    }
    const byModel: Record<string, number> = {};
    for (const [m, n] of Object.entries(out.staff.byModel)) {
      const d = n - ownSum((c) => c.staff.byModel[m] ?? 0);
      if (!small(d)) byModel[m] = n;
    }
    out.staff.byModel = byModel;
    // Month by month, the same rule on the trend's counts.
    out.trend = out.trend.map((p, i) => {
      const q = { ...p };
      for (const f of ['referred', 'started', 'waitingEnd'] as const) {
        const v = q[f];
        if (v !== null && small(v - own.reduce((s, c) => s + (c.trend[i]?.[f] ?? 0), 0))) q[f] = null;
      }
      return q;
    });
  }
  for (const k of hide) {
    if (k in out.figures) (out.figures as Record<string, unknown>)[k] = null;
    if (k === 'byModel') out.staff.byModel = {};
    else if (k in out.staff) (out.staff as Record<string, unknown>)[k] = null;
  }
  if (hide.has('trend'))
    out.trend = out.trend.map((p) => ({
      ...p,
      referred: null,
      started: null,
      waitingEnd: null,
      capacity: null,
    }));
  out.suppressed = [...hide].sort();
  return out;
}

function toMonth(r: ReportedMonthRow): S.AccessMonth {
  return {
    centerId: r.center_id,
    month: r.month.slice(0, 7),
    referred: r.referred,
    started: r.started,
    waitingEnd: r.waiting_end,
    referredOut: r.referred_out,
    neverServed: r.never_served,
    medianWaitDays: r.median_wait_days === null ? null : Number(r.median_wait_days),
    source: r.source,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

async function upsertMonth(
  trx: Trx,
  centerId: string,
  month: string,
  input: S.AccessMonthInput,
  source: 'form' | 'import',
  userId: string,
): Promise<void> {
  const values = {
    referred: input.referred,
    started: input.started,
    waiting_end: input.waitingEnd,
    referred_out: input.referredOut,
    never_served: input.neverServed,
    median_wait_days: input.medianWaitDays,
    source,
    updated_by: userId,
    updated_at: new Date(),
  };
  await trx
    .insertInto('access_month')
    .values({ center_id: centerId, month, ...values })
    .onConflict((oc) => oc.columns(['center_id', 'month']).doUpdateSet(values))
    .execute();
}

type ParsedRecord =
  | { ok: true; month: string; input: S.AccessMonthInput }
  | { ok: false; problems: { column: string; message: string }[] };

/** One CSV record of monthly demand: every column checked, every problem named. */
export function parseMonthRecord(r: Record<string, string>): ParsedRecord {
  const problems: { column: string; message: string }[] = [];
  const month = (r.month ?? '').trim();
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
    problems.push({ column: 'month', message: 'must be a month in the form YYYY-MM' });
  const int = (column: string, required: boolean): number | null => {
    const raw = (r[column] ?? '').trim();
    if (raw === '') {
      if (required) problems.push({ column, message: 'is required' });
      return null;
    }
    if (!/^\d+$/.test(raw) || Number(raw) > 100_000) {
      problems.push({ column, message: 'must be a whole number from 0 to 100,000' });
      return null;
    }
    return Number(raw);
  };
  const referred = int('referred', true);
  const started = int('started', true);
  const waitingEnd = int('waiting_end', true);
  const referredOut = int('referred_out', false);
  const neverServed = int('never_served', false);
  const rawWait = (r.median_wait_days ?? '').trim();
  let medianWaitDays: number | null = null;
  if (rawWait !== '') {
    const n = Number(rawWait);
    if (!/^\d+(\.\d)?$/.test(rawWait) || n > 3650)
      problems.push({
        column: 'median_wait_days',
        message: 'must be a number of days from 0 to 3650, at most one decimal',
      });
    else medianWaitDays = n;
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    month,
    input: {
      referred: referred!,
      started: started!,
      waitingEnd: waitingEnd!,
      referredOut,
      neverServed,
      medianWaitDays,
    },
  };
}
