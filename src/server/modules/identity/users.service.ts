/**
 * People and their roles: user accounts (network administrators), center staff (directors and
 * administrators), and one's own profile and sessions.
 *
 * What a caller may see is decided by row-level security: a director's queries only ever return
 * the staff of their own centers, so another center's person or membership is simply not found.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { sql } from 'kysely';
import { CENTER_ROLES, ROLE_SCOPE, type Role } from '../../../shared/roles.js';
import type { Config } from '../../config.js';
import { recordAudit } from '../../platform/audit.js';
import { requireActor, tx, type Ctx } from '../../platform/context.js';
import { escapeLike } from '../../platform/sql.js';
import { AppError } from '../../platform/errors.js';
import * as repo from './identity.repo.js';
import { iso, toMembership, toMembershipHistory } from './identity.mapper.js';
import type { TSession, TUserDetail, TUserSummary } from './identity.schemas.js';
import { assertPasswordPolicy, type PasswordHasher } from './passwords.js';

export interface UserListQuery {
  q?: string | undefined;
  role?: Role | undefined;
  centerId?: string | undefined;
  status?: 'active' | 'deactivated' | undefined;
  page: number;
  pageSize: number;
}

export interface StaffMember {
  membershipId: string;
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  status: 'active' | 'deactivated';
  mfaEnabled: boolean | null;
  lastLoginAt: string | null;
  since: string;
  endedAt: string | null;
}

export class UsersService {
  constructor(
    private readonly config: Config,
    private readonly hasher: PasswordHasher,
  ) {}

  async findUsers(
    ctx: Ctx,
    query: UserListQuery,
  ): Promise<{ items: TUserSummary[]; total: number; page: number; pageSize: number }> {
    return tx(ctx, async (trx) => {
      let q = trx.selectFrom('app_user as u');
      if (query.q) {
        const like = `%${escapeLike(query.q.toLowerCase())}%`;
        q = q.where((eb) =>
          eb.or([eb('u.email', 'like', like), eb(eb.fn('lower', ['u.display_name']), 'like', like)]),
        );
      }
      if (query.status) q = q.where('u.status', '=', query.status);
      if (query.role || query.centerId) {
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('membership as m')
              .select(sql.lit(1).as('one'))
              .whereRef('m.user_id', '=', 'u.id')
              .where('m.ended_at', 'is', null)
              .$if(query.role !== undefined, (s) => s.where('m.role', '=', query.role!))
              .$if(query.centerId !== undefined, (s) => s.where('m.center_id', '=', query.centerId!)),
          ),
        );
      }
      const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const users = await q
        .selectAll('u')
        .orderBy('u.display_name')
        .orderBy('u.id')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      const memberships = await repo.findMembershipsWithNames(
        trx,
        users.map((u) => u.id),
      );
      return {
        items: users.map((u) => ({
          id: u.id,
          email: u.email,
          displayName: u.display_name,
          status: u.status,
          mfaEnabled: u.mfa_enabled_at !== null,
          lastLoginAt: iso(u.last_login_at),
          createdAt: iso(u.created_at)!,
          roles: memberships.filter((m) => m.user_id === u.id).map(toMembership),
        })),
        total: Number(total.n),
        page: query.page,
        pageSize: query.pageSize,
      };
    });
  }

  async getUser(ctx: Ctx, userId: string): Promise<TUserDetail> {
    return tx(ctx, async (trx) => {
      const u = await repo.findUserById(trx, userId);
      if (!u) throw AppError.notFound('The user');
      const all = await repo.findMembershipsWithNames(trx, [userId], { includeEnded: true });
      return {
        id: u.id,
        email: u.email,
        displayName: u.display_name,
        status: u.status,
        mfaEnabled: u.mfa_enabled_at !== null,
        lastLoginAt: iso(u.last_login_at),
        createdAt: iso(u.created_at)!,
        roles: all.filter((m) => m.ended_at === null).map(toMembership),
        membershipHistory: all.map(toMembershipHistory),
      };
    });
  }

  /** Deactivates (and signs out everywhere) or reactivates an account. Network administrators only. */
  async setUserStatus(ctx: Ctx, userId: string, status: 'active' | 'deactivated'): Promise<TUserDetail> {
    const actor = requireActor(ctx);
    if (userId === actor.userId && status === 'deactivated') {
      throw AppError.conflict('You cannot deactivate your own account.');
    }
    await tx(ctx, async (trx) => {
      const u = await repo.findUserById(trx, userId);
      if (!u) throw AppError.notFound('The user');
      if (u.status === status) return;
      await trx
        .updateTable('app_user')
        .set({ status, updated_at: new Date() })
        .where('id', '=', userId)
        .execute();
      const revoked =
        status === 'deactivated' ? await repo.revokeUserSessions(trx, userId, 'user_deactivated') : 0;
      await recordAudit(trx, ctx, {
        action: status === 'deactivated' ? 'user.deactivate' : 'user.reactivate',
        targetType: 'user',
        targetId: userId,
        details: { sessionsRevoked: revoked },
      });
    });
    return this.getUser(ctx, userId);
  }

  /** Gives an existing user a further role. Directors may add center roles at their own center. */
  async addMembership(
    ctx: Ctx,
    userId: string,
    input: { role: Role; centerId?: string | null | undefined; partnerId?: string | null | undefined },
  ): Promise<TUserDetail> {
    const actor = requireActor(ctx);
    const centerId = input.centerId ?? null;
    const partnerId = input.partnerId ?? null;
    assertRoleScope(input.role, centerId, partnerId);
    if (!actor.scope.allCenters) {
      // A network role has no center or partner to be "not found": it is simply not theirs to grant.
      if (ROLE_SCOPE[input.role] === 'network')
        throw AppError.forbidden('Only a network administrator can grant this role.');
      const manages =
        centerId !== null
          ? actor.scope.manageCenterIds?.includes(centerId)
          : partnerId !== null && actor.scope.managePartnerIds?.includes(partnerId);
      if (!manages) throw AppError.notFound(centerId ? 'The center' : 'The partner organisation');
    }
    await tx(ctx, async (trx) => {
      const u = await repo.findUserById(trx, userId);
      if (!u) throw AppError.notFound('The user');
      await assertScopeExists(trx, centerId, partnerId);
      const existing = await repo.findActiveMembership(
        trx,
        { userId },
        { role: input.role, centerId, partnerId },
      );
      if (existing) throw AppError.conflict('This person already holds that role there.', 'role');
      const m = await trx
        .insertInto('membership')
        .values({
          user_id: userId,
          role: input.role,
          center_id: centerId,
          partner_id: partnerId,
          created_by: actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, {
        action: 'membership.grant',
        targetType: 'membership',
        targetId: m.id,
        centerId,
        details: { userId, role: input.role, partnerId },
      });
    });
    return this.getUser(ctx, userId);
  }

  /** Ends a membership (the history is kept). */
  async endMembership(
    ctx: Ctx,
    membershipId: string,
    expect: { centerId?: string; userId?: string } = {},
  ): Promise<void> {
    const actor = requireActor(ctx);
    await tx(ctx, async (trx) => {
      const m = await trx
        .selectFrom('membership')
        .selectAll()
        .where('id', '=', membershipId)
        .executeTakeFirst();
      if (
        !m ||
        (expect.centerId !== undefined && m.center_id !== expect.centerId) ||
        (expect.userId !== undefined && m.user_id !== expect.userId)
      )
        throw AppError.notFound(expect.centerId ? 'The staff member' : 'The role');
      if (m.ended_at) throw AppError.conflict('This role has already ended.');
      if (!canManage(actor.scope, m.center_id, m.partner_id)) {
        // Visible (a colleague) but not theirs to change.
        throw AppError.forbidden(
          'Only the center director or a network administrator can change staff roles.',
        );
      }
      if (m.user_id === actor.userId) {
        throw AppError.conflict(
          m.role === 'network_admin'
            ? 'You cannot remove your own network administrator role.'
            : 'You cannot end your own role; ask another director or a network administrator.',
        );
      }
      await trx
        .updateTable('membership')
        .set({ ended_at: new Date(), ended_by: actor.userId })
        .where('id', '=', membershipId)
        .execute();
      await recordAudit(trx, ctx, {
        action: 'membership.end',
        targetType: 'membership',
        targetId: membershipId,
        centerId: m.center_id,
        details: { userId: m.user_id, role: m.role },
      });
    });
  }

  /** Changes a staff member's role at a center: the old membership ends, a new one starts. */
  async changeStaffRole(ctx: Ctx, centerId: string, membershipId: string, role: Role): Promise<StaffMember> {
    const actor = requireActor(ctx);
    if (!(CENTER_ROLES as readonly Role[]).includes(role)) {
      throw AppError.validation([
        { path: 'role', message: 'must be a center role (clinician, trainer or center_director)' },
      ]);
    }
    const newId = await tx(ctx, async (trx) => {
      const m = await trx
        .selectFrom('membership')
        .selectAll()
        .where('id', '=', membershipId)
        .executeTakeFirst();
      if (!m || m.center_id !== centerId) throw AppError.notFound('The staff member');
      if (m.ended_at)
        throw AppError.conflict('This role has already ended; invite the person again instead.');
      if (!canManage(actor.scope, centerId, null)) {
        throw AppError.forbidden(
          'Only the center director or a network administrator can change staff roles.',
        );
      }
      if (m.user_id === actor.userId) {
        throw AppError.conflict(
          'You cannot change your own role; ask another director or a network administrator.',
        );
      }
      if (m.role === role) throw AppError.conflict('The staff member already has this role.', 'role');
      const clash = await trx
        .selectFrom('membership')
        .select('id')
        .where('user_id', '=', m.user_id)
        .where('center_id', '=', centerId)
        .where('role', '=', role)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      const now = new Date();
      await trx
        .updateTable('membership')
        .set({ ended_at: now, ended_by: actor.userId })
        .where('id', '=', membershipId)
        .execute();
      let id = clash?.id;
      if (!id) {
        id = (
          await trx
            .insertInto('membership')
            .values({ user_id: m.user_id, role, center_id: centerId, created_by: actor.userId })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      }
      await recordAudit(trx, ctx, {
        action: 'membership.role_change',
        targetType: 'membership',
        targetId: id,
        centerId,
        details: { userId: m.user_id, from: m.role, to: role, previousMembershipId: membershipId },
      });
      return id;
    });
    const staff = await this.listStaff(ctx, centerId, { includeEnded: false });
    const found = staff.find((s) => s.membershipId === newId);
    if (!found) throw AppError.notFound('The staff member');
    return found;
  }

  async listStaff(ctx: Ctx, centerId: string, options: { includeEnded: boolean }): Promise<StaffMember[]> {
    // Colleagues see who works here; sign-in details are for the center's managers.
    const manager = ctx.actor ? canManage(ctx.actor.scope, centerId, null) : true;
    return tx(ctx, async (trx) => {
      const center = await trx
        .selectFrom('center')
        .select('id')
        .where('id', '=', centerId)
        .executeTakeFirst();
      if (!center) throw AppError.notFound('The center');
      const rows = await trx
        .selectFrom('membership as m')
        .innerJoin('app_user as u', 'u.id', 'm.user_id')
        .select([
          'm.id as membership_id',
          'u.id as user_id',
          'u.email',
          'u.display_name',
          'm.role',
          'u.status',
          'u.mfa_enabled_at',
          'u.last_login_at',
          'm.created_at',
          'm.ended_at',
        ])
        .where('m.center_id', '=', centerId)
        .$if(!options.includeEnded, (q) => q.where('m.ended_at', 'is', null))
        .orderBy('m.ended_at', (ob) => ob.desc().nullsFirst())
        .orderBy('u.display_name')
        .execute();
      return rows.map((r) => ({
        membershipId: r.membership_id,
        userId: r.user_id,
        email: r.email,
        displayName: r.display_name,
        role: r.role,
        status: r.status,
        mfaEnabled: manager ? r.mfa_enabled_at !== null : null,
        lastLoginAt: manager ? iso(r.last_login_at) : null,
        since: iso(r.created_at)!,
        endedAt: iso(r.ended_at),
      }));
    });
  }

  /** People by role, accounts without two-step verification, open invitations: for the network overview. */
  async summarizePeople(
    ctx: Ctx,
  ): Promise<{ byRole: { role: string; count: number }[]; withoutMfa: number; pendingInvitations: number }> {
    return tx(ctx, async (trx) => {
      const p = await repo.summarizePeople(trx);
      return { byRole: p.byRole, withoutMfa: p.withoutMfa, pendingInvitations: p.pending };
    });
  }

  // One's own account ----------------------------------------------------------------------------

  async updateProfile(
    ctx: Ctx,
    input: { displayName?: string | undefined; locale?: 'en' | 'es' | undefined },
  ): Promise<void> {
    const actor = requireActor(ctx);
    await tx(ctx, async (trx) => {
      await trx
        .updateTable('app_user')
        .set({
          ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
          ...(input.locale !== undefined ? { locale: input.locale } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', actor.userId)
        .execute();
      await recordAudit(trx, ctx, {
        action: 'user.profile_update',
        targetType: 'user',
        targetId: actor.userId,
        details: { fields: Object.keys(input) },
      });
    });
  }

  async listOwnSessions(ctx: Ctx): Promise<TSession[]> {
    const actor = requireActor(ctx);
    return tx(ctx, async (trx) => {
      const rows = await trx
        .selectFrom('user_session')
        .selectAll()
        .where('user_id', '=', actor.userId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', new Date())
        .where('last_seen_at', '>', new Date(Date.now() - this.config.session.idleMinutes * 60_000))
        .orderBy('last_seen_at', 'desc')
        .execute();
      return rows.map((s) => ({
        id: s.id,
        createdAt: iso(s.created_at)!,
        lastSeenAt: iso(s.last_seen_at)!,
        expiresAt: iso(s.expires_at)!,
        ip: s.ip,
        userAgent: s.user_agent,
        current: s.id === actor.sessionId,
      }));
    });
  }

  async revokeOwnSession(ctx: Ctx, sessionId: string): Promise<void> {
    const actor = requireActor(ctx);
    await tx(ctx, async (trx) => {
      const s = await trx
        .selectFrom('user_session')
        .select(['id', 'revoked_at'])
        .where('id', '=', sessionId)
        .where('user_id', '=', actor.userId)
        .executeTakeFirst();
      if (!s || s.revoked_at) throw AppError.notFound('The session');
      await repo.revokeSession(trx, sessionId, 'revoked_by_user');
      await recordAudit(trx, ctx, {
        action: 'auth.session_revoke',
        targetType: 'session',
        targetId: sessionId,
      });
    });
  }

  /** For the CLI: creates an active account with a password and one role. */
  async createUserWithPassword(
    ctx: Ctx,
    input: {
      email: string;
      displayName: string;
      password: string;
      role: Role;
      centerId: string | null;
      partnerId: string | null;
    },
  ): Promise<string> {
    assertRoleScope(input.role, input.centerId, input.partnerId);
    assertPasswordPolicy(input.password, { email: input.email });
    const hashed = await this.hasher.hash(input.password);
    return tx(ctx, async (trx) => {
      if (await repo.findUserByEmail(trx, input.email)) {
        throw AppError.conflict(`An account with the e-mail ${input.email} already exists.`, 'email');
      }
      await assertScopeExists(trx, input.centerId, input.partnerId);
      const user = await trx
        .insertInto('app_user')
        .values({
          email: input.email,
          display_name: input.displayName,
          password_hash: hashed,
          password_changed_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('membership')
        .values({
          user_id: user.id,
          role: input.role,
          center_id: input.centerId,
          partner_id: input.partnerId,
        })
        .execute();
      await recordAudit(trx, ctx, {
        action: 'user.create',
        targetType: 'user',
        targetId: user.id,
        centerId: input.centerId,
        details: { role: input.role },
      });
      return user.id;
    });
  }
}

export function canManage(
  scope: { allCenters?: boolean; manageCenterIds?: readonly string[]; managePartnerIds?: readonly string[] },
  centerId: string | null,
  partnerId: string | null,
): boolean {
  if (scope.allCenters) return true;
  if (centerId) return scope.manageCenterIds?.includes(centerId) ?? false;
  if (partnerId) return scope.managePartnerIds?.includes(partnerId) ?? false;
  return false;
}

/** A role needs exactly the scope it applies to: a center, a partner, or neither. */
export function assertRoleScope(role: Role, centerId: string | null, partnerId: string | null): void {
  const scope = ROLE_SCOPE[role];
  if (scope === 'center' && !centerId)
    throw AppError.validation([{ path: 'centerId', message: `is required for the role ${role}` }]);
  if (scope !== 'center' && centerId)
    throw AppError.validation([{ path: 'centerId', message: `must be empty for the role ${role}` }]);
  if (scope === 'partner' && !partnerId)
    throw AppError.validation([{ path: 'partnerId', message: `is required for the role ${role}` }]);
  if (scope !== 'partner' && partnerId)
    throw AppError.validation([{ path: 'partnerId', message: `must be empty for the role ${role}` }]);
}

export async function assertScopeExists(
  trx: Transaction<DB>,
  centerId: string | null,
  partnerId: string | null,
): Promise<void> {
  if (centerId) {
    const c = await trx
      .selectFrom('center')
      .select(['id', 'active'])
      .where('id', '=', centerId)
      .executeTakeFirst();
    if (!c) throw AppError.notFound('The center');
    if (!c.active)
      throw AppError.conflict('This center is inactive; reactivate it before adding staff.', 'centerId');
  }
  if (partnerId) {
    const p = await trx
      .selectFrom('partner_organization')
      .select('id')
      .where('id', '=', partnerId)
      .executeTakeFirst();
    if (!p) throw AppError.notFound('The partner organisation');
  }
}
