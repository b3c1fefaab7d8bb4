/**
 * Partner organisations. Network administrators see and create all of them; a partner
 * administrator sees their own (row-level security decides).
 */
import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit.js';
import { tx, type Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { TPartnerOrganization } from './partners.schemas.js';

export class PartnersService {
  async findPartners(ctx: Ctx): Promise<TPartnerOrganization[]> {
    return tx(ctx, async (trx) => {
      const rows = await trx
        .selectFrom('partner_organization as p')
        .select([
          'p.id',
          'p.name',
          'p.created_at',
          (eb) =>
            eb
              .selectFrom('membership as m')
              .select(sql<number>`count(distinct m.user_id)::int`.as('n'))
              .whereRef('m.partner_id', '=', 'p.id')
              .where('m.ended_at', 'is', null)
              .as('active_members'),
        ])
        .orderBy('p.name')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        activeMembers: Number(r.active_members ?? 0),
        createdAt: r.created_at.toISOString(),
      }));
    });
  }

  async createPartner(ctx: Ctx, name: string): Promise<TPartnerOrganization> {
    return tx(ctx, async (trx) => {
      const existing = await trx
        .selectFrom('partner_organization')
        .select('id')
        .where(sql<boolean>`lower(name) = lower(${name})`)
        .executeTakeFirst();
      if (existing) throw AppError.conflict(`A partner organisation named "${name}" already exists.`, 'name');
      const row = await trx
        .insertInto('partner_organization')
        .values({ name })
        .returning(['id', 'name', 'created_at'])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, {
        action: 'partner.create',
        targetType: 'partner_organization',
        targetId: row.id,
        details: { name },
      });
      return { id: row.id, name: row.name, activeMembers: 0, createdAt: row.created_at.toISOString() };
    });
  }
}
