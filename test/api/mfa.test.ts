/**
 * Two-step verification: enrolment with an authenticator app, the sign-in challenge, single-use
 * codes and recovery codes, the lock after wrong codes, turning it off, an administrator's reset,
 * and the network setting that requires it of roles that can see child-level data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/shared/roles.js';
import {
  API,
  asSystem,
  attemptLogin,
  auditEvents,
  enrolMfa,
  expectError,
  expectFieldError,
  latestMessage,
  linkToken,
  meWith,
  sessionFrom,
  totp,
  wrongCode,
} from '../helpers/identity.js';
import { buildTestApp, type Session, type TestApp } from '../helpers/test-app.js';

const RECOVERY_CODE = /^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/;

async function mfaState(session: Session): Promise<string> {
  const me = await session.get(`${API}/me`);
  expect(me.statusCode, me.body).toBe(200);
  return me.json<{ session: { mfaState: string } }>().session.mfaState;
}

function verify(session: Session, body: { code: string } | { recoveryCode: string }) {
  return session.post(`${API}/auth/mfa/verify`, body);
}

function storedUser(t: TestApp, userId: string) {
  return asSystem(t, (trx) =>
    trx.selectFrom('app_user').selectAll().where('id', '=', userId).executeTakeFirstOrThrow(),
  );
}

describe('two-step verification, optional in this network', () => {
  let t: TestApp;
  let centerId: string;
  beforeAll(async () => {
    t = await buildTestApp();
    centerId = await t.createCenter();
  });
  afterAll(async () => t?.close());

  /** A clinician with an authenticator, signed in (verified), and their secret and recovery codes. */
  async function enrolledClinician() {
    const user = await t.createUser({ role: 'clinician', centerId });
    const enrolled = await enrolMfa(t, await t.login(user.email));
    return { user, ...enrolled };
  }

  it('enrolment returns an otpauth URI, an SVG QR code and the secret, kept encrypted at rest', async () => {
    const s = await t.signIn('clinician', { centerId });
    const start = await s.post(`${API}/auth/mfa/enrolment`);
    expect(start.statusCode, start.body).toBe(200);
    const { otpauthUri, qrSvg, secret } = start.json<{ otpauthUri: string; qrSvg: string; secret: string }>();
    expect(secret).toMatch(/^[A-Z2-7]{16,}=*$/);
    const uri = new URL(otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Waymark');
    expect(decodeURIComponent(uri.pathname)).toContain(s.email);
    expect(qrSvg.trim()).toMatch(/^<svg[\s\S]*<\/svg>$/);

    const stored = await storedUser(t, s.userId);
    expect(stored.mfa_secret_enc).toBeTruthy();
    expect(stored.mfa_secret_enc).not.toContain(secret);
    expect(stored.mfa_secret_enc).not.toContain(secret.toLowerCase());
    expect(stored.mfa_enabled_at).toBeNull();
    expect((await s.get(`${API}/auth/mfa`)).json()).toMatchObject({ enabled: false });
  });

  it('is switched on only by a correct first code, and then returns ten recovery codes once', async () => {
    const s = await t.signIn('clinician', { centerId });
    const { secret } = (await s.post(`${API}/auth/mfa/enrolment`)).json<{ secret: string }>();
    expectFieldError(
      await s.post(`${API}/auth/mfa/enrolment/confirm`, { code: await wrongCode(secret) }),
      'code',
    );
    expect((await storedUser(t, s.userId)).mfa_enabled_at).toBeNull();

    const confirm = await s.post(`${API}/auth/mfa/enrolment/confirm`, { code: await totp(secret) });
    const verified = sessionFrom(t, confirm, { id: s.userId, email: s.email });
    const { recoveryCodes } = confirm.json<{ recoveryCodes: string[] }>();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(RECOVERY_CODE);

    // The enrolling session was replaced by a verified one.
    expectError(await meWith(t, s.cookie), 401, 'UNAUTHENTICATED');
    expect(await mfaState(verified)).toBe('verified');
    expect((await verified.get(`${API}/auth/mfa`)).json()).toMatchObject({
      enabled: true,
      recoveryCodesLeft: 10,
    });
    // Recovery codes are stored as hashes only.
    const rows = await asSystem(t, (trx) =>
      trx.selectFrom('mfa_recovery_code').selectAll().where('user_id', '=', s.userId).execute(),
    );
    expect(rows).toHaveLength(10);
    const dump = JSON.stringify(rows);
    for (const code of recoveryCodes) {
      expect(dump).not.toContain(code);
      expect(dump).not.toContain(code.replace(/-/g, ''));
    }
    // Already on: neither a new set-up nor a second confirmation.
    expectError(await verified.post(`${API}/auth/mfa/enrolment`), 409, 'CONFLICT');
  });

  it('asks for a code at the next sign-in and blocks every other route until it is given', async () => {
    const { user, secret } = await enrolledClinician();
    const login = await attemptLogin(t, user.email, user.password);
    expect(login.json()).toMatchObject({ mfaState: 'pending' });
    const pending = sessionFrom(t, login, user);

    expect(await mfaState(pending)).toBe('pending');
    expect((await pending.get(`${API}/auth/mfa`)).statusCode).toBe(200);
    expectError(await pending.get(`${API}/me/sessions`), 401, 'MFA_REQUIRED');
    expectError(await pending.get(`${API}/centers/${centerId}/staff`), 401, 'MFA_REQUIRED');
    expectError(await pending.patch(`${API}/me`, { displayName: 'Not Yet' }), 401, 'MFA_REQUIRED');

    const done = await verify(pending, { code: await totp(secret, 1) });
    expect(done.json()).toMatchObject({ mfaState: 'verified' });
    const verified = sessionFrom(t, done, user);
    expect(verified.cookie).not.toBe(pending.cookie);
    expectError(await meWith(t, pending.cookie), 401, 'UNAUTHENTICATED');
    expect((await verified.get(`${API}/centers/${centerId}/staff`)).statusCode).toBe(200);
    expect((await verified.get(`${API}/me/sessions`)).statusCode).toBe(200);

    const events = await auditEvents(t, { action: 'mfa.verify', targetId: user.id });
    expect(events.map((e) => e.outcome)).toEqual(['success']);
  });

  it('accepts a code only once, even within its 30 seconds', async () => {
    const { user, secret } = await enrolledClinician();
    const code = await totp(secret, 1);
    const first = await t.login(user.email);
    expect((await verify(first, { code })).statusCode).toBe(200);

    const second = await t.login(user.email);
    expectFieldError(await verify(second, { code }), 'code');
    expect(await mfaState(second)).toBe('pending');
    expectError(await second.get(`${API}/me/sessions`), 401, 'MFA_REQUIRED');
  });

  it('accepts a code once even when two sign-ins race to use it', async () => {
    for (let round = 0; round < 3; round++) {
      const { user, secret } = await enrolledClinician();
      const a = await t.login(user.email);
      const b = await t.login(user.email);
      const code = await totp(secret, 1);
      const answers = await Promise.all([verify(a, { code }), verify(b, { code })]);
      expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 400]);
    }
  });

  it('accepts each recovery code once, however it is typed', async () => {
    const { user, recoveryCodes } = await enrolledClinician();
    const first = await t.login(user.email);
    const used = await verify(first, { recoveryCode: recoveryCodes[0]! });
    expect(used.json()).toMatchObject({ mfaState: 'verified' });
    const verified = sessionFrom(t, used, user);
    expect((await verified.get(`${API}/auth/mfa`)).json()).toMatchObject({ recoveryCodesLeft: 9 });

    const second = await t.login(user.email);
    expectFieldError(await verify(second, { recoveryCode: recoveryCodes[0]! }), 'recoveryCode');
    expect(await mfaState(second)).toBe('pending');
    const loose = recoveryCodes[1]!.replace(/-/g, '').toLowerCase();
    expect((await verify(second, { recoveryCode: loose })).statusCode).toBe(200);
  });

  it('locks the challenge after five wrong codes, even against a right one', async () => {
    const { user, secret, recoveryCodes } = await enrolledClinician();
    const s = await t.login(user.email);
    const wrong = await wrongCode(secret);
    for (let i = 0; i < 4; i++) expectFieldError(await verify(s, { code: wrong }), 'code');
    const fifth = await verify(s, { code: wrong });
    expectError(fifth, 429, 'RATE_LIMITED');
    expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(0);
    expectError(await verify(s, { code: await totp(secret, 1) }), 429, 'RATE_LIMITED');
    expectError(await verify(s, { recoveryCode: recoveryCodes[0]! }), 429, 'RATE_LIMITED');
    expect(await mfaState(s)).toBe('pending');
    const failures = await auditEvents(t, { action: 'mfa.verify', targetId: user.id });
    expect(failures.filter((e) => e.outcome === 'failure')).toHaveLength(5);
  });

  it('is not bypassed by resetting the password, and a half-signed-in session can sign out', async () => {
    const { user } = await enrolledClinician();
    const reset = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/password-reset`,
      payload: { email: user.email },
    });
    expect(reset.statusCode).toBe(202);
    const token = linkToken(
      (await latestMessage(t, user.email, 'password_reset')).body_text,
      '/reset-password',
    );
    const done = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/password-reset/complete`,
      payload: { token, newPassword: 'Quarry-Lilac-Drum-71' },
    });
    expect(done.statusCode, done.body).toBe(200);
    const login = await attemptLogin(t, user.email, 'Quarry-Lilac-Drum-71');
    expect(login.json()).toMatchObject({ mfaState: 'pending' });
    const pending = sessionFrom(t, login, user);
    expectError(await pending.get(`${API}/me/sessions`), 401, 'MFA_REQUIRED');
    expect((await pending.post(`${API}/auth/logout`)).statusCode).toBe(200);
    expectError(await meWith(t, pending.cookie), 401, 'UNAUTHENTICATED');
  });

  it('checks no more than five codes of a burst sent all at once', async () => {
    const { user, secret } = await enrolledClinician();
    const s = await t.login(user.email);
    const wrong = await wrongCode(secret);
    const burst = await Promise.all(Array.from({ length: 12 }, () => verify(s, { code: wrong })));
    expect(burst.map((r) => r.statusCode).sort()).toEqual([
      ...Array<number>(4).fill(400),
      ...Array<number>(8).fill(429),
    ]);
    expect(await auditEvents(t, { action: 'mfa.verify', targetId: user.id })).toHaveLength(5);
    expectError(await verify(s, { code: await totp(secret, 1) }), 429, 'RATE_LIMITED');
  });

  it('replaces the recovery codes on request, with the password', async () => {
    const { user, recoveryCodes, session } = await enrolledClinician();
    expectFieldError(
      await session.post(`${API}/auth/mfa/recovery-codes`, { password: 'Not-The-Password-1' }),
      'password',
    );
    const r = await session.post(`${API}/auth/mfa/recovery-codes`, { password: user.password });
    expect(r.statusCode, r.body).toBe(200);
    const fresh = r.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(fresh).toHaveLength(10);
    const s = await t.login(user.email);
    expectFieldError(await verify(s, { recoveryCode: recoveryCodes[0]! }), 'recoveryCode');
    expect((await verify(s, { recoveryCode: fresh[0]! })).statusCode).toBe(200);
  });

  it('turns off with the password, and sign-in is one step again', async () => {
    const { user, session } = await enrolledClinician();
    expectFieldError(
      await session.post(`${API}/auth/mfa/disable`, { password: 'Not-The-Password-1' }),
      'password',
    );
    expect((await storedUser(t, user.id)).mfa_enabled_at).not.toBeNull();
    const off = await session.post(`${API}/auth/mfa/disable`, { password: user.password });
    expect(off.statusCode, off.body).toBe(200);
    const stored = await storedUser(t, user.id);
    expect(stored).toMatchObject({ mfa_enabled_at: null, mfa_secret_enc: null });
    expect((await attemptLogin(t, user.email, user.password)).json()).toMatchObject({
      mfaState: 'not_required',
    });
  });

  it('lets a network administrator clear a lost authenticator, which signs the person out', async () => {
    const { user, session } = await enrolledClinician();
    const director = await t.signIn('center_director', { centerId });
    expectError(await director.post(`${API}/users/${user.id}/mfa-reset`), 403, 'FORBIDDEN');
    expect((await session.get(`${API}/me`)).statusCode).toBe(200);

    const admin = await t.signIn('network_admin');
    const reset = await admin.post(`${API}/users/${user.id}/mfa-reset`);
    expect(reset.statusCode, reset.body).toBe(200);
    expectError(await session.get(`${API}/me`), 401, 'UNAUTHENTICATED');
    expect((await attemptLogin(t, user.email, user.password)).json()).toMatchObject({
      mfaState: 'not_required',
    });
    expect((await storedUser(t, user.id)).mfa_secret_enc).toBeNull();
    expect(await auditEvents(t, { action: 'mfa.reset', targetId: user.id })).toHaveLength(1);
    expectError(
      await admin.post(`${API}/users/00000000-0000-4000-8000-000000000000/mfa-reset`),
      404,
      'NOT_FOUND',
    );
  });

  it('is required of sensitive roles at their next sign-in once an administrator turns the setting on', async () => {
    const admin = await t.signIn('network_admin');
    const clinician = await t.createUser({ role: 'clinician', centerId });
    const funder = await t.createUser({ role: 'funder_viewer' });
    const director = await t.signIn('center_director', { centerId });
    expectError(await director.patch(`${API}/settings`, { mfaRequired: true }), 403, 'FORBIDDEN');
    try {
      const on = await admin.patch(`${API}/settings`, { mfaRequired: true });
      expect(on.statusCode, on.body).toBe(200);
      expect(on.json()).toMatchObject({ mfaRequired: true });
      expect((await attemptLogin(t, clinician.email, clinician.password)).json()).toMatchObject({
        mfaState: 'enrolment_required',
      });
      expect((await attemptLogin(t, funder.email, funder.password)).json()).toMatchObject({
        mfaState: 'not_required',
      });
      // The administrator has no second factor either: their own session must now enrol first.
      expectError(await admin.get(`${API}/settings`), 401, 'MFA_REQUIRED');
    } finally {
      await t.setSetting('mfa.required', false);
    }
    expect((await attemptLogin(t, clinician.email, clinician.password)).json()).toMatchObject({
      mfaState: 'not_required',
    });
  });
});

