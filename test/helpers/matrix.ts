/**
 * Helpers for the route, isolation and security tests: records with known tokens inserted directly
 * (invitations, password-reset links, outbox messages, MFA seeds), TOTP codes, and a check of the
 * error envelope that every failing response shares.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { Transaction } from 'kysely';
import { generate, generateSecret } from 'otplib';
import { expect } from 'vitest';
import type { DB } from '../../src/server/db/schema.js';
import { SecretBox, loadSecretKey, randomToken, sha256Hex } from '../../src/server/platform/crypto.js';
import type { ErrorCode } from '../../src/server/platform/errors.js';
import type { Role } from '../../src/shared/roles.js';
import { uniqueEmail, type TestApp } from './test-app.js';

/** Runs `fn` with the network-wide system scope (the way factories write fixtures). */
export function asSystem<T>(t: TestApp, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return t.db.scoped({ purpose: 'system', allCenters: true }, fn);
}

/** A pending invitation whose link token is known to the test. */
export async function insertInvitation(
  t: TestApp,
  values: { role?: Role; centerId?: string | null; partnerId?: string | null; email?: string } = {},
): Promise<{ id: string; token: string; email: string }> {
  const token = randomToken();
  const email = values.email ?? uniqueEmail('invitee');
  const row = await asSystem(t, (trx) =>
    trx
      .insertInto('invitation')
      .values({
        email,
        role: values.role ?? 'clinician',
        center_id: values.centerId ?? null,
        partner_id: values.partnerId ?? null,
        token_hash: sha256Hex(token),
        expires_at: new Date(Date.now() + 7 * 86_400_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return { id: row.id, token, email };
}

/** An unused password-reset link for the user; returns its token. */
export async function insertPasswordReset(t: TestApp, userId: string): Promise<string> {
  const token = randomToken();
  await asSystem(t, (trx) =>
    trx
      .insertInto('password_reset')
      .values({ user_id: userId, token_hash: sha256Hex(token), expires_at: new Date(Date.now() + 3_600_000) })
      .execute(),
  );
  return token;
}

export async function insertOutboxMessage(
  t: TestApp,
  values: { status?: 'pending' | 'held' | 'failed' | 'sent'; centerId?: string | null; to?: string } = {},
): Promise<string> {
  const row = await asSystem(t, (trx) =>
    trx
      .insertInto('outbox_message')
      .values({
        kind: 'test',
        to_address: values.to ?? uniqueEmail('outbox'),
        subject: `Test message ${randomUUID().slice(0, 8)}`,
        body_text: 'Hello.',
        center_id: values.centerId ?? null,
        status: values.status ?? 'failed',
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

/**
 * Gives a user a TOTP seed. `enabled: false` leaves it waiting for confirmation (as after
 * POST /auth/mfa/enrolment); `enabled: true` turns two-step verification on. Returns the seed.
 */
export async function setMfaSeed(t: TestApp, userId: string, enabled: boolean): Promise<string> {
  const secret = generateSecret();
  const box = new SecretBox(loadSecretKey(t.config));
  await asSystem(t, (trx) =>
    trx
      .updateTable('app_user')
      .set({
        mfa_secret_enc: box.seal(secret),
        mfa_enabled_at: enabled ? new Date() : null,
        mfa_last_step: null,
      })
      .where('id', '=', userId)
      .execute(),
  );
  return secret;
}

/** The TOTP code of `secret` now, or `offsetSeconds` from now. */
export function totp(secret: string, offsetSeconds = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });
}

/** The id of the user's active membership at a center. */
export async function membershipAt(t: TestApp, userId: string, centerId: string): Promise<string> {
  const row = await asSystem(t, (trx) =>
    trx
      .selectFrom('membership')
      .select('id')
      .where('user_id', '=', userId)
      .where('center_id', '=', centerId)
      .where('ended_at', 'is', null)
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: { path: string; message: string }[];
    requestId?: string;
  };
}

/** Asserts the status and the shared error envelope; returns the parsed body. */
export function expectError(res: LightMyRequestResponse, status: number, code?: ErrorCode): ErrorBody {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json<ErrorBody>();
  expect(Object.keys(body)).toEqual(['error']);
  expect(typeof body.error.code).toBe('string');
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  if (body.error.details !== undefined) {
    expect(Array.isArray(body.error.details)).toBe(true);
    for (const d of body.error.details) {
      expect(typeof d.path).toBe('string');
      expect(typeof d.message).toBe('string');
    }
  }
  if (code) expect(body.error.code).toBe(code);
  return body;
}
