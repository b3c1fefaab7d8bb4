/**
 * SQL of the identity module. Every function takes the transaction first and runs under the
 * caller's row-level-security scope.
 */
import { sql, type Transaction } from 'kysely';
import type { Role } from '../../../shared/roles.js';
import type { DB, MfaState } from '../../db/schema.js';

type Trx = Transaction<DB>;

export interface SessionLookup {
  session_id: string;
  user_id: string;
  csrf_token: string;
  mfa_state: MfaState;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  email: string;
  display_name: string;
  status: 'active' | 'deactivated';
  mfa_enabled_at: Date | null;
  locale: 'en' | 'es';
  memberships: { id: string; role: Role; centerId: string | null; partnerId: string | null }[];
  /** The network's current MFA requirement (default on). */
  mfa_required: boolean;
}

/** One round trip: the live session, its user, the user's active memberships and the MFA policy. */
export async function findSessionByTokenHash(
  trx: Trx,
  tokenHash: string,
): Promise<SessionLookup | undefined> {
  const result = await sql<SessionLookup>`
    select s.id as session_id, s.user_id, s.csrf_token, s.mfa_state, s.created_at, s.last_seen_at, s.expires_at,
           u.email, u.display_name, u.status, u.mfa_enabled_at, u.locale,
           coalesce((select json_agg(json_build_object('id', m.id, 'role', m.role, 'centerId', m.center_id,
                                                       'partnerId', m.partner_id) order by m.created_at)
                     from membership m where m.user_id = u.id and m.ended_at is null), '[]') as memberships,
           coalesce((select ns.value = 'true'::jsonb from network_setting ns where ns.key = 'mfa.required'), true)
             as mfa_required
    from user_session s join app_user u on u.id = s.user_id
    where s.token_hash = ${tokenHash} and s.revoked_at is null`.execute(trx);
  return result.rows[0];
}

export async function touchSession(trx: Trx, sessionId: string): Promise<void> {
  await trx
    .updateTable('user_session')
    .set({ last_seen_at: new Date() })
    .where('id', '=', sessionId)
    .execute();
}

