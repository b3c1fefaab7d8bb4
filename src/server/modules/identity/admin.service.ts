/**
 * Network settings, the audit log browser and the outbox: the administrator's view of the system.
 */
import type { Config } from '../../config.js';
import { recordAudit, verifyAuditChain, type AuditVerification } from '../../platform/audit.js';
import { requireActor, tx, type Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import * as repo from './identity.repo.js';
import { toAuditEvent, toOutboxMessage } from './identity.mapper.js';
import type { TAuditEvent, TOutboxMessage } from './identity.schemas.js';

export interface NetworkSettings {
  mfaRequired: boolean;
  demo: boolean;
  smtpConfigured: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
}

export interface AuditQuery {
  actorUserId?: string | undefined;
  action?: string | undefined;
  outcome?: 'success' | 'failure' | undefined;
  centerId?: string | undefined;
  targetId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  before?: number | undefined;
  limit: number;
}

export class AdminService {
  constructor(private readonly config: Config) {}

  async getSettings(ctx: Ctx): Promise<NetworkSettings> {
    return tx(ctx, async (trx) => ({
      mfaRequired: await repo.getNetworkSetting<boolean>(trx, 'mfa.required', true),
      demo: await repo.getNetworkSetting<boolean>(trx, 'demo', false),
      smtpConfigured: Boolean(this.config.mail.smtpUrl),
      sessionIdleMinutes: this.config.session.idleMinutes,
      sessionMaxHours: this.config.session.maxHours,
    }));
  }

  async updateSettings(ctx: Ctx, input: { mfaRequired: boolean }): Promise<NetworkSettings> {
    const actor = requireActor(ctx);
    await tx(ctx, async (trx) => {
      const before = await repo.getNetworkSetting<boolean>(trx, 'mfa.required', true);
      if (before !== input.mfaRequired) {
        await repo.setNetworkSetting(trx, 'mfa.required', input.mfaRequired, actor.userId);
        // Sessions already open follow the new policy from their next request (see resolveSession).
        await recordAudit(trx, ctx, {
          action: 'settings.update',
          targetType: 'network_setting',
          targetId: 'mfa.required',
          details: { from: before, to: input.mfaRequired },
        });
      }
    });
    return this.getSettings(ctx);
  }

  async findAuditEvents(
    ctx: Ctx,
    query: AuditQuery,
  ): Promise<{ items: TAuditEvent[]; nextBefore: number | null }> {
    return tx(ctx, async (trx) => {
      let q = trx
        .selectFrom('audit_event as e')
        .leftJoin('app_user as u', 'u.id', 'e.actor_user_id')
        .leftJoin('center as c', 'c.id', 'e.center_id')
        .selectAll('e')
        .select(['u.display_name as actor_name', 'c.name as center_name']);
      if (query.actorUserId) q = q.where('e.actor_user_id', '=', query.actorUserId);
      if (query.action) {
        q = query.action.endsWith('.')
          ? q.where('e.action', 'like', `${query.action.replace(/[\\%_]/g, '\\$&')}%`)
          : q.where('e.action', '=', query.action);
      }
      if (query.outcome) q = q.where('e.outcome', '=', query.outcome);
      if (query.centerId) q = q.where('e.center_id', '=', query.centerId);
      if (query.targetId) q = q.where('e.target_id', '=', query.targetId);
      if (query.from) q = q.where('e.occurred_at', '>=', new Date(query.from));
      if (query.to) {
        // A bare date means the whole of that day.
        const to = /^\d{4}-\d{2}-\d{2}$/.test(query.to)
          ? new Date(Date.parse(query.to) + 86_400_000)
          : new Date(query.to);
        q = q.where('e.occurred_at', '<', to);
      }
      if (query.before) q = q.where('e.seq', '<', query.before);
      const rows = await q
        .orderBy('e.seq', 'desc')
        .limit(query.limit + 1)
        .execute();
      const page = rows.slice(0, query.limit);
      return {
        items: page.map(toAuditEvent),
        nextBefore: rows.length > query.limit ? Number(page[page.length - 1]!.seq) : null,
      };
    });
  }

  /** Verifies the whole chain from the UI, and records that it was done. */
  async verifyAudit(ctx: Ctx): Promise<AuditVerification> {
    const result = await verifyAuditChain((read) => tx(ctx, read));
    await tx(ctx, (trx) =>
      recordAudit(trx, ctx, {
        action: 'audit.verify',
        outcome: result.ok ? 'success' : 'failure',
        details: { checked: result.checked, broken: result.broken?.seq ?? null },
      }),
    );
    return result;
  }

  async findOutbox(
    ctx: Ctx,
    query: { status?: TOutboxMessage['status'] | undefined; page: number; pageSize: number },
  ): Promise<{ items: TOutboxMessage[]; total: number; page: number; pageSize: number }> {
    return tx(ctx, async (trx) => {
      let q = trx.selectFrom('outbox_message');
      if (query.status) q = q.where('status', '=', query.status);
      const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await q
        .selectAll()
        .orderBy('created_at', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      return {
        items: rows.map(toOutboxMessage),
        total: Number(total.n),
        page: query.page,
        pageSize: query.pageSize,
      };
    });
  }

  /** Puts a failed or held message back in the delivery queue (when SMTP is configured). */
  async retryMessage(ctx: Ctx, id: string): Promise<TOutboxMessage> {
    if (!this.config.mail.smtpUrl) {
      throw AppError.conflict('No mail server is configured (SMTP_URL), so messages cannot be sent.');
    }
    return tx(ctx, async (trx) => {
      const row = await trx.selectFrom('outbox_message').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw AppError.notFound('The message');
      if (!['failed', 'held'].includes(row.status))
        throw AppError.conflict(
          `This message is ${row.status}; only failed or held messages can be retried.`,
        );
      const updated = await trx
        .updateTable('outbox_message')
        .set({ status: 'pending', next_attempt_at: new Date(), attempts: 0, last_error: null })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, {
        action: 'outbox.retry',
        targetType: 'outbox_message',
        targetId: id,
        centerId: row.center_id,
      });
      return toOutboxMessage(updated);
    });
  }
}
