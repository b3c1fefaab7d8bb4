/**
 * The access gap through the API on a hand-made network whose figures are worked out below: a
 * center that records episodes, one that reports months by form, one that imports them from CSV,
 * one without data, and one in another state. Directors see their center, and the areas around it
 * with what would reveal another center's small count hidden.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GapResponse, GapRow } from '../../src/server/modules/access/access.schemas.js';
import { expectError } from '../helpers/identity.js';
import { insertCohort, insertEnrollment, modelIdOf } from '../helpers/learning.js';
import { buildTestApp, type Session, type TestApp } from '../helpers/test-app.js';

/**
 * (260 - 15 - 11 - 6 - 8) days x 8 h x (1 - 0.25) = 1,320 h a year; a child takes 14 x 1.25 + 10 =
 * 27.5 h: 48 children a year per FTE.
 */
const NETWORK = {
  workingDaysPerYear: 260,
  leaveDaysPerYear: 15,
  holidaysPerYear: 11,
  sickDaysPerYear: 6,
  trainingDaysPerYear: 8,
  hoursPerDay: 8,
  otherDutiesShare: 0.25,
  sessionsPerChild: 14,
  hoursPerSession: 1.25,
  otherHoursPerChild: 10,
  defaultTreatmentFte: 0.8,
};

