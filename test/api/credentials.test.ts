/**
 * Pathways, progress and credentials through the API: who sees whose progress, issuing only when
 * complete, the certificate PDF opened by a real reader, the VC-JWT verified with Node's own
 * Ed25519 (not the library that signed it) against the published JWKS, revocation, key rotation,
 * renewal, reminders and automatic issuing.
 */
import { execFileSync } from 'node:child_process';
import { createPublicKey, verify as edVerify, type JsonWebKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../src/server/modules/credentials/progress.js';
import { systemCtx } from '../../src/server/platform/context.js';
import { asSystem, expectError } from '../helpers/matrix.js';
import { buildTestApp, type Session, type TestApp } from '../helpers/test-app.js';
import {
  LIVE_START,
  cohortWithEvents,
  enrol,
  pathwayId,
  readyForCertification,
  treatmentCase,
  courseId,
} from '../helpers/training.js';

interface Progress {
  clinician: { id: string; displayName: string };
  pathways: {
    pathwayCode: string;
    state: string;
    met: number;
    total: number;
    nextStep: { text: string; deadline: string | null } | null;
    requirements: {
      id: string;
      state: string;
      current: number;
      evidence: { label: string; counted: boolean; id: string | null }[];
    }[];
    credential: { id: string; status: string } | null;
  }[];
}
interface Credential {
  id: string;
  number: string;
  status: string;
  kid: string;
  vcJwt: string;
  expiresOn: string | null;
  replacesId: string | null;
  verifyUrl: string;
}

/** Verifies a compact JWS with Node's crypto (OpenSSL), independent of the signing library. */
function verifyWithNode(jwt: string, jwks: { keys: (JsonWebKey & { kid?: string })[] }) {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg: string; kid: string };
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) return { ok: false, header, payload: null };
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const ok = edVerify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'));
  return {
    ok,
    header,
    payload: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>,
  };
}