/** Ends every unused password-reset link of a user (after a reset or a change); returns their ids. */
export async function endPasswordResets(trx: Trx, userId: string): Promise<string[]> {
  const rows = await trx
    .updateTable('password_reset')
    .set({ used_at: new Date() })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function setSessionMfaState(trx: Trx, sessionId: string, state: MfaState): Promise<void> {
  await trx.updateTable('user_session').set({ mfa_state: state }).where('id', '=', sessionId).execute();
}

export async function revokeSession(trx: Trx, sessionId: string, reason: string): Promise<void> {
  await trx
    .updateTable('user_session')
    .set({ revoked_at: new Date(), revoked_reason: reason })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeUserSessions(
  trx: Trx,
  userId: string,
  reason: string,
  exceptSessionId?: string,
): Promise<number> {
  let q = trx
    .updateTable('user_session')
    .set({ revoked_at: new Date(), revoked_reason: reason })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (exceptSessionId) q = q.where('id', '<>', exceptSessionId);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertSession(
  trx: Trx,
  values: {
    userId: string;
    tokenHash: string;
    csrfToken: string;
    mfaState: MfaState;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<string> {
  const row = await trx
    .insertInto('user_session')
    .values({
      user_id: values.userId,
      token_hash: values.tokenHash,
      csrf_token: values.csrfToken,
      mfa_state: values.mfaState,
      expires_at: values.expiresAt,
      ip: values.ip,
      user_agent: values.userAgent,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findUserByEmail(trx: Trx, email: string) {
  return trx.selectFrom('app_user').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findUserById(trx: Trx, id: string) {
  return trx.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findActiveMemberships(trx: Trx, userId: string) {
  return trx
    .selectFrom('membership')
    .select(['id', 'role', 'center_id', 'partner_id'])
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .execute();
}

/** Memberships with the names of their center or partner, for display. */
export function findMembershipsWithNames(
  trx: Trx,
  userIds: readonly string[],
  options: { includeEnded?: boolean } = {},
) {
  if (userIds.length === 0) return Promise.resolve([]);
  let q = trx
    .selectFrom('membership as m')
    .leftJoin('center as c', 'c.id', 'm.center_id')
    .leftJoin('partner_organization as p', 'p.id', 'm.partner_id')
    .select([
      'm.id',
      'm.user_id',
      'm.role',
      'm.center_id',
      'c.name as center_name',
      'm.partner_id',
      'p.name as partner_name',
      'm.created_at',
      'm.ended_at',
    ])
    .where('m.user_id', 'in', userIds)
    .orderBy('m.created_at');
  if (!options.includeEnded) q = q.where('m.ended_at', 'is', null);
  return q.execute();
}

/** The active membership of a person (by id or e-mail) in a role at a place, if they hold it. */
export async function findActiveMembership(
  trx: Trx,
  who: { userId: string } | { email: string },
  where: { role: Role; centerId: string | null; partnerId: string | null },
): Promise<{ id: string } | undefined> {
  return trx
    .selectFrom('membership as m')
    .innerJoin('app_user as u', 'u.id', 'm.user_id')
    .select('m.id')
    .where((eb) => ('userId' in who ? eb('m.user_id', '=', who.userId) : eb('u.email', '=', who.email)))
    .where('m.role', '=', where.role)
    .where('m.ended_at', 'is', null)
    .where((eb) =>
      where.centerId
        ? eb('m.center_id', '=', where.centerId)
        : where.partnerId
          ? eb('m.partner_id', '=', where.partnerId)
          : eb.and([eb('m.center_id', 'is', null), eb('m.partner_id', 'is', null)]),
    )
    .executeTakeFirst();
}

export async function getNetworkSetting<T>(trx: Trx, key: string, fallback: T): Promise<T> {
  const row = await trx
    .selectFrom('network_setting')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return row ? (row.value as T) : fallback;
}

export async function setNetworkSetting(
  trx: Trx,
  key: string,
  value: unknown,
  userId: string | null,
): Promise<void> {
  await trx
    .insertInto('network_setting')
    .values({ key, value: JSON.stringify(value), updated_by: userId })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({ value: JSON.stringify(value), updated_by: userId, updated_at: new Date() }),
    )
    .execute();
}

// Throttling of failed sign-ins and MFA codes ----------------------------------------------------

export function findThrottle(trx: Trx, key: string) {
  return trx.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
}

/**
 * Counts an attempt against `key` before it is checked, in one statement with the lock check, so
 * that concurrent attempts cannot all pass a lock the earlier ones are about to set. While a lock is
 * in force nothing is counted and `locked` says until when. Otherwise the attempt counts as a failure
 * until `clearThrottle` records its success, and `lockedUntil` is set once the count reaches the
 * threshold (the attempt that reaches it is still checked: a right answer clears the lock).
 */
export async function reserveThrottleAttempt(
  trx: Trx,
  key: string,
  policy: { threshold: number; windowMinutes: number; maxLockMinutes: number; fixedLock?: boolean },
): Promise<{ locked: Date | null; failures: number; lockedUntil: Date | null }> {
  const result = await sql<{ failures: number }>`
    insert into login_throttle as t (key, failures, first_failure_at, updated_at)
    values (${key}, 1, now(), now())
    on conflict (key) do update set
      failures = case when t.first_failure_at < now() - make_interval(mins => ${policy.windowMinutes})
                      then 1 else t.failures + 1 end,
      first_failure_at = case when t.first_failure_at < now() - make_interval(mins => ${policy.windowMinutes})
                              then now() else t.first_failure_at end,
      updated_at = now()
    where t.locked_until is null or t.locked_until <= now()
    returning failures`.execute(trx);
  const row = result.rows[0];
  if (!row) {
    const current = await findThrottle(trx, key);
    return {
      locked: current?.locked_until ?? new Date(),
      failures: current?.failures ?? 0,
      lockedUntil: null,
    };
  }
  let lockedUntil: Date | null = null;
  if (row.failures >= policy.threshold) {
    // A lock doubles with each further failure, or (fixedLock) lasts maxLockMinutes at once.
    const minutes = policy.fixedLock
      ? policy.maxLockMinutes
      : Math.min(policy.maxLockMinutes, 2 ** (row.failures - policy.threshold));
    lockedUntil = new Date(Date.now() + minutes * 60_000);
    await trx
      .updateTable('login_throttle')
      .set({ locked_until: lockedUntil })
      .where('key', '=', key)
      .execute();
  }
  return { locked: null, failures: row.failures, lockedUntil };
}

export async function clearThrottle(trx: Trx, key: string): Promise<void> {
  await trx.deleteFrom('login_throttle').where('key', '=', key).execute();
}

/** Active people by role, accounts without MFA and open invitations (network administrators). */
export async function summarizePeople(trx: Trx) {
  const byRole = await sql<{ role: string; count: number }>`
    select m.role, count(distinct m.user_id)::int as count
    from membership m join app_user u on u.id = m.user_id
    where m.ended_at is null and u.status = 'active'
    group by m.role order by m.role`.execute(trx);
  const other = await sql<{ without_mfa: number; pending: number }>`
    select (select count(*)::int from app_user u where u.status = 'active' and u.mfa_enabled_at is null
              and u.password_hash is not null) as without_mfa,
           (select count(*)::int from invitation where accepted_at is null and revoked_at is null and expires_at > now()) as pending`.execute(
    trx,
  );
  return { byRole: byRole.rows, withoutMfa: other.rows[0]!.without_mfa, pending: other.rows[0]!.pending };
}
