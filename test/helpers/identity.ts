/**
 * Helpers for the identity route tests: raw sign-in attempts, sessions made from any response that
 * signs someone in, the outbox as the recipient would read it, the audit log, and TOTP codes the way
 * an authenticator app computes them.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { Transaction } from 'kysely';
import { generate } from 'otplib';
import { expect } from 'vitest';
import type { DB } from '../../src/server/db/schema.js';
import { cookieFrom, makeSession, type Session, type TestApp } from './test-app.js';

export const API = '/api/v1';

/** Runs `fn` with network-wide system scope: for setting up states and reading what was stored. */
export function asSystem<T>(t: TestApp, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return t.db.scoped({ purpose: 'system', allCenters: true }, fn);
}

export interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[]; requestId?: string };
}

/** Asserts the status and error code of a response and returns its error envelope. */
export function expectError(
  response: LightMyRequestResponse,
  status: number,
  code: string,
): ErrorBody['error'] {
  expect(response.statusCode, response.body).toBe(status);
  const body = response.json<ErrorBody>();
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  return body.error;
}

/** Asserts a 400 that names `path` among its field errors. */
export function expectFieldError(response: LightMyRequestResponse, path: string): string {
  const error = expectError(response, 400, 'VALIDATION_FAILED');
  const detail = error.details?.find((d) => d.path === path);
  expect(detail, `no field error for ${path} in ${response.body}`).toBeDefined();
  return detail!.message;
}

/** One sign-in attempt as a browser would make it, from an optional client address. */
export function attemptLogin(
  t: TestApp,
  email: string,
  password: string,
  remoteAddress?: string,
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: `${API}/auth/login`,
    payload: { email, password },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

/** A session from any response that signs someone in (login, accept, verify, password change). */
export function sessionFrom(
  t: TestApp,
  response: LightMyRequestResponse,
  user: { id: string; email: string },
): Session {
  expect(response.statusCode, response.body).toBe(200);
  const cookie = cookieFrom(response);
  expect(cookie, 'the response set no session cookie').not.toBeNull();
  return makeSession(t.app, user, cookie!, response.json<{ csrfToken: string }>().csrfToken);
}

/** GET /me with a bare cookie: 200 while the session lives, 401 after. */
export function meWith(t: TestApp, cookie: string): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'GET', url: `${API}/me`, headers: { cookie } });
}

/** The raw session token inside a cookie header value ("name=token"). */
export function tokenOfCookie(cookie: string): string {
  return cookie.slice(cookie.indexOf('=') + 1);
}

// Outbox ------------------------------------------------------------------------------------------

export type OutboxRow = Awaited<ReturnType<typeof findMessages>>[number];

export function findMessages(t: TestApp, to: string, kind?: string) {
  return asSystem(t, (trx) =>
    trx
      .selectFrom('outbox_message')
      .selectAll()
      .where('to_address', '=', to)
      .$if(kind !== undefined, (q) => q.where('kind', '=', kind!))
      .orderBy('created_at')
      .execute(),
  );
}

/** The newest message to an address, which must exist. */
export async function latestMessage(t: TestApp, to: string, kind?: string): Promise<OutboxRow> {
  const all = await findMessages(t, to, kind);
  expect(all.length, `no ${kind ?? ''} message to ${to}`).toBeGreaterThan(0);
  return all[all.length - 1]!;
}

/** The token in a link like https://host/invite#token=abc, as the recipient would copy it. */
export function linkToken(body: string, path: '/invite' | '/reset-password'): string {
  const escaped = path.replace(/[/-]/g, '\\$&');
  const match = new RegExp(`https?://[^\\s]+${escaped}#token=([A-Za-z0-9_-]+)`).exec(body);
  expect(match, `no ${path}#token= link in the message`).not.toBeNull();
  return match![1]!;
}

// Audit -----------------------------------------------------------------------------------------

export function auditEvents(
  t: TestApp,
  filter: { action?: string; targetId?: string; actorUserId?: string },
) {
  return asSystem(t, (trx) =>
    trx
      .selectFrom('audit_event')
      .selectAll()
      .$if(filter.action !== undefined, (q) => q.where('action', '=', filter.action!))
      .$if(filter.targetId !== undefined, (q) => q.where('target_id', '=', filter.targetId!))
      .$if(filter.actorUserId !== undefined, (q) => q.where('actor_user_id', '=', filter.actorUserId!))
      .orderBy('seq')
      .execute(),
  );
}

// MFA ---------------------------------------------------------------------------------------------

/**
 * The code an authenticator app shows `steps` time steps (30 s each) from now. The server accepts
 * one step either side, so steps = 1 gives a valid code that no earlier verification can have used.
 */
export function totp(secret: string, steps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });
}

/** A six-digit code that is not valid anywhere in the accepted window. */
export async function wrongCode(secret: string): Promise<string> {
  const valid = new Set(await Promise.all([-2, -1, 0, 1, 2].map((s) => totp(secret, s))));
  for (let n = 0; ; n++) {
    const code = String((123456 + n * 7919) % 1_000_000).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

export interface Enrolled {
  secret: string;
  recoveryCodes: string[];
  /** The verified session that replaced the one that enrolled. */
  session: Session;
}

/** Sets up an authenticator for a signed-in session the way a person would, with a current code. */
export async function enrolMfa(t: TestApp, session: Session): Promise<Enrolled> {
  const start = await session.post(`${API}/auth/mfa/enrolment`);
  expect(start.statusCode, start.body).toBe(200);
  const { secret } = start.json<{ secret: string }>();
  const confirm = await session.post(`${API}/auth/mfa/enrolment/confirm`, { code: await totp(secret) });
  const verified = sessionFrom(t, confirm, { id: session.userId, email: session.email });
  return {
    secret,
    recoveryCodes: confirm.json<{ recoveryCodes: string[] }>().recoveryCodes,
    session: verified,
  };
}
