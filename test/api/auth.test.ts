/**
 * Signing in: the session cookie, one answer for every wrong e-mail or password, locking an
 * account key after repeated failures, the per-address rate limit, and the audit trail of sign-ins.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  asSystem,
  attemptLogin,
  auditEvents,
  expectError,
  meWith,
  tokenOfCookie,
} from '../helpers/identity.js';
import { buildTestApp, cookieFrom, uniqueEmail, type TestApp } from '../helpers/test-app.js';

const WRONG = 'Definitely-Not-It-417';

function setCookieHeaders(response: { headers: Record<string, unknown> }): string[] {
  const header = response.headers['set-cookie'];
  return Array.isArray(header) ? (header as string[]) : typeof header === 'string' ? [header] : [];
}

describe('sign-in', () => {
  let t: TestApp;
  let centerId: string;
  beforeAll(async () => {
    t = await buildTestApp();
    centerId = await t.createCenter();
  });
  afterAll(async () => t?.close());

  it('sets an httpOnly, SameSite=Strict session cookie for the whole site, and /me answers with it', async () => {
    const user = await t.createUser({ role: 'clinician', centerId, name: 'Rosa Delgado' });
    const response = await attemptLogin(t, user.email, user.password);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{ mfaState: string; csrfToken: string }>();
    expect(body.mfaState).toBe('not_required');
    expect(body.csrfToken.length).toBeGreaterThanOrEqual(24);

    const [setCookie] = setCookieHeaders(response).filter((c) => c.startsWith('waymark_session='));
    expect(setCookie).toBeDefined();
    const attributes = setCookie!.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=strict');
    expect(attributes).toContain('path=/');

    const cookie = cookieFrom(response)!;
    const me = await meWith(t, cookie);
    expect(me.statusCode, me.body).toBe(200);
    const profile = me.json<{
      user: { id: string; email: string; displayName: string };
      memberships: { role: string; centerId: string }[];
      session: { mfaState: string; expiresAt: string; idleTimeoutMinutes: number };
      csrfToken: string;
    }>();
    expect(profile.user).toMatchObject({ id: user.id, email: user.email, displayName: 'Rosa Delgado' });
    expect(profile.memberships).toEqual([expect.objectContaining({ role: 'clinician', centerId })]);
    expect(profile.session.idleTimeoutMinutes).toBe(30);
    expect(profile.csrfToken).toBe(body.csrfToken);
    const hoursLeft = (Date.parse(profile.session.expiresAt) - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(11.9);
    expect(hoursLeft).toBeLessThanOrEqual(12);

    const anonymous = await t.app.inject({ method: 'GET', url: `${API}/me` });
    expectError(anonymous, 401, 'UNAUTHENTICATED');
  });

  it('stores only a hash of the session token', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    const response = await attemptLogin(t, user.email, user.password);
    const token = tokenOfCookie(cookieFrom(response)!);
    const rows = await asSystem(t, (trx) =>
      trx.selectFrom('user_session').selectAll().where('user_id', '=', user.id).execute(),
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
  });

  it('accepts the e-mail address in any case and with surrounding spaces', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    const response = await attemptLogin(t, `  ${user.email.toUpperCase()} `, user.password);
    expect(response.statusCode, response.body).toBe(200);
  });

  it('answers a wrong password and an unknown e-mail address the same way', async () => {
    const user = await t.createUser({ role: 'center_director', centerId });
    const wrongPassword = await attemptLogin(t, user.email, WRONG);
    const unknownEmail = await attemptLogin(t, uniqueEmail('nobody'), WRONG);
    const a = expectError(wrongPassword, 401, 'INVALID_CREDENTIALS');
    const b = expectError(unknownEmail, 401, 'INVALID_CREDENTIALS');
    expect(a.message).toBe(b.message);
    expect(a.details).toEqual(b.details);
    expect(setCookieHeaders(wrongPassword)).toEqual([]);
    expect(setCookieHeaders(unknownEmail)).toEqual([]);
    const headerNames = (r: typeof wrongPassword) =>
      Object.keys(r.headers)
        .filter((h) => !['date', 'content-length'].includes(h))
        .sort();
    expect(headerNames(wrongPassword)).toEqual(headerNames(unknownEmail));
  });

  it('refuses a deactivated account, and does not reveal it to someone without the password', async () => {
    const user = await t.createUser({ role: 'clinician', centerId, status: 'deactivated' });
    const right = await attemptLogin(t, user.email, user.password);
    expectError(right, 403, 'FORBIDDEN');
    expect(cookieFrom(right)).toBeNull();
    const wrong = await attemptLogin(t, user.email, WRONG);
    const unknown = await attemptLogin(t, uniqueEmail('nobody'), WRONG);
    expect(expectError(wrong, 401, 'INVALID_CREDENTIALS').message).toBe(
      expectError(unknown, 401, 'INVALID_CREDENTIALS').message,
    );
  });

  it('locks an existing account after five failures, even against the right password', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    for (let i = 0; i < 4; i++)
      expectError(await attemptLogin(t, user.email, WRONG), 401, 'INVALID_CREDENTIALS');
    const fifth = await attemptLogin(t, user.email, WRONG);
    expectError(fifth, 429, 'RATE_LIMITED');
    expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(0);

    const right = await attemptLogin(t, user.email, user.password);
    expectError(right, 429, 'RATE_LIMITED');
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    expect(cookieFrom(right)).toBeNull();

    // Another account is not affected by this one's lock.
    const other = await t.createUser({ role: 'clinician', centerId });
    expect((await attemptLogin(t, other.email, other.password)).statusCode).toBe(200);
  });

  it('records attempts refused during a lock in the audit log, against the account', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    for (let i = 0; i < 5; i++) await attemptLogin(t, user.email, WRONG);
    expectError(await attemptLogin(t, user.email, user.password), 429, 'RATE_LIMITED');
    const events = await auditEvents(t, { action: 'auth.login', targetId: user.id });
    expect(events.map((e) => (e.details as { reason?: string }).reason)).toEqual([
      'wrong_password',
      'wrong_password',
      'wrong_password',
      'wrong_password',
      'wrong_password',
      'locked',
    ]);
    expect(events.every((e) => e.outcome === 'failure')).toBe(true);
  });

  it('locks an unknown e-mail address in exactly the same way', async () => {
    const known = await t.createUser({ role: 'clinician', centerId });
    const unknown = uniqueEmail('ghost');
    const answers = { known: [] as number[], unknown: [] as number[] };
    let lastKnown = null as Awaited<ReturnType<typeof attemptLogin>> | null;
    let lastUnknown = null as Awaited<ReturnType<typeof attemptLogin>> | null;
    for (let i = 0; i < 5; i++) {
      lastKnown = await attemptLogin(t, known.email, WRONG);
      lastUnknown = await attemptLogin(t, unknown, WRONG);
      answers.known.push(lastKnown.statusCode);
      answers.unknown.push(lastUnknown.statusCode);
    }
    expect(answers.known).toEqual([401, 401, 401, 401, 429]);
    expect(answers.unknown).toEqual(answers.known);
    expect(lastUnknown!.headers['retry-after']).toBe(lastKnown!.headers['retry-after']);
    expect(expectError(lastUnknown!, 429, 'RATE_LIMITED').message).toBe(
      expectError(lastKnown!, 429, 'RATE_LIMITED').message,
    );
  });

  it('checks no more than five guesses of a burst sent all at once', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    const burst = await Promise.all(Array.from({ length: 16 }, () => attemptLogin(t, user.email, WRONG)));
    const statuses = burst.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([...Array<number>(4).fill(401), ...Array<number>(12).fill(429)]);
    const events = await auditEvents(t, { action: 'auth.login', targetId: user.id });
    const reasons = events.map((e) => (e.details as { reason: string }).reason);
    // Five were checked against the password; the other eleven were refused unchecked, and recorded.
    expect(reasons.filter((r) => r === 'wrong_password')).toHaveLength(5);
    expect(reasons.filter((r) => r === 'locked')).toHaveLength(11);
    expectError(await attemptLogin(t, user.email, user.password), 429, 'RATE_LIMITED');
  });

  it('lets the person in again once the lock has run out', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    for (let i = 0; i < 5; i++) await attemptLogin(t, user.email, WRONG);
    expectError(await attemptLogin(t, user.email, user.password), 429, 'RATE_LIMITED');
    await asSystem(t, (trx) =>
      trx
        .updateTable('login_throttle')
        .set({ locked_until: new Date(Date.now() - 1000) })
        .where('locked_until', 'is not', null)
        .execute(),
    );
    expect((await attemptLogin(t, user.email, user.password)).statusCode).toBe(200);
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    for (let i = 0; i < 4; i++) expect((await attemptLogin(t, user.email, WRONG)).statusCode).toBe(401);
    expect((await attemptLogin(t, user.email, user.password)).statusCode).toBe(200);
    // Had the count survived, the first of these would be the fifth failure and lock the account.
    const after: number[] = [];
    for (let i = 0; i < 4; i++) after.push((await attemptLogin(t, user.email, WRONG)).statusCode);
    expect(after).toEqual([401, 401, 401, 401]);
    expect((await attemptLogin(t, user.email, user.password)).statusCode).toBe(200);
  });

  it('writes an audit event for a successful and for a failed sign-in', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    await attemptLogin(t, user.email, WRONG);
    await attemptLogin(t, user.email, user.password);
    const events = await auditEvents(t, { action: 'auth.login', targetId: user.id });
    expect(events.map((e) => e.outcome)).toEqual(['failure', 'success']);
    const [failure, success] = events;
    expect(failure).toMatchObject({ actor_user_id: user.id, target_type: 'user', ip: '127.0.0.1' });
    expect(failure!.details).toMatchObject({ reason: 'wrong_password' });
    expect(success).toMatchObject({ actor_user_id: user.id, actor_kind: 'user', ip: '127.0.0.1' });
    expect(JSON.stringify(events)).not.toContain(WRONG);
    expect(JSON.stringify(events)).not.toContain(user.password);
  });

  it('records a failed sign-in of an unknown address without storing the address', async () => {
    const email = uniqueEmail('stranger');
    const before = await asSystem(t, (trx) =>
      trx
        .selectFrom('audit_event')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirstOrThrow(),
    );
    await attemptLogin(t, email, WRONG);
    const events = (await auditEvents(t, { action: 'auth.login' })).filter(
      (e) => Number(e.seq) > Number(before.seq ?? 0),
    );
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({ outcome: 'failure', actor_user_id: null, actor_kind: 'anonymous' });
    expect(event!.details).toMatchObject({ reason: 'unknown_account' });
    const stored = JSON.stringify(event);
    expect(stored).not.toContain(email);
    expect(stored).not.toContain(email.split('@')[0]);
    expect(stored).not.toContain(WRONG);
  });
});

describe('per-address rate limit on sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { WAYMARK_LOGIN_RATE_LIMIT: '3' } });
  });
  afterAll(async () => t?.close());

  it('refuses the fourth attempt within a minute from one address with the error envelope', async () => {
    const center = await t.createCenter();
    const user = await t.createUser({ role: 'clinician', centerId: center });
    const ip = '203.0.113.7';
    const first = [
      await attemptLogin(t, user.email, WRONG, ip),
      await attemptLogin(t, uniqueEmail('x'), WRONG, ip),
      await attemptLogin(t, user.email, user.password, ip),
    ].map((r) => r.statusCode);
    expect(first).toEqual([401, 401, 200]);

    const fourth = await attemptLogin(t, user.email, user.password, ip);
    const error = expectError(fourth, 429, 'RATE_LIMITED');
    expect(error.requestId).toEqual(expect.any(String));
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);
    expect(cookieFrom(fourth)).toBeNull();

    // Someone signing in from another address is not affected.
    const elsewhere = await attemptLogin(t, user.email, user.password, '198.51.100.9');
    expect(elsewhere.statusCode, elsewhere.body).toBe(200);
  });
});