describe('access gap', () => {
  let t: TestApp;
  let admin: Session;
  let directorA: Session;
  const centers: Record<'A' | 'B' | 'C' | 'D' | 'E', string> = { A: '', B: '', C: '', D: '', E: '' };
  const people: Record<string, string> = {};

  const put = (s: Session, url: string, payload: unknown) =>
    s.request({ method: 'PUT', url, payload: payload as object });
  const gap = async (s: Session, query: string) => {
    const res = await s.get(`/api/v1/access/gap?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<GapResponse>();
  };
  const row = (r: GapResponse, key: string): GapRow => {
    const found = r.rows.find((x) => x.key === key);
    expect(found, `row ${key} in ${r.rows.map((x) => x.key).join(', ')}`).toBeDefined();
    return found!;
  };

  beforeAll(async () => {
    t = await buildTestApp();
    centers.A = await t.createCenter({ name: 'Alpha CAC', state: 'TX' });
    centers.B = await t.createCenter({ name: 'Beta CAC', state: 'TX' });
    centers.C = await t.createCenter({ name: 'Gamma CAC', state: 'TX' });
    centers.D = await t.createCenter({ name: 'Delta CAC', state: 'TX' });
    centers.E = await t.createCenter({ name: 'Echo CAC', state: 'OK' });
    admin = await t.signIn('network_admin');
    directorA = await t.signIn('center_director', { centerId: centers.A });

    // Clinicians; a1, b1, c1 and e1 completed a TF-CBT collaborative, a2 did not.
    const model = await modelIdOf(t, 'TF-CBT');
    const cohort = await insertCohort(t, { modelId: model, status: 'completed' });
    for (const [name, center, trained] of [
      ['a1', 'A', true],
      ['a2', 'A', false],
      ['b1', 'B', true],
      ['c1', 'C', true],
      ['e1', 'E', true],
    ] as const) {
      const user = await t.createUser({ role: 'clinician', centerId: centers[center] });
      people[name] = user.id;
      if (trained)
        await insertEnrollment(t, {
          cohortId: cohort,
          userId: user.id,
          centerId: centers[center],
          status: 'completed',
        });
    }
    expect((await put(admin, '/api/v1/access/parameters', NETWORK)).statusCode).toBe(200);
    // Recorded FTEs: a1 full time (by A's director), b1 half time, e1 full time; c1 has none (0.8).
    expect(
      (await put(directorA, `/api/v1/centers/${centers.A}/capacity/${people.a1}`, { treatmentFte: 1 }))
        .statusCode,
    ).toBe(200);
    expect(
      (await put(admin, `/api/v1/centers/${centers.B}/capacity/${people.b1}`, { treatmentFte: 0.5 }))
        .statusCode,
    ).toBe(200);
    expect(
      (await put(admin, `/api/v1/centers/${centers.E}/capacity/${people.e1}`, { treatmentFte: 1 }))
        .statusCode,
    ).toBe(200);

    // A records episodes. Waiting at each month's end: December 1; January 1 + 3 - 2 = 2; February
    // 2 + 1 - 1 = 2; March 2 + 1 - 2 = 1. Waits of the five started in Q1: 15, 10, 30, 30, 2.
    const episodes: [string, string | null][] = [
      ['2024-12-20', '2025-01-04'],
      ['2025-01-05', '2025-01-15'],
      ['2025-01-10', '2025-02-09'],
      ['2025-01-20', null],
      ['2025-02-01', '2025-03-03'],
      ['2025-03-10', '2025-03-12'],
    ];
    await t.db.scoped({ purpose: 'system', allCenters: true }, async (trx) => {
      let n = 0;
      for (const [referredOn, startedOn] of episodes)
        await trx
          .insertInto('episode')
          .values({
            center_id: centers.A,
            clinician_id: people.a1!,
            case_code: `GAP-${++n}`,
            age_years: 10,
            model_id: model,
            referred_on: referredOn,
            started_on: startedOn,
          })
          .execute();
    });

    // B reports by form; C imports a file; E reports January only.
    for (const [month, referred, started, waitingEnd, medianWaitDays] of [
      ['2025-01', 20, 15, 30, 40],
      ['2025-02', 22, 18, 34, 50],
      ['2025-03', 18, 20, 32, 45],
    ] as const) {
      const res = await put(admin, `/api/v1/centers/${centers.B}/access-months/${month}`, {
        referred,
        started,
        waitingEnd,
        referredOut: 2,
        medianWaitDays,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const csv = 'Month,Referred,Started,Waiting End\n2025-01,10,8,12\n2025-02,10,9,13\n2025-03,10,10,13\n';
    const imported = await admin.request({
      method: 'POST',
      url: `/api/v1/centers/${centers.C}/access-months/import`,
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toEqual({ accepted: 3, created: 3, updated: 0 });
    expect(
      (
        await put(admin, `/api/v1/centers/${centers.E}/access-months/2025-01`, {
          referred: 7,
          started: 5,
          waitingEnd: 9,
        })
      ).statusCode,
    ).toBe(201);
  });

  afterAll(async () => t?.close());

  it('gives each center its demand, capacity and gap, saying where the demand comes from', async () => {
    const r = await gap(admin, 'level=center&period=2025-Q1&trendMonths=4');
    expect(r.period).toEqual({ key: '2025-Q1', label: '2025 Q1', from: '2025-01-01', to: '2025-03-31' });
    // A: 5 referred in 3 months = 20 a year; one trained FTE = 48; the median wait 15.
    expect(row(r, centers.A).figures).toEqual({
      demandPerYear: 20,
      capacityPerYear: 48,
      gapPerYear: -28,
      referred: 5,
      started: 5,
      waitingEnd: 1,
      referredOut: null,
      neverServed: null,
      medianWaitDays: 15,
      source: 'episodes',
      monthsWithData: 3,
    });
    expect(row(r, centers.A).trend.map((p) => [p.month, p.referred, p.waitingEnd])).toEqual([
      ['2024-12-01', 1, 1],
      ['2025-01-01', 3, 2],
      ['2025-02-01', 1, 2],
      ['2025-03-01', 1, 1],
    ]);
    expect(row(r, centers.A).staff).toMatchObject({
      clinicians: 2,
      trained: 1,
      trainedFte: 1,
      byModel: { 'TF-CBT': 1 },
    });
    // B: 60 in 3 months = 240 a year; 0.5 FTE = 24. Waits 40, 50, 45 weighted by 15, 18, 20 started: 45.
    expect(row(r, centers.B).figures).toMatchObject({
      demandPerYear: 240,
      capacityPerYear: 24,
      gapPerYear: 216,
      waitingEnd: 32,
      referredOut: 6,
      medianWaitDays: 45,
      source: 'reported',
    });
    // C: 30 in 3 months = 120 a year; no recorded FTE, so 0.8 x 48 = 38.4.
    expect(row(r, centers.C).figures).toMatchObject({
      demandPerYear: 120,
      gapPerYear: 81.6,
      source: 'reported',
    });
    expect(row(r, centers.C).figures.capacityPerYear).toBeCloseTo(38.4, 10);
    expect(row(r, centers.C).staff.fteEstimated).toBe(1);
    expect(row(r, centers.D).figures).toMatchObject({
      demandPerYear: null,
      capacityPerYear: 0,
      gapPerYear: null,
      source: 'none',
    });
    // E reported January only: 7 a year x 12 = 84.
    expect(row(r, centers.E).figures).toMatchObject({
      demandPerYear: 84,
      capacityPerYear: 48,
      gapPerYear: 36,
      monthsWithData: 1,
    });
  });

  it('sums states and the nation', async () => {
    const states = await gap(admin, 'level=state&period=2025-Q1');
    expect(states.rows.map((x) => x.key)).toEqual(['OK', 'TX']);
    const tx = row(states, 'TX');
    expect(tx).toMatchObject({ centers: 4, centersWithData: 3 });
    expect(tx.figures).toMatchObject({
      demandPerYear: 380,
      referred: 95,
      waitingEnd: 46,
      source: 'mixed',
      medianWaitDays: 45,
    });
    expect(tx.figures.capacityPerYear).toBeCloseTo(110.4, 10);
    expect(tx.figures.gapPerYear).toBeCloseTo(269.6, 10);
    const [nation] = (await gap(admin, 'level=nation&period=2025-Q1')).rows;
    expect(nation!.figures.demandPerYear).toBe(464);
    expect(nation!.figures.gapPerYear).toBeCloseTo(305.6, 10);
    // One state only.
    expect((await gap(admin, 'level=center&period=2025-Q1&state=OK')).rows.map((x) => x.key)).toEqual([
      centers.E,
    ]);
  });

  it("shows a director their center, and their state without other centers' small counts", async () => {
    const own = await gap(directorA, 'level=center&period=2025-Q1');
    expect(own.rows.map((x) => [x.key, x.own])).toEqual([[centers.A, true]]);
    expect(own.rows[0]!.figures.demandPerYear).toBe(20);

    const state = await gap(directorA, 'level=state&period=2025-Q1');
    expect(state.rows.map((x) => x.key)).toEqual(['TX']);
    const tx = state.rows[0]!;
    // Other centers add 90 referrals (shown) but only 6 referred out, 2 clinicians and 2 trained
    // (hidden): A's director could subtract their own figures and read them.
    expect(tx.figures).toMatchObject({
      demandPerYear: 380,
      referred: 95,
      referredOut: null,
      capacityPerYear: null,
      gapPerYear: null,
    });
    expect(tx.staff).toMatchObject({ clinicians: null, trained: null, byModel: {} });
    expect(tx.suppressed).toEqual(
      expect.arrayContaining(['referredOut', 'clinicians', 'trained', 'capacityPerYear', 'gapPerYear']),
    );
    // Not another state, not another center.
    expect((await gap(directorA, 'level=state&period=2025-Q1&state=OK')).rows).toEqual([]);
    expectError(
      await directorA.get(`/api/v1/access/gap?level=center&centerId=${centers.B}`),
      404,
      'NOT_FOUND',
    );
  });

  it('hides every figure of an area where fewer than two other centers contribute', async () => {
    const directorE = await t.signIn('center_director', { centerId: centers.E });
    const [ok] = (await gap(directorE, 'level=state&period=2025-Q1')).rows;
    expect(ok!.key).toBe('OK');
    expect(ok!.figures).toMatchObject({
      demandPerYear: null,
      referred: null,
      waitingEnd: null,
      capacityPerYear: null,
    });
    expect(ok!.trend.every((p) => p.referred === null && p.capacity === null)).toBe(true);
  });

  it('explains the capacity of a center person by person', async () => {
    const res = await directorA.get(`/api/v1/centers/${centers.A}/capacity`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{
      breakdown: { childrenPerFte: number; hoursPerChild: number };
      people: { userId: string; trained: boolean; fteCounted: number; childrenPerYear: number }[];
      capacityPerYear: number;
    }>();
    expect(body.breakdown).toMatchObject({ childrenPerFte: 48, hoursPerChild: 27.5 });
    expect(body.people.map((p) => [p.userId, p.trained, p.fteCounted, p.childrenPerYear]).sort()).toEqual(
      [
        [people.a1, true, 1, 48],
        [people.a2, false, 0.8, 0],
      ].sort(),
    );
    expect(body.capacityPerYear).toBe(48);

    // A center's own parameter, then back to the network's.
    const own = await put(directorA, `/api/v1/centers/${centers.A}/access-parameters`, {
      sessionsPerChild: 20,
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json<{ breakdown: { hoursPerChild: number }; overrides: object }>()).toMatchObject({
      breakdown: { hoursPerChild: 35 },
      overrides: { sessionsPerChild: 20 },
    });
    const back = await put(directorA, `/api/v1/centers/${centers.A}/access-parameters`, {
      sessionsPerChild: null,
    });
    expect(back.json<{ breakdown: { childrenPerFte: number }; overrides: object }>()).toMatchObject({
      breakdown: { childrenPerFte: 48 },
      overrides: {},
    });
  });

  it('refuses bad capacity and parameters, naming the field', async () => {
    const fte = expectError(
      await put(directorA, `/api/v1/centers/${centers.A}/capacity/${people.a1}`, { treatmentFte: 1.5 }),
      400,
      'VALIDATION_FAILED',
    );
    expect(fte.details?.map((d) => d.path)).toEqual(['treatmentFte']);
    const dates = expectError(
      await put(directorA, `/api/v1/centers/${centers.A}/capacity/${people.a1}`, {
        treatmentFte: 1,
        startedOn: '2025-05-01',
        leftOn: '2025-01-01',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(dates.details?.map((d) => d.path)).toEqual(['leftOn']);
    // Someone who does not work at the center, and another center's clinician.
    expectError(
      await put(directorA, `/api/v1/centers/${centers.A}/capacity/${people.b1}`, { treatmentFte: 1 }),
      404,
      'NOT_FOUND',
    );
    const noTime = expectError(
      await put(directorA, `/api/v1/centers/${centers.A}/access-parameters`, {
        leaveDaysPerYear: 100,
        sickDaysPerYear: 60,
        trainingDaysPerYear: 60,
        holidaysPerYear: 40,
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(noTime.details?.map((d) => d.path)).toEqual(['leaveDaysPerYear']);
    const unknown = expectError(
      await put(directorA, `/api/v1/centers/${centers.A}/access-parameters`, { sessionsPerKid: 3 }),
      400,
      'VALIDATION_FAILED',
    );
    expect(unknown.message).toContain('sessionsPerKid');
  });

  it('refuses a future month and a bad file, and changes nothing', async () => {
    const future = expectError(
      await put(directorA, `/api/v1/centers/${centers.A}/access-months/2099-01`, {
        referred: 1,
        started: 1,
        waitingEnd: 1,
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(future.details?.map((d) => d.path)).toEqual(['month']);
    const negative = expectError(
      await put(directorA, `/api/v1/centers/${centers.A}/access-months/2025-04`, {
        referred: -1,
        started: 1,
        waitingEnd: 1,
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(negative.details?.map((d) => d.path)).toEqual(['referred']);

    const importCsv = (payload: string) =>
      directorA.request({
        method: 'POST',
        url: `/api/v1/centers/${centers.A}/access-months/import`,
        headers: { 'content-type': 'text/csv' },
        payload,
      });
    // A column that is not in the file format (a child's name) refuses the file before any row.
    const column = expectError(
      await importCsv('month,referred,started,waiting_end,child_name\n2025-04,1,1,1,Ann\n'),
      400,
      'VALIDATION_FAILED',
    );
    expect(column.details).toEqual([expect.objectContaining({ path: 'column child_name' })]);
    // One bad row among good ones: every problem named by line and column, nothing written.
    const rows = expectError(
      await importCsv('month,referred,started,waiting_end\n2025-04,3,2,1\n2025-13,x,2,\n2025-04,1,1,1\n'),
      400,
      'VALIDATION_FAILED',
    );
    expect(rows.details?.map((d) => d.path)).toEqual([
      'line 3: month',
      'line 3: referred',
      'line 3: waiting_end',
      'line 4: month',
    ]);
    const months = await directorA.get(`/api/v1/centers/${centers.A}/access-months?from=2025-01&to=2025-12`);
    expect(months.json<{ items: unknown[] }>().items).toEqual([]);

    // The same good file twice: created, then replaced with the same values.
    const good = 'month,referred,started,waiting_end,median_wait_days\n2025-04,3,2,1,12.5\n';
    expect((await importCsv(good)).json()).toEqual({ accepted: 1, created: 1, updated: 0 });
    expect((await importCsv(good)).json()).toEqual({ accepted: 1, created: 0, updated: 1 });
    const after = await directorA.get(`/api/v1/centers/${centers.A}/access-months?from=2025-01&to=2025-12`);
    expect(
      after.json<{ items: { month: string; medianWaitDays: number; source: string }[] }>().items,
    ).toEqual([expect.objectContaining({ month: '2025-04', medianWaitDays: 12.5, source: 'import' })]);
    // A reported month replaces the episodes for that month only.
    const april = row(await gap(admin, 'level=center&period=2025-04'), centers.A);
    expect(april.figures).toMatchObject({ referred: 3, source: 'reported' });
  });

  it('follows an episode whose first session a clinician records later, under row-level security', async () => {
    // GAP-4 (referred 20 January, waiting) starts on 20 March: Q1 now has 6 first sessions and
    // nobody waiting at the end of March. The clinician's own transaction writes the monthly flows.
    const update = (startedOn: string | null) =>
      t.db.scoped({ purpose: 'user', userId: people.a1!, centerIds: [centers.A] }, (trx) =>
        trx
          .updateTable('episode')
          .set({ started_on: startedOn })
          .where('center_id', '=', centers.A)
          .where('case_code', '=', 'GAP-4')
          .execute(),
      );
    await update('2025-03-20');
    try {
      const a = row(await gap(admin, 'level=center&period=2025-Q1&trendMonths=4'), centers.A);
      expect(a.figures).toMatchObject({ referred: 5, started: 6, waitingEnd: 0 });
      expect(a.trend.map((p) => p.waitingEnd)).toEqual([1, 2, 2, 0]);
    } finally {
      await update(null);
    }
    const back = row(await gap(admin, 'level=center&period=2025-Q1'), centers.A);
    expect(back.figures).toMatchObject({ started: 5, waitingEnd: 1 });
  });

  describe('plans', () => {
    interface Suggested {
      input: {
        seatBudget: number;
        cohorts: { id: string; quarter: number; states: string[]; seatCap: number }[];
        centers: {
          id: string;
          unmetDemandPerYear: number;
          trainedClinicians: number;
          waitDays: number | null;
        }[];
      };
      excluded: number;
    }
    interface Plan {
      summary: {
        id: string;
        name: string;
        reached: number;
        reachedProportional: number;
        reachedFirstCome: number;
      };
      result: {
        scenarios: Record<
          'low' | 'expected' | 'high',
          { reachedTotal: number; allocation: { centerId: string; seats: number }[] }
        >;
      };
    }

    it('suggests a request from the gap: centers with data, their unmet demand, a 12-cohort calendar', async () => {
      const res = await admin.get('/api/v1/plans/suggested?period=2025-Q1');
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<Suggested>();
      // Delta has no demand data; A has spare capacity (gap -28), so no unmet demand.
      expect(body.excluded).toBe(1);
      const byId = new Map(body.input.centers.map((c) => [c.id, c]));
      expect([...byId.keys()].sort()).toEqual([centers.A, centers.B, centers.C, centers.E].sort());
      expect(byId.get(centers.A)).toMatchObject({
        unmetDemandPerYear: 0,
        trainedClinicians: 1,
        waitDays: 15,
      });
      expect(byId.get(centers.B)).toMatchObject({ unmetDemandPerYear: 216, waitDays: 45 });
      expect(byId.get(centers.C)!.unmetDemandPerYear).toBeCloseTo(81.6, 5);
      expect(body.input.seatBudget).toBe(2000);
      expect(body.input.cohorts).toHaveLength(12);
      expect(body.input.cohorts.reduce((s, c) => s + c.seatCap, 0)).toBe(2000);
      expect(body.input.cohorts.map((c) => c.quarter)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    });

    it('solves, keeps, lists and deletes a plan; seats go where children wait', async () => {
      const { input } = (await admin.get('/api/v1/plans/suggested?period=2025-Q1')).json<Suggested>();
      const small = {
        ...input,
        seatBudget: 6,
        cohorts: input.cohorts.map((c) => ({ ...c, seatCap: c.quarter < 4 ? 3 : 0 })),
      };
      const created = await admin.post('/api/v1/plans', { name: 'Q1 test', input: small });
      expect(created.statusCode, created.body).toBe(201);
      const plan = created.json<Plan>();
      expect(plan.summary.name).toBe('Q1 test');
      // Never worse than either simple policy, and no seat for A, which has no unmet demand.
      expect(plan.summary.reached).toBeGreaterThanOrEqual(plan.summary.reachedProportional);
      expect(plan.summary.reached).toBeGreaterThanOrEqual(plan.summary.reachedFirstCome);
      const seats = plan.result.scenarios.expected.allocation;
      expect(seats.filter((a) => a.centerId === centers.A && a.seats > 0)).toEqual([]);
      expect(seats.reduce((s, a) => s + a.seats, 0)).toBeLessThanOrEqual(6);
      expect(plan.result.scenarios.low.reachedTotal).toBeLessThanOrEqual(
        plan.result.scenarios.high.reachedTotal,
      );

      const list = (await admin.get('/api/v1/plans')).json<{ items: { id: string }[] }>();
      expect(list.items.map((p) => p.id)).toContain(plan.summary.id);
      expect((await admin.get(`/api/v1/plans/${plan.summary.id}`)).statusCode).toBe(200);
      expect((await admin.del(`/api/v1/plans/${plan.summary.id}`)).statusCode).toBe(204);
      expectError(await admin.get(`/api/v1/plans/${plan.summary.id}`), 404, 'NOT_FOUND');
    });

    it('refuses a bad request naming the field under input, and saves nothing', async () => {
      const before = (await admin.get('/api/v1/plans')).json<{ items: unknown[] }>().items.length;
      const { input } = (await admin.get('/api/v1/plans/suggested?period=2025-Q1')).json<Suggested>();
      const bad = { ...input, cohorts: input.cohorts.map((c, i) => (i === 3 ? { ...c, quarter: 99 } : c)) };
      const err = expectError(
        await admin.post('/api/v1/plans', { name: 'Bad', input: bad }),
        400,
        'VALIDATION_FAILED',
      );
      expect(err.details?.map((d) => d.path)).toContain('input.cohorts.3.quarter');
      const unknown = expectError(
        await admin.post('/api/v1/plans', { name: 'Bad', input: { ...input, seats: 5 } }),
        400,
        'VALIDATION_FAILED',
      );
      expect(unknown.message).toContain('seats');
      expect((await admin.get('/api/v1/plans')).json<{ items: unknown[] }>().items).toHaveLength(before);
    });
  });
});
