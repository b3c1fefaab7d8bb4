/**
 * TOTP multi-factor authentication (RFC 6238, 30-second steps, 6 digits, SHA-1: what every
 * authenticator app supports). Seeds are encrypted at rest; a code is accepted once (replay is
 * refused by remembering the last accepted time step); ten single-use recovery codes are issued at
 * enrolment and shown once.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import QRCode from 'qrcode';
import type { Database } from '../../db/database.js';
import type { Config } from '../../config.js';
import { recordAudit } from '../../platform/audit.js';
import { requireActor, tx, type Ctx } from '../../platform/context.js';
import { sha256Hex, type SecretBox } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import {
  MFA_THROTTLE,
  lockedError,
  mfaRequiredFor,
  type IssuedSession,
  type AuthService,
} from './auth.service.js';
import * as repo from './identity.repo.js';
import type { PasswordHasher } from './passwords.js';

const STEP_SECONDS = 30;
const RECOVERY_CODE_COUNT = 10;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** 16 base32 characters (80 bits), shown as four groups: ABCD-EFGH-JKLM-NPQR. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(16);
  let out = '';
  for (let i = 0; i < 16; i++) out += BASE32[bytes[i]! % 32];
  return out.match(/.{4}/g)!.join('-');
}

export function normaliseRecoveryCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

export class MfaService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly box: SecretBox,
    private readonly hasher: PasswordHasher,
    private readonly auth: AuthService,
  ) {}

  async status(ctx: Ctx) {
    const actor = requireActor(ctx);
    return tx(ctx, async (trx) => {
      const user = await repo.findUserById(trx, actor.userId);
      const left = await trx
        .selectFrom('mfa_recovery_code')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', actor.userId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      const mfaRequired = await repo.getNetworkSetting<boolean>(trx, 'mfa.required', true);
      return {
        enabled: user?.mfa_enabled_at != null,
        enabledAt: user?.mfa_enabled_at?.toISOString() ?? null,
        recoveryCodesLeft: Number(left.n),
        requiredForYou: mfaRequiredFor(actor.roles, mfaRequired),
      };
    });
  }

  /** Starts (or restarts) enrolment: a new seed, not active until a code from it is confirmed. */
  async startEnrolment(ctx: Ctx): Promise<{ otpauthUri: string; secret: string; qrSvg: string }> {
    const actor = requireActor(ctx);
    const secret = generateSecret();
    await tx(ctx, async (trx) => {
      const user = await repo.findUserById(trx, actor.userId);
      if (user?.mfa_enabled_at) {
        throw AppError.conflict(
          'Two-step verification is already on. Turn it off first to set up a new device.',
        );
      }
      await trx
        .updateTable('app_user')
        .set({ mfa_secret_enc: this.box.seal(secret), updated_at: new Date() })
        .where('id', '=', actor.userId)
        .execute();
      await recordAudit(trx, ctx, {
        action: 'mfa.enrolment_start',
        targetType: 'user',
        targetId: actor.userId,
      });
    });
    const otpauthUri = generateURI({ issuer: 'Waymark', label: actor.email, secret });
    const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return { otpauthUri, secret, qrSvg };
  }

  /** Checks a code against the seed; returns the accepted time step, or null. Refuses reuse. */
  async #checkCode(sealed: string | null, lastStep: number | null, code: string): Promise<number | null> {
    if (!sealed) return null;
    const secret = this.box.open(sealed);
    const result = await verifyTotp({ secret, token: code, epochTolerance: STEP_SECONDS });
    if (!result.valid) return null;
    // The step the code belongs to, as the verifier computed it (a clock read here could be a step later).
    const step =
      'timeStep' in result && typeof result.timeStep === 'number'
        ? result.timeStep
        : Math.floor(Date.now() / 1000 / STEP_SECONDS) + ('delta' in result ? (result.delta ?? 0) : 0);
    if (lastStep !== null && step <= lastStep) return null;
    return step;
  }

  /** A wrong code (already counted by #reserveAttempt): audited, then 400, or 429 when it reached the lock. */
  async #failure(
    ctx: Ctx,
    userId: string,
    action: string,
    field: 'code' | 'recoveryCode',
    reachedLock: Date | null,
  ): Promise<never> {
    await this.db.scoped({ purpose: 'auth' }, (trx) =>
      recordAudit(trx, ctx, { action, outcome: 'failure', targetType: 'user', targetId: userId }),
    );
    if (reachedLock) throw lockedError(reachedLock, 'Too many wrong codes', '');
    throw AppError.validation([
      field === 'code'
        ? { path: 'code', message: 'is not the current code; check the time on your phone and try again' }
        : { path: 'recoveryCode', message: 'is not a valid unused recovery code' },
    ]);
  }

  /**
   * Counts this attempt before the code is checked (a success clears the count), so that concurrent
   * guesses cannot all pass the lock; refuses while locked. Returns the lock this attempt reached.
   */
  async #reserveAttempt(userId: string): Promise<Date | null> {
    const attempt = await this.db.scoped({ purpose: 'auth' }, (trx) =>
      repo.reserveThrottleAttempt(trx, `mfa:${userId}`, MFA_THROTTLE),
    );
    if (attempt.locked) throw lockedError(attempt.locked, 'Too many wrong codes', '');
    return attempt.lockedUntil;
  }

  /** Confirms enrolment with a first code; returns the recovery codes (shown once) and a fresh session. */
  async confirmEnrolment(
    ctx: Ctx,
    code: string,
  ): Promise<{ recoveryCodes: string[]; session: IssuedSession }> {
    const actor = requireActor(ctx);
    const reachedLock = await this.#reserveAttempt(actor.userId);
    const user = await tx(ctx, (trx) => repo.findUserById(trx, actor.userId));
    if (!user?.mfa_secret_enc)
      throw AppError.conflict('Start the set-up first: no authenticator is waiting to be confirmed.');
    if (user.mfa_enabled_at) throw AppError.conflict('Two-step verification is already on.');
    const step = await this.#checkCode(user.mfa_secret_enc, null, code);
    if (step === null) return this.#failure(ctx, actor.userId, 'mfa.enrol', 'code', reachedLock);
    const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    const session = await tx(ctx, async (trx) => {
      // Only the seed that was checked, and only once: a double submit, or a new set-up started
      // meanwhile in another tab, cannot switch on a seed nobody confirmed or replace the codes shown.
      const enabled = await trx
        .updateTable('app_user')
        .set({ mfa_enabled_at: new Date(), mfa_last_step: step, updated_at: new Date() })
        .where('id', '=', actor.userId)
        .where('mfa_enabled_at', 'is', null)
        .where('mfa_secret_enc', '=', user.mfa_secret_enc)
        .executeTakeFirst();
      if (Number(enabled.numUpdatedRows) !== 1) {
        throw AppError.conflict(
          'Two-step verification was switched on or restarted meanwhile. Reload the page.',
        );
      }
      await trx.deleteFrom('mfa_recovery_code').where('user_id', '=', actor.userId).execute();
      await trx
        .insertInto('mfa_recovery_code')
        .values(
          recoveryCodes.map((c) => ({
            user_id: actor.userId,
            code_hash: sha256Hex(normaliseRecoveryCode(c)),
          })),
        )
        .execute();
      await repo.clearThrottle(trx, `mfa:${actor.userId}`);
      // Enrolling proves the second factor: replace this session with a verified one.
      await repo.revokeSession(trx, actor.sessionId, 'mfa_enrolled');
      const issued = await this.auth.issueSession(trx, ctx, actor.userId, 'verified');
      await recordAudit(trx, ctx, { action: 'mfa.enrol', targetType: 'user', targetId: actor.userId });
      return issued;
    });
    return { recoveryCodes, session };
  }

  /** The second step of sign-in: a current code or an unused recovery code. Rotates the session. */
  async verifyChallenge(ctx: Ctx, input: { code?: string; recoveryCode?: string }): Promise<IssuedSession> {
    const actor = requireActor(ctx);
    if (actor.mfaState !== 'pending') {
      throw AppError.conflict('This session is not waiting for a verification code.');
    }
    const reachedLock = await this.#reserveAttempt(actor.userId);
    const user = await tx(ctx, (trx) => repo.findUserById(trx, actor.userId));
    if (!user?.mfa_enabled_at)
      throw AppError.conflict('Two-step verification is not set up for this account.');
    let step: number | null = null;
    let usedRecoveryCodeId: string | null = null;
    if (input.code) {
      step = await this.#checkCode(user.mfa_secret_enc, user.mfa_last_step, input.code);
      if (step === null) return this.#failure(ctx, actor.userId, 'mfa.verify', 'code', reachedLock);
    } else if (input.recoveryCode) {
      const hash = sha256Hex(normaliseRecoveryCode(input.recoveryCode));
      const row = await tx(ctx, (trx) =>
        trx
          .selectFrom('mfa_recovery_code')
          .select('id')
          .where('user_id', '=', actor.userId)
          .where('code_hash', '=', hash)
          .where('used_at', 'is', null)
          .executeTakeFirst(),
      );
      if (!row) return this.#failure(ctx, actor.userId, 'mfa.verify', 'recoveryCode', reachedLock);
      usedRecoveryCodeId = row.id;
    } else {
      throw AppError.validation([{ path: 'code', message: 'is required' }]);
    }
    return tx(ctx, async (trx) => {
      if (step !== null) {
        // Claim the step: of two concurrent sign-ins with the same code, only one may succeed.
        const claimed = await trx
          .updateTable('app_user')
          .set({ mfa_last_step: step })
          .where('id', '=', actor.userId)
          .where((eb) => eb.or([eb('mfa_last_step', 'is', null), eb('mfa_last_step', '<', step)]))
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) {
          throw AppError.validation([{ path: 'code', message: 'was already used; wait for the next code' }]);
        }
      }
      if (usedRecoveryCodeId) {
        const claimed = await trx
          .updateTable('mfa_recovery_code')
          .set({ used_at: new Date() })
          .where('id', '=', usedRecoveryCodeId)
          .where('used_at', 'is', null)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) {
          throw AppError.validation([{ path: 'recoveryCode', message: 'was already used' }]);
        }
      }
      await repo.clearThrottle(trx, `mfa:${actor.userId}`);
      await repo.revokeSession(trx, actor.sessionId, 'mfa_verified');
      const issued = await this.auth.issueSession(trx, ctx, actor.userId, 'verified');
      await recordAudit(trx, ctx, {
        action: 'mfa.verify',
        targetType: 'user',
        targetId: actor.userId,
        details: { method: usedRecoveryCodeId ? 'recovery_code' : 'totp' },
      });
      return issued;
    });
  }

  async regenerateRecoveryCodes(ctx: Ctx, password: string): Promise<string[]> {
    const actor = requireActor(ctx);
    const user = await tx(ctx, (trx) => repo.findUserById(trx, actor.userId));
    if (!user?.mfa_enabled_at) throw AppError.conflict('Two-step verification is not on.');
    await this.auth.verifyPasswordOf(ctx, user, password, {
      field: 'password',
      message: 'is not your current password',
      action: 'mfa.recovery_codes_regenerate',
    });
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await tx(ctx, async (trx) => {
      await trx.deleteFrom('mfa_recovery_code').where('user_id', '=', actor.userId).execute();
      await trx
        .insertInto('mfa_recovery_code')
        .values(codes.map((c) => ({ user_id: actor.userId, code_hash: sha256Hex(normaliseRecoveryCode(c)) })))
        .execute();
      await recordAudit(trx, ctx, {
        action: 'mfa.recovery_codes_regenerate',
        targetType: 'user',
        targetId: actor.userId,
      });
    });
    return codes;
  }

  /** Turns MFA off for oneself, with the password; refused where the network requires it of the role. */
  async disable(ctx: Ctx, password: string): Promise<void> {
    const actor = requireActor(ctx);
    const { user, required } = await tx(ctx, async (trx) => ({
      user: await repo.findUserById(trx, actor.userId),
      required: mfaRequiredFor(actor.roles, await repo.getNetworkSetting<boolean>(trx, 'mfa.required', true)),
    }));
    if (!user?.mfa_enabled_at) throw AppError.conflict('Two-step verification is not on.');
    if (required) {
      throw AppError.conflict('Your role requires two-step verification, so it cannot be turned off.');
    }
    await this.auth.verifyPasswordOf(ctx, user, password, {
      field: 'password',
      message: 'is not your current password',
      action: 'mfa.disable',
    });
    await tx(ctx, async (trx) => {
      await this.#clear(trx, actor.userId);
      await recordAudit(trx, ctx, { action: 'mfa.disable', targetType: 'user', targetId: actor.userId });
    });
  }

  /** A network administrator clears a user's MFA (lost phone): they enrol again at next sign-in. */
  async resetForUser(ctx: Ctx, userId: string): Promise<void> {
    await tx(ctx, async (trx) => {
      const user = await repo.findUserById(trx, userId);
      if (!user) throw AppError.notFound('The user');
      await this.#clear(trx, userId);
      const revoked = await repo.revokeUserSessions(trx, userId, 'mfa_reset');
      await recordAudit(trx, ctx, {
        action: 'mfa.reset',
        targetType: 'user',
        targetId: userId,
        details: { sessionsRevoked: revoked },
      });
    });
  }

  async #clear(trx: Transaction<DB>, userId: string): Promise<void> {
    await trx
      .updateTable('app_user')
      .set({ mfa_secret_enc: null, mfa_enabled_at: null, mfa_last_step: null, updated_at: new Date() })
      .where('id', '=', userId)
      .execute();
    await trx.deleteFrom('mfa_recovery_code').where('user_id', '=', userId).execute();
  }
}