describe('changing the requirement', () => {
  let t: TestApp;
  let centerId: string;
  beforeAll(async () => {
    t = await buildTestApp({ mfaRequired: false });
    centerId = await t.createCenter();
  });
  afterAll(async () => t?.close());

  it('applies at once to sessions already signed in, both ways', async () => {
    const admin = await t.signIn('network_admin');
    const clinician = await t.signIn('clinician', { centerId });
    const funder = await t.signIn('funder_viewer');
    expect((await clinician.get(`${API}/centers/${centerId}/staff`)).statusCode).toBe(200);

    const on = await admin.patch(`${API}/settings`, { mfaRequired: true });
    expect(on.statusCode, on.body).toBe(200);
    expectError(await clinician.get(`${API}/centers/${centerId}/staff`), 401, 'MFA_REQUIRED');
    expect(await mfaState(clinician)).toBe('enrolment_required');
    // Roles that never see child-level data are not affected.
    expect((await funder.get(`${API}/network/summary`)).statusCode).toBe(200);
    const [event] = await auditEvents(t, { action: 'settings.update' });
    expect(event!.details).toMatchObject({ from: false, to: true });

    // The administrator has no second factor either, so their own session now needs enrolment.
    expectError(await admin.get(`${API}/settings`), 401, 'MFA_REQUIRED');
    // Turned off again (as another administrator with MFA would), open sessions are let through.
    await t.setSetting('mfa.required', false);
    expect((await admin.get(`${API}/settings`)).statusCode).toBe(200);
    expect((await clinician.get(`${API}/centers/${centerId}/staff`)).statusCode).toBe(200);
    expect(await mfaState(clinician)).toBe('not_required');
  });
});

