/**
 * The demo network's care records (seed/care-demo.ts), seeded as `waymark seed` and the demo server
 * seed them: enough of every kind for the pages to show something true to life, every stored total
 * the real scoring of its stored answers, alerts exactly where the service would raise them, and
 * the demo clinician and director seeing their own caseloads and nothing of another center.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { DEMO_LICENSED_INSTRUMENT } from '../../src/server/db/seed/care-demo.js';
import { seedDemo } from '../../src/server/db/seed/seed.js';
import { getInstrument } from '../../src/server/modules/care/instruments/index.js';
import type { ItemResponses } from '../../src/server/modules/care/instruments/types.js';
import { reliableChangeIndex, seriesOutcome } from '../../src/server/modules/care/outcomes.js';
import { scoreResponses, scoreTotal } from '../../src/server/modules/care/scoring.js';
import {
  cookieFrom,
  createTestDatabase,
  makeSession,
  TEST_PASSWORD,
  testPasswordHash,
  type Session,
  type TestDatabase,
} from '../helpers/test-app.js';

interface Administration {
  id: string;
  episode_id: string;
  instrument: string;
  phase: 'baseline' | 'mid_treatment' | 'end' | 'follow_up';
  respondent: string;
  administered_on: string;
  total_score: string;
  item_responses: ItemResponses | null;
  subscales: { code: string; score: number | null }[] | null;
  band: string | null;
  prorated: boolean;
  case_code: string;
  center_id: string;
  clinician_id: string;
  ended_on: string | null;
  discharge_reason: string | null;
}

interface Alert {
  kind: 'self_harm' | 'not_on_track';
  episode_id: string;
  clinician_id: string;
  administration_id: string | null;
  instrument: string;
  acknowledged_at: Date | null;
}

interface EpisodeItem {
  id: string;
  centerId: string;
  clinicianId: string;
  caseCode: string;
  ageYears: number;
  status: 'waiting' | 'active' | 'closed';
  openAlerts: number;
  notOnTrack: boolean;
  due: { phase: string } | null;
}

describe('demo care data', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let seeded: Awaited<ReturnType<typeof seedDemo>>;
  let administrations: Administration[];
  let alerts: Alert[];
  let demo: { id: string; centerId: string };
  let clinician: Session;
  let director: Session;

  const system = { purpose: 'system', allCenters: true } as const;

  async function login(email: string): Promise<Session> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: TEST_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    const cookie = cookieFrom(response)!;
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    return makeSession(
      app,
      { id: me.json<{ user: { id: string } }>().user.id, email },
      cookie,
      response.json<{ csrfToken: string }>().csrfToken,
    );
  }

  async function episodesOf(session: Session): Promise<EpisodeItem[]> {
    const response = await session.get('/api/v1/episodes?pageSize=500');
    expect(response.statusCode).toBe(200);
    const body = response.json<{ items: EpisodeItem[]; total: number }>();
    expect(body.items).toHaveLength(body.total);
    return body.items;
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    seeded = await seedDemo(t.db, { demoPasswordHash: await testPasswordHash(), config: t.config });
    administrations = await t.db.scoped(system, (trx) =>
      sql<Administration>`
        select a.id, a.episode_id, a.instrument, a.phase, a.respondent, a.administered_on, a.total_score,
          a.item_responses, a.subscales, a.band, a.prorated, e.case_code, e.center_id, e.clinician_id,
          e.ended_on, e.discharge_reason
        from measure_administration a join episode e on e.id = a.episode_id
        order by a.episode_id, a.instrument, a.administered_on`
        .execute(trx)
        .then((r) => r.rows),
    );
    alerts = await t.db.scoped(system, (trx) =>
      trx
        .selectFrom('care_alert')
        .select(['kind', 'episode_id', 'clinician_id', 'administration_id', 'instrument', 'acknowledged_at'])
        .execute(),
    );
    const row = await t.db.scoped(system, (trx) =>
      trx
        .selectFrom('app_user as u')
        .innerJoin('membership as m', 'm.user_id', 'u.id')
        .select(['u.id', 'm.center_id'])
        .where('u.email', '=', 'clinician@demo.waymark.test')
        .executeTakeFirstOrThrow(),
    );
    demo = { id: row.id, centerId: row.center_id! };
    app = await buildApp({
      config: t.config,
      db: t.db,
      logger: pino({ level: 'silent' }),
      webRoot: null,
      mailTransport: null,
      jobs: false,
    });
    await app.ready();
    clinician = await login('clinician@demo.waymark.test');
    director = await login('director@demo.waymark.test');
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await t?.destroy();
  });

  it('gives the network episodes, sessions and measures in realistic numbers', async () => {
    const { care } = seeded;
    expect(care.episodes).toBeGreaterThanOrEqual(300);
    expect(care.sessions).toBeGreaterThan(care.episodes * 4);
    expect(care.administrations).toBeGreaterThan(care.episodes);
    const counts = await t.db.scoped(system, (trx) =>
      sql<{ episodes: number; sessions: number; administrations: number; centers: number }>`
        select (select count(*) from episode where case_code like 'C-%')::int as episodes,
          (select count(*) from episode_session s join episode e on e.id = s.episode_id
            where e.case_code like 'C-%')::int as sessions,
          (select count(*) from measure_administration a join episode e on e.id = a.episode_id
            where e.case_code like 'C-%')::int as administrations,
          (select count(distinct center_id) from episode where case_code like 'C-%')::int as centers`
        .execute(trx)
        .then((r) => r.rows[0]!),
    );
    expect(counts).toEqual({
      episodes: care.episodes,
      sessions: care.sessions,
      administrations: care.administrations,
      centers: 60,
    });
  });

  it('gives the demo clinician a caseload of every kind, and codes, ages and components as a center would', async () => {
    const mine = (await episodesOf(clinician)).filter((e) => e.caseCode.startsWith('C-'));
    expect(mine.length).toBeGreaterThanOrEqual(15);
    for (const e of mine) {
      expect(e.caseCode).toMatch(/^C-20\d\d-\d{4}$/);
      expect(e.ageYears).toBeGreaterThanOrEqual(3);
      expect(e.ageYears).toBeLessThanOrEqual(17);
    }
    const statuses = new Set(mine.map((e) => e.status));
    expect(statuses).toEqual(new Set(['waiting', 'active', 'closed']));
    expect(mine.some((e) => e.due?.phase === 'mid_treatment')).toBe(true);
    expect(mine.some((e) => e.due?.phase === 'baseline')).toBe(true);
    expect(mine.some((e) => e.notOnTrack)).toBe(true);
    expect(mine.some((e) => e.openAlerts > 0)).toBe(true);

    // Sessions cover the model's components: every component of a TF-CBT session is a PRACTICE code.
    const components = await t.db.scoped(system, (trx) =>
      sql<{ code: string; components: string[] }>`
        select m.code, s.components from episode_session s join episode e on e.id = s.episode_id
        join training_model m on m.id = e.model_id where e.case_code like 'C-%'`
        .execute(trx)
        .then((r) => r.rows),
    );
    const practice = new Set(['P', 'P2', 'R', 'A', 'C', 'T', 'I', 'C2', 'E']);
    const tfcbt = components.filter((s) => s.code === 'TF-CBT');
    expect(tfcbt.length).toBeGreaterThan(components.length / 2);
    for (const s of tfcbt) {
      expect(s.components.length).toBeGreaterThan(0);
      for (const c of s.components) expect(practice.has(c)).toBe(true);
    }
    expect(new Set(tfcbt.flatMap((s) => s.components))).toEqual(practice);
  });

  it('stores every total as the scoring of its stored answers, and totals only for the licensed instrument', () => {
    const ours = administrations.filter((a) => a.case_code.startsWith('C-'));
    expect(ours.length).toBe(seeded.care.administrations);
    const codes = new Set(ours.map((a) => a.instrument));
    for (const code of ['CATS-SR', 'CATS-C3', 'PHQ-A', 'SMFQ-C']) expect(codes.has(code)).toBe(true);
    let prorated = 0;
    for (const a of ours) {
      const def = getInstrument(a.instrument)!;
      expect(def, a.instrument).toBeDefined();
      expect(a.respondent).toBe(def.respondent);
      if (a.item_responses === null) {
        expect(a.instrument).toBe(DEMO_LICENSED_INSTRUMENT);
        const scored = scoreTotal(def, Number(a.total_score));
        expect(scored.ok).toBe(true);
        if (scored.ok) expect(a.band).toBe(scored.result.band.code);
        continue;
      }
      const scored = scoreResponses(def, a.item_responses);
      expect(scored.ok, `${a.instrument} ${JSON.stringify(a.item_responses)}`).toBe(true);
      if (!scored.ok) continue;
      expect(Number(a.total_score)).toBe(scored.result.total);
      expect(a.band).toBe(scored.result.band.code);
      expect(a.prorated).toBe(scored.result.prorated);
      expect(a.subscales).toEqual(scored.result.subscales);
      if (a.prorated) prorated++;
    }
    // A few forms have an item left blank, which the scoring prorates.
    expect(prorated).toBeGreaterThan(0);
  });

  it('enables the licensed CPSS-5 at the demo center only, with one episode of entered totals', async () => {
    const enabled = await t.db.scoped(system, (trx) =>
      trx.selectFrom('center_instrument').select(['center_id', 'instrument']).execute(),
    );
    expect(enabled).toEqual([{ center_id: demo.centerId, instrument: DEMO_LICENSED_INSTRUMENT }]);
    const cpss = administrations.filter((a) => a.instrument === DEMO_LICENSED_INSTRUMENT);
    expect(new Set(cpss.map((a) => a.episode_id)).size).toBe(1);
    expect(cpss[0]!.center_id).toBe(demo.centerId);
    expect(cpss.map((a) => a.phase)).toEqual(expect.arrayContaining(['baseline', 'end']));
  });

  it('raises a self-harm alert for each PHQ-A item 9 answer above zero, and leaves open those of children in treatment', () => {
    const flagged = administrations.filter(
      (a) => a.instrument === 'PHQ-A' && a.item_responses && (a.item_responses.q9 ?? 0) > 0,
    );
    expect(flagged.length).toBeGreaterThanOrEqual(2);
    const selfHarm = alerts.filter((a) => a.kind === 'self_harm');
    expect(selfHarm.map((a) => a.administration_id).sort()).toEqual(flagged.map((a) => a.id).sort());
    const open = selfHarm.filter((a) => a.acknowledged_at === null);
    expect(open.length).toBeGreaterThanOrEqual(2);
    expect(open.some((a) => a.clinician_id === demo.id)).toBe(true);
    for (const a of open) {
      const administration = flagged.find((f) => f.id === a.administration_id)!;
      expect(administration.ended_on).toBeNull();
    }
  });

  it('flags "not on track" exactly where a mid-treatment total is reliably worse than the baseline', () => {
    const series = new Map<string, Administration[]>();
    for (const a of administrations.filter((x) => x.case_code.startsWith('C-'))) {
      const key = `${a.episode_id}|${a.instrument}|${a.respondent}`;
      series.set(key, [...(series.get(key) ?? []), a]);
    }
    const expected: string[] = [];
    for (const points of series.values()) {
      const def = getInstrument(points[0]!.instrument)!;
      const outcome = seriesOutcome(
        def,
        points.map((p) => ({
          id: p.id,
          administeredOn: p.administered_on,
          phase: p.phase,
          total: Number(p.total_score),
        })),
      );
      if (outcome.notOnTrackPointId) expected.push(outcome.notOnTrackPointId);
    }
    expect(expected.length).toBeGreaterThanOrEqual(2);
    const notOnTrack = alerts.filter((a) => a.kind === 'not_on_track');
    expect(notOnTrack.map((a) => a.administration_id).sort()).toEqual(expected.sort());
    expect(notOnTrack.some((a) => a.acknowledged_at === null && a.clinician_id === demo.id)).toBe(true);
  });

  it('has most completed children reliably improve, some not, and a few drop out', () => {
    const pairs = new Map<string, { pre?: number; post?: number }>();
    for (const a of administrations.filter(
      (x) => x.case_code.startsWith('C-') && x.instrument === 'CATS-SR',
    )) {
      const p = pairs.get(a.episode_id) ?? {};
      if (a.phase === 'baseline') p.pre = Number(a.total_score);
      if (a.phase === 'end') p.post = Number(a.total_score);
      pairs.set(a.episode_id, p);
    }
    const def = getInstrument('CATS-SR')!;
    const classes = [...pairs.values()]
      .filter((p) => p.pre !== undefined && p.post !== undefined)
      .map((p) => reliableChangeIndex(def, p.pre!, p.post!).classification);
    expect(classes.length).toBeGreaterThanOrEqual(50);
    const improved = classes.filter((c) => c === 'reliable_improvement').length / classes.length;
    expect(improved).toBeGreaterThan(0.55);
    expect(improved).toBeLessThan(0.95);
    const reasons = new Set(
      administrations.filter((a) => a.case_code.startsWith('C-')).map((a) => a.discharge_reason),
    );
    expect(reasons.has('dropped_out')).toBe(true);
  });

  it("shows the demo clinician their own episodes only, and another center's episode as not found", async () => {
    const mine = await episodesOf(clinician);
    expect(mine.length).toBeGreaterThan(0);
    for (const e of mine) expect(e.clinicianId).toBe(demo.id);
    const other = await t.db.scoped(system, (trx) =>
      trx
        .selectFrom('episode')
        .select('id')
        .where('center_id', '<>', demo.centerId)
        .where('case_code', 'like', 'C-%')
        .executeTakeFirstOrThrow(),
    );
    expect((await clinician.get(`/api/v1/episodes/${other.id}`)).statusCode).toBe(404);
    // A colleague's episode at the same center is not the demo clinician's either.
    const colleague = await t.db.scoped(system, (trx) =>
      trx
        .selectFrom('episode')
        .select('id')
        .where('center_id', '=', demo.centerId)
        .where('clinician_id', '<>', demo.id)
        .executeTakeFirstOrThrow(),
    );
    expect((await clinician.get(`/api/v1/episodes/${colleague.id}`)).statusCode).toBe(404);
  });

  it("shows the demo director the whole center's caseload and nothing of another center", async () => {
    const theirs = await episodesOf(director);
    for (const e of theirs) expect(e.centerId).toBe(demo.centerId);
    expect(new Set(theirs.map((e) => e.clinicianId)).size).toBeGreaterThan(2);
    expect(theirs.filter((e) => e.openAlerts > 0).length).toBeGreaterThanOrEqual(2);
  });
});
