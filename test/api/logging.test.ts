/**
 * The server log never carries a secret: runs invitations, password resets, sign-ins, password
 * changes and two-step verification through an app whose log (configured as in production) is
 * captured, then searches every line for the tokens, passwords, codes and cookies involved.
 */
import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import { loggerOptions } from '../../src/server/platform/logger.js';
import {
  API,
  attemptLogin,
  enrolMfa,
  latestMessage,
  linkToken,
  sessionFrom,
  tokenOfCookie,
  totp,
} from '../helpers/identity.js';
import { buildTestApp, TEST_PASSWORD, uniqueEmail, type TestApp } from '../helpers/test-app.js';

describe('the server log', () => {
  const lines: string[] = [];
  /** Every secret that passed through the app in this test. */
  const secrets = new Set<string>();
  /** Six-digit codes: searched as whole values, since digits occur everywhere in a log. */
  const codes = new Set<string>();
  let t: TestApp;

  beforeAll(async () => {
    const options = loggerOptions(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'trace' })) as pino.LoggerOptions;
    const logger = pino({ ...options, level: 'trace' }, { write: (line: string) => void lines.push(line) });
    t = await buildTestApp({ app: { logger } });
  });
  afterAll(async () => t?.close());

  function remember(...values: (string | null | undefined)[]): void {
    for (const v of values) if (v) secrets.add(v);
  }
  function rememberSession(response: LightMyRequestResponse): void {
    const header = response.headers['set-cookie'];
    for (const c of Array.isArray(header) ? header : header ? [header] : []) {
      const value = /^[^=]+=([^;]*)/.exec(c)?.[1];
      if (value) remember(value);
    }
    if (response.statusCode === 200 && String(response.headers['content-type']).includes('json')) {
      remember(response.json<{ csrfToken?: string }>().csrfToken);
    }
  }

  it('contains no token, password, code or session cookie after the sign-in flows', async () => {
    const centerId = await t.createCenter();
    remember(TEST_PASSWORD);

    // An administrator signs in and invites a clinician; the clinician accepts.
    const admin = await t.signIn('network_admin');
    remember(tokenOfCookie(admin.cookie), admin.csrf);
    const email = uniqueEmail('logged');
    const invited = await admin.post(`${API}/invitations`, { email, role: 'clinician', centerId });
    expect(invited.statusCode, invited.body).toBe(201);
    const inviteToken = linkToken((await latestMessage(t, email, 'invitation')).body_text, '/invite');
    remember(inviteToken);
    const clinicianPassword = 'Granite-Willow-Beacon-58';
    remember(clinicianPassword);
    const preview = await t.app.inject({
      method: 'POST',
      url: `${API}/invitations/preview`,
      payload: { token: inviteToken },
    });
    expect(preview.statusCode).toBe(200);
    const refused = await t.app.inject({
      method: 'POST',
      url: `${API}/invitations/accept`,
      payload: { token: inviteToken, displayName: 'Logged Person', password: 'Short-Pw1' },
    });
    expect(refused.statusCode).toBe(400);
    remember('Short-Pw1');
    const accepted = await t.app.inject({
      method: 'POST',
      url: `${API}/invitations/accept`,
      payload: { token: inviteToken, displayName: 'Logged Person', password: clinicianPassword },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    rememberSession(accepted);

    // Failed sign-ins: a wrong password, an unknown address, and a body that is not valid JSON.
    remember('Wrong-Password-Guess-1');
    expect((await attemptLogin(t, email, 'Wrong-Password-Guess-1')).statusCode).toBe(401);
    expect((await attemptLogin(t, uniqueEmail('nobody'), 'Wrong-Password-Guess-1')).statusCode).toBe(401);
    remember('Broken-Json-Secret-7');
    const malformed = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/login`,
      headers: { 'content-type': 'application/json' },
      payload: `{"email":"${email}","password":"Broken-Json-Secret-7"`,
    });
    expect(malformed.statusCode).toBe(400);

    // The clinician forgets the password and resets it.
    expect(
      (await t.app.inject({ method: 'POST', url: `${API}/auth/password-reset`, payload: { email } }))
        .statusCode,
    ).toBe(202);
    const resetToken = linkToken(
      (await latestMessage(t, email, 'password_reset')).body_text,
      '/reset-password',
    );
    const resetPassword = 'Meadow-Copper-Lantern-29';
    remember(resetToken, resetPassword);
    const completed = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/password-reset/complete`,
      payload: { token: resetToken, newPassword: resetPassword },
    });
    expect(completed.statusCode, completed.body).toBe(200);

    // Signs in, changes the password, sets up two-step verification and signs in with it.
    const login = await attemptLogin(t, email, resetPassword);
    rememberSession(login);
    const s = sessionFrom(t, login, { id: '', email });
    const user = { id: (await s.get(`${API}/me`)).json<{ user: { id: string } }>().user.id, email };
    const changedPassword = 'Thistle-Orbit-Saffron-64';
    remember(changedPassword);
    const changed = await s.post(`${API}/me/password`, {
      currentPassword: resetPassword,
      newPassword: changedPassword,
    });
    rememberSession(changed);
    const renewed = sessionFrom(t, changed, user);
    const enrolled = await enrolMfa(t, renewed);
    remember(
      enrolled.secret,
      tokenOfCookie(enrolled.session.cookie),
      enrolled.session.csrf,
      ...enrolled.recoveryCodes,
    );
    for (const c of enrolled.recoveryCodes) remember(c.replace(/-/g, ''));
    const pending = await t.login(email, changedPassword);
    remember(tokenOfCookie(pending.cookie), pending.csrf);
    const code = await totp(enrolled.secret, 1);
    codes.add(code);
    const verified = await pending.post(`${API}/auth/mfa/verify`, { code });
    expect(verified.statusCode, verified.body).toBe(200);
    rememberSession(verified);
    const again = await t.login(email, changedPassword);
    remember(tokenOfCookie(again.cookie), again.csrf);
    expect((await again.post(`${API}/auth/mfa/verify`, { code })).statusCode).toBe(400);
    const recovered = await again.post(`${API}/auth/mfa/verify`, { recoveryCode: enrolled.recoveryCodes[0] });
    rememberSession(recovered);
    expect((await sessionFrom(t, recovered, user).get(`${API}/me`)).statusCode).toBe(200);

    // The log was captured and covers these requests...
    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(20);
    expect(log).toContain('/api/v1/auth/login');
    expect(log).toContain('/api/v1/invitations/accept');
    expect(log).toContain('/api/v1/auth/password-reset/complete');
    // ...and carries none of the secrets.
    const leaked = [...secrets].filter((secret) => log.includes(secret));
    expect(leaked).toEqual([]);
    for (const c of codes) expect(log).not.toMatch(new RegExp(`(?<![0-9A-Za-z.])${c}(?![0-9A-Za-z.])`));
  });
});
