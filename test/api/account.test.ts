/**
 * One's own account: sessions (sign-out, idle and absolute expiry, the session list), protection
 * against cross-site requests, the password policy, changing a password and resetting a forgotten one.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  asSystem,
  attemptLogin,
  auditEvents,
  expectError,
  expectFieldError,
  findMessages,
  latestMessage,
  linkToken,
  meWith,
  sessionFrom,
} from '../helpers/identity.js';
import { buildTestApp, cookieFrom, uniqueEmail, type Session, type TestApp } from '../helpers/test-app.js';

function sessionRow(t: TestApp, userId: string) {
  return asSystem(t, (trx) =>
    trx.selectFrom('user_session').selectAll().where('user_id', '=', userId).orderBy('created_at').execute(),
  );
}

function minutesAgo(minutes: number): Date {
  return new Date(Date.now() - minutes * 60_000);
}

describe('sessions', () => {
  let t: TestApp;
  let centerId: string;
  beforeAll(async () => {
    t = await buildTestApp();
    centerId = await t.createCenter();
  });
  afterAll(async () => t?.close());

  it('signing out ends the session: the old cookie no longer works', async () => {
    const s = await t.signIn('clinician', { centerId });
    expect((await s.get(`${API}/me`)).statusCode).toBe(200);
    const out = await s.post(`${API}/auth/logout`);
    expect(out.statusCode, out.body).toBe(200);
    const cleared = String(out.headers['set-cookie']);
    expect(cleared).toMatch(/waymark_session=;/);
    expectError(await meWith(t, s.cookie), 401, 'UNAUTHENTICATED');
    const [row] = await sessionRow(t, s.userId);
    expect(row).toMatchObject({ revoked_reason: 'logout' });
  });

  it('ends a session after 30 minutes without a request, and keeps an active one alive', async () => {
    const s = await t.signIn('clinician', { centerId });
    const setLastSeen = (minutes: number) =>
      asSystem(t, (trx) =>
        trx
          .updateTable('user_session')
          .set({ last_seen_at: minutesAgo(minutes) })
          .where('user_id', '=', s.userId)
          .execute(),
      );

    await setLastSeen(29);
    expect((await s.get(`${API}/me`)).statusCode).toBe(200);
    const [touched] = await sessionRow(t, s.userId);
    expect(Date.now() - touched!.last_seen_at.getTime()).toBeLessThan(60_000);

    await setLastSeen(31);
    expectError(await s.get(`${API}/me`), 401, 'UNAUTHENTICATED');
    const [row] = await sessionRow(t, s.userId);
    expect(row!.revoked_at).not.toBeNull();
    expect(row!.revoked_reason).toBe('idle_timeout');
    // Revoked for good: moving the clock back does not bring it back.
    await setLastSeen(0);
    expectError(await s.get(`${API}/me`), 401, 'UNAUTHENTICATED');
  });

  it('ends a session at its absolute expiry however active it is', async () => {
    const s = await t.signIn('clinician', { centerId });
    await asSystem(t, (trx) =>
      trx
        .updateTable('user_session')
        .set({ expires_at: new Date(Date.now() - 1000), last_seen_at: new Date() })
        .where('user_id', '=', s.userId)
        .execute(),
    );
    expectError(await s.get(`${API}/me`), 401, 'UNAUTHENTICATED');
    const [row] = await sessionRow(t, s.userId);
    expect(row!.revoked_reason).toBe('expired');
  });

  it('lists your sessions and signs out one of them', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    const laptop = await t.login(user.email);
    const phone = await t.login(user.email);
    const list = await laptop.get(`${API}/me/sessions`);
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json<{ items: { id: string; current: boolean; ip: string | null }[] }>().items;
    expect(items).toHaveLength(2);
    expect(items.filter((i) => i.current)).toHaveLength(1);
    const other = items.find((i) => !i.current)!;
    expect(other.ip).toBe('127.0.0.1');

    const revoke = await laptop.del(`${API}/me/sessions/${other.id}`);
    expect(revoke.statusCode, revoke.body).toBe(200);
    expectError(await phone.get(`${API}/me`), 401, 'UNAUTHENTICATED');
    expect((await laptop.get(`${API}/me`)).statusCode).toBe(200);
    const after = (await laptop.get(`${API}/me/sessions`)).json<{ items: { id: string }[] }>().items;
    expect(after.map((i) => i.id)).not.toContain(other.id);
    // Already signed out: not found.
    expectError(await laptop.del(`${API}/me/sessions/${other.id}`), 404, 'NOT_FOUND');
  });

  it("cannot see or sign out someone else's session", async () => {
    const mine = await t.signIn('clinician', { centerId });
    const theirs = await t.signIn('clinician', { centerId });
    const [theirRow] = await sessionRow(t, theirs.userId);
    const listed = (await mine.get(`${API}/me/sessions`)).json<{ items: { id: string }[] }>().items;
    expect(listed.map((i) => i.id)).not.toContain(theirRow!.id);
    expectError(await mine.del(`${API}/me/sessions/${theirRow!.id}`), 404, 'NOT_FOUND');
    expect((await theirs.get(`${API}/me`)).statusCode).toBe(200);
  });

  it('refuses a change without the CSRF token, with a wrong one or with another session’s', async () => {
    const s = await t.signIn('clinician', { centerId });
    const other = await t.signIn('clinician', { centerId });
    const patchMe = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'PATCH',
        url: `${API}/me`,
        headers: { cookie: s.cookie, ...headers },
        payload: { displayName: 'Changed By Someone Else' },
      });
    expectError(await patchMe({}), 403, 'CSRF_FAILED');
    expectError(await patchMe({ 'x-csrf-token': 'not-the-token-of-this-session' }), 403, 'CSRF_FAILED');
    expectError(await patchMe({ 'x-csrf-token': other.csrf }), 403, 'CSRF_FAILED');
    const logout = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/logout`,
      headers: { cookie: s.cookie },
    });
    expectError(logout, 403, 'CSRF_FAILED');

    const me = (await s.get(`${API}/me`)).json<{ user: { displayName: string } }>();
    expect(me.user.displayName).not.toBe('Changed By Someone Else');
    expect((await patchMe({ 'x-csrf-token': s.csrf })).statusCode).toBe(200);
    expect((await s.get(`${API}/me`)).json<{ user: { displayName: string } }>().user.displayName).toBe(
      'Changed By Someone Else',
    );
  });

  it('refuses requests started by another site, whatever they carry', async () => {
    const s = await t.signIn('clinician', { centerId });
    const foreign = await s.request({
      method: 'PATCH',
      url: `${API}/me`,
      headers: { origin: 'https://evil.example' },
      payload: { displayName: 'Cross Site' },
    });
    expectError(foreign, 403, 'CSRF_FAILED');
    const fetchMetadata = await s.request({
      method: 'PATCH',
      url: `${API}/me`,
      headers: { 'sec-fetch-site': 'cross-site' },
      payload: { displayName: 'Cross Site' },
    });
    expectError(fetchMetadata, 403, 'CSRF_FAILED');
    // Even signing in (no session yet) is refused from another site.
    const user = await t.createUser({ role: 'clinician', centerId });
    const login = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/login`,
      headers: { origin: 'https://evil.example' },
      payload: { email: user.email, password: user.password },
    });
    expectError(login, 403, 'CSRF_FAILED');
    expect(cookieFrom(login)).toBeNull();

    const sameOrigin = await s.request({
      method: 'PATCH',
      url: `${API}/me`,
      headers: { origin: t.config.publicUrl },
      payload: { displayName: 'Same Site' },
    });
    expect(sameOrigin.statusCode, sameOrigin.body).toBe(200);
  });

  it('needs no CSRF token to read', async () => {
    const s = await t.signIn('clinician', { centerId });
    const r = await t.app.inject({ method: 'GET', url: `${API}/me/sessions`, headers: { cookie: s.cookie } });
    expect(r.statusCode, r.body).toBe(200);
  });

  it('updates your own name and language', async () => {
    const s = await t.signIn('clinician', { centerId });
    const r = await s.patch(`${API}/me`, { displayName: 'Ana María Ruiz', locale: 'es' });
    expect(r.statusCode, r.body).toBe(200);
    const me = (await s.get(`${API}/me`)).json<{ user: { displayName: string; locale: string } }>();
    expect(me.user).toMatchObject({ displayName: 'Ana María Ruiz', locale: 'es' });
    expectFieldError(await s.patch(`${API}/me`, { displayName: 'x', email: 'new@example.org' }), 'email');
  });
});

describe('passwords', () => {
  let t: TestApp;
  let centerId: string;
  beforeAll(async () => {
    t = await buildTestApp();
    centerId = await t.createCenter();
  });
  afterAll(async () => t?.close());

  async function changePassword(s: Session, currentPassword: string, newPassword: string) {
    return s.post(`${API}/me/password`, { currentPassword, newPassword });
  }

  it('explains, on the field, why a new password is refused', async () => {
    const local = `okafor${Math.random().toString(36).slice(2, 8)}`;
    const user = await t.createUser({ role: 'clinician', centerId, email: `${local}@cac.example.org` });
    const s = await t.login(user.email);
    const tooShort = expectFieldError(await changePassword(s, user.password, 'Short-pw-9'), 'newPassword');
    expect(tooShort).toMatch(/12 characters/);
    const common = expectFieldError(await changePassword(s, user.password, 'password1234'), 'newPassword');
    expect(common).toMatch(/common|breached/);
    const fromEmail = expectFieldError(
      await changePassword(s, user.password, `My-${local.toUpperCase()}-garden`),
      'newPassword',
    );
    expect(fromEmail).toMatch(/e-mail/);
    const service = expectFieldError(await changePassword(s, user.password, 'Waymark-2026!!'), 'newPassword');
    expect(service).toMatch(/name of this service/);
    expectFieldError(await changePassword(s, user.password, 'x'.repeat(129)), 'newPassword');
    expectFieldError(await changePassword(s, user.password, user.password), 'newPassword');
    // None of those changed anything.
    expect((await attemptLogin(t, user.email, user.password)).statusCode).toBe(200);
  });

  it('has no composition rules: a long all-lowercase passphrase is fine', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    const s = await t.login(user.email);
    const r = await changePassword(s, user.password, 'lantern meadow quiet river');
    expect(r.statusCode, r.body).toBe(200);
    expect((await attemptLogin(t, user.email, 'lantern meadow quiet river')).statusCode).toBe(200);
  });

  it('requires the current password to change it', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    const s = await t.login(user.email);
    const r = await changePassword(s, 'Not-My-Password-55', 'Cobalt-Harbor-Window-19');
    expectFieldError(r, 'currentPassword');
    expect((await attemptLogin(t, user.email, 'Cobalt-Harbor-Window-19')).statusCode).toBe(401);
    expect((await s.get(`${API}/me`)).statusCode).toBe(200);
  });

  it('counts wrong current passwords against the account lock, as sign-in does', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    const s = await t.login(user.email);
    for (let i = 0; i < 4; i++) {
      expectFieldError(
        await changePassword(s, `Guess-Number-${i}-Wrong`, 'Cobalt-Harbor-Window-19'),
        'currentPassword',
      );
    }
    expectError(
      await changePassword(s, 'Guess-Number-5-Wrong', 'Cobalt-Harbor-Window-19'),
      429,
      'RATE_LIMITED',
    );
    // Locked: even the right password is not checked now, and sign-in is locked too.
    expectError(await changePassword(s, user.password, 'Cobalt-Harbor-Window-19'), 429, 'RATE_LIMITED');
    expectError(await attemptLogin(t, user.email, user.password), 429, 'RATE_LIMITED');
    const failures = await auditEvents(t, { action: 'auth.password_change', targetId: user.id });
    expect(failures.filter((e) => e.outcome === 'failure')).toHaveLength(5);
  });

  it('signs out every other session on a change but keeps this browser signed in with a new cookie', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    const here = await t.login(user.email);
    const elsewhere = await t.login(user.email);
    const r = await changePassword(here, user.password, 'Cobalt-Harbor-Window-19');
    const renewed = sessionFrom(t, r, { id: user.id, email: user.email });
    expect(renewed.cookie).not.toBe(here.cookie);
    expect(renewed.csrf).not.toBe(here.csrf);

    expectError(await elsewhere.get(`${API}/me`), 401, 'UNAUTHENTICATED');
    expectError(await meWith(t, here.cookie), 401, 'UNAUTHENTICATED');
    expect((await renewed.get(`${API}/me`)).statusCode).toBe(200);
    expect((await renewed.patch(`${API}/me`, { locale: 'es' })).statusCode).toBe(200);

    const rows = await sessionRow(t, user.id);
    expect(rows.filter((row) => row.revoked_reason === 'password_changed')).toHaveLength(2);
    expect(rows.filter((row) => row.revoked_at === null)).toHaveLength(1);

    expectError(await attemptLogin(t, user.email, user.password), 401, 'INVALID_CREDENTIALS');
    expect((await attemptLogin(t, user.email, 'Cobalt-Harbor-Window-19')).statusCode).toBe(200);
  });
});

describe('password reset', () => {
  let t: TestApp;
  let centerId: string;
  beforeAll(async () => {
    t = await buildTestApp();
    centerId = await t.createCenter();
  });
  afterAll(async () => t?.close());

  const requestReset = (email: string) =>
    t.app.inject({ method: 'POST', url: `${API}/auth/password-reset`, payload: { email } });
  const completeReset = (token: string, newPassword: string) =>
    t.app.inject({
      method: 'POST',
      url: `${API}/auth/password-reset/complete`,
      payload: { token, newPassword },
    });

  it('answers 202 for known and unknown addresses alike, and mails a link only to a real account', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    const unknown = uniqueEmail('nobody');
    const known = await requestReset(user.email);
    const notKnown = await requestReset(unknown);
    expect(known.statusCode).toBe(202);
    expect(notKnown.statusCode).toBe(202);
    expect(known.body).toBe(notKnown.body);

    const message = await latestMessage(t, user.email, 'password_reset');
    expect(message.status).toBe('held');
    expect(message.body_text).toContain(`${t.config.publicUrl}/reset-password#token=`);
    linkToken(message.body_text, '/reset-password');
    expect(await findMessages(t, unknown)).toEqual([]);
  });

  it('sends nothing to a deactivated account', async () => {
    const user = await t.createUser({ role: 'clinician', centerId, status: 'deactivated' });
    expect((await requestReset(user.email)).statusCode).toBe(202);
    expect(await findMessages(t, user.email)).toEqual([]);
  });

  it('sets the new password with the link, signs out every session, and the link works once', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    const s = await t.login(user.email);
    await requestReset(user.email);
    const token = linkToken(
      (await latestMessage(t, user.email, 'password_reset')).body_text,
      '/reset-password',
    );

    const done = await completeReset(token, 'Juniper-Signal-Orchard-44');
    expect(done.statusCode, done.body).toBe(200);
    expectError(await s.get(`${API}/me`), 401, 'UNAUTHENTICATED');
    const [row] = await sessionRow(t, user.id);
    expect(row!.revoked_reason).toBe('password_reset');
    expectError(await attemptLogin(t, user.email, user.password), 401, 'INVALID_CREDENTIALS');
    expect((await attemptLogin(t, user.email, 'Juniper-Signal-Orchard-44')).statusCode).toBe(200);

    expectError(await completeReset(token, 'Another-Fresh-Phrase-45'), 410, 'GONE');
    expect((await attemptLogin(t, user.email, 'Juniper-Signal-Orchard-44')).statusCode).toBe(200);
  });

  it('applies the password policy and keeps the link usable after a refused password', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    await requestReset(user.email);
    const token = linkToken(
      (await latestMessage(t, user.email, 'password_reset')).body_text,
      '/reset-password',
    );
    expectFieldError(await completeReset(token, 'password1234'), 'newPassword');
    expectFieldError(await completeReset(token, 'too-short'), 'newPassword');
    expect((await completeReset(token, 'Juniper-Signal-Orchard-44')).statusCode).toBe(200);
  });

  it('refuses an expired link with 410 and an invented one likewise', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    await requestReset(user.email);
    const token = linkToken(
      (await latestMessage(t, user.email, 'password_reset')).body_text,
      '/reset-password',
    );
    await asSystem(t, (trx) =>
      trx
        .updateTable('password_reset')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('user_id', '=', user.id)
        .execute(),
    );
    expectError(await completeReset(token, 'Juniper-Signal-Orchard-44'), 410, 'GONE');
    expectError(await completeReset('A'.repeat(43), 'Juniper-Signal-Orchard-44'), 410, 'GONE');
    expect((await attemptLogin(t, user.email, user.password)).statusCode).toBe(200);
  });

  it('stores only a hash of the link token', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    await requestReset(user.email);
    const token = linkToken(
      (await latestMessage(t, user.email, 'password_reset')).body_text,
      '/reset-password',
    );
    const rows = await asSystem(t, (trx) =>
      trx.selectFrom('password_reset').selectAll().where('user_id', '=', user.id).execute(),
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
  });

  it('unlocks a locked account once the password is reset', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    for (let i = 0; i < 5; i++) await attemptLogin(t, user.email, 'Wrong-Guess-Number-1');
    expectError(await attemptLogin(t, user.email, user.password), 429, 'RATE_LIMITED');
    await requestReset(user.email);
    const token = linkToken(
      (await latestMessage(t, user.email, 'password_reset')).body_text,
      '/reset-password',
    );
    expect((await completeReset(token, 'Juniper-Signal-Orchard-44')).statusCode).toBe(200);
    expect((await attemptLogin(t, user.email, 'Juniper-Signal-Orchard-44')).statusCode).toBe(200);
  });

  it('mails at most three links per address per hour, answering 202 throughout', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await requestReset(user.email)).statusCode);
    expect(answers).toEqual([202, 202, 202, 202, 202]);
    expect(await findMessages(t, user.email, 'password_reset')).toHaveLength(3);
  });
});
