/**
 * Sign-in, sessions, sign-out, password change and password reset.
 *
 * Sessions live in the database: the browser holds a random token in an httpOnly cookie, the
 * database its SHA-256. A session ends after `idleMinutes` without a request, after `maxHours` in
 * all, on sign-out, and when the password changes. Password hashing never runs inside a database
 * transaction (PGlite has one connection; a hash would stall every other request).
 */
import { MFA_SENSITIVE_ROLES, type Role } from '../../../shared/roles.js';
import type { Database } from '../../db/database.js';
import type { Transaction } from 'kysely';
import type { DB, MfaState } from '../../db/schema.js';
import type { Config } from '../../config.js';
import { recordAudit } from '../../platform/audit.js';
import { scopeFor, tx, requireActor, type Actor, type Ctx } from '../../platform/context.js';
import { randomToken, sha256Hex } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import { enqueueMessage, retireLinksFor } from '../../platform/outbox.js';
import * as repo from './identity.repo.js';
import { assertPasswordPolicy, type PasswordHasher } from './passwords.js';

export const LOGIN_THROTTLE = { threshold: 5, windowMinutes: 15, maxLockMinutes: 15 } as const;
export const MFA_THROTTLE = { threshold: 5, windowMinutes: 15, maxLockMinutes: 15 } as const;
const RESET_TTL_MINUTES = 60;
const TOUCH_AFTER_MS = 60_000;

export interface IssuedSession {
  token: string;
  csrfToken: string;
  mfaState: MfaState;
  expiresAt: Date;
}

export const INVALID_CREDENTIALS = 'The e-mail address or password is not correct.';

export function loginThrottleKey(email: string): string {
  return `login:${sha256Hex(email.trim().toLowerCase())}`;
}

/** 429 saying how long the lock on an account (or its codes) still runs, with Retry-After. */
export function lockedError(
  until: Date,
  what = 'Too many failed attempts',
  advice = 'or reset your password',
): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return new AppError(
    'RATE_LIMITED',
    `${what}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}${advice ? `, ${advice}` : ''}.`,
    [],
    { 'retry-after': String(Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000))) },
  );
}

/** Whether the network requires MFA of this set of roles. */
export function mfaRequiredFor(roles: Iterable<Role>, networkRequiresMfa: boolean): boolean {
  if (!networkRequiresMfa) return false;
  for (const r of roles) if (MFA_SENSITIVE_ROLES.includes(r)) return true;
  return false;
}

export function initialMfaState(mfaEnabled: boolean, required: boolean): MfaState {
  if (mfaEnabled) return 'pending';
  return required ? 'enrolment_required' : 'not_required';
}

/** A session's MFA state given what is required now (the stored state reflects sign-in time). */
export function currentMfaState(stored: MfaState, required: boolean, enrolled: boolean): MfaState {
  if (stored === 'not_required' && required) return enrolled ? 'pending' : 'enrolment_required';
  if (stored === 'enrolment_required' && !required) return 'not_required';
  return stored;
}

