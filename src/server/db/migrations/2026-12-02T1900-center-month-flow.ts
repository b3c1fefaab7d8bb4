/**
 * Monthly flows per center, kept by triggers on the episode: children referred in the month, first
 * sessions in the month, and of those the ones with a referral date (the running difference is the
 * children waiting). The access gap read them from 1.2 million episodes on every request (9 s at
 * national scale); now it reads a few tens of thousands of rows.
 *
 * The triggers apply differences, not recounts: a writer under row-level security sees only the
 * episodes it may see (a clinician, their own), so a recount would be wrong, while the difference a
 * statement makes is in its own transition tables. Statement-level, once per statement, as the
 * outcome figures are (decision 0011); an update that changes no date or center writes nothing.
 * Frozen in time: this file imports nothing from src/ and must never change once released.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      String.raw`
select set_config('waymark.purpose', 'system', true);

create table center_month_flow (
  center_id uuid not null references center (id),
  month date not null check (month = date_trunc('month', month)::date),
  referred integer not null default 0,
  started integer not null default 0,
  started_referred integer not null default 0,
  primary key (center_id, month)
);
comment on table center_month_flow is
  'Per center and month: episodes referred, first sessions, and first sessions of referred episodes. Kept by the triggers on episode.';

grant select, insert, update on center_month_flow to waymark_app;
alter table center_month_flow enable row level security;
alter table center_month_flow force row level security;
create policy center_month_flow_read on center_month_flow for select using (
  waymark_all_centers() or waymark_is_system() or center_id = any (waymark_center_ids())
  or center_id = any (waymark_manage_center_ids()));
create policy center_month_flow_insert on center_month_flow for insert with check (
  waymark_all_centers() or waymark_is_system() or center_id = any (waymark_center_ids())
  or center_id = any (waymark_manage_center_ids()));
create policy center_month_flow_update on center_month_flow for update using (
  waymark_all_centers() or waymark_is_system() or center_id = any (waymark_center_ids())
  or center_id = any (waymark_manage_center_ids()));

-- Each row of a transition table adds +1 (new) or -1 (old) to the flows of its referral month and
-- its first-session month. One function per event: a function may name only the transition tables
-- its trigger has.
create function waymark_episode_flows_insert() returns trigger language plpgsql as $$
begin
  insert into center_month_flow as f (center_id, month, referred, started, started_referred)
  select d.center_id, d.month, sum(d.r), sum(d.s), sum(d.sr)
  from (
    select n.center_id, date_trunc('month', n.referred_on)::date as month, 1 as r, 0 as s, 0 as sr
    from new_rows n where n.referred_on is not null
    union all
    select n.center_id, date_trunc('month', n.started_on)::date, 0, 1, (n.referred_on is not null)::int
    from new_rows n where n.started_on is not null
  ) d
  group by d.center_id, d.month
  on conflict (center_id, month) do update set
    referred = f.referred + excluded.referred,
    started = f.started + excluded.started,
    started_referred = f.started_referred + excluded.started_referred;
  return null;
end $$;

create function waymark_episode_flows_delete() returns trigger language plpgsql as $$
begin
  insert into center_month_flow as f (center_id, month, referred, started, started_referred)
  select d.center_id, d.month, sum(d.r), sum(d.s), sum(d.sr)
  from (
    select o.center_id, date_trunc('month', o.referred_on)::date as month, -1 as r, 0 as s, 0 as sr
    from old_rows o where o.referred_on is not null
    union all
    select o.center_id, date_trunc('month', o.started_on)::date, 0, -1, -(o.referred_on is not null)::int
    from old_rows o where o.started_on is not null
  ) d
  group by d.center_id, d.month
  on conflict (center_id, month) do update set
    referred = f.referred + excluded.referred,
    started = f.started + excluded.started,
    started_referred = f.started_referred + excluded.started_referred;
  return null;
end $$;

-- An update counts only where a date or the center changed: the episode's own figures (session
-- count, outcome changes) are updated far more often than its dates.
create function waymark_episode_flows_update() returns trigger language plpgsql as $$
begin
  insert into center_month_flow as f (center_id, month, referred, started, started_referred)
  select d.center_id, d.month, sum(d.r), sum(d.s), sum(d.sr)
  from (
    with changed as (
      select n.center_id, n.referred_on, n.started_on, 1 as sign
      from new_rows n join old_rows o on o.id = n.id
      where (n.center_id, n.referred_on, n.started_on) is distinct from (o.center_id, o.referred_on, o.started_on)
      union all
      select o.center_id, o.referred_on, o.started_on, -1
      from new_rows n join old_rows o on o.id = n.id
      where (n.center_id, n.referred_on, n.started_on) is distinct from (o.center_id, o.referred_on, o.started_on)
    )
    select x.center_id, date_trunc('month', x.referred_on)::date as month, x.sign as r, 0 as s, 0 as sr
    from changed x where x.referred_on is not null
    union all
    select x.center_id, date_trunc('month', x.started_on)::date, 0, x.sign, x.sign * (x.referred_on is not null)::int
    from changed x where x.started_on is not null
  ) d
  group by d.center_id, d.month
  having sum(d.r) <> 0 or sum(d.s) <> 0 or sum(d.sr) <> 0
  on conflict (center_id, month) do update set
    referred = f.referred + excluded.referred,
    started = f.started + excluded.started,
    started_referred = f.started_referred + excluded.started_referred;
  return null;
end $$;

create trigger episode_flows_insert after insert on episode
  referencing new table as new_rows for each statement execute function waymark_episode_flows_insert();
create trigger episode_flows_update after update on episode
  referencing old table as old_rows new table as new_rows
  for each statement execute function waymark_episode_flows_update();
create trigger episode_flows_delete after delete on episode
  referencing old table as old_rows for each statement execute function waymark_episode_flows_delete();

-- Backfill from the episodes recorded so far.
insert into center_month_flow (center_id, month, referred, started, started_referred)
select d.center_id, d.month, sum(d.r), sum(d.s), sum(d.sr)
from (
  select center_id, date_trunc('month', referred_on)::date as month, 1 as r, 0 as s, 0 as sr
  from episode where referred_on is not null
  union all
  select center_id, date_trunc('month', started_on)::date, 0, 1, (referred_on is not null)::int
  from episode where started_on is not null
) d
group by d.center_id, d.month;
`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      String.raw`
drop trigger if exists episode_flows_insert on episode;
drop trigger if exists episode_flows_update on episode;
drop trigger if exists episode_flows_delete on episode;
drop function if exists waymark_episode_flows_insert(), waymark_episode_flows_update(), waymark_episode_flows_delete();
drop table if exists center_month_flow;
`,
    )
    .execute(db);
}
