/**
 * SQL of the network module. Functions take the transaction first.
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { escapeLike } from '../../platform/sql.js';
import type { TCenterListQuery } from './network.schemas.js';

type Trx = Transaction<DB>;

export function centerQuery(trx: Trx) {
  return trx
    .selectFrom('center as c')
    .leftJoin('chapter as ch', 'ch.id', 'c.chapter_id')
    .selectAll('c')
    .select('ch.name as chapter_name');
}

export async function findCenters(trx: Trx, query: TCenterListQuery) {
  let q = trx.selectFrom('center as c').leftJoin('chapter as ch', 'ch.id', 'c.chapter_id');
  if (query.q) {
    const like = `%${escapeLike(query.q.toLowerCase())}%`;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['c.name']), 'like', like),
        eb(eb.fn('lower', ['c.county']), 'like', like),
        eb('c.zip3', '=', query.q!),
      ]),
    );
  }
  if (query.state) q = q.where('c.state', '=', query.state);
  if (query.memberType) q = q.where('c.member_type', '=', query.memberType);
  if (query.chapterId) q = q.where('c.chapter_id', '=', query.chapterId);
  if (query.status !== 'all') q = q.where('c.active', '=', query.status === 'active');
  switch (query.accreditation) {
    case 'expiring':
      q = q.where(
        sql<boolean>`c.accreditation_expires_on between current_date and current_date + interval '12 months'`,
      );
      break;
    case 'expired':
      q = q.where('c.accreditation_expires_on', '<', sql<string>`current_date`);
      break;
    case 'current':
      q = q.where('c.accreditation_expires_on', '>=', sql<string>`current_date`);
      break;
    case 'none':
      q = q.where('c.accreditation_expires_on', 'is', null);
      break;
    default:
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const sortColumn = {
    name: 'c.name',
    state: 'c.state',
    accreditationExpiresOn: 'c.accreditation_expires_on',
    updatedAt: 'c.updated_at',
  } as const;
  const rows = await q
    .selectAll('c')
    .select('ch.name as chapter_name')
    .orderBy(sortColumn[query.sort], (ob) =>
      query.order === 'asc' ? ob.asc().nullsLast() : ob.desc().nullsLast(),
    )
    .orderBy('c.name')
    .orderBy('c.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { rows, total: Number(total.n) };
}

export function findCenterById(trx: Trx, id: string) {
  return centerQuery(trx).where('c.id', '=', id).executeTakeFirst();
}

export async function countActiveStaff(trx: Trx, centerId: string): Promise<number> {
  const row = await trx
    .selectFrom('membership')
    .select(sql<number>`count(distinct user_id)::int`.as('n'))
    .where('center_id', '=', centerId)
    .where('ended_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findChapters(trx: Trx) {
  return trx
    .selectFrom('chapter as ch')
    .select([
      'ch.id',
      'ch.name',
      'ch.state',
      (eb) =>
        eb
          .selectFrom('center as c')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('c.chapter_id', '=', 'ch.id')
          .where('c.active', '=', true)
          .as('center_count'),
    ])
    .orderBy('ch.state')
    .orderBy('ch.name')
    .execute();
}

export async function summarizeCenters(trx: Trx) {
  const totals = await sql<{
    total: number;
    active: number;
    states: number;
    expiring: number;
    expired: number;
    chapters: number;
  }>`
    select count(*)::int as total,
           count(*) filter (where active)::int as active,
           count(distinct state) filter (where active)::int as states,
           count(*) filter (where active and accreditation_expires_on between current_date and current_date + interval '12 months')::int as expiring,
           count(*) filter (where active and accreditation_expires_on < current_date)::int as expired,
           (select count(*)::int from chapter) as chapters
    from center`.execute(trx);
  const byMemberType = await sql<{ member_type: string; count: number }>`
    select member_type, count(*)::int as count from center where active group by member_type order by member_type`.execute(
    trx,
  );
  const byState = await sql<{ state: string; count: number }>`
    select state, count(*)::int as count from center where active group by state order by count desc, state`.execute(
    trx,
  );
  return { totals: totals.rows[0]!, byMemberType: byMemberType.rows, byState: byState.rows };
}