export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Creates a session inside the caller's transaction. */
  async issueSession(
    trx: Transaction<DB>,
    ctx: Ctx,
    userId: string,
    mfaState: MfaState,
  ): Promise<IssuedSession> {
    const token = randomToken();
    const csrfToken = randomToken(24);
    const expiresAt = new Date(Date.now() + this.config.session.maxHours * 3_600_000);
    await repo.insertSession(trx, {
      userId,
      tokenHash: sha256Hex(token),
      csrfToken,
      mfaState,
      expiresAt,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { token, csrfToken, mfaState, expiresAt };
  }

  /**
   * Checks a known person's password before a sensitive step (changing the password, turning MFA
   * off, new recovery codes, accepting an invitation with an existing account). It counts against
   * the same per-account lock as sign-in, so a stolen session cannot be used to guess the password.
   */
  async verifyPasswordOf(
    ctx: Ctx,
    user: { id: string; email: string; password_hash: string | null },
    password: string,
    failure: { field: string; message: string; action: string },
  ): Promise<void> {
    const key = loginThrottleKey(user.email);
    const attempt = await this.db.scoped({ purpose: 'auth' }, (trx) =>
      repo.reserveThrottleAttempt(trx, key, LOGIN_THROTTLE),
    );
    if (attempt.locked) throw lockedError(attempt.locked);
    const valid = await this.hasher.verify(user.password_hash, password);
    await this.db.scoped({ purpose: 'auth' }, async (trx) => {
      if (valid) {
        await repo.clearThrottle(trx, key);
        return;
      }
      await recordAudit(trx, ctx, {
        action: failure.action,
        outcome: 'failure',
        targetType: 'user',
        targetId: user.id,
        details: { reason: 'wrong_password', failures: attempt.failures },
      });
    });
    if (!valid) {
      if (attempt.lockedUntil) throw lockedError(attempt.lockedUntil);
      throw AppError.validation([{ path: failure.field, message: failure.message }]);
    }
  }

  async login(ctx: Ctx, email: string, password: string): Promise<IssuedSession> {
    const key = loginThrottleKey(email);
    // The attempt is counted before the password is checked (and cleared on success), so that a
    // burst of concurrent guesses cannot all pass the lock that the first five set.
    const found = await this.db.scoped({ purpose: 'auth' }, async (trx) => {
      const attempt = await repo.reserveThrottleAttempt(trx, key, LOGIN_THROTTLE);
      const user = await repo.findUserByEmail(trx, email);
      const memberships = user ? await repo.findActiveMemberships(trx, user.id) : [];
      const mfaRequired = await repo.getNetworkSetting<boolean>(trx, 'mfa.required', true);
      return { attempt, user, memberships, mfaRequired };
    });
    if (found.attempt.locked) {
      const locked = found.attempt.locked;
      await this.db.scoped({ purpose: 'auth' }, (trx) =>
        recordAudit(trx, ctx, {
          action: 'auth.login',
          outcome: 'failure',
          actorUserId: found.user?.id ?? null,
          targetType: 'user',
          targetId: found.user?.id ?? null,
          details: { reason: 'locked' },
        }),
      );
      throw lockedError(locked);
    }
    // Verify even when there is no such account, so the answer takes the same time either way.
    const valid = await this.hasher.verify(found.user?.password_hash ?? null, password);
    const user = found.user;
    if (!valid || !user) {
      await this.db.scoped({ purpose: 'auth' }, (trx) =>
        recordAudit(trx, ctx, {
          action: 'auth.login',
          outcome: 'failure',
          actorUserId: user?.id ?? null,
          targetType: 'user',
          targetId: user?.id ?? null,
          details: { reason: user ? 'wrong_password' : 'unknown_account', failures: found.attempt.failures },
        }),
      );
      if (found.attempt.lockedUntil) throw lockedError(found.attempt.lockedUntil);
      throw new AppError('INVALID_CREDENTIALS', INVALID_CREDENTIALS);
    }
    if (user.status !== 'active') {
      await this.db.scoped({ purpose: 'auth' }, (trx) =>
        recordAudit(trx, ctx, {
          action: 'auth.login',
          outcome: 'failure',
          actorUserId: user.id,
          targetType: 'user',
          targetId: user.id,
          details: { reason: 'deactivated' },
        }),
      );
      throw new AppError(
        'FORBIDDEN',
        'This account has been deactivated. Ask your administrator to restore it.',
      );
    }
    const required = mfaRequiredFor(
      found.memberships.map((m) => m.role),
      found.mfaRequired,
    );
    const mfaState = initialMfaState(user.mfa_enabled_at !== null, required);
    return this.db.scoped({ purpose: 'auth' }, async (trx) => {
      await repo.clearThrottle(trx, key);
      await trx
        .updateTable('app_user')
        .set({ last_login_at: new Date() })
        .where('id', '=', user.id)
        .execute();
      const issued = await this.issueSession(trx, ctx, user.id, mfaState);
      await recordAudit(trx, ctx, {
        action: 'auth.login',
        actorUserId: user.id,
        targetType: 'user',
        targetId: user.id,
        details: { mfa: mfaState },
      });
      return issued;
    });
  }

  /**
   * The actor behind a session token, or null (no such session, revoked, idle too long or past its
   * absolute expiry; the last two are revoked here with the reason).
   */
  async resolveSession(token: string): Promise<Actor | null> {
    const tokenHash = sha256Hex(token);
    return this.db.scoped({ purpose: 'auth' }, async (trx) => {
      const s = await repo.findSessionByTokenHash(trx, tokenHash);
      if (!s) return null;
      const now = Date.now();
      if (s.expires_at.getTime() <= now) {
        await repo.revokeSession(trx, s.session_id, 'expired');
        return null;
      }
      if (now - s.last_seen_at.getTime() > this.config.session.idleMinutes * 60_000) {
        await repo.revokeSession(trx, s.session_id, 'idle_timeout');
        return null;
      }
      if (s.status !== 'active') {
        await repo.revokeSession(trx, s.session_id, 'user_deactivated');
        return null;
      }
      if (now - s.last_seen_at.getTime() > TOUCH_AFTER_MS) await repo.touchSession(trx, s.session_id);
      const roles = new Set(s.memberships.map((m) => m.role));
      // Roles and the network's policy are read afresh on every request: a session that gains a
      // role that sees child-level data, or whose network starts requiring MFA, must pass the second
      // step before its next request goes through; one that no longer needs it is let through.
      const mfaState = currentMfaState(
        s.mfa_state,
        mfaRequiredFor(roles, s.mfa_required),
        s.mfa_enabled_at !== null,
      );
      if (mfaState !== s.mfa_state) await repo.setSessionMfaState(trx, s.session_id, mfaState);
      const complete = mfaState === 'not_required' || mfaState === 'verified';
      return {
        userId: s.user_id,
        email: s.email,
        displayName: s.display_name,
        sessionId: s.session_id,
        sessionExpiresAt: s.expires_at,
        csrfToken: s.csrf_token,
        mfaState,
        mfaEnabled: s.mfa_enabled_at !== null,
        locale: s.locale,
        memberships: s.memberships,
        roles,
        // Until MFA is complete the session may read its own user record and nothing else.
        scope: complete ? scopeFor(s.user_id, s.memberships) : { purpose: 'user', userId: s.user_id },
      } satisfies Actor;
    });
  }

  /** With the password changed, no earlier reset link may change it again. */
  async #endResetLinks(trx: Transaction<DB>, userId: string): Promise<void> {
    for (const id of await repo.endPasswordResets(trx, userId)) await retireLinksFor(trx, id);
  }

  async logout(ctx: Ctx): Promise<void> {
    const actor = requireActor(ctx);
    await tx(ctx, async (trx) => {
      await repo.revokeSession(trx, actor.sessionId, 'logout');
      await recordAudit(trx, ctx, {
        action: 'auth.logout',
        targetType: 'session',
        targetId: actor.sessionId,
      });
    });
  }

  /** Changes the password, revokes every other session and rotates the current one. */
  async changePassword(ctx: Ctx, currentPassword: string, newPassword: string): Promise<IssuedSession> {
    const actor = requireActor(ctx);
    const user = await tx(ctx, (trx) => repo.findUserById(trx, actor.userId));
    if (!user) throw AppError.notFound('The account');
    await this.verifyPasswordOf(ctx, user, currentPassword, {
      field: 'currentPassword',
      message: 'is not your current password',
      action: 'auth.password_change',
    });
    if (currentPassword === newPassword) {
      throw AppError.validation([{ path: 'newPassword', message: 'must differ from your current password' }]);
    }
    assertPasswordPolicy(newPassword, { email: user.email, field: 'newPassword' });
    const hashed = await this.hasher.hash(newPassword);
    return tx(ctx, async (trx) => {
      await trx
        .updateTable('app_user')
        .set({ password_hash: hashed, password_changed_at: new Date(), updated_at: new Date() })
        .where('id', '=', actor.userId)
        .execute();
      const revoked = await repo.revokeUserSessions(trx, actor.userId, 'password_changed');
      await this.#endResetLinks(trx, actor.userId);
      const issued = await this.issueSession(trx, ctx, actor.userId, actor.mfaState);
      await recordAudit(trx, ctx, {
        action: 'auth.password_change',
        targetType: 'user',
        targetId: actor.userId,
        details: { sessionsRevoked: revoked },
      });
      return issued;
    });
  }

  /**
   * For an operator at the command line (a person locked out, a demo password lost): sets the
   * password, ends every session and outstanding reset link, and lifts the sign-in lock.
   */
  async setPasswordByOperator(
    ctx: Ctx,
    email: string,
    newPassword: string,
  ): Promise<{ sessionsRevoked: number }> {
    assertPasswordPolicy(newPassword, { email, field: 'password' });
    const user = await this.db.scoped({ purpose: 'system', allCenters: true }, (trx) =>
      repo.findUserByEmail(trx, email),
    );
    if (!user) throw AppError.notFound(`An account with the e-mail ${email}`);
    const hashed = await this.hasher.hash(newPassword);
    return this.db.scoped({ purpose: 'system', allCenters: true }, async (trx) => {
      await trx
        .updateTable('app_user')
        .set({ password_hash: hashed, password_changed_at: new Date(), updated_at: new Date() })
        .where('id', '=', user.id)
        .execute();
      const sessionsRevoked = await repo.revokeUserSessions(trx, user.id, 'password_set_by_operator');
      await this.#endResetLinks(trx, user.id);
      await repo.clearThrottle(trx, loginThrottleKey(email));
      await recordAudit(trx, ctx, {
        action: 'auth.password_set_by_operator',
        targetType: 'user',
        targetId: user.id,
        details: { sessionsRevoked, accountStatus: user.status },
      });
      return { sessionsRevoked };
    });
  }

  /** Always succeeds from the caller's point of view, so it cannot be used to find accounts. */
  async requestPasswordReset(ctx: Ctx, email: string): Promise<void> {
    const key = `reset:${sha256Hex(email)}`;
    await this.db.scoped({ purpose: 'auth' }, async (trx) => {
      // At most 3 reset e-mails per address per hour.
      const attempt = await repo.reserveThrottleAttempt(trx, key, {
        threshold: 3,
        windowMinutes: 60,
        maxLockMinutes: 60,
        fixedLock: true,
      });
      if (attempt.locked) return;
      const user = await repo.findUserByEmail(trx, email);
      if (!user || user.status !== 'active') {
        await recordAudit(trx, ctx, {
          action: 'auth.password_reset_request',
          outcome: 'failure',
          details: { reason: user ? 'deactivated' : 'unknown_account' },
        });
        return;
      }
      const token = randomToken();
      const expiresAt = new Date(Date.now() + RESET_TTL_MINUTES * 60_000);
      const reset = await trx
        .insertInto('password_reset')
        .values({ user_id: user.id, token_hash: sha256Hex(token), expires_at: expiresAt })
        .returning('id')
        .executeTakeFirstOrThrow();
      await enqueueMessage(trx, this.config, {
        kind: 'password_reset',
        to: user.email,
        subject: 'Reset your Waymark password',
        bodyText:
          `Hello ${user.display_name},\n\nSomeone (hopefully you) asked to reset the password of your Waymark account.\n` +
          `Open this link within ${RESET_TTL_MINUTES} minutes to choose a new password:\n\n` +
          `${this.config.publicUrl}/reset-password#token=${token}\n\n` +
          'If you did not ask for this, you can ignore this message; your password stays as it is.\n',
        relatedId: reset.id,
      });
      await recordAudit(trx, ctx, {
        action: 'auth.password_reset_request',
        actorUserId: user.id,
        targetType: 'user',
        targetId: user.id,
      });
    });
  }

  async completePasswordReset(ctx: Ctx, token: string, newPassword: string): Promise<void> {
    const tokenHash = sha256Hex(token);
    const found = await this.db.scoped({ purpose: 'auth' }, async (trx) => {
      const reset = await trx
        .selectFrom('password_reset')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      const user = reset ? await repo.findUserById(trx, reset.user_id) : undefined;
      return { reset, user };
    });
    const { reset, user } = found;
    if (
      !reset ||
      !user ||
      reset.used_at ||
      reset.expires_at.getTime() < Date.now() ||
      user.status !== 'active'
    ) {
      throw new AppError(
        'GONE',
        'This password reset link has expired or was already used. Ask for a new one.',
      );
    }
    assertPasswordPolicy(newPassword, { email: user.email, field: 'newPassword' });
    const hashed = await this.hasher.hash(newPassword);
    await this.db.scoped({ purpose: 'auth' }, async (trx) => {
      const claimed = await trx
        .updateTable('password_reset')
        .set({ used_at: new Date() })
        .where('id', '=', reset.id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) {
        throw new AppError('GONE', 'This password reset link was already used. Ask for a new one.');
      }
      await trx
        .updateTable('app_user')
        .set({ password_hash: hashed, password_changed_at: new Date(), updated_at: new Date() })
        .where('id', '=', user.id)
        .execute();
      const revoked = await repo.revokeUserSessions(trx, user.id, 'password_reset');
      await retireLinksFor(trx, reset.id);
      await this.#endResetLinks(trx, user.id);
      await repo.clearThrottle(trx, loginThrottleKey(user.email));
      await recordAudit(trx, ctx, {
        action: 'auth.password_reset',
        actorUserId: user.id,
        targetType: 'user',
        targetId: user.id,
        details: { sessionsRevoked: revoked },
      });
    });
  }
}
