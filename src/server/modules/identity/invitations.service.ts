/**
 * Invitations: an administrator or a center director invites a person by e-mail to a role. The
 * invitation is a single-use link that expires after seven days; only the hash of its token is
 * stored. The link carries the token in the URL fragment (#token=...), which browsers never send
 * to the server, so it cannot end up in access logs.
 */
import { sql, type Transaction } from 'kysely';
import { DIRECTOR_INVITABLE_ROLES, ROLE_LABEL, ROLE_SCOPE, type Role } from '../../../shared/roles.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { recordAudit } from '../../platform/audit.js';
import { requireActor, tx, type Actor, type Ctx } from '../../platform/context.js';
import { randomToken, sha256Hex } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import { cancelMessagesFor, enqueueMessage, retireLinksFor } from '../../platform/outbox.js';
import { initialMfaState, mfaRequiredFor, type AuthService, type IssuedSession } from './auth.service.js';
import * as repo from './identity.repo.js';
import { invitationStatus, toInvitation } from './identity.mapper.js';
import type { TInvitation } from './identity.schemas.js';
import { assertPasswordPolicy, type PasswordHasher } from './passwords.js';
import { assertRoleScope, assertScopeExists } from './users.service.js';

export const INVITATION_TTL_DAYS = 7;

export interface NewInvitation {
  email: string;
  displayName?: string | undefined;
  role: Role;
  centerId?: string | null | undefined;
  partnerId?: string | null | undefined;
}

type Trx = Transaction<DB>;

function invitationQuery(trx: Trx) {
  return trx
    .selectFrom('invitation as i')
    .leftJoin('center as c', 'c.id', 'i.center_id')
    .leftJoin('partner_organization as p', 'p.id', 'i.partner_id')
    .leftJoin('app_user as inviter', 'inviter.id', 'i.invited_by')
    .selectAll('i')
    .select([
      'c.name as center_name',
      'p.name as partner_name',
      'inviter.display_name as inviter_name',
      (eb) =>
        eb
          .selectFrom('outbox_message as o')
          .select('o.status')
          .whereRef('o.related_id', '=', 'i.id')
          .orderBy('o.created_at', 'desc')
          .limit(1)
          .as('delivery'),
    ]);
}

