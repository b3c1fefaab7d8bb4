/**
 * The care API end to end: de-identified episodes (and the refusal of anything identifying),
 * sessions with the model's components, scoring, measures with their safety and "not on track"
 * alerts, outcomes and fidelity, licensed instruments, one-time family form links and the FHIR
 * export. Each case also checks who else can, or cannot, see the record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTIFIER_REFUSAL } from '../../src/shared/privacy.js';
import { expectError } from '../helpers/identity.js';
import { asSystem } from '../helpers/matrix.js';
import {
  auditActions,
  courseIdOf,
  day,
  insertCohort,
  insertEnrollment,
  modelIdOf,
} from '../helpers/learning.js';
import { buildTestApp, type Session, type TestApp } from '../helpers/test-app.js';
import { pathwayId } from '../helpers/training.js';

const API = '/api/v1';

interface Episode {
  id: string;
  caseCode: string;
  status: string;
  firstSessionOn: string | null;
  sessionCount: number;
  openAlerts: number;
  notOnTrack: boolean;
  due: { phase: string; overdue: boolean } | null;
}
interface Alert {
  id: string;
  kind: string;
  episodeId: string;
  caseCode: string | null;
  acknowledgedAt: string | null;
  action: string | null;
}

const phqA = (q9: number, rest = 1) => ({
  q1: rest,
  q2: rest,
  q3: rest,
  q4: rest,
  q5: rest,
  q6: rest,
  q7: rest,
  q8: rest,
  q9,
  past_month_suicidal_thoughts: 0,
  lifetime_suicide_attempt: 0,
});
/** CATS self-report symptom answers (items s1-s20) all at `value`, so the total is 20 x value. */
const catsSr = (value: number) =>
  Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`s${i + 1}`, value]));

