/**
 * Protections added after a security review: links in kept messages stop working once used,
 * delivered or withdrawn; a password change ends earlier reset links; colleagues see less than
 * managers; operational detail stays private in production; and the runtime role must really be
 * able to read Waymark's tables.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertSafeRuntimeRole,
  UnsafeDatabaseRoleError,
  type Database,
} from '../../src/server/db/database.js';
import { redactQuery } from '../../src/server/platform/logger.js';
import {
  API,
  asSystem,
  attemptLogin,
  expectError,
  latestMessage,
  linkToken,
  wrongCode,
} from '../helpers/identity.js';
import { setMfaSeed } from '../helpers/matrix.js';
import { buildTestApp, createTestDatabase, type TestApp } from '../helpers/test-app.js';

interface OutboxItem {
  id: string;
  to: string;
  kind: string;
  status: string;
  bodyText: string;
}

describe('links kept in the outbox', () => {
  let t: TestApp;
  let centerId: string;
  beforeAll(async () => {
    t = await buildTestApp();
    centerId = await t.createCenter();
  });
  afterAll(async () => t?.close());

  async function outboxItem(to: string): Promise<OutboxItem> {
    const admin = await t.signIn('network_admin');
    const r = await admin.get(`${API}/outbox?pageSize=200`);
    const item = r.json<{ items: OutboxItem[] }>().items.find((m) => m.to === to);
    expect(item, `no message to ${to}`).toBeDefined();
    return item!;
  }

  it('no longer open anything once the invitation is accepted', async () => {
    const admin = await t.signIn('network_admin');
    const email = `kept.${randomUUID().slice(0, 8)}@example.org`;
    expect((await admin.post(`${API}/invitations`, { email, role: 'clinician', centerId })).statusCode).toBe(
      201,
    );
    const held = await latestMessage(t, email, 'invitation');
    const token = linkToken(held.body_text, '/invite');
    // While held, the administrator sees the working link to pass on.
    expect((await outboxItem(email)).bodyText).toContain(`#token=${token}`);
    const accepted = await t.app.inject({
      method: 'POST',
      url: `${API}/invitations/accept`,
      payload: { token, displayName: 'Kept Link', password: 'Slate-Meadow-Harbor-31' },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const after = await latestMessage(t, email, 'invitation');
    expect(after.body_text).not.toContain(token);
    expect(after.body_text).toContain('#token=[removed]');
  });

  it('no longer open anything once an invitation is withdrawn, and revoking an accepted one is refused', async () => {
    const admin = await t.signIn('network_admin');
    const email = `withdrawn.${randomUUID().slice(0, 8)}@example.org`;
    const created = await admin.post(`${API}/invitations`, { email, role: 'clinician', centerId });
    const id = created.json<{ id: string }>().id;
    expect((await admin.post(`${API}/invitations/${id}/revoke`)).statusCode).toBe(200);
    const message = await latestMessage(t, email, 'invitation');
    expect(message.status).toBe('cancelled');
    expect(message.body_text).toContain('#token=[removed]');
    expectError(await admin.post(`${API}/invitations/${id}/revoke`), 409, 'CONFLICT');
  });

  it('are hidden from administrators while the message is on its way by e-mail', async () => {
    const to = `pending.${randomUUID().slice(0, 8)}@example.org`;
    await asSystem(t, (trx) =>
      trx
        .insertInto('outbox_message')
        .values({
          kind: 'password_reset',
          to_address: to,
          subject: 'Reset',
          body_text:
            'Open https://waymark.example.org/reset-password#token=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG now.',
          status: 'pending',
        })
        .execute(),
    );
    const item = await outboxItem(to);
    expect(item.bodyText).toContain('#token=[removed]');
    expect(item.bodyText).not.toContain('abcdefghijklmnopqrstuvwxyz');
  });

  it('end with every earlier reset link when the password is reset or changed', async () => {
    const user = await t.createUser({ role: 'clinician', centerId });
    for (let i = 0; i < 2; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: `${API}/auth/password-reset`,
        payload: { email: user.email },
      });
      expect(r.statusCode).toBe(202);
    }
    const messages = await asSystem(t, (trx) =>
      trx
        .selectFrom('outbox_message')
        .selectAll()
        .where('to_address', '=', user.email)
        .orderBy('created_at')
        .execute(),
    );
    expect(messages).toHaveLength(2);
    const [first, second] = messages.map((m) => linkToken(m.body_text, '/reset-password'));
    const done = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/password-reset/complete`,
      payload: { token: second, newPassword: 'Quartz-Lantern-Ferry-72' },
    });
    expect(done.statusCode, done.body).toBe(200);
    // The other link, still within its hour, can no longer change the password.
    const replay = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/password-reset/complete`,
      payload: { token: first, newPassword: 'Another-Harbor-Ferry-19' },
    });
    expectError(replay, 410, 'GONE');
    const kept = await asSystem(t, (trx) =>
      trx.selectFrom('outbox_message').select('body_text').where('to_address', '=', user.email).execute(),
    );
    for (const m of kept) expect(m.body_text).not.toMatch(/#token=[A-Za-z0-9_-]{20,}/);
    expect((await attemptLogin(t, user.email, 'Quartz-Lantern-Ferry-72')).statusCode).toBe(200);
  });
});

describe('what colleagues see of each other', () => {
  let t: TestApp;
  let centerId: string;
  beforeAll(async () => {
    t = await buildTestApp();
    centerId = await t.createCenter();
  });
  afterAll(async () => t?.close());

  it('sign-in details and former staff are for the center’s managers only', async () => {
    const director = await t.signIn('center_director', { centerId });
    const clinician = await t.signIn('clinician', { centerId });
    const leaver = await t.createUser({ role: 'clinician', centerId, name: 'Former Colleague' });
    const staff = (await director.get(`${API}/centers/${centerId}/staff`)).json<{
      items: {
        userId: string;
        membershipId: string;
        mfaEnabled: boolean | null;
        lastLoginAt: string | null;
      }[];
    }>().items;
    expect(staff.every((m) => m.mfaEnabled !== null)).toBe(true);
    const leaving = staff.find((m) => m.userId === leaver.id)!;
    expect((await director.del(`${API}/centers/${centerId}/staff/${leaving.membershipId}`)).statusCode).toBe(
      200,
    );

    const seen = (await clinician.get(`${API}/centers/${centerId}/staff?includeEnded=true`)).json<{
      items: { userId: string; mfaEnabled: boolean | null; lastLoginAt: string | null }[];
    }>().items;
    expect(seen.map((m) => m.userId)).not.toContain(leaver.id);
    expect(seen.every((m) => m.mfaEnabled === null && m.lastLoginAt === null)).toBe(true);
    const managerView = (await director.get(`${API}/centers/${centerId}/staff?includeEnded=true`)).json<{
      items: { userId: string; endedAt: string | null }[];
    }>().items;
    expect(managerView.find((m) => m.userId === leaver.id)?.endedAt).not.toBeNull();
    // Under row-level security a clinician cannot read the former colleague's account at all.
    const visible = await t.db.scoped(
      { purpose: 'user', userId: clinician.userId, centerIds: [centerId] },
      (trx) => trx.selectFrom('app_user').select('id').where('id', '=', leaver.id).execute(),
    );
    expect(visible).toEqual([]);
  });
});

describe('operational detail', () => {
  it('keeps /metrics off in production until an operator token is set', async () => {
    const t = await buildTestApp({
      env: { NODE_ENV: 'production', WAYMARK_SECRET_KEY: 'kQeOe3VRkR4Z5pCjK3Yb3w0yJv8Qm0bMyqzC8F6dQ1Q=' },
    });
    try {
      const r = await t.app.inject({ method: 'GET', url: '/metrics' });
      expectError(r, 404, 'NOT_FOUND');
      expect(r.body).toMatch(/WAYMARK_METRICS_TOKEN/);
    } finally {
      await t.close();
    }
  });

  it('does not log search terms, addresses or tokens found in query strings', async () => {
    expect(redactQuery('/api/v1/users?q=alice@example.org&role=clinician')).toBe(
      '/api/v1/users?q=[redacted]&role=clinician',
    );
    expect(redactQuery('/x?email=a@b.org&token=abc')).toBe('/x?email=[redacted]&token=[redacted]');
    const lines: string[] = [];
    const t = await buildTestApp({
      app: {
        logger: pino(
          { level: 'info', serializers: { req: (r: { url: string }) => ({ url: redactQuery(r.url) }) } },
          { write: (l: string) => lines.push(l) },
        ),
      },
    });
    try {
      const admin = await t.signIn('network_admin');
      await admin.get(`${API}/users?q=${encodeURIComponent('dana.rivera@example.org')}`);
      expect(lines.join('\n')).not.toContain('dana.rivera');
    } finally {
      await t.close();
    }
  });
});

describe('small corrections', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t?.close());

  it('says how long the lock on wrong two-step codes still runs', async () => {
    const user = await t.createUser({ role: 'clinician', centerId: await t.createCenter() });
    const secret = await setMfaSeed(t, user.id, true);
    const session = await t.login(user.email);
    const wrong = await wrongCode(secret);
    let last = await session.post(`${API}/auth/mfa/verify`, { code: wrong });
    for (let i = 0; i < 4; i++) last = await session.post(`${API}/auth/mfa/verify`, { code: wrong });
    const body = expectError(last, 429, 'RATE_LIMITED');
    expect(body.message).toMatch(/^Too many wrong codes\. Try again in 1 minute\.$/);
    expect(Number(last.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('treats a center name typed with extra spaces as the same name', async () => {
    const admin = await t.signIn('network_admin');
    const first = await admin.post(`${API}/centers`, {
      name: 'Hope   House  CAC',
      state: 'OK',
      county: 'Tulsa',
      zip3: '741',
      memberType: 'affiliate',
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json<{ name: string }>().name).toBe('Hope House CAC');
    expectError(
      await admin.post(`${API}/centers`, {
        name: 'Hope House CAC',
        state: 'OK',
        county: 'Tulsa',
        zip3: '741',
        memberType: 'affiliate',
      }),
      409,
      'CONFLICT',
    );
  });
});

describe('the runtime role', () => {
  it('must be able to read Waymark’s tables, or the server refuses to start and says what to grant', async () => {
    const tdb = await createTestDatabase();
    const role = `waymark_norights_${randomUUID().replace(/-/g, '').slice(0, 8)}`;
    try {
      await sql.raw(`create role ${role} nologin`).execute(tdb.db.kysely);
      // The same database, with requests switching to a role that was never granted waymark_app.
      const misconfigured: Database = {
        ...tdb.db,
        appRole: role,
        scoped: (_scope, fn) =>
          tdb.db.kysely.transaction().execute(async (trx) => {
            await sql`select set_config('role', ${role}, true)`.execute(trx);
            return fn(trx);
          }),
      };
      await expect(assertSafeRuntimeRole(misconfigured)).rejects.toThrow(UnsafeDatabaseRoleError);
      await expect(assertSafeRuntimeRole(misconfigured)).rejects.toThrow(
        new RegExp(`"${role}" may not read Waymark's tables.*GRANT waymark_app TO ${role}`),
      );
      await sql.raw(`grant waymark_app to ${role}`).execute(tdb.db.kysely);
      await expect(assertSafeRuntimeRole(misconfigured)).resolves.toMatchObject({ runtimeRole: role });
    } finally {
      await sql
        .raw(`drop owned by ${role}`)
        .execute(tdb.db.kysely)
        .catch(() => undefined);
      await sql
        .raw(`drop role if exists ${role}`)
        .execute(tdb.db.kysely)
        .catch(() => undefined);
      await tdb.destroy();
    }
  });
});
