/**
 * Care: the episode gains the fields of a de-identified treatment record (gender, OMB
 * race/ethnicity, first session date, the pathway enrolment it serves), and the module gains
 * sessions, item-level administrations, safety and "not on track" alerts, one-time family form
 * links and per-center enablement of licensed instruments.
 *
 * Still no child identifier anywhere: no name, birth date, address, contact, photo or free text.
 * Frozen in time: this file imports nothing from src/ and must never change once released.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      String.raw`
-- Episodes ----------------------------------------------------------------------------------------

alter table episode
  add column gender text check (gender in ('female', 'male', 'another', 'not_recorded')),
  add column race_ethnicity text[] check (race_ethnicity <@ array['american_indian_alaska_native', 'asian',
    'black_african_american', 'hispanic_latino', 'middle_eastern_north_african',
    'native_hawaiian_pacific_islander', 'white']::text[]),
  add column pathway_enrollment_id uuid references pathway_enrollment (id),
  add column created_by uuid references app_user (id);
alter table episode alter column started_on drop not null;
alter table episode add constraint episode_age_child check (age_years between 0 and 17);
alter table episode add constraint episode_referred_or_started check (referred_on is not null or started_on is not null);
alter table episode add constraint episode_referral_before_start check (referred_on is null or started_on is null or referred_on <= started_on);
alter table episode add constraint episode_end_needs_start check (ended_on is null or started_on is not null);
create index episode_center_started_idx on episode (center_id, started_on);
create index episode_center_referred_idx on episode (center_id, referred_on);
create index episode_pathway_enrollment_idx on episode (pathway_enrollment_id) where pathway_enrollment_id is not null;

-- Sessions: one row per episode and day (the import key is center + case code + date) -------------

create table episode_session (
  id uuid primary key default gen_random_uuid(),
  episode_id uuid not null references episode (id) on delete cascade,
  center_id uuid not null references center (id),
  held_on date not null,
  minutes integer not null check (minutes between 5 and 480),
  participants text[] not null check (cardinality(participants) between 1 and 3
    and participants <@ array['child', 'caregiver', 'conjoint']::text[]),
  components text[] not null default '{}' check (cardinality(components) <= 20),
  telehealth boolean not null default false,
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  unique (episode_id, held_on)
);
create index episode_session_center_idx on episode_session (center_id, held_on);

-- Administrations: the time points of the issue, item responses and the server's score ------------

alter table measure_administration drop constraint measure_administration_phase_check;
update measure_administration set phase = 'mid_treatment' where phase = 'interim';
alter table measure_administration add constraint measure_administration_phase_check
  check (phase in ('baseline', 'mid_treatment', 'end', 'follow_up'));
alter table measure_administration
  add column item_responses jsonb check (item_responses is null or jsonb_typeof(item_responses) = 'object'),
  add column subscales jsonb,
  add column band text check (band ~ '^[a-z][a-z0-9_]*$'),
  add column prorated boolean not null default false,
  add column source text not null default 'clinician' check (source in ('clinician', 'form', 'import')),
  add column language text check (language in ('en', 'es')),
  add column administered_by uuid references app_user (id);
create unique index measure_administration_natural_key
  on measure_administration (episode_id, instrument, respondent, administered_on);
create index measure_administration_center_idx on measure_administration (center_id, administered_on);

-- Alerts: self-harm answers and reliable worsening, until acknowledged ----------------------------

create table care_alert (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('self_harm', 'not_on_track')),
  center_id uuid not null references center (id),
  episode_id uuid not null references episode (id) on delete cascade,
  clinician_id uuid not null references app_user (id),
  administration_id uuid references measure_administration (id) on delete set null,
  instrument text not null,
  raised_at timestamptz not null default now(),
  acknowledged_at timestamptz,
  acknowledged_by uuid references app_user (id),
  action text check (action in ('safety_plan', 'contacted_caregiver', 'emergency_referral',
    'reviewed_in_session', 'reviewed_in_consultation', 'plan_adjusted', 'other')),
  check ((acknowledged_at is null) = (acknowledged_by is null))
);
create index care_alert_open_idx on care_alert (center_id) where acknowledged_at is null;
create index care_alert_clinician_idx on care_alert (clinician_id) where acknowledged_at is null;
create unique index care_alert_once on care_alert (administration_id, kind) where administration_id is not null;

-- One-time form links for youth and caregivers ----------------------------------------------------

create table form_link (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  episode_id uuid not null references episode (id) on delete cascade,
  center_id uuid not null references center (id),
  instrument text not null,
  respondent text not null check (respondent in ('youth', 'caregiver')),
  phase text not null check (phase in ('baseline', 'mid_treatment', 'end', 'follow_up')),
  language text not null check (language in ('en', 'es')),
  created_by uuid not null references app_user (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  revoked_at timestamptz,
  administration_id uuid references measure_administration (id) on delete set null
);
create index form_link_episode_idx on form_link (episode_id);

-- Licensed instruments a center has enabled -------------------------------------------------------

create table center_instrument (
  center_id uuid not null references center (id),
  instrument text not null check (instrument ~ '^[A-Z0-9][A-Z0-9-]{1,19}$'),
  enabled_by uuid not null references app_user (id),
  enabled_at timestamptz not null default now(),
  primary key (center_id, instrument)
);

-- Grants ------------------------------------------------------------------------------------------

grant select, insert, update, delete on episode_session to waymark_app;
grant select, insert, update on care_alert, form_link to waymark_app;
grant select, insert, delete on center_instrument to waymark_app;
grant update on measure_administration to waymark_app;

-- Row-level security ------------------------------------------------------------------------------

create function waymark_treats(episode uuid) returns boolean language sql stable as $$
  select exists (select 1 from episode e where e.id = episode
    and e.clinician_id = waymark_user_id() and e.center_id = any (waymark_center_ids())) $$;

alter table episode_session enable row level security;
alter table episode_session force row level security;
create policy episode_session_all on episode_session for all
  using (waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids())
    or waymark_treats(episode_id))
  with check (waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids())
    or waymark_treats(episode_id));

-- A consultant (a trainer of a cohort the clinician is in) sees "not on track" alerts, not episodes.
alter table care_alert enable row level security;
alter table care_alert force row level security;
create policy care_alert_read on care_alert for select using (
  waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids())
  or waymark_treats(episode_id)
  or (kind = 'not_on_track' and exists (select 1 from enrollment e where e.user_id = care_alert.clinician_id
      and e.status <> 'withdrawn' and waymark_trains_cohort(e.cohort_id))));
create policy care_alert_insert on care_alert for insert with check (
  waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids())
  or waymark_treats(episode_id));
create policy care_alert_update on care_alert for update using (
  waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids())
  or waymark_treats(episode_id)
  or (kind = 'not_on_track' and exists (select 1 from enrollment e where e.user_id = care_alert.clinician_id
      and e.status <> 'withdrawn' and waymark_trains_cohort(e.cohort_id))));

-- The public form reads and uses its link in the 'public' purpose, by token hash only.
alter table form_link enable row level security;
alter table form_link force row level security;
create policy form_link_all on form_link for all
  using (waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids())
    or waymark_treats(episode_id))
  with check (waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids())
    or waymark_treats(episode_id));

-- A measure recorded by a clinician can raise a safety alert, whose email the same transaction
-- queues; the clinician may add that message but not read the outbox.
create policy outbox_message_care_alert on outbox_message for insert
  with check (kind = 'care_alert' and center_id = any (waymark_center_ids()));

alter table center_instrument enable row level security;
alter table center_instrument force row level security;
create policy center_instrument_read on center_instrument for select using (waymark_has_scope());
create policy center_instrument_write on center_instrument for insert
  with check (waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids()));
create policy center_instrument_delete on center_instrument for delete
  using (waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids()));
`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      String.raw`
drop policy if exists outbox_message_care_alert on outbox_message;
drop table if exists center_instrument, form_link, care_alert, episode_session cascade;
drop function if exists waymark_treats(uuid);
drop index if exists measure_administration_natural_key, measure_administration_center_idx;
alter table measure_administration
  drop column if exists item_responses, drop column if exists subscales, drop column if exists band,
  drop column if exists prorated, drop column if exists source, drop column if exists language,
  drop column if exists administered_by;
alter table measure_administration drop constraint measure_administration_phase_check;
update measure_administration set phase = 'interim' where phase in ('mid_treatment', 'follow_up');
alter table measure_administration add constraint measure_administration_phase_check
  check (phase in ('baseline', 'interim', 'end'));
drop index if exists episode_center_started_idx, episode_center_referred_idx, episode_pathway_enrollment_idx;
alter table episode drop constraint episode_age_child, drop constraint episode_referred_or_started,
  drop constraint episode_referral_before_start, drop constraint episode_end_needs_start;
update episode set started_on = coalesce(started_on, referred_on);
alter table episode alter column started_on set not null;
alter table episode drop column if exists gender, drop column if exists race_ethnicity,
  drop column if exists pathway_enrollment_id, drop column if exists created_by;
`,
    )
    .execute(db);
}
