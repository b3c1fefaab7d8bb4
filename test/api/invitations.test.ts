/**
 * Invitations: who may invite whom, the single-use expiring link delivered through the outbox
 * (held when no mail server is configured), accepting as a new or an existing person, revoking,
 * re-sending and listing.
 */
import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
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
  sessionFrom,
} from '../helpers/identity.js';
import { buildTestApp, uniqueEmail, type Session, type TestApp } from '../helpers/test-app.js';

interface Invitation {
  id: string;
  email: string;
  role: string;
  centerId: string | null;
  status: string;
  delivery: string;
  expiresAt: string;
}

const NEW_PASSWORD = 'Harbor-Lights-Ember-62';

describe('invitations', () => {
  let t: TestApp;
  let centerA: string;
  let centerB: string;
  let admin: Session;
  let directorA: Session;
  let directorB: Session;

  beforeAll(async () => {
    t = await buildTestApp();
    centerA = await t.createCenter({ name: 'Harbor County CAC' });
    centerB = await t.createCenter({ name: 'Ridge Valley CAC' });
    admin = await t.signIn('network_admin');
    directorA = await t.signIn('center_director', { centerId: centerA });
    directorB = await t.signIn('center_director', { centerId: centerB });
  });
  afterAll(async () => t?.close());

  async function invite(by: Session, body: Record<string, unknown>): Promise<Invitation> {
    const r = await by.post(`${API}/invitations`, body);
    expect(r.statusCode, r.body).toBe(201);
    return r.json<Invitation>();
  }

  async function linkFor(email: string): Promise<string> {
    return linkToken((await latestMessage(t, email, 'invitation')).body_text, '/invite');
  }

  const preview = (token: string) =>
    t.app.inject({ method: 'POST', url: `${API}/invitations/preview`, payload: { token } });
  const accept = (payload: { token: string; password: string; displayName?: string }) =>
    t.app.inject({ method: 'POST', url: `${API}/invitations/accept`, payload });

  async function rolesOf(response: LightMyRequestResponse, user: { id: string; email: string }) {
    const s = sessionFrom(t, response, user);
    const me = await s.get(`${API}/me`);
    expect(me.statusCode, me.body).toBe(200);
    return me.json<{ user: { id: string }; memberships: { role: string; centerId: string | null }[] }>();
  }

  it('lets a network administrator invite to any role', async () => {
    const partnerId = await t.createPartner();
    const cases = [
      { role: 'network_admin' },
      { role: 'funder_viewer' },
      { role: 'center_director', centerId: centerB },
      { role: 'trainer', centerId: centerA },
      { role: 'partner_admin', partnerId },
    ];
    for (const body of cases) {
      const inv = await invite(admin, { email: uniqueEmail('invitee'), ...body });
      expect(inv).toMatchObject({ role: body.role, status: 'pending', delivery: 'held' });
      const days = (Date.parse(inv.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.9);
      expect(days).toBeLessThanOrEqual(7);
    }
  });

  it('holds the message in the outbox without a mail server, with a link carrying the token in the fragment', async () => {
    const email = uniqueEmail('held');
    const inv = await invite(directorA, {
      email,
      role: 'clinician',
      centerId: centerA,
      displayName: 'Lena Fox',
    });
    const messages = await findMessages(t, email, 'invitation');
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message).toMatchObject({ status: 'held', related_id: inv.id, center_id: centerA, attempts: 0 });
    expect(message!.body_text).toContain(`${t.config.publicUrl}/invite#token=`);
    expect(message!.body_text).toContain('Harbor County CAC');

    const token = linkToken(message!.body_text, '/invite');
    const [row] = await asSystem(t, (trx) =>
      trx.selectFrom('invitation').selectAll().where('id', '=', inv.id).execute(),
    );
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row!.token_hash).toBe(createHash('sha256').update(token).digest('hex'));

    // The director sees the held message in the outbox view, so the link can be passed on by hand.
    const outbox = await directorA.get(`${API}/outbox?status=held`);
    expect(outbox.statusCode, outbox.body).toBe(200);
    expect(outbox.json<{ items: { id: string }[] }>().items.map((m) => m.id)).toContain(message!.id);
    const otherDirector = await directorB.get(`${API}/outbox?status=held`);
    expect(otherDirector.json<{ items: { id: string }[] }>().items.map((m) => m.id)).not.toContain(
      message!.id,
    );
  });

  it('lets a director invite center staff to their own center only', async () => {
    await invite(directorA, { email: uniqueEmail('clin'), role: 'clinician', centerId: centerA });
    await invite(directorA, { email: uniqueEmail('trainer'), role: 'trainer', centerId: centerA });
    expectError(
      await directorA.post(`${API}/invitations`, {
        email: uniqueEmail('x'),
        role: 'clinician',
        centerId: centerB,
      }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await directorA.post(`${API}/invitations`, { email: uniqueEmail('x'), role: 'network_admin' }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await directorA.post(`${API}/invitations`, { email: uniqueEmail('x'), role: 'funder_viewer' }),
      403,
      'FORBIDDEN',
    );
  });

  it('does not let a clinician invite anyone', async () => {
    const clinician = await t.signIn('clinician', { centerId: centerA });
    const email = uniqueEmail('x');
    expectError(
      await clinician.post(`${API}/invitations`, { email, role: 'clinician', centerId: centerA }),
      403,
      'FORBIDDEN',
    );
    expectError(await clinician.get(`${API}/invitations`), 403, 'FORBIDDEN');
    expect(await findMessages(t, email)).toEqual([]);
  });

  it('refuses a second pending invitation to the same role and place', async () => {
    const email = uniqueEmail('dup');
    await invite(directorA, { email, role: 'clinician', centerId: centerA });
    const again = await admin.post(`${API}/invitations`, {
      email: email.toUpperCase(),
      role: 'clinician',
      centerId: centerA,
    });
    expectError(again, 409, 'CONFLICT');
    // The same person may be invited to another center.
    await invite(admin, { email, role: 'clinician', centerId: centerB });
  });

  it('creates an account for a new person, with the password policy, and signs them in with the role', async () => {
    const email = uniqueEmail('newbie');
    const inv = await invite(directorA, { email, role: 'clinician', centerId: centerA });
    const token = await linkFor(email);

    const shown = await preview(token);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toMatchObject({
      email,
      role: 'clinician',
      centerName: 'Harbor County CAC',
      accountExists: false,
    });

    expectFieldError(await accept({ token, password: NEW_PASSWORD }), 'displayName');
    expectFieldError(await accept({ token, displayName: 'Nia Brooks', password: 'short-pw' }), 'password');
    expectFieldError(
      await accept({ token, displayName: 'Nia Brooks', password: 'password1234' }),
      'password',
    );
    expectFieldError(
      await accept({ token, displayName: 'Nia Brooks', password: `${email.split('@')[0]}-Extra` }),
      'password',
    );

    const accepted = await accept({ token, displayName: 'Nia Brooks', password: NEW_PASSWORD });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ mfaState: 'not_required' });
    const { id: userId } = await asSystem(t, (trx) =>
      trx.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow(),
    );
    const me = await rolesOf(accepted, { id: userId, email });
    expect(me.memberships).toEqual([expect.objectContaining({ role: 'clinician', centerId: centerA })]);

    expect((await attemptLogin(t, email, NEW_PASSWORD)).statusCode).toBe(200);
    expect((await directorA.get(`${API}/invitations/${inv.id}`)).json()).toMatchObject({
      status: 'accepted',
    });
    const events = await auditEvents(t, { action: 'invitation.accept', targetId: inv.id });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_user_id: userId, center_id: centerA });
  });

  it('works once: a used link answers 410', async () => {
    const email = uniqueEmail('once');
    await invite(directorA, { email, role: 'clinician', centerId: centerA });
    const token = await linkFor(email);
    expect((await accept({ token, displayName: 'Once Only', password: NEW_PASSWORD })).statusCode).toBe(200);
    expectError(await accept({ token, displayName: 'Once Again', password: NEW_PASSWORD }), 410, 'GONE');
    expectError(await preview(token), 410, 'GONE');
  });

  it('adds the role to an existing account once its own password confirms it', async () => {
    const existing = await t.createUser({ role: 'clinician', centerId: centerA });
    const inv = await invite(directorB, { email: existing.email, role: 'clinician', centerId: centerB });
    const token = await linkFor(existing.email);
    expect((await preview(token)).json()).toMatchObject({
      accountExists: true,
      centerName: 'Ridge Valley CAC',
    });

    expectFieldError(await accept({ token, password: NEW_PASSWORD }), 'password');
    expect((await directorB.get(`${API}/invitations/${inv.id}`)).json()).toMatchObject({ status: 'pending' });

    const accepted = await accept({ token, password: existing.password });
    const me = await rolesOf(accepted, existing);
    expect(me.user.id).toBe(existing.id);
    expect(me.memberships.map((m) => m.centerId).sort()).toEqual([centerA, centerB].sort());
    // The password did not change.
    expect((await attemptLogin(t, existing.email, existing.password)).statusCode).toBe(200);
  });

  it('answers a clean 409, not an error, when two invitations to one new person are accepted at once', async () => {
    const email = uniqueEmail('twice');
    await invite(admin, { email, role: 'clinician', centerId: centerA });
    await invite(admin, { email, role: 'trainer', centerId: centerB });
    const tokens = (await findMessages(t, email, 'invitation')).map((m) => linkToken(m.body_text, '/invite'));
    expect(tokens).toHaveLength(2);
    const answers = await Promise.all(
      tokens.map((token) => accept({ token, displayName: 'Twice Invited', password: NEW_PASSWORD })),
    );
    // Two outcomes are right, depending on how the two requests interleave: if the second looked
    // the address up before the first created the account, it is refused with a clean 409;
    // if after, it confirms with the same password as an existing account and succeeds.
    const codes = answers.map((r) => r.statusCode).sort();
    expect([
      [200, 200],
      [200, 409],
    ]).toContainEqual(codes);
    let last = answers.find((r) => r.statusCode === 200)!;
    const refusedAt = answers.findIndex((r) => r.statusCode === 409);
    if (refusedAt >= 0) {
      expectError(answers[refusedAt]!, 409, 'CONFLICT');
      // The refused one is still open, and the account that now exists accepts it with its password.
      const refused = tokens[refusedAt]!;
      expect((await preview(refused)).json()).toMatchObject({ accountExists: true });
      last = await accept({ token: refused, password: NEW_PASSWORD });
      expect(last.statusCode, last.body).toBe(200);
    }
    const accounts = await asSystem(t, (trx) =>
      trx.selectFrom('app_user').select('id').where('email', '=', email).execute(),
    );
    expect(accounts).toHaveLength(1);
    const me = await rolesOf(last, { id: accounts[0]!.id, email });
    expect(me.memberships.map((m) => m.role).sort()).toEqual(['clinician', 'trainer']);
  });

  it('refuses an expired link with 410 and lists the invitation as expired', async () => {
    const email = uniqueEmail('late');
    const inv = await invite(directorA, { email, role: 'clinician', centerId: centerA });
    const token = await linkFor(email);
    await asSystem(t, (trx) =>
      trx
        .updateTable('invitation')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('id', '=', inv.id)
        .execute(),
    );
    expectError(await preview(token), 410, 'GONE');
    expectError(await accept({ token, displayName: 'Too Late', password: NEW_PASSWORD }), 410, 'GONE');
    expect((await directorA.get(`${API}/invitations/${inv.id}`)).json()).toMatchObject({ status: 'expired' });
    // An expired invitation does not block a new one.
    await invite(directorA, { email, role: 'clinician', centerId: centerA });
  });

  it('kills the link when the invitation is revoked', async () => {
    const email = uniqueEmail('revoked');
    const inv = await invite(directorA, { email, role: 'clinician', centerId: centerA });
    const token = await linkFor(email);
    expectError(await directorB.post(`${API}/invitations/${inv.id}/revoke`), 404, 'NOT_FOUND');
    const revoked = await directorA.post(`${API}/invitations/${inv.id}/revoke`);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ status: 'revoked' });
    expectError(await preview(token), 410, 'GONE');
    expectError(await accept({ token, displayName: 'Revoked', password: NEW_PASSWORD }), 410, 'GONE');
    expect((await latestMessage(t, email, 'invitation')).status).toBe('cancelled');
    expectError(await directorA.post(`${API}/invitations/${inv.id}/revoke`), 409, 'CONFLICT');
  });

  it('re-sending issues a new link and the old one stops working', async () => {
    const email = uniqueEmail('resend');
    const inv = await invite(directorA, { email, role: 'clinician', centerId: centerA });
    const oldToken = await linkFor(email);
    const resent = await directorA.post(`${API}/invitations/${inv.id}/resend`);
    expect(resent.statusCode, resent.body).toBe(200);
    expect(resent.json()).toMatchObject({ status: 'pending', delivery: 'held' });
    const messages = await findMessages(t, email, 'invitation');
    expect(messages.map((m) => m.status)).toEqual(['cancelled', 'held']);
    const newToken = linkToken(messages[1]!.body_text, '/invite');
    expect(newToken).not.toBe(oldToken);

    expectError(
      await accept({ token: oldToken, displayName: 'Old Link', password: NEW_PASSWORD }),
      410,
      'GONE',
    );
    expect(
      (await accept({ token: newToken, displayName: 'New Link', password: NEW_PASSWORD })).statusCode,
    ).toBe(200);
    expectError(await directorA.post(`${API}/invitations/${inv.id}/resend`), 409, 'CONFLICT');
  });

  it('lists invitations by status, and a director sees only their own center’s', async () => {
    const pending = await invite(directorA, {
      email: uniqueEmail('p'),
      role: 'clinician',
      centerId: centerA,
    });
    const toRevoke = await invite(directorA, {
      email: uniqueEmail('r'),
      role: 'clinician',
      centerId: centerA,
    });
    await directorA.post(`${API}/invitations/${toRevoke.id}/revoke`);
    const acceptedEmail = uniqueEmail('a');
    const toAccept = await invite(directorA, { email: acceptedEmail, role: 'clinician', centerId: centerA });
    await accept({ token: await linkFor(acceptedEmail), displayName: 'Accepted', password: NEW_PASSWORD });
    const elsewhere = await invite(directorB, {
      email: uniqueEmail('b'),
      role: 'clinician',
      centerId: centerB,
    });

    const ids = async (by: Session, query: string) => {
      const r = await by.get(`${API}/invitations${query}`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ items: Invitation[] }>().items.map((i) => i.id);
    };
    const pendingIds = await ids(directorA, '?status=pending');
    expect(pendingIds).toContain(pending.id);
    expect(pendingIds).not.toContain(toRevoke.id);
    expect(pendingIds).not.toContain(toAccept.id);
    const revokedIds = await ids(directorA, '?status=revoked');
    expect(revokedIds).toContain(toRevoke.id);
    expect(revokedIds).not.toContain(pending.id);
    const acceptedIds = await ids(directorA, '?status=accepted');
    expect(acceptedIds).toContain(toAccept.id);
    expect(acceptedIds).not.toContain(pending.id);

    const all = await ids(directorA, '');
    expect(all).toEqual(expect.arrayContaining([pending.id, toRevoke.id, toAccept.id]));
    expect(all).not.toContain(elsewhere.id);
    expectError(await directorA.get(`${API}/invitations/${elsewhere.id}`), 404, 'NOT_FOUND');
    expect(await ids(admin, '?status=pending')).toEqual(expect.arrayContaining([pending.id, elsewhere.id]));
    expectFieldError(await admin.get(`${API}/invitations?status=lost`), 'status');
  });
});
