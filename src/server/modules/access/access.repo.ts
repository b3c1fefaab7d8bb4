/**
 * Access data: demand per center and month (derived from episodes, or as reported), the people
 * who give treatment with their capacity and training, and the capacity parameters. Every function
 * runs in the caller's transaction under row-level security, so a director's calls see their own
 * center only; the service widens the scope (system) for the state and national comparisons, which
 * leave the service only as suppressed aggregates.
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { CapacityOverrides } from './capacity.js';

type Trx = Transaction<DB>;

export interface DerivedMonthRow {
  center_id: string;
  month: string;
  referred: number;
  started: number;
  /** Children referred and not yet in treatment at the month's end (all referrals to date). */
  waiting_end: number;
}

const centerFilter = (centerIds: readonly string[] | null) =>
  centerIds ? sql`and center_id = any (${[...centerIds]}::uuid[])` : sql``;

/**
 * Monthly flows from episodes up to `toMonth` (inclusive), from `fromMonth`: referrals by referral
 * month, first sessions by their month, and the children waiting at each month's end, which is
 * every referral to date less every referred child who started to date (so it sums the flows since
 * the first referral, not only the window). The flows are kept per center and month by triggers
 * on the episode (migration 2026-12-02T1900). A month without any flow has no row: the caller
 * carries the waiting figure forward.
 */
export async function derivedMonths(
  trx: Trx,
  range: { fromMonth: string; toMonth: string },
  centerIds: readonly string[] | null,
): Promise<DerivedMonthRow[]> {
  const { rows } = await sql<DerivedMonthRow>`
    with w as (
      select f.center_id, f.month, f.referred, f.started,
        sum(f.referred - f.started_referred) over (partition by f.center_id order by f.month)::int as waiting_end
      from center_month_flow f
      where f.month <= ${range.toMonth}::date ${centerFilter(centerIds)}
    )
    select center_id::text as center_id, to_char(month, 'YYYY-MM-DD') as month, referred, started,
      greatest(waiting_end, 0) as waiting_end
    from w
    where month >= ${range.fromMonth}::date and (referred <> 0 or started <> 0 or waiting_end <> 0)
    order by center_id, month`.execute(trx);
  return rows;
}

export interface DerivedWaitRow {
  center_id: string;
  started: number;
  median_wait: number | null;
}

/** Per center, the median days from referral to first session of the children started in [from, to]. */
export async function derivedWaits(
  trx: Trx,
  range: { from: string; to: string },
  centerIds: readonly string[] | null,
): Promise<DerivedWaitRow[]> {
  const { rows } = await sql<DerivedWaitRow>`
    select center_id::text as center_id, count(*)::int as started,
      percentile_cont(0.5) within group (order by started_on - referred_on)::float8 as median_wait
    from episode
    where started_on between ${range.from}::date and ${range.to}::date and referred_on is not null
      ${centerFilter(centerIds)}
    group by center_id`.execute(trx);
  return rows;
}

export interface ReportedMonthRow {
  center_id: string;
  month: string;
  referred: number;
  started: number;
  waiting_end: number;
  referred_out: number | null;
  never_served: number | null;
  median_wait_days: number | null;
  source: 'form' | 'import';
  updated_at: Date;
}

export async function reportedMonths(
  trx: Trx,
  range: { fromMonth: string; toMonth: string },
  centerIds: readonly string[] | null,
): Promise<ReportedMonthRow[]> {
  const { rows } = await sql<ReportedMonthRow>`
    select center_id::text as center_id, to_char(month, 'YYYY-MM-DD') as month, referred, started, waiting_end,
      referred_out, never_served, median_wait_days::float8 as median_wait_days, source, updated_at
    from access_month
    where month between ${range.fromMonth}::date and ${range.toMonth}::date ${centerFilter(centerIds)}
    order by center_id, month`.execute(trx);
  return rows;
}

export interface AccessCenterRow {
  id: string;
  name: string;
  state: string;
  chapter_id: string | null;
  chapter_name: string | null;
  parameters: CapacityOverrides | null;
}