describe('two-step verification required by the network', () => {
  let t: TestApp;
  let centerId: string;
  beforeAll(async () => {
    t = await buildTestApp({ mfaRequired: true });
    centerId = await t.createCenter();
  });
  afterAll(async () => t?.close());

  it('makes every role that sees child-level data set it up before anything else', async () => {
    const roles: Role[] = ['network_admin', 'center_director', 'clinician', 'trainer'];
    for (const role of roles) {
      const user = await t.createUser({ role, centerId: role === 'network_admin' ? null : centerId });
      const login = await attemptLogin(t, user.email, user.password);
      expect(login.json(), role).toMatchObject({ mfaState: 'enrolment_required' });
      const s = sessionFrom(t, login, user);
      expect(await mfaState(s)).toBe('enrolment_required');
      const blocked = expectError(await s.get(`${API}/me/sessions`), 401, 'MFA_REQUIRED');
      expect(blocked.message).toMatch(/requires two-step verification/);
      expect((await s.get(`${API}/auth/mfa`)).json(), role).toMatchObject({
        enabled: false,
        requiredForYou: true,
      });
    }
  });

  it('lets the person in once they have enrolled', async () => {
    const s = await t.signIn('clinician', { centerId });
    expectError(await s.get(`${API}/centers/${centerId}/staff`), 401, 'MFA_REQUIRED');
    const { session } = await enrolMfa(t, s);
    expect(await mfaState(session)).toBe('verified');
    expect((await session.get(`${API}/centers/${centerId}/staff`)).statusCode).toBe(200);
  });

  it('asks an open session for it as soon as the person is given a role that requires it', async () => {
    const admin = await t.createUser({ role: 'funder_viewer' });
    await t.setSetting('mfa.required', false);
    const adminSession = await t.signIn('network_admin');
    await t.setSetting('mfa.required', true);
    // The administrator has no second factor either; give the grant directly, as a second admin would.
    const funder = await t.login(admin.email);
    expect(await mfaState(funder)).toBe('not_required');
    expect((await funder.get(`${API}/network/summary`)).statusCode).toBe(200);
    await asSystem(t, (trx) =>
      trx
        .insertInto('membership')
        .values({ user_id: admin.id, role: 'clinician', center_id: centerId })
        .execute(),
    );
    // The very next request of the open session needs the second step before anything else.
    expectError(await funder.get(`${API}/centers/${centerId}/staff`), 401, 'MFA_REQUIRED');
    expect(await mfaState(funder)).toBe('enrolment_required');
    expectError(await adminSession.get(`${API}/settings`), 401, 'MFA_REQUIRED');
  });

  it('does not require it of funders and partner roles', async () => {
    const partnerId = await t.createPartner();
    const people = [
      await t.createUser({ role: 'funder_viewer' }),
      await t.createUser({ role: 'partner_learner', partnerId }),
      await t.createUser({ role: 'partner_admin', partnerId }),
    ];
    for (const person of people) {
      const login = await attemptLogin(t, person.email, person.password);
      expect(login.json()).toMatchObject({ mfaState: 'not_required' });
      const s = sessionFrom(t, login, person);
      expect((await s.get(`${API}/me/sessions`)).statusCode).toBe(200);
      expect((await s.get(`${API}/auth/mfa`)).json()).toMatchObject({ requiredForYou: false });
    }
  });

  it('cannot be turned off by someone whose role requires it', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    const { session } = await enrolMfa(t, await t.login(user.email));
    expectError(await session.post(`${API}/auth/mfa/disable`, { password: user.password }), 409, 'CONFLICT');
    expect((await storedUser(t, user.id)).mfa_enabled_at).not.toBeNull();
  });

  it('after an administrator’s reset, the person must enrol again at the next sign-in', async () => {
    const admin = (await enrolMfa(t, await t.signIn('network_admin'))).session;
    const user = await t.createUser({ role: 'clinician', centerId });
    await enrolMfa(t, await t.login(user.email));
    expect((await attemptLogin(t, user.email, user.password)).json()).toMatchObject({ mfaState: 'pending' });
    expect((await admin.post(`${API}/users/${user.id}/mfa-reset`)).statusCode).toBe(200);
    expect((await attemptLogin(t, user.email, user.password)).json()).toMatchObject({
      mfaState: 'enrolment_required',
    });
  });
});