describe('care API', () => {
  let t: TestApp;
  let centerA: string;
  let centerB: string;
  let tfcbt: string;
  let clinician: Session;
  let colleague: Session;
  let director: Session;
  let otherDirector: Session;
  let admin: Session;
  let trainer: Session;
  let funder: Session;
  let episode: Episode;

  beforeAll(async () => {
    t = await buildTestApp();
    centerA = await t.createCenter({ name: 'Care Center A' });
    centerB = await t.createCenter({ name: 'Care Center B' });
    tfcbt = await modelIdOf(t, 'TF-CBT');
    [clinician, colleague, director, otherDirector, admin, trainer, funder] = await Promise.all([
      t.signIn('clinician', { centerId: centerA }),
      t.signIn('clinician', { centerId: centerA }),
      t.signIn('center_director', { centerId: centerA }),
      t.signIn('center_director', { centerId: centerB }),
      t.signIn('network_admin'),
      t.signIn('trainer', { centerId: centerB }),
      t.signIn('funder_viewer'),
    ]);
    const res = await clinician.post(`${API}/episodes`, {
      caseCode: 'A-2026-001',
      ageYears: 14,
      gender: 'female',
      raceEthnicity: ['hispanic_latino', 'white'],
      caregiverInvolved: true,
      modelId: tfcbt,
      referredOn: day(-60),
    });
    expect(res.statusCode, res.body).toBe(201);
    episode = res.json<Episode>();
  });
  afterAll(async () => t?.close());

  describe('episodes without identities', () => {
    it('opens an episode on the clinician’s own caseload, waiting until a first session', () => {
      expect(episode).toMatchObject({
        caseCode: 'A-2026-001',
        status: 'waiting',
        firstSessionOn: null,
        sessionCount: 0,
      });
    });

    it('refuses a child’s name, birth date or notes with the reason, and any other unknown field plainly', async () => {
      const base = {
        caseCode: 'A-2026-002',
        ageYears: 9,
        caregiverInvolved: false,
        modelId: tfcbt,
        referredOn: day(-3),
      };
      for (const field of ['childName', 'dateOfBirth', 'address', 'notes', 'phone']) {
        const res = await clinician.post(`${API}/episodes`, { ...base, [field]: 'x' });
        const error = expectError(res, 400, 'VALIDATION_FAILED');
        expect(error.details).toContainEqual({ path: field, message: IDENTIFIER_REFUSAL });
      }
      const other = await clinician.post(`${API}/episodes`, { ...base, favouriteColour: 'blue' });
      expect(expectError(other, 400, 'VALIDATION_FAILED').details).toContainEqual({
        path: 'favouriteColour',
        message: 'is not an allowed field',
      });
      const tooOld = await clinician.post(`${API}/episodes`, { ...base, ageYears: 18 });
      expect(expectError(tooOld, 400, 'VALIDATION_FAILED').details?.[0]?.path).toBe('ageYears');
      // Nothing was stored by any of the refused requests.
      const count = await asSystem(t, (trx) =>
        trx
          .selectFrom('episode')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('center_id', '=', centerA)
          .executeTakeFirstOrThrow(),
      );
      expect(Number(count.n)).toBe(1);
    });

    it('keeps case codes unique within a center, even against a colleague’s episode', async () => {
      const res = await colleague.post(`${API}/episodes`, {
        caseCode: 'A-2026-001',
        ageYears: 8,
        caregiverInvolved: true,
        modelId: tfcbt,
        referredOn: day(-1),
      });
      expect(expectError(res, 409, 'CONFLICT').details?.[0]?.path).toBe('caseCode');
      const atB = await otherDirector.post(`${API}/episodes`, {
        centerId: centerB,
        caseCode: 'A-2026-001',
        ageYears: 8,
        caregiverInvolved: true,
        modelId: tfcbt,
        referredOn: day(-1),
        clinicianId: colleague.userId,
      });
      // Another center may use the same code, but the clinician must be one of that center's.
      expect(expectError(atB, 422, 'UNPROCESSABLE').details?.[0]?.path).toBe('clinicianId');
    });

    it('counts an episode as a training case on the clinician’s own pathway enrolment only', async () => {
      const national = await pathwayId(t.db.kysely, 'TFCBT-NATIONAL');
      const enrolled = await clinician.post(`${API}/pathways/${national}/enrollments`, {
        userId: clinician.userId,
      });
      expect(enrolled.statusCode, enrolled.body).toBe(201);
      const progress = (await clinician.get(`${API}/clinicians/${clinician.userId}/progress`)).json<{
        pathways: { pathwayCode: string; enrollmentId: string | null }[];
      }>();
      const enrollmentId = progress.pathways.find((p) => p.pathwayCode === 'TFCBT-NATIONAL')?.enrollmentId;
      expect(enrollmentId).toEqual(expect.any(String));
      const body = {
        ageYears: 10,
        caregiverInvolved: true,
        modelId: tfcbt,
        referredOn: day(-5),
        pathwayEnrollmentId: enrollmentId,
      };
      const res = await clinician.post(`${API}/episodes`, { ...body, caseCode: 'A-2026-TC1' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json<{ pathwayEnrollmentId: string }>().pathwayEnrollmentId).toBe(enrollmentId);
      // A colleague cannot count the same enrolment, and another model is not this pathway's.
      const theirs = await colleague.post(`${API}/episodes`, { ...body, caseCode: 'A-2026-TC2' });
      expect(expectError(theirs, 422, 'UNPROCESSABLE').details?.[0]?.path).toBe('pathwayEnrollmentId');
      const cftsi = await modelIdOf(t, 'CFTSI');
      const other = await clinician.post(`${API}/episodes`, {
        ...body,
        caseCode: 'A-2026-TC3',
        modelId: cftsi,
        ageYears: 12,
      });
      expect(expectError(other, 422, 'UNPROCESSABLE').details?.[0]?.message).toContain(
        'another treatment model',
      );
    });

    it('shows an episode to its clinician, the center’s director and the network, and 404 to everyone else', async () => {
      const url = `${API}/episodes/${episode.id}`;
      for (const s of [clinician, director, admin]) expect((await s.get(url)).statusCode).toBe(200);
      for (const s of [colleague, otherDirector]) expectError(await s.get(url), 404, 'NOT_FOUND');
      for (const s of [trainer, funder]) expect((await s.get(url)).statusCode).toBe(403);
      const list = (await colleague.get(`${API}/episodes`)).json<{ items: Episode[] }>();
      expect(list.items.map((e) => e.id)).not.toContain(episode.id);
    });
  });

  describe('sessions', () => {
    it('records sessions with the model’s components, starts treatment, and refuses a second on one day', async () => {
      const url = `${API}/episodes/${episode.id}/sessions`;
      const wrong = await clinician.post(url, {
        heldOn: day(-30),
        minutes: 60,
        participants: ['child'],
        components: ['P', 'XYZ'],
      });
      expect(expectError(wrong, 422, 'UNPROCESSABLE').details).toEqual([
        { path: 'components.1', message: expect.stringContaining('is not a component of TF-CBT') as string },
      ]);
      const first = await clinician.post(url, {
        heldOn: day(-30),
        minutes: 60,
        participants: ['child', 'caregiver'],
        components: ['P', 'P2'],
      });
      expect(first.statusCode, first.body).toBe(201);
      const again = await clinician.post(url, { heldOn: day(-30), minutes: 45, participants: ['child'] });
      expectError(again, 409, 'CONFLICT');
      const after = (await clinician.get(`${API}/episodes/${episode.id}`)).json<Episode>();
      expect(after).toMatchObject({ status: 'active', firstSessionOn: day(-30), sessionCount: 1 });
      expect(after.due).toMatchObject({ phase: 'baseline', overdue: true });
      const future = await clinician.post(url, { heldOn: day(3), minutes: 60, participants: ['child'] });
      expect(expectError(future, 422, 'UNPROCESSABLE').details?.[0]?.path).toBe('heldOn');
    });
  });

  describe('scoring and measures', () => {
    it('scores responses and names every invalid item', async () => {
      const ok = await clinician.post(`${API}/instruments/PHQ-A/score`, { responses: phqA(0, 2) });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({
        total: 16,
        prorated: false,
        band: { code: 'moderately_severe' },
        flags: [],
      });
      const bad = await clinician.post(`${API}/instruments/PHQ-A/score`, {
        responses: { ...phqA(0), q1: 7, q2: null, q3: null, q4: null },
      });
      const error = expectError(bad, 400, 'VALIDATION_FAILED');
      expect(error.details?.map((d) => d.path)).toContain('responses.q1');
      expectError(await clinician.post(`${API}/instruments/NOPE/score`, { total: 3 }), 404, 'NOT_FOUND');
    });

    it('raises a safety alert for PHQ-A item 9 to the clinician and the director, by email too, and audits it', async () => {
      const res = await clinician.post(`${API}/episodes/${episode.id}/administrations`, {
        instrument: 'PHQ-A',
        phase: 'baseline',
        administeredOn: day(-29),
        responses: phqA(1),
        language: 'en',
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({
        total: 9,
        flags: [{ code: 'self_harm', item: 'q9', value: 1 }],
        source: 'clinician',
      });

      for (const s of [clinician, director]) {
        const alerts = (await s.get(`${API}/alerts?open=true`)).json<{ items: Alert[] }>().items;
        expect(alerts).toContainEqual(
          expect.objectContaining({ kind: 'self_harm', episodeId: episode.id, caseCode: 'A-2026-001' }),
        );
      }
      expect(
        (await otherDirector.get(`${API}/alerts?open=true`)).json<{ items: Alert[] }>().items,
      ).toHaveLength(0);
      expect((await trainer.get(`${API}/alerts`)).json<{ items: Alert[] }>().items).toHaveLength(0);

      const mail = await asSystem(t, (trx) =>
        trx
          .selectFrom('outbox_message')
          .select(['to_address', 'body_text'])
          .where('kind', '=', 'care_alert')
          .execute(),
      );
      expect(mail.map((m) => m.to_address).sort()).toEqual([clinician.email, director.email].sort());
      for (const m of mail) expect(m.body_text).not.toContain('A-2026-001');

      const alert = (await director.get(`${API}/alerts?open=true`)).json<{ items: Alert[] }>().items[0]!;
      expect((await auditActions(t, alert.id)).map((a) => a.action)).toEqual(['care.alert.raise']);
      const ack = await director.post(`${API}/alerts/${alert.id}/acknowledge`, { action: 'safety_plan' });
      expect(ack.statusCode, ack.body).toBe(200);
      expect(ack.json()).toMatchObject({
        action: 'safety_plan',
        acknowledgedAt: expect.any(String) as string,
      });
      expectError(
        await clinician.post(`${API}/alerts/${alert.id}/acknowledge`, { action: 'other' }),
        409,
        'CONFLICT',
      );
      expect((await auditActions(t, alert.id)).map((a) => a.action)).toEqual([
        'care.alert.raise',
        'care.alert.acknowledge',
      ]);
    });

    it('requires the safety items with an entered PHQ-A total, and refuses an instrument for another age', async () => {
      const url = `${API}/episodes/${episode.id}/administrations`;
      const noSafety = await clinician.post(url, {
        instrument: 'PHQ-A',
        phase: 'mid_treatment',
        administeredOn: day(-10),
        total: 5,
      });
      expect(expectError(noSafety, 400, 'VALIDATION_FAILED').details?.map((d) => d.path)).toContain(
        'responses.q9',
      );
      const young = await clinician.post(url, {
        instrument: 'CATS-C3',
        phase: 'baseline',
        administeredOn: day(-29),
        total: 10,
      });
      expect(expectError(young, 422, 'UNPROCESSABLE').details?.[0]?.path).toBe('instrument');
    });

    it('flags an episode not on track when mid-treatment is reliably worse, for the clinician and their consultant', async () => {
      const url = `${API}/episodes/${episode.id}/administrations`;
      expect(
        (
          await clinician.post(url, {
            instrument: 'CATS-SR',
            phase: 'baseline',
            administeredOn: day(-29),
            responses: catsSr(1),
          })
        ).statusCode,
      ).toBe(201);
      // The trainer of a cohort the clinician is in is their consultant.
      const cohort = await insertCohort(t, {
        courseId: await courseIdOf(t, 'TFCBT-LIVE-CAC'),
        modelId: tfcbt,
        trainerIds: [trainer.userId],
      });
      await insertEnrollment(t, { cohortId: cohort, userId: clinician.userId, centerId: centerA });
      const mid = await clinician.post(url, {
        instrument: 'CATS-SR',
        phase: 'mid_treatment',
        administeredOn: day(-5),
        responses: catsSr(2),
      });
      expect(mid.statusCode, mid.body).toBe(201);
      const ep = (await clinician.get(`${API}/episodes/${episode.id}`)).json<Episode>();
      expect(ep.notOnTrack).toBe(true);
      const seen = (await trainer.get(`${API}/alerts?open=true`)).json<{ items: Alert[] }>().items;
      expect(seen).toEqual([
        expect.objectContaining({ kind: 'not_on_track', episodeId: episode.id, caseCode: null }),
      ]);
      // The consultant sees the alert, not the episode.
      expect((await trainer.get(`${API}/episodes/${episode.id}`)).statusCode).toBe(403);

      const outcome = (await clinician.get(`${API}/episodes/${episode.id}/outcomes`)).json<{
        series: {
          instrument: string;
          baseline: number;
          latest: number;
          classificationToLatest: string;
          notOnTrack: boolean;
        }[];
        fidelity: {
          sessions: number;
          componentsCovered: string[];
          componentShare: number;
          hasBaseline: boolean;
          hasEnd: boolean;
        };
      }>();
      expect(outcome.series.find((s) => s.instrument === 'CATS-SR')).toMatchObject({
        baseline: 20,
        latest: 40,
        classificationToLatest: 'reliable_deterioration',
        notOnTrack: true,
      });
      expect(outcome.fidelity).toMatchObject({
        sessions: 1,
        componentsCovered: ['P', 'P2'],
        hasBaseline: true,
        hasEnd: false,
      });
      expect(outcome.fidelity.componentShare).toBeCloseTo(2 / 9);
    });

    it('keeps licensed instruments off until a director enables them for the center', async () => {
      const url = `${API}/episodes/${episode.id}/administrations`;
      const body = { instrument: 'CPSS-5', phase: 'baseline', administeredOn: day(-28), total: 30 };
      expect(expectError(await clinician.post(url, body), 422, 'UNPROCESSABLE').details?.[0]?.path).toBe(
        'instrument',
      );
      expect(
        (await clinician.request({ method: 'PUT', url: `${API}/centers/${centerA}/instruments/CPSS-5` }))
          .statusCode,
      ).toBe(403);
      expect(
        (await otherDirector.request({ method: 'PUT', url: `${API}/centers/${centerA}/instruments/CPSS-5` }))
          .statusCode,
      ).toBe(404);
      expect(
        (await director.request({ method: 'PUT', url: `${API}/centers/${centerA}/instruments/CPSS-5` }))
          .statusCode,
      ).toBe(204);
      const listed = (await clinician.get(`${API}/instruments`)).json<{
        items: { code: string; enabled: boolean }[];
      }>();
      expect(listed.items.find((i) => i.code === 'CPSS-5')?.enabled).toBe(true);
      const res = await clinician.post(url, body);
      expect(res.statusCode, res.body).toBe(201);
      expectError(await clinician.post(url, body), 409, 'CONFLICT');
    });
  });

  describe('family form links', () => {
    it('opens once without a login, carries no identity, scores onto the episode, then is gone', async () => {
      const created = await clinician.post(`${API}/episodes/${episode.id}/form-links`, {
        instrument: 'SMFQ-C',
        phase: 'mid_treatment',
        language: 'es',
      });
      expect(created.statusCode, created.body).toBe(201);
      const link = created.json<{
        id: string;
        url: string;
        qrSvg: string;
        status: string;
        expiresAt: string;
      }>();
      expect(link.url).toMatch(/\/form#token=[A-Za-z0-9_-]{43}$/);
      expect(link.qrSvg).toContain('<svg');
      expect(link.status).toBe('open');
      expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(71 * 3600_000);
      const token = link.url.split('#token=')[1]!;
      const stored = await asSystem(t, (trx) =>
        trx.selectFrom('form_link').selectAll().where('id', '=', link.id).executeTakeFirstOrThrow(),
      );
      expect(stored.token_hash).not.toContain(token);

      const opened = await t.app.inject({ method: 'GET', url: `${API}/forms/${token}` });
      expect(opened.statusCode, opened.body).toBe(200);
      expect(opened.headers['cache-control']).toBe('no-store');
      const form = opened.json<{
        language: string;
        title: string;
        sections: { items: { id: string; text: string }[] }[];
      }>();
      expect(form.language).toBe('es');
      expect(opened.body).not.toContain('A-2026-001');
      expect(opened.body).not.toContain('Care Center A');
      const answers = Object.fromEntries(form.sections.flatMap((s) => s.items).map((i) => [i.id, 1]));
      const sent = await t.app.inject({
        method: 'POST',
        url: `${API}/forms/${token}`,
        payload: { responses: answers },
      });
      expect(sent.statusCode, sent.body).toBe(201);
      expectError(
        await t.app.inject({ method: 'POST', url: `${API}/forms/${token}`, payload: { responses: answers } }),
        410,
        'GONE',
      );
      expectError(await t.app.inject({ method: 'GET', url: `${API}/forms/${token}` }), 410, 'GONE');

      const measures = (await clinician.get(`${API}/episodes/${episode.id}/administrations`)).json<{
        items: { instrument: string; source: string; language: string; total: number }[];
      }>();
      expect(measures.items).toContainEqual(
        expect.objectContaining({ instrument: 'SMFQ-C', source: 'form', language: 'es', total: 13 }),
      );
      const events = await auditActions(t, link.id);
      expect(events.map((e) => e.action)).toEqual(['care.form_link.create', 'care.form.submit']);
      expect(events[1]!.actor_user_id).toBeNull();
      const links = (await clinician.get(`${API}/episodes/${episode.id}/form-links`)).json<{
        items: { status: string }[];
      }>();
      expect(links.items[0]?.status).toBe('used');
    });

    it('refuses an unknown, malformed, revoked or expired link', async () => {
      expectError(
        await t.app.inject({ method: 'GET', url: `${API}/forms/${'a'.repeat(43)}` }),
        404,
        'NOT_FOUND',
      );
      expectError(await t.app.inject({ method: 'GET', url: `${API}/forms/short` }), 400, 'VALIDATION_FAILED');
      const make = async () =>
        (
          await clinician.post(`${API}/episodes/${episode.id}/form-links`, {
            instrument: 'PHQ-A',
            phase: 'mid_treatment',
            language: 'en',
          })
        ).json<{
          id: string;
          url: string;
        }>();
      const revoked = await make();
      expect((await director.del(`${API}/episodes/${episode.id}/form-links/${revoked.id}`)).statusCode).toBe(
        204,
      );
      expectError(
        await t.app.inject({ method: 'GET', url: `${API}/forms/${revoked.url.split('#token=')[1]}` }),
        410,
        'GONE',
      );
      const expired = await make();
      await asSystem(t, (trx) =>
        trx
          .updateTable('form_link')
          .set({ expires_at: new Date(Date.now() - 1000) })
          .where('id', '=', expired.id)
          .execute(),
      );
      expectError(
        await t.app.inject({ method: 'GET', url: `${API}/forms/${expired.url.split('#token=')[1]}` }),
        410,
        'GONE',
      );
      const score = await clinician.post(`${API}/episodes/${episode.id}/form-links`, {
        instrument: 'CPSS-5',
        phase: 'end',
        language: 'en',
      });
      expect(expectError(score, 422, 'UNPROCESSABLE').details?.[0]?.path).toBe('instrument');
    });
  });

  describe('outcomes and export', () => {
    it('summarises outcomes for a director’s center only', async () => {
      const mine = await director.get(`${API}/outcomes?level=clinician`);
      expect(mine.statusCode, mine.body).toBe(200);
      const rows = mine.json<{ items: { key: string; episodesStarted: number }[] }>().items;
      expect(rows).toEqual([expect.objectContaining({ key: clinician.userId, episodesStarted: 1 })]);
      expect(
        (await otherDirector.get(`${API}/outcomes?level=clinician`)).json<{ items: unknown[] }>().items,
      ).toEqual([]);
      expectError(
        await otherDirector.get(`${API}/outcomes?level=center&centerId=${centerA}`),
        404,
        'NOT_FOUND',
      );
      expect((await clinician.get(`${API}/outcomes?level=center`)).statusCode).toBe(403);
    });

    it('exports an episode as a FHIR Bundle, for those who can see it', async () => {
      const res = await director.get(`${API}/fhir/episodes/${episode.id}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('application/fhir+json');
      const bundle = res.json<{ resourceType: string; entry: { resource: { resourceType: string } }[] }>();
      expect(bundle.resourceType).toBe('Bundle');
      const types = bundle.entry.map((e) => e.resource.resourceType);
      expect(types.filter((x) => x === 'QuestionnaireResponse').length).toBe(
        types.filter((x) => x === 'Observation').length,
      );
      expect(types.filter((x) => x === 'Observation').length).toBeGreaterThanOrEqual(4);
      expect(res.body).not.toContain('A-2026-001');
      expectError(await otherDirector.get(`${API}/fhir/episodes/${episode.id}`), 404, 'NOT_FOUND');
      const center = await director.get(`${API}/fhir/centers/${centerA}?from=${day(-60)}`);
      expect(center.statusCode, center.body).toBe(200);
      expectError(await otherDirector.get(`${API}/fhir/centers/${centerA}`), 404, 'NOT_FOUND');
      const q = await clinician.get(`${API}/fhir/Questionnaire/CATS-SR`);
      expect(q.json()).toMatchObject({ resourceType: 'Questionnaire' });
    });
  });
});

describe('the public family form', () => {
  let t: TestApp;
  afterAll(async () => t?.close());

  it('is rate-limited per address, like sign-in', async () => {
    t = await buildTestApp({ env: { WAYMARK_LOGIN_RATE_LIMIT: '3' } });
    const url = `${API}/forms/${'b'.repeat(43)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await t.app.inject({ method: 'GET', url, remoteAddress: '203.0.113.9' })).statusCode);
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
    // Another address is not held back by the first one's requests.
    expect((await t.app.inject({ method: 'GET', url, remoteAddress: '203.0.113.10' })).statusCode).toBe(404);
  });
});