/** Active centers in scope with their chapter and their own capacity parameters. */
export async function accessCenters(
  trx: Trx,
  centerIds: readonly string[] | null,
): Promise<AccessCenterRow[]> {
  const { rows } = await sql<AccessCenterRow>`
    select c.id::text as id, c.name, c.state, c.chapter_id::text as chapter_id, ch.name as chapter_name,
      p.parameters
    from center c
    left join chapter ch on ch.id = c.chapter_id
    left join center_access_parameters p on p.center_id = c.id
    where c.active ${centerIds ? sql`and c.id = any (${[...centerIds]}::uuid[])` : sql``}
    order by c.name, c.id`.execute(trx);
  return rows;
}

export interface TreatingPersonRow {
  user_id: string;
  center_id: string;
  display_name: string;
  role: string;
  /** null: not recorded; the parameters' default applies. */
  treatment_fte: number | null;
  typical_caseload: number | null;
  /** When they start and stop counting: the capacity row's dates; null start = counted from the
   * first month shown; null end = still there (or the membership's end, when it ended). */
  from_date: string | null;
  to_date: string | null;
  certified_models: string[];
  trained_models: string[];
}

/**
 * The people who give treatment at each center: every clinician member, and anyone else with a
 * capacity row (a director who also treats). Trained in a model: attended a live training or
 * learning session of a cohort in that model, or completed such a cohort. Certified: holds a
 * credential of a pathway in that model that is neither revoked nor expired on `asOf`.
 */
export async function treatingPeople(
  trx: Trx,
  centerIds: readonly string[] | null,
  asOf: string,
): Promise<TreatingPersonRow[]> {
  const scope = (column: string) =>
    centerIds ? sql`and ${sql.ref(column)} = any (${[...centerIds]}::uuid[])` : sql``;
  const { rows } = await sql<TreatingPersonRow>`
    with people as (
      -- One row per person and center: their clinician membership (the current one first), else
      -- their capacity row. Deduplicated by sorting rather than NOT EXISTS: under row-level
      -- security the planner expects one row and turned an anti-join into 50 million comparisons.
      select distinct on (x.user_id, x.center_id) x.user_id, x.center_id, x.role, x.member_to
      from (
        select m.user_id, m.center_id, m.role::text as role, m.ended_at::date as member_to, 0 as pref
        from membership m
        where m.role = 'clinician' and m.center_id is not null ${scope('m.center_id')}
        union all
        select cc.user_id, cc.center_id, 'capacity', null, 1
        from clinician_capacity cc
        where true ${scope('cc.center_id')}
      ) x
      order by x.user_id, x.center_id, x.pref, x.member_to desc nulls first
    ),
    certified as (
      select c.user_id, array_agg(distinct tm.code order by tm.code) as models
      from credential c join pathway p on p.id = c.pathway_id join training_model tm on tm.id = p.model_id
      where c.revoked_at is null and (c.expires_on is null or c.expires_on >= ${asOf}::date)
      group by c.user_id
    ),
    trained as (
      select t.user_id, array_agg(distinct t.code order by t.code) as models
      from (
        select a.user_id, tm.code
        from attendance a
        join cohort_event ev on ev.id = a.event_id and ev.kind in ('live_session', 'learning_session')
        join cohort co on co.id = ev.cohort_id
        left join course cr on cr.id = co.course_id
        join training_model tm on tm.id = coalesce(co.model_id, cr.model_id)
        where a.status = 'present'
        union
        select en.user_id, tm.code
        from enrollment en
        join cohort co on co.id = en.cohort_id
        left join course cr on cr.id = co.course_id
        join training_model tm on tm.id = coalesce(co.model_id, cr.model_id)
        where en.completed_at is not null
      ) t
      group by t.user_id
    )
    select p.user_id::text as user_id, p.center_id::text as center_id, u.display_name, p.role,
      cc.treatment_fte::float8 as treatment_fte, cc.typical_caseload,
      to_char(cc.started_on, 'YYYY-MM-DD') as from_date,
      to_char(coalesce(cc.left_on, p.member_to), 'YYYY-MM-DD') as to_date,
      coalesce(cert.models, '{}') as certified_models,
      coalesce(tr.models, '{}') as trained_models
    from people p
    join app_user u on u.id = p.user_id
    left join clinician_capacity cc on cc.user_id = p.user_id and cc.center_id = p.center_id
    left join certified cert on cert.user_id = p.user_id
    left join trained tr on tr.user_id = p.user_id
    order by p.center_id, u.display_name, p.user_id`.execute(trx);
  return rows;
}