export class InvitationsService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly hasher: PasswordHasher,
    private readonly auth: AuthService,
  ) {}

  async create(ctx: Ctx, input: NewInvitation): Promise<TInvitation> {
    const { id } = await this.#create(ctx, requireActor(ctx), input);
    return this.get(ctx, id);
  }

  /**
   * For the CLI (an operator bootstrapping the first administrator): invites without a signed-in
   * user and returns the acceptance link, which is also kept in the outbox.
   */
  async createFromCli(ctx: Ctx, input: NewInvitation): Promise<{ invitation: TInvitation; link: string }> {
    const { id, token } = await this.#create(ctx, null, input);
    return { invitation: await this.get(ctx, id), link: `${this.config.publicUrl}/invite#token=${token}` };
  }

  async #create(ctx: Ctx, actor: Actor | null, input: NewInvitation): Promise<{ id: string; token: string }> {
    const centerId = input.centerId ?? null;
    const partnerId = input.partnerId ?? null;
    assertRoleScope(input.role, centerId, partnerId);
    if (actor && !actor.scope.allCenters) {
      const scope = ROLE_SCOPE[input.role];
      if (scope === 'network')
        throw AppError.forbidden('Only a network administrator can invite to this role.');
      if (scope === 'center') {
        if (!actor.scope.manageCenterIds?.includes(centerId!)) throw AppError.notFound('The center');
        if (!DIRECTOR_INVITABLE_ROLES.includes(input.role))
          throw AppError.forbidden('You cannot invite to this role.');
      }
      if (scope === 'partner' && !actor.scope.managePartnerIds?.includes(partnerId!)) {
        throw AppError.notFound('The partner organisation');
      }
    }
    const token = randomToken();
    const id = await tx(ctx, async (trx) => {
      // One invitation at a time per address: two administrators (or a double click) cannot both
      // pass the "already invited" check below and leave two open links.
      await sql`select pg_advisory_xact_lock(hashtext(${`invitation:${input.email}`}))`.execute(trx);
      await assertScopeExists(trx, centerId, partnerId);
      // Already a member in that role?
      const holder = await repo.findActiveMembership(
        trx,
        { email: input.email },
        { role: input.role, centerId, partnerId },
      );
      if (holder) throw AppError.conflict(`${input.email} already has this role here.`, 'email');
      const pending = await trx
        .selectFrom('invitation')
        .select('id')
        .where('email', '=', input.email)
        .where('role', '=', input.role)
        .where((eb) => (centerId ? eb('center_id', '=', centerId) : eb('center_id', 'is', null)))
        .where((eb) => (partnerId ? eb('partner_id', '=', partnerId) : eb('partner_id', 'is', null)))
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', new Date())
        .executeTakeFirst();
      if (pending) {
        throw AppError.conflict(
          `${input.email} already has a pending invitation to this role. Re-send it instead.`,
          'email',
        );
      }
      const expiresAt = new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000);
      const row = await trx
        .insertInto('invitation')
        .values({
          email: input.email,
          display_name: input.displayName ?? null,
          role: input.role,
          center_id: centerId,
          partner_id: partnerId,
          token_hash: sha256Hex(token),
          invited_by: actor?.userId ?? null,
          expires_at: expiresAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.#sendMessage(trx, row.id, token, actor?.displayName ?? 'A Waymark administrator');
      await recordAudit(trx, ctx, {
        action: 'invitation.create',
        targetType: 'invitation',
        targetId: row.id,
        centerId,
        details: { role: input.role, partnerId },
      });
      return row.id;
    });
    return { id, token };
  }

  async #sendMessage(trx: Trx, invitationId: string, token: string, inviterName: string): Promise<void> {
    const inv = await invitationQuery(trx).where('i.id', '=', invitationId).executeTakeFirstOrThrow();
    const where = inv.center_name ?? inv.partner_name ?? 'the network';
    const expires = `${inv.expires_at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    await enqueueMessage(trx, this.config, {
      kind: 'invitation',
      to: inv.email,
      subject: `You are invited to Waymark as ${ROLE_LABEL[inv.role]}`,
      bodyText:
        `Hello${inv.display_name ? ` ${inv.display_name}` : ''},\n\n` +
        `${inviterName} invited you to join Waymark as ${ROLE_LABEL[inv.role]} (${where}).\n` +
        `Waymark is where the Children's Advocacy Center network trains clinicians and follows them to certification.\n\n` +
        `Accept the invitation by opening this link before ${expires}:\n\n` +
        `${this.config.publicUrl}/invite#token=${token}\n\n` +
        'The link works once. If you did not expect this invitation, you can ignore this message.\n',
      centerId: inv.center_id,
      partnerId: inv.partner_id,
      relatedId: inv.id,
    });
  }

  async get(ctx: Ctx, id: string): Promise<TInvitation> {
    return tx(ctx, async (trx) => {
      const row = await invitationQuery(trx).where('i.id', '=', id).executeTakeFirst();
      if (!row) throw AppError.notFound('The invitation');
      return toInvitation(row);
    });
  }

  async find(
    ctx: Ctx,
    query: {
      centerId?: string | undefined;
      status?: TInvitation['status'] | undefined;
      page: number;
      pageSize: number;
    },
  ): Promise<{ items: TInvitation[]; total: number; page: number; pageSize: number }> {
    return tx(ctx, async (trx) => {
      let q = invitationQuery(trx);
      if (query.centerId) q = q.where('i.center_id', '=', query.centerId);
      const now = new Date();
      switch (query.status) {
        case 'pending':
          q = q
            .where('i.accepted_at', 'is', null)
            .where('i.revoked_at', 'is', null)
            .where('i.expires_at', '>', now);
          break;
        case 'accepted':
          q = q.where('i.accepted_at', 'is not', null);
          break;
        case 'revoked':
          q = q.where('i.revoked_at', 'is not', null);
          break;
        case 'expired':
          q = q
            .where('i.accepted_at', 'is', null)
            .where('i.revoked_at', 'is', null)
            .where('i.expires_at', '<=', now);
          break;
        default:
      }
      const total = await q
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const rows = await q
        .orderBy('i.created_at', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      return {
        items: rows.map(toInvitation),
        total: Number(total.n),
        page: query.page,
        pageSize: query.pageSize,
      };
    });
  }

  async revoke(ctx: Ctx, id: string): Promise<TInvitation> {
    const actor = requireActor(ctx);
    await tx(ctx, async (trx) => {
      const inv = await trx.selectFrom('invitation').selectAll().where('id', '=', id).executeTakeFirst();
      if (!inv) throw AppError.notFound('The invitation');
      if (invitationStatus(inv) !== 'pending')
        throw AppError.conflict(`This invitation is already ${invitationStatus(inv)}.`);
      // Conditional, so a revocation racing an acceptance cannot mark an accepted invitation revoked.
      const revoked = await trx
        .updateTable('invitation')
        .set({ revoked_at: new Date(), revoked_by: actor.userId })
        .where('id', '=', id)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(revoked.numUpdatedRows) !== 1)
        throw AppError.conflict('This invitation was accepted or withdrawn meanwhile.');
      await cancelMessagesFor(trx, id);
      await recordAudit(trx, ctx, {
        action: 'invitation.revoke',
        targetType: 'invitation',
        targetId: id,
        centerId: inv.center_id,
      });
    });
    return this.get(ctx, id);
  }

  /** A new link (the old one stops working) and a new expiry. */
  async resend(ctx: Ctx, id: string): Promise<TInvitation> {
    const actor = requireActor(ctx);
    const token = randomToken();
    await tx(ctx, async (trx) => {
      const inv = await trx.selectFrom('invitation').selectAll().where('id', '=', id).executeTakeFirst();
      if (!inv) throw AppError.notFound('The invitation');
      const status = invitationStatus(inv);
      if (status === 'accepted' || status === 'revoked')
        throw AppError.conflict(`This invitation is already ${status}.`);
      await trx
        .updateTable('invitation')
        .set({
          token_hash: sha256Hex(token),
          expires_at: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
        })
        .where('id', '=', id)
        .execute();
      await cancelMessagesFor(trx, id);
      await this.#sendMessage(trx, id, token, actor.displayName);
      await recordAudit(trx, ctx, {
        action: 'invitation.resend',
        targetType: 'invitation',
        targetId: id,
        centerId: inv.center_id,
      });
    });
    return this.get(ctx, id);
  }

  async #findByToken(trx: Trx, token: string) {
    const row = await invitationQuery(trx).where('i.token_hash', '=', sha256Hex(token)).executeTakeFirst();
    if (!row || invitationStatus(row) !== 'pending') {
      throw new AppError(
        'GONE',
        'This invitation link has expired, was already used or was withdrawn. Ask the person who invited you to send a new one.',
      );
    }
    return row;
  }

  /** What the invitation offers, for the acceptance page (no sign-in needed, the token is the key). */
  async preview(token: string) {
    return this.db.scoped({ purpose: 'auth' }, async (trx) => {
      const row = await this.#findByToken(trx, token);
      const account = await repo.findUserByEmail(trx, row.email);
      return {
        email: row.email,
        displayName: row.display_name,
        role: row.role,
        centerName: row.center_name,
        partnerName: row.partner_name,
        expiresAt: row.expires_at.toISOString(),
        accountExists: account !== undefined,
      };
    });
  }

  /**
   * Accepts: a new person chooses a name and password; someone who already has an account confirms
   * with its password. Either way they get the role and are signed in.
   */
  async accept(
    ctx: Ctx,
    input: { token: string; displayName?: string | undefined; password: string },
  ): Promise<IssuedSession> {
    const found = await this.db.scoped({ purpose: 'auth' }, async (trx) => {
      const inv = await this.#findByToken(trx, input.token);
      const user = await repo.findUserByEmail(trx, inv.email);
      return { inv, user };
    });
    const { inv, user } = found;
    let newHash: string | null = null;
    if (user) {
      if (user.status !== 'active') {
        throw AppError.conflict(
          'The account for this e-mail address is deactivated. Ask your administrator to restore it.',
        );
      }
      await this.auth.verifyPasswordOf(ctx, user, input.password, {
        field: 'password',
        message: 'is not the password of your existing account',
        action: 'invitation.accept',
      });
    } else {
      const name = input.displayName ?? inv.display_name;
      if (!name) throw AppError.validation([{ path: 'displayName', message: 'is required' }]);
      assertPasswordPolicy(input.password, { email: inv.email });
      newHash = await this.hasher.hash(input.password);
    }
    return this.db.scoped({ purpose: 'auth' }, async (trx) => {
      const claimed = await trx
        .updateTable('invitation')
        .set({ accepted_at: new Date() })
        .where('id', '=', inv.id)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('token_hash', '=', sha256Hex(input.token))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) {
        throw new AppError('GONE', 'This invitation was already used or withdrawn.');
      }
      // The link is used: the copy kept in the outbox must not open anything any more.
      await retireLinksFor(trx, inv.id);
      let userId: string;
      if (user) {
        userId = user.id;
      } else {
        // Another invitation to the same address may have created the account a moment ago.
        const created = await trx
          .insertInto('app_user')
          .values({
            email: inv.email,
            display_name: (input.displayName ?? inv.display_name)!,
            password_hash: newHash,
            password_changed_at: new Date(),
          })
          .onConflict((oc) => oc.column('email').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!created) {
          throw AppError.conflict(
            'An account for this e-mail address has just been created. Open the link again and confirm with its password.',
          );
        }
        userId = created.id;
      }
      const existing = await repo.findActiveMembership(
        trx,
        { userId },
        { role: inv.role, centerId: inv.center_id, partnerId: inv.partner_id },
      );
      if (!existing) {
        await trx
          .insertInto('membership')
          .values({
            user_id: userId,
            role: inv.role,
            center_id: inv.center_id,
            partner_id: inv.partner_id,
            created_by: inv.invited_by,
          })
          .execute();
      }
      await trx
        .updateTable('invitation')
        .set({ accepted_user_id: userId })
        .where('id', '=', inv.id)
        .execute();
      const memberships = await repo.findActiveMemberships(trx, userId);
      const mfaRequired = await repo.getNetworkSetting<boolean>(trx, 'mfa.required', true);
      const current = user ?? (await repo.findUserById(trx, userId));
      const mfaState = initialMfaState(
        current?.mfa_enabled_at != null,
        mfaRequiredFor(
          memberships.map((m) => m.role),
          mfaRequired,
        ),
      );
      await trx.updateTable('app_user').set({ last_login_at: new Date() }).where('id', '=', userId).execute();
      const issued = await this.auth.issueSession(trx, ctx, userId, mfaState);
      await recordAudit(trx, ctx, {
        action: 'invitation.accept',
        actorUserId: userId,
        targetType: 'invitation',
        targetId: inv.id,
        centerId: inv.center_id,
        details: { role: inv.role, newAccount: !user },
      });
      return issued;
    });
  }
}