describe('pathways, progress and credentials', () => {
  let t: TestApp;
  let admin: Session;
  let centerA: string;
  let centerB: string;
  let directorA: Session;
  let directorB: Session;
  let trainer: Session;
  let ready: Session;
  let partial: Session;

  beforeAll(async () => {
    t = await buildTestApp();
    await t.app.ready();
    centerA = await t.createCenter({ name: 'Alamo CAC', state: 'TX' });
    centerB = await t.createCenter({ name: 'Bayou CAC', state: 'LA' });
    admin = await t.signIn('network_admin');
    directorA = await t.signIn('center_director', { centerId: centerA });
    directorB = await t.signIn('center_director', { centerId: centerB });
    trainer = await t.signIn('trainer', { centerId: centerB });
    ready = await t.signIn('clinician', { centerId: centerA });
    partial = await t.signIn('clinician', { centerId: centerA });
    const db = t.db.kysely;
    await readyForCertification(db, { userId: ready.userId, centerId: centerA, trainerId: trainer.userId });
    await readyForCertification(db, {
      userId: partial.userId,
      centerId: centerA,
      trainerId: trainer.userId,
      skip: ['consultation', 'knowledge-test'],
    });
  });
  afterAll(async () => t?.close());

  describe('progress', () => {
    it('shows a clinician their own pathway with every requirement, evidence and the next step', async () => {
      const res = await partial.get(`/api/v1/clinicians/${partial.userId}/progress`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<Progress>();
      expect(body.pathways).toHaveLength(1);
      const p = body.pathways[0]!;
      expect(p.pathwayCode).toBe('TFCBT-NATIONAL');
      expect(p.state).toBe('in_progress');
      expect(p.met).toBe(4);
      const consultation = p.requirements.find((r) => r.id === 'consultation')!;
      expect(consultation).toMatchObject({
        state: 'in_progress',
        current: 8,
        deadline: addMonths(LIVE_START, 24),
      });
      const cases = p.requirements.find((r) => r.id === 'cases')!;
      expect(cases.evidence.every((e) => e.label.startsWith(`Case T-`))).toBe(true);
    });

    it('lets the director of their center see it, and the trainer without case codes', async () => {
      expect((await directorA.get(`/api/v1/clinicians/${partial.userId}/progress`)).statusCode).toBe(200);
      const res = await trainer.get(`/api/v1/clinicians/${partial.userId}/progress`);
      expect(res.statusCode, res.body).toBe(200);
      const cases = res.json<Progress>().pathways[0]!.requirements.find((r) => r.id === 'cases')!;
      expect(cases.evidence.map((e) => e.label)).toEqual(['Case 1', 'Case 2', 'Case 3']);
      expect(cases.evidence.every((e) => e.id === null)).toBe(true);
    });

    it("answers 404 to another center's director and to another clinician; 403 to a funder", async () => {
      expectError(await directorB.get(`/api/v1/clinicians/${partial.userId}/progress`), 404, 'NOT_FOUND');
      expectError(await ready.get(`/api/v1/clinicians/${partial.userId}/progress`), 404, 'NOT_FOUND');
      const funder = await t.signIn('funder_viewer');
      expectError(await funder.get(`/api/v1/clinicians/${partial.userId}/progress`), 403);
    });

    it('moves when a consultation call is attended', async () => {
      const before = (await partial.get(`/api/v1/clinicians/${partial.userId}/progress`)).json<Progress>();
      expect(before.pathways[0]!.requirements.find((r) => r.id === 'consultation')!.current).toBe(8);
      // One more call, ten days ago: inside the 24-month window of the live training.
      const extra = await cohortWithEvents(t.db.kysely, {
        courseCode: 'TFCBT-CONSULT',
        kind: 'consultation_call',
        first: addDays(new Date().toISOString().slice(0, 10), -10),
        count: 1,
        stepDays: 14,
        trainerId: trainer.userId,
      });
      const enrollmentId = await enrol(t.db.kysely, extra.cohortId, partial.userId, centerA);
      await t.db.kysely
        .insertInto('attendance')
        .values({
          event_id: extra.eventIds[0]!,
          enrollment_id: enrollmentId,
          user_id: partial.userId,
          center_id: centerA,
          status: 'present',
          minutes_attended: 60,
        })
        .execute();
      const after = (await partial.get(`/api/v1/clinicians/${partial.userId}/progress`)).json<Progress>();
      const c = after.pathways[0]!.requirements.find((r) => r.id === 'consultation')!;
      expect(c.current).toBe(9);
      expect(c.state).toBe('met');
      expect(after.pathways[0]!.nextStep?.text).toMatch(/knowledge test/);
    });

    it('gives a director the roster of their center and the administrator everyone, with the time taken', async () => {
      const mine = (await directorA.get('/api/v1/progress')).json<{
        items: { clinician: { id: string; centerId: string }; pathways: { state: string }[] }[];
        computeMs: number;
      }>();
      expect(mine.items.map((i) => i.clinician.id).sort()).toEqual([ready.userId, partial.userId].sort());
      expect(typeof mine.computeMs).toBe('number');
      const other = (await directorB.get('/api/v1/progress')).json<{ items: unknown[] }>();
      expect(other.items).toEqual([]);
      expectError(await directorB.get(`/api/v1/progress?centerId=${centerA}`), 404);
      const all = (await admin.get('/api/v1/progress?state=complete')).json<{
        items: { clinician: { id: string } }[];
      }>();
      expect(all.items.map((i) => i.clinician.id)).toEqual([ready.userId]);
      const trained = (await trainer.get('/api/v1/progress')).json<{ items: unknown[] }>();
      expect(trained.items).toHaveLength(2);
    });
  });

  describe('issuing, verifying, revoking, renewing', () => {
    let credential: Credential;

    it('refuses to issue for an incomplete pathway and lists what is missing', async () => {
      const res = await admin.post('/api/v1/credentials', {
        userId: partial.userId,
        pathwayId: await pathwayId(t.db.kysely, 'TFCBT-NATIONAL'),
      });
      const body = expectError(res, 409, 'CONFLICT');
      expect(body.error.details?.map((d) => d.path)).toEqual(['requirements.knowledge-test']);
    });

    it('is only for network administrators', async () => {
      const res = await directorA.post('/api/v1/credentials', {
        userId: ready.userId,
        pathwayId: await pathwayId(t.db.kysely, 'TFCBT-NATIONAL'),
      });
      expectError(res, 403);
    });

    it('issues a credential for a complete pathway, with a number, a 5-year validity and a signed badge', async () => {
      const res = await admin.post('/api/v1/credentials', {
        userId: ready.userId,
        pathwayId: await pathwayId(t.db.kysely, 'TFCBT-NATIONAL'),
      });
      expect(res.statusCode, res.body).toBe(201);
      credential = res.json<Credential>();
      expect(credential.number).toMatch(/^WM-\d{4}-\d{6}$/);
      expect(credential.status).toBe('active');
      const today = new Date().toISOString().slice(0, 10);
      expect(credential.expiresOn?.slice(0, 4)).toBe(String(Number(today.slice(0, 4)) + 5));
      // A second issue for the same pathway is refused.
      const again = await admin.post('/api/v1/credentials', {
        userId: ready.userId,
        pathwayId: await pathwayId(t.db.kysely, 'TFCBT-NATIONAL'),
      });
      expectError(again, 409);
      // The clinician is told by e-mail, and sees the pathway as certified.
      const mail = await asSystem(t, (trx) =>
        trx
          .selectFrom('outbox_message')
          .select(['subject', 'body_text'])
          .where('related_id', '=', credential.id)
          .execute(),
      );
      expect(mail[0]?.body_text).toContain(`/verify/${credential.id}`);
      const p = (await ready.get(`/api/v1/clinicians/${ready.userId}/progress`)).json<Progress>();
      expect(p.pathways[0]).toMatchObject({ state: 'certified', credential: { id: credential.id } });
    });

    it('signs a VC-JWT that an independent Ed25519 implementation verifies against the published keys', async () => {
      const jwks = (await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<{
        keys: (JsonWebKey & { kid?: string; d?: string })[];
      }>();
      expect(jwks.keys.length).toBeGreaterThan(0);
      expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);
      const v = verifyWithNode(credential.vcJwt, jwks);
      expect(v.ok).toBe(true);
      expect(v.header.alg).toBe('EdDSA');
      expect(v.header.kid).toBe(credential.kid);
      const vc = v.payload!.vc as {
        type: string[];
        id: string;
        credentialSubject: { achievement: { name: string } };
      };
      expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
      expect(vc.id).toBe(`urn:uuid:${credential.id}`);
      expect(vc.credentialSubject.achievement.name).toBe('TF-CBT national therapist certification');
      // A forged payload does not verify.
      const [h, , s] = credential.vcJwt.split('.');
      const forged = Buffer.from(JSON.stringify({ ...v.payload, sub: 'someone-else' })).toString('base64url');
      expect(verifyWithNode(`${h}.${forged}.${s}`, jwks).ok).toBe(false);
    });

    it('renders a certificate PDF that pdftoppm opens, with the name and number in it', async () => {
      const res = await ready.get(`/api/v1/credentials/${credential.id}/certificate.pdf`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-cert-'));
      const file = path.join(dir, 'c.pdf');
      fs.writeFileSync(file, res.rawPayload);
      execFileSync('pdftoppm', ['-png', '-r', '40', '-singlefile', file, path.join(dir, 'page')]);
      expect(fs.statSync(path.join(dir, 'page.png')).size).toBeGreaterThan(5000);
      const text = execFileSync('pdftotext', [file, '-']).toString();
      expect(text).toContain(credential.number);
      expect(text).toMatch(/TF-CBT national therapist certification/);
      fs.rmSync(dir, { recursive: true, force: true });
      // Another center's director cannot download it.
      expectError(await directorB.get(`/api/v1/credentials/${credential.id}/certificate.pdf`), 404);
    });

    it('verifies publicly by identifier and by number, without a login', async () => {
      for (const key of [credential.id, credential.number.toLowerCase()]) {
        const res = await t.app.inject({ method: 'GET', url: `/api/v1/public/credentials/${key}` });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toMatchObject({
          number: credential.number,
          status: 'valid',
          pathwayName: 'TF-CBT national therapist certification',
          signature: { valid: true, kid: credential.kid },
        });
      }
      expectError(
        await t.app.inject({ method: 'GET', url: '/api/v1/public/credentials/WM-1999-000001' }),
        404,
      );
      expectError(await t.app.inject({ method: 'GET', url: '/api/v1/public/credentials/not-a-number' }), 404);
    });

    it('rotates the signing key: old credentials still verify, new ones use the new key', async () => {
      const rotated = await admin.post('/api/v1/signing-keys/rotate');
      expect(rotated.statusCode, rotated.body).toBe(200);
      const { kid, retired } = rotated.json<{ kid: string; retired: string }>();
      expect(retired).toBe(credential.kid);
      expect(kid).not.toBe(credential.kid);
      const jwks = (await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<{
        keys: (JsonWebKey & { kid?: string })[];
      }>();
      expect(jwks.keys.map((k) => k.kid).sort()).toEqual([kid, credential.kid].sort());
      expect(verifyWithNode(credential.vcJwt, jwks).ok).toBe(true);
      const pub = await t.app.inject({ method: 'GET', url: `/api/v1/public/credentials/${credential.id}` });
      expect(pub.json()).toMatchObject({ signature: { valid: true } });
      const keys = (await admin.get('/api/v1/signing-keys')).json<{
        items: { kid: string; active: boolean }[];
      }>();
      expect(keys.items.find((k) => k.active)?.kid).toBe(kid);
    });

    it('refuses renewal until the renewal requirements are met, then issues a linked credential', async () => {
      const early = await admin.post(`/api/v1/credentials/${credential.id}/renew`);
      const body = expectError(early, 409);
      expect(body.error.details?.map((d) => d.path).sort()).toEqual([
        'renewal.continued-practice',
        'renewal.renewal-modules',
      ]);
      const today = new Date().toISOString().slice(0, 10);
      const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
      for (const n of [1, 2, 3])
        await treatmentCase(t.db.kysely, {
          centerId: centerA,
          clinicianId: ready.userId,
          caseCode: `R-${n}`,
          startedOn: monthAgo,
          endedOn: today,
        });
      await t.db.kysely
        .insertInto('course_completion')
        .values({
          course_id: await courseId(t.db.kysely, 'TFCBT-RENEW'),
          user_id: ready.userId,
          center_id: centerA,
          completed_on: today,
          ce_hours: 4,
          source: 'record',
        })
        .execute();
      const res = await admin.post(`/api/v1/credentials/${credential.id}/renew`);
      expect(res.statusCode, res.body).toBe(201);
      const renewed = res.json<Credential>();
      expect(renewed.replacesId).toBe(credential.id);
      // Renewed before expiry: the new period starts where the old one ends.
      expect(renewed.expiresOn! > credential.expiresOn!).toBe(true);
      const old = await t.app.inject({ method: 'GET', url: `/api/v1/public/credentials/${credential.id}` });
      expect(old.json()).toMatchObject({ replacedBy: { id: renewed.id, number: renewed.number } });
      expectError(await admin.post(`/api/v1/credentials/${credential.id}/renew`), 409);
      credential = renewed;
    });

    it('revokes with a reason; the public page then says revoked', async () => {
      expectError(
        await admin.post(`/api/v1/credentials/${credential.id}/revoke`, { reason: '' }),
        400,
        'VALIDATION_FAILED',
      );
      const res = await admin.post(`/api/v1/credentials/${credential.id}/revoke`, {
        reason: 'Issued in error',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'revoked', revokeReason: 'Issued in error' });
      const pub = await t.app.inject({ method: 'GET', url: `/api/v1/public/credentials/${credential.id}` });
      expect(pub.json()).toMatchObject({ status: 'revoked', revokeReason: 'Issued in error' });
      expectError(await admin.post(`/api/v1/credentials/${credential.id}/revoke`, { reason: 'again' }), 409);
      const p = (await ready.get(`/api/v1/clinicians/${ready.userId}/progress`)).json<Progress>();
      expect(p.pathways[0]!.state).toBe('revoked');
      const events = await asSystem(t, (trx) =>
        trx.selectFrom('audit_event').select('action').where('target_id', '=', credential.id).execute(),
      );
      expect(events.map((e) => e.action).sort()).toEqual(['credential.renew', 'credential.revoke']);
    });

    it('lists credentials: everything for the administrator, their own for a clinician', async () => {
      const all = (await admin.get('/api/v1/credentials')).json<{ total: number }>();
      expect(all.total).toBe(2);
      expect((await ready.get('/api/v1/credentials')).json<{ total: number }>().total).toBe(2);
      expect((await partial.get('/api/v1/credentials')).json<{ total: number }>().total).toBe(0);
      expect((await directorB.get('/api/v1/credentials')).json<{ total: number }>().total).toBe(0);
      expect((await admin.get('/api/v1/credentials?status=revoked')).json<{ total: number }>().total).toBe(1);
    });
  });

  describe('automatic issuing and expiry reminders', () => {
    it('issues on a pathway that issues automatically, once', async () => {
      const auto = await t.signIn('clinician', { centerId: centerA });
      await readyForCertification(t.db.kysely, {
        userId: auto.userId,
        centerId: centerA,
        pathwayCode: 'TFCBT-CAC-REGIONAL',
      });
      // The regional variant needs 3 live days and 14 calls: not complete yet.
      const ctx = systemCtx(t.db, t.config, t.app.log);
      expect(await t.app.services.credentials.issueDue(ctx)).toEqual([]);
      const live = await cohortWithEvents(t.db.kysely, {
        courseCode: 'TFCBT-LIVE-CAC',
        kind: 'live_session',
        first: addDays(LIVE_START, 2),
        count: 1,
        stepDays: 1,
      });
      const e1 = await enrol(t.db.kysely, live.cohortId, auto.userId, centerA);
      const calls = await cohortWithEvents(t.db.kysely, {
        courseCode: 'TFCBT-CONSULT',
        kind: 'consultation_call',
        first: addDays(LIVE_START, 200),
        count: 5,
        stepDays: 14,
      });
      const e2 = await enrol(t.db.kysely, calls.cohortId, auto.userId, centerA);
      const db = t.db.kysely;
      for (const [enrollmentId, ids] of [
        [e1, live.eventIds],
        [e2, calls.eventIds],
      ] as const)
        for (const event_id of ids)
          await db
            .insertInto('attendance')
            .values({
              event_id,
              enrollment_id: enrollmentId,
              user_id: auto.userId,
              center_id: centerA,
              status: 'present',
              minutes_attended: 60,
            })
            .execute();
      const issued = await t.app.services.credentials.issueDue(ctx);
      expect(issued).toHaveLength(1);
      expect(await t.app.services.credentials.issueDue(ctx)).toEqual([]);
      const row = await asSystem(t, (trx) =>
        trx
          .selectFrom('credential')
          .select(['user_id', 'issued_by'])
          .where('id', '=', issued[0]!)
          .executeTakeFirstOrThrow(),
      );
      expect(row).toEqual({ user_id: auto.userId, issued_by: null });
    });

    it('queues one reminder per threshold before expiry, never twice', async () => {
      const c = (await admin.get('/api/v1/credentials?status=active')).json<{ items: Credential[] }>()
        .items[0]!;
      const expires = c.expiresOn!;
      const dayBefore = (n: number) =>
        new Date(Date.parse(`${expires}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
      const svc = t.app.services.credentials;
      expect(await svc.queueReminders(dayBefore(120))).toBe(0);
      expect(await svc.queueReminders(dayBefore(85))).toBe(1);
      expect(await svc.queueReminders(dayBefore(80))).toBe(0);
      expect(await svc.queueReminders(dayBefore(6))).toBe(1);
      const mails = await asSystem(t, (trx) =>
        trx
          .selectFrom('outbox_message')
          .select('subject')
          .where('kind', '=', 'credential_expiry')
          .where('related_id', '=', c.id)
          .execute(),
      );
      expect(mails.map((m) => m.subject)).toEqual([
        expect.stringMatching(/expires in 85 days/),
        expect.stringMatching(/expires in 6 days/),
      ]);
    });
  });

  describe('pathways as data', () => {
    it('creates a pathway from typed requirements and rejects bad ones naming the field', async () => {
      const modelId = (
        await asSystem(t, (trx) =>
          trx.selectFrom('training_model').select('id').where('code', '=', 'PCIT').executeTakeFirstOrThrow(),
        )
      ).id;
      const base = {
        code: 'PCIT-CERT',
        name: 'PCIT therapist certification',
        modelId,
        validityMonths: 36,
        requirements: [
          { kind: 'live_training', id: 'live', label: 'Live training', minDays: 5 },
          {
            kind: 'consultation',
            id: 'consult',
            label: 'Consultation',
            minAttended: 10,
            scheduled: 12,
            withinMonths: 18,
          },
        ],
      };
      const bad = await admin.post('/api/v1/pathways', {
        ...base,
        requirements: [
          ...base.requirements,
          { kind: 'course', id: 'web', label: 'Web course', courseCode: 'NO-SUCH-COURSE' },
          {
            kind: 'consultation',
            id: 'consult2',
            label: 'x',
            minAttended: 13,
            scheduled: 12,
            withinMonths: 12,
          },
        ],
      });
      const err = expectError(bad, 400, 'VALIDATION_FAILED');
      expect(err.error.details?.map((d) => d.path)).toContain('requirements.3.minAttended');
      const unknownCourse = await admin.post('/api/v1/pathways', {
        ...base,
        requirements: [
          ...base.requirements,
          { kind: 'course', id: 'web', label: 'Web course', courseCode: 'NO-SUCH-COURSE' },
        ],
      });
      expect(expectError(unknownCourse, 400).error.details).toEqual([
        { path: 'requirements.2.courseCode', message: 'there is no course NO-SUCH-COURSE' },
      ]);
      const created = await admin.post('/api/v1/pathways', base);
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({
        code: 'PCIT-CERT',
        modelCode: 'PCIT',
        graceDays: 0,
        autoIssue: false,
      });
      expectError(await admin.post('/api/v1/pathways', base), 409);
      const id = created.json<{ id: string }>().id;
      const patched = await admin.patch(`/api/v1/pathways/${id}`, { graceDays: 30 });
      expect(patched.json()).toMatchObject({ graceDays: 30 });
      expectError(await directorA.patch(`/api/v1/pathways/${id}`, { graceDays: 1 }), 403);
    });

    it('puts a clinician on a pathway (self or director) and withdraws keeping the history', async () => {
      const cftsi = await pathwayId(t.db.kysely, 'CFTSI-CERT');
      const res = await directorA.post(`/api/v1/pathways/${cftsi}/enrollments`, { userId: partial.userId });
      expect(res.statusCode, res.body).toBe(201);
      expectError(
        await directorA.post(`/api/v1/pathways/${cftsi}/enrollments`, { userId: partial.userId }),
        409,
      );
      expectError(
        await directorB.post(`/api/v1/pathways/${cftsi}/enrollments`, { userId: partial.userId }),
        404,
      );
      const enrollment = res.json<{ id: string }>();
      const w = await partial.post(`/api/v1/pathway-enrollments/${enrollment.id}/withdraw`, {
        reason: 'Changed role',
      });
      expect(w.json()).toMatchObject({ status: 'withdrawn' });
      const p = (await partial.get(`/api/v1/clinicians/${partial.userId}/progress`)).json<Progress>();
      expect(p.pathways.find((x) => x.pathwayCode === 'CFTSI-CERT')?.state).toBe('withdrawn');
    });

    it('exports a CE transcript as CSV', async () => {
      const res = await partial.get(`/api/v1/clinicians/${partial.userId}/transcript.csv`);
      expect(res.statusCode).toBe(200);
      const lines = res.body.trim().split('\r\n');
      expect(lines[0]).toBe('date,activity,kind,model,ce_hours,source');
      expect(lines.some((l) => l.includes('TF-CBTWeb'))).toBe(true);
      expectError(await directorB.get(`/api/v1/clinicians/${partial.userId}/transcript.csv`), 404);
    });
  });
});
