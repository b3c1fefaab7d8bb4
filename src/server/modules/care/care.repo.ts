/**
 * Queries of the care module. Every function takes the caller's transaction, so row-level
 * security decides what is visible: a clinician sees the episodes they treat, a director their
 * center's, a network administrator all. The episode list is plain SQL, kept readable for review.
 */
import { sql, type Transaction } from 'kysely';
import { uuidArray } from '../../platform/sql.js';
import type { DB, DischargeReason, Gender, RaceEthnicity } from '../../db/schema.js';

export interface EpisodeRow {
  id: string;
  center_id: string;
  center_name: string;
  clinician_id: string;
  clinician_name: string;
  case_code: string;
  age_years: number;
  gender: Gender | null;
  race_ethnicity: RaceEthnicity[] | null;
  caregiver_involved: boolean;
  model_id: string;
  model_code: string;
  pathway_enrollment_id: string | null;
  referred_on: string | null;
  started_on: string | null;
  ended_on: string | null;
  discharge_reason: DischargeReason | null;
  session_count: number;
  last_session_on: string | null;
  administration_count: number;
  open_alerts: number;
  not_on_track: boolean;
  due_phase: 'baseline' | 'mid_treatment' | 'end' | null;
  due_overdue: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface EpisodeFilter {
  id?: string;
  /** Several episodes by id (an export). */
  ids?: readonly string[];
  centerId?: string;
  clinicianId?: string;
  status?: 'waiting' | 'active' | 'closed';
  attention?: boolean;
  q?: string;
  limit?: number;
  offset?: number;
}

/**
 * What is due, in one place: a baseline measure once treatment has started (overdue after two
 * weeks); a mid-treatment measure after 6 sessions or 8 weeks (overdue after 10 sessions or 13
 * weeks); an end measure for a completed episode that has none.
 */
const DUE = sql`
  case
    when e.started_on is null then null
    when e.ended_on is null and not e.has_baseline then 'baseline'
    when e.ended_on is null and not e.has_mid and (e.session_count >= 6 or current_date - e.started_on >= 56) then 'mid_treatment'
    when e.discharge_reason = 'completed' and not e.has_end then 'end'
  end`;
const OVERDUE = sql`
  case
    when e.started_on is null then false
    when e.ended_on is null and not e.has_baseline then current_date - e.started_on > 14
    when e.ended_on is null and not e.has_mid then e.session_count >= 10 or current_date - e.started_on >= 91
    else e.discharge_reason = 'completed' and not e.has_end
  end`;

export async function findEpisodes(
  trx: Transaction<DB>,
  f: EpisodeFilter,
): Promise<{ rows: EpisodeRow[]; total: number }> {
  const where = [sql`true`];
  if (f.id) where.push(sql`ep.id = ${f.id}`);
  if (f.ids) where.push(sql`ep.id = any(${uuidArray(f.ids)}::uuid[])`);
  if (f.centerId) where.push(sql`ep.center_id = ${f.centerId}`);
  if (f.clinicianId) where.push(sql`ep.clinician_id = ${f.clinicianId}`);
  if (f.status === 'waiting') where.push(sql`ep.started_on is null`);
  if (f.status === 'active') where.push(sql`ep.started_on is not null and ep.ended_on is null`);
  if (f.status === 'closed') where.push(sql`ep.ended_on is not null`);
  if (f.q) where.push(sql`ep.case_code ilike ${`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  const outer = f.attention ? sql`where e.open_alerts > 0 or (${DUE}) is not null` : sql``;
  const result = await sql<EpisodeRow & { full_count: number }>`
    with e as (
      select ep.id, ep.center_id, c.name as center_name, ep.clinician_id, u.display_name as clinician_name,
        ep.case_code, ep.age_years, ep.gender, ep.race_ethnicity, ep.caregiver_involved, ep.model_id,
        m.code as model_code, ep.pathway_enrollment_id, ep.referred_on, ep.started_on, ep.ended_on,
        ep.discharge_reason, ep.created_at, ep.updated_at,
        coalesce(s.n, 0)::int as session_count, s.last_on as last_session_on,
        coalesce(a.n, 0)::int as administration_count,
        coalesce(a.baseline, false) as has_baseline, coalesce(a.mid, false) as has_mid,
        coalesce(a.ended, false) as has_end,
        coalesce(al.open, 0)::int as open_alerts, coalesce(al.not_on_track, false) as not_on_track
      from episode ep
      join center c on c.id = ep.center_id
      join app_user u on u.id = ep.clinician_id
      join training_model m on m.id = ep.model_id
      left join lateral (select count(*) as n, max(held_on) as last_on from episode_session
        where episode_id = ep.id) s on true
      left join lateral (select count(*) as n, bool_or(phase = 'baseline') as baseline,
        bool_or(phase = 'mid_treatment') as mid, bool_or(phase = 'end') as ended
        from measure_administration where episode_id = ep.id) a on true
      left join lateral (select count(*) as open, bool_or(kind = 'not_on_track') as not_on_track
        from care_alert where episode_id = ep.id and acknowledged_at is null) al on true
      where ${sql.join(where, sql` and `)}
    )
    select e.*, ${DUE} as due_phase, coalesce(${OVERDUE}, false) as due_overdue, count(*) over ()::int as full_count
    from e ${outer}
    order by (e.open_alerts > 0) desc, e.ended_on is not null, e.started_on desc nulls first, e.case_code
    limit ${f.limit ?? 1000} offset ${f.offset ?? 0}`.execute(trx);
  return { rows: result.rows, total: result.rows[0]?.full_count ?? 0 };
}

export async function findEpisode(trx: Transaction<DB>, id: string): Promise<EpisodeRow | undefined> {
  return (await findEpisodes(trx, { id, limit: 1 })).rows[0];
}

/** The active clinician membership of a user at a center, if any. */
export async function isActiveClinician(
  trx: Transaction<DB>,
  userId: string,
  centerId: string,
): Promise<boolean> {
  const row = await trx
    .selectFrom('membership as m')
    .innerJoin('app_user as u', 'u.id', 'm.user_id')
    .select('m.id')
    .where('m.user_id', '=', userId)
    .where('m.center_id', '=', centerId)
    .where('m.role', '=', 'clinician')
    .where('m.ended_at', 'is', null)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
  return row !== undefined;
}
