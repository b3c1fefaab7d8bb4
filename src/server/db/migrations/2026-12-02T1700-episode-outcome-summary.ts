/**
 * Per-episode outcome figures kept on the episode row, so that the outcome summaries of a whole
 * network year read one index instead of looking up each episode's sessions and measures.
 *
 * - episode.session_count: the sessions recorded for the episode.
 * - episode.outcome_changes: per instrument code, the change from baseline to end (end total minus
 *   baseline total) of one respondent: the earliest baseline and the latest end of the youth if the
 *   youth gave both, else of the caregiver, else of the clinician. An instrument without such a
 *   pair has no key. Reliable change is not stored: it depends on each instrument's SD and
 *   reliability, which a network can configure, so the summary divides at read time.
 *
 * Statement-level triggers with transition tables keep both columns right for every write, whatever
 * path it takes (API, family form, CSV import, seed): one set-based refresh per statement of the
 * episodes the statement touched, so a bulk import pays once per chunk and not once per row. The
 * triggers run as the writer, under row-level security: whoever may write a session or a measure of
 * an episode may also read that episode's sessions and measures and update the episode.
 *
 * Measured on the national-scale data (docs/sql/care-outcomes.sql).
 * Frozen in time: this file imports nothing from src/ and must never change once released.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      String.raw`
-- The backfill below reads and updates every center's rows: system purpose for row-level security.
select set_config('waymark.purpose', 'system', true);
set local maintenance_work_mem = '256MB';

alter table episode
  add column session_count integer not null default 0 check (session_count >= 0),
  add column outcome_changes jsonb not null default '{}'::jsonb
    check (jsonb_typeof(outcome_changes) = 'object');

comment on column episode.session_count is
  'Sessions recorded for the episode. Kept by the triggers on episode_session.';
comment on column episode.outcome_changes is
  'Per instrument code, end total minus baseline total of one respondent (youth, else caregiver, else clinician). Kept by the triggers on measure_administration.';

-- One episode's changes, from its baseline and end administrations.
create function waymark_episode_outcome_changes(episode uuid) returns jsonb
language sql stable as $$
  select coalesce(jsonb_object_agg(s.instrument, s.change), '{}'::jsonb)
  from (
    select p.instrument,
      coalesce(p.post_youth - p.pre_youth, p.post_caregiver - p.pre_caregiver,
               p.post_clinician - p.pre_clinician) as change
    from (
      select a.instrument,
        (array_agg(a.total_score order by a.administered_on)
          filter (where a.phase = 'baseline' and a.respondent = 'youth'))[1] as pre_youth,
        (array_agg(a.total_score order by a.administered_on desc)
          filter (where a.phase = 'end' and a.respondent = 'youth'))[1] as post_youth,
        (array_agg(a.total_score order by a.administered_on)
          filter (where a.phase = 'baseline' and a.respondent = 'caregiver'))[1] as pre_caregiver,
        (array_agg(a.total_score order by a.administered_on desc)
          filter (where a.phase = 'end' and a.respondent = 'caregiver'))[1] as post_caregiver,
        (array_agg(a.total_score order by a.administered_on)
          filter (where a.phase = 'baseline' and a.respondent = 'clinician'))[1] as pre_clinician,
        (array_agg(a.total_score order by a.administered_on desc)
          filter (where a.phase = 'end' and a.respondent = 'clinician'))[1] as post_clinician
      from measure_administration a
      where a.episode_id = episode and a.phase in ('baseline', 'end')
      group by a.instrument
    ) p
  ) s
  where s.change is not null $$;

create function waymark_refresh_episode_outcomes(episodes uuid[]) returns void
language sql volatile as $$
  update episode e set outcome_changes = c.changes
  from (select u.id, waymark_episode_outcome_changes(u.id) as changes from unnest(episodes) as u (id)) c
  where e.id = c.id and e.outcome_changes is distinct from c.changes $$;

create function waymark_refresh_episode_sessions(episodes uuid[]) returns void
language sql volatile as $$
  update episode e set session_count = c.n
  from (select u.id, (select count(*)::int from episode_session s where s.episode_id = u.id) as n
        from unnest(episodes) as u (id)) c
  where e.id = c.id and e.session_count <> c.n $$;

-- Trigger bodies: the transition tables are new_rows (insert, update) and old_rows (update, delete).
create function waymark_episode_sessions_changed() returns trigger
language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform waymark_refresh_episode_sessions(array(select distinct episode_id from new_rows));
  elsif tg_op = 'UPDATE' then
    perform waymark_refresh_episode_sessions(array(
      select episode_id from new_rows union select episode_id from old_rows));
  else
    perform waymark_refresh_episode_sessions(array(select distinct episode_id from old_rows));
  end if;
  return null;
end $$;

-- Only baseline and end administrations make a pair; other time points change nothing here.
create function waymark_episode_measures_changed() returns trigger
language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform waymark_refresh_episode_outcomes(array(
      select distinct episode_id from new_rows where phase in ('baseline', 'end')));
  elsif tg_op = 'UPDATE' then
    perform waymark_refresh_episode_outcomes(array(
      select episode_id from new_rows where phase in ('baseline', 'end')
      union select episode_id from old_rows where phase in ('baseline', 'end')));
  else
    perform waymark_refresh_episode_outcomes(array(
      select distinct episode_id from old_rows where phase in ('baseline', 'end')));
  end if;
  return null;
end $$;

create trigger episode_session_counts_insert after insert on episode_session
  referencing new table as new_rows for each statement execute function waymark_episode_sessions_changed();
create trigger episode_session_counts_update after update on episode_session
  referencing old table as old_rows new table as new_rows
  for each statement execute function waymark_episode_sessions_changed();
create trigger episode_session_counts_delete after delete on episode_session
  referencing old table as old_rows for each statement execute function waymark_episode_sessions_changed();

create trigger measure_administration_outcomes_insert after insert on measure_administration
  referencing new table as new_rows for each statement execute function waymark_episode_measures_changed();
create trigger measure_administration_outcomes_update after update on measure_administration
  referencing old table as old_rows new table as new_rows
  for each statement execute function waymark_episode_measures_changed();
create trigger measure_administration_outcomes_delete after delete on measure_administration
  referencing old table as old_rows for each statement execute function waymark_episode_measures_changed();

-- Backfill what is already recorded.
update episode e set session_count = s.n
from (select episode_id, count(*)::int as n from episode_session group by episode_id) s
where s.episode_id = e.id;
update episode e set outcome_changes = waymark_episode_outcome_changes(e.id)
where exists (select 1 from measure_administration a where a.episode_id = e.id and a.phase in ('baseline', 'end'));

-- The cohort index now carries the two figures, so a network year is one index-only range scan.
-- The per-episode look-up indexes of 2026-12-02T0910 are no longer read by the summary.
drop index if exists episode_cohort_idx, episode_session_episode_center_idx, measure_administration_pre_post_idx;
create index episode_cohort_idx on episode (started_on)
  include (center_id, clinician_id, referred_on, ended_on, discharge_reason, session_count, outcome_changes)
  where started_on is not null;
`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      String.raw`
drop index if exists episode_cohort_idx;
drop trigger if exists episode_session_counts_insert on episode_session;
drop trigger if exists episode_session_counts_update on episode_session;
drop trigger if exists episode_session_counts_delete on episode_session;
drop trigger if exists measure_administration_outcomes_insert on measure_administration;
drop trigger if exists measure_administration_outcomes_update on measure_administration;
drop trigger if exists measure_administration_outcomes_delete on measure_administration;
drop function if exists waymark_episode_measures_changed(), waymark_episode_sessions_changed(),
  waymark_refresh_episode_sessions(uuid[]), waymark_refresh_episode_outcomes(uuid[]),
  waymark_episode_outcome_changes(uuid);
alter table episode drop column if exists session_count, drop column if exists outcome_changes;
set local maintenance_work_mem = '256MB';
create index episode_cohort_idx on episode (started_on)
  include (id, center_id, clinician_id, referred_on, ended_on, discharge_reason)
  where started_on is not null;
create index episode_session_episode_center_idx on episode_session (episode_id, center_id);
create index measure_administration_pre_post_idx on measure_administration (episode_id)
  include (instrument, respondent, phase, administered_on, total_score, center_id)
  where phase in ('baseline', 'end');
`,
    )
    .execute(db);
}
