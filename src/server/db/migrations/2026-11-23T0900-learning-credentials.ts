/**
 * Learning and credentials: treatment models, courses, cohorts, enrolments, attendance, knowledge
 * tests, certification pathways, treatment episodes with measure totals (shared with care), and
 * issued credentials with their signing keys.
 *
 * Frozen in time: this file imports nothing from src/ and must never change once released.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      String.raw`
-- Catalog (network reference data) -------------------------------------------------------------

create table training_model (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[A-Z0-9][A-Z0-9-]{1,19}$'),
  name text not null check (length(name) between 1 and 200),
  description text not null default '' check (length(description) <= 4000),
  components jsonb not null default '[]',
  min_age integer check (min_age between 0 and 25),
  max_age integer check (max_age between 0 and 25),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (min_age is null or max_age is null or min_age <= max_age)
);

create table course (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[A-Z0-9][A-Z0-9-]{1,39}$'),
  title text not null check (length(title) between 1 and 200),
  kind text not null check (kind in ('online_course', 'live_training', 'learning_session',
    'consultation_series', 'knowledge_test', 'ce_module')),
  model_id uuid references training_model (id),
  description text not null default '' check (length(description) <= 4000),
  ce_hours numeric(6, 2) not null default 0 check (ce_hours >= 0 and ce_hours <= 500),
  live_days integer check (live_days between 1 and 30),
  pass_mark integer check (pass_mark between 1 and 100),
  retake_wait_days integer check (retake_wait_days between 0 and 365),
  min_degree text check (min_degree in ('bachelor', 'master', 'doctorate')),
  license_required text check (license_required in ('any', 'permanent')),
  prerequisite_course_ids uuid[] not null default '{}',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (kind <> 'knowledge_test' or pass_mark is not null)
);
create index course_model_idx on course (model_id);

create table pathway (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[A-Z0-9][A-Z0-9-]{1,39}$'),
  name text not null check (length(name) between 1 and 200),
  description text not null default '' check (length(description) <= 4000),
  model_id uuid not null references training_model (id),
  validity_months integer check (validity_months between 1 and 240),
  grace_days integer not null default 0 check (grace_days between 0 and 730),
  requirements jsonb not null default '[]',
  renewal_requirements jsonb not null default '[]',
  auto_issue boolean not null default false,
  status text not null default 'active' check (status in ('draft', 'active', 'retired')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- A clinician's qualifications, self-declared with an attestation, optionally verified by a director.
create table clinician_qualification (
  user_id uuid primary key references app_user (id),
  degree_level text not null check (degree_level in ('none', 'bachelor', 'master', 'doctorate')),
  license_status text not null check (license_status in ('none', 'provisional', 'permanent')),
  license_state char(2) check (license_state ~ '^[A-Z]{2}$'),
  attested_at timestamptz not null,
  verified_by uuid references app_user (id),
  verified_at timestamptz,
  updated_at timestamptz not null default now()
);

-- Cohorts and learning collaboratives ----------------------------------------------------------

create table cohort (
  id uuid primary key default gen_random_uuid(),
  title text not null check (length(title) between 1 and 200),
  kind text not null check (kind in ('course', 'collaborative')),
  course_id uuid references course (id),
  pathway_id uuid references pathway (id),
  model_id uuid references training_model (id),
  modality text not null check (modality in ('in_person', 'virtual', 'hybrid')),
  states text[] not null default '{}',
  seats integer not null check (seats between 1 and 2000),
  starts_on date not null,
  ends_on date not null,
  status text not null default 'open' check (status in ('open', 'closed', 'completed', 'cancelled')),
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_on >= starts_on),
  check (course_id is not null or kind = 'collaborative')
);

create table cohort_trainer (
  cohort_id uuid not null references cohort (id) on delete cascade,
  user_id uuid not null references app_user (id),
  primary key (cohort_id, user_id)
);
create index cohort_trainer_user_idx on cohort_trainer (user_id);

-- Is the current user a trainer of this cohort? (Trainers see their rosters across centers.)
create function waymark_trains_cohort(cohort uuid) returns boolean language sql stable as $$
  select exists (select 1 from cohort_trainer ct where ct.cohort_id = cohort and ct.user_id = waymark_user_id()) $$;

create table enrollment (
  id uuid primary key default gen_random_uuid(),
  cohort_id uuid not null references cohort (id),
  user_id uuid not null references app_user (id),
  center_id uuid not null references center (id),
  status text not null check (status in ('enrolled', 'waitlisted', 'withdrawn', 'completed')),
  waitlisted_at timestamptz,
  enrolled_at timestamptz,
  withdrawn_at timestamptz,
  withdraw_reason text check (length(withdraw_reason) <= 300),
  completed_at timestamptz,
  enrolled_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index enrollment_current_key on enrollment (cohort_id, user_id) where status <> 'withdrawn';
create index enrollment_user_idx on enrollment (user_id);
create index enrollment_center_idx on enrollment (center_id);

create table cohort_event (
  id uuid primary key default gen_random_uuid(),
  cohort_id uuid not null references cohort (id) on delete cascade,
  kind text not null check (kind in ('live_session', 'learning_session', 'consultation_call')),
  title text not null check (length(title) between 1 and 200),
  starts_at timestamptz not null,
  duration_minutes integer not null check (duration_minutes between 5 and 720),
  created_at timestamptz not null default now()
);
create index cohort_event_cohort_idx on cohort_event (cohort_id, starts_at);

create table attendance (
  event_id uuid not null references cohort_event (id) on delete cascade,
  enrollment_id uuid not null references enrollment (id),
  user_id uuid not null references app_user (id),
  center_id uuid not null references center (id),
  status text not null check (status in ('present', 'absent', 'excused')),
  minutes_attended integer not null default 0 check (minutes_attended between 0 and 720),
  recorded_by uuid references app_user (id),
  recorded_at timestamptz not null default now(),
  primary key (event_id, enrollment_id)
);
create index attendance_user_idx on attendance (user_id);

create table test_attempt (
  id uuid primary key default gen_random_uuid(),
  course_id uuid not null references course (id),
  user_id uuid not null references app_user (id),
  center_id uuid not null references center (id),
  score numeric(5, 2) not null check (score between 0 and 100),
  pass_mark integer not null check (pass_mark between 1 and 100),
  passed boolean not null,
  taken_at timestamptz not null,
  recorded_by uuid references app_user (id),
  created_at timestamptz not null default now()
);
create index test_attempt_user_idx on test_attempt (user_id, course_id, taken_at);

-- A completed course that has no cohort in Waymark (e.g. an online course done elsewhere).
create table course_completion (
  id uuid primary key default gen_random_uuid(),
  course_id uuid not null references course (id),
  user_id uuid not null references app_user (id),
  center_id uuid not null references center (id),
  completed_on date not null,
  ce_hours numeric(6, 2) not null default 0 check (ce_hours >= 0 and ce_hours <= 500),
  source text not null check (source in ('record', 'import', 'cohort')),
  recorded_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  unique (course_id, user_id)
);

create table pathway_enrollment (
  id uuid primary key default gen_random_uuid(),
  pathway_id uuid not null references pathway (id),
  user_id uuid not null references app_user (id),
  center_id uuid not null references center (id),
  started_on date not null,
  status text not null default 'active' check (status in ('active', 'withdrawn')),
  withdrawn_at timestamptz,
  withdraw_reason text check (length(withdraw_reason) <= 300),
  created_at timestamptz not null default now()
);
create unique index pathway_enrollment_current_key on pathway_enrollment (pathway_id, user_id) where status = 'active';
create index pathway_enrollment_center_idx on pathway_enrollment (center_id);

-- Treatment episodes (shared with care): de-identified, no child identifier ---------------------

create table episode (
  id uuid primary key default gen_random_uuid(),
  center_id uuid not null references center (id),
  clinician_id uuid not null references app_user (id),
  case_code text not null check (case_code ~ '^[A-Za-z0-9][A-Za-z0-9-]{0,31}$'),
  age_years integer not null check (age_years between 0 and 21),
  caregiver_involved boolean not null default false,
  model_id uuid not null references training_model (id),
  pathway_id uuid references pathway (id),
  referred_on date,
  started_on date not null,
  ended_on date,
  discharge_reason text check (discharge_reason in ('completed', 'dropped_out', 'transferred', 'other')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (center_id, case_code),
  check (ended_on is null or ended_on >= started_on),
  check ((ended_on is null) = (discharge_reason is null))
);
create index episode_clinician_idx on episode (clinician_id);

create table measure_administration (
  id uuid primary key default gen_random_uuid(),
  episode_id uuid not null references episode (id) on delete cascade,
  center_id uuid not null references center (id),
  instrument text not null check (instrument ~ '^[A-Z0-9][A-Z0-9-]{1,19}$'),
  phase text not null check (phase in ('baseline', 'interim', 'end')),
  respondent text not null check (respondent in ('youth', 'caregiver', 'clinician')),
  administered_on date not null,
  total_score numeric(6, 2) not null check (total_score >= 0),
  created_at timestamptz not null default now()
);
create index measure_administration_episode_idx on measure_administration (episode_id);

-- Credentials ----------------------------------------------------------------------------------

create table signing_key (
  kid text primary key check (length(kid) between 8 and 100),
  algorithm text not null default 'EdDSA' check (algorithm = 'EdDSA'),
  public_jwk jsonb not null,
  private_key_enc text not null,
  created_at timestamptz not null default now(),
  retired_at timestamptz
);
create unique index signing_key_one_active on signing_key ((true)) where retired_at is null;

create sequence credential_number_seq;

create table credential (
  id uuid primary key default gen_random_uuid(),
  number text not null unique check (number ~ '^WM-[0-9]{4}-[0-9]{6,}$'),
  user_id uuid not null references app_user (id),
  center_id uuid not null references center (id),
  pathway_id uuid not null references pathway (id),
  recipient_name text not null check (length(recipient_name) between 1 and 200),
  issued_at timestamptz not null default now(),
  valid_from date not null,
  expires_on date,
  revoked_at timestamptz,
  revoked_by uuid references app_user (id),
  revoke_reason text check (length(revoke_reason) between 1 and 300),
  replaces_id uuid references credential (id),
  kid text not null references signing_key (kid),
  vc_jwt text not null,
  issued_by uuid references app_user (id),
  check ((revoked_at is null) = (revoke_reason is null)),
  check (expires_on is null or expires_on >= valid_from)
);
create index credential_user_idx on credential (user_id);
create index credential_center_idx on credential (center_id);

create table credential_reminder (
  credential_id uuid not null references credential (id),
  days_before integer not null check (days_before > 0),
  queued_at timestamptz not null default now(),
  primary key (credential_id, days_before)
);

-- Grants ---------------------------------------------------------------------------------------

grant select, insert, update on training_model, course, pathway, clinician_qualification, cohort,
  enrollment, cohort_event, attendance, course_completion, pathway_enrollment, episode,
  measure_administration, signing_key, credential to waymark_app;
grant select, insert, delete on cohort_trainer to waymark_app;
grant select, insert on test_attempt, credential_reminder to waymark_app;
grant delete on cohort_event, attendance, measure_administration to waymark_app;
grant usage on sequence credential_number_seq to waymark_app;

-- Row-level security ---------------------------------------------------------------------------

alter table training_model enable row level security;
alter table training_model force row level security;
create policy training_model_read on training_model for select using (waymark_has_scope());
create policy training_model_insert on training_model for insert with check (waymark_all_centers() or waymark_is_system());
create policy training_model_update on training_model for update using (waymark_all_centers() or waymark_is_system());

alter table course enable row level security;
alter table course force row level security;
create policy course_read on course for select using (waymark_has_scope());
create policy course_insert on course for insert with check (waymark_all_centers() or waymark_is_system());
create policy course_update on course for update using (waymark_all_centers() or waymark_is_system());

alter table pathway enable row level security;
alter table pathway force row level security;
create policy pathway_read on pathway for select using (waymark_has_scope());
create policy pathway_insert on pathway for insert with check (waymark_all_centers() or waymark_is_system());
create policy pathway_update on pathway for update using (waymark_all_centers() or waymark_is_system());

alter table cohort enable row level security;
alter table cohort force row level security;
create policy cohort_read on cohort for select using (waymark_purpose() in ('user', 'system'));
create policy cohort_insert on cohort for insert with check (waymark_all_centers() or waymark_is_system());
create policy cohort_update on cohort for update
  using (waymark_all_centers() or waymark_is_system() or waymark_trains_cohort(id));

alter table cohort_trainer enable row level security;
alter table cohort_trainer force row level security;
create policy cohort_trainer_read on cohort_trainer for select using (waymark_purpose() in ('user', 'system'));
create policy cohort_trainer_write on cohort_trainer for insert with check (waymark_all_centers() or waymark_is_system());
create policy cohort_trainer_delete on cohort_trainer for delete using (waymark_all_centers() or waymark_is_system());

alter table cohort_event enable row level security;
alter table cohort_event force row level security;
create policy cohort_event_read on cohort_event for select using (waymark_purpose() in ('user', 'system'));
create policy cohort_event_insert on cohort_event for insert
  with check (waymark_all_centers() or waymark_is_system() or waymark_trains_cohort(cohort_id));
create policy cohort_event_update on cohort_event for update
  using (waymark_all_centers() or waymark_is_system() or waymark_trains_cohort(cohort_id));
create policy cohort_event_delete on cohort_event for delete
  using (waymark_all_centers() or waymark_is_system() or waymark_trains_cohort(cohort_id));

-- A person's own learning records; their center's managers; the trainers of their cohort.
alter table clinician_qualification enable row level security;
alter table clinician_qualification force row level security;
create policy clinician_qualification_read on clinician_qualification for select using (
  waymark_all_centers() or waymark_is_system() or user_id = waymark_user_id()
  or exists (select 1 from membership m where m.user_id = clinician_qualification.user_id
             and m.center_id = any (waymark_manage_center_ids()))
  or exists (select 1 from enrollment e where e.user_id = clinician_qualification.user_id
             and e.status <> 'withdrawn' and waymark_trains_cohort(e.cohort_id)));
create policy clinician_qualification_insert on clinician_qualification for insert with check (
  waymark_all_centers() or waymark_is_system() or user_id = waymark_user_id());
create policy clinician_qualification_update on clinician_qualification for update using (
  waymark_all_centers() or waymark_is_system() or user_id = waymark_user_id()
  or exists (select 1 from membership m where m.user_id = clinician_qualification.user_id
             and m.ended_at is null and m.center_id = any (waymark_manage_center_ids())));

alter table enrollment enable row level security;
alter table enrollment force row level security;
create policy enrollment_read on enrollment for select using (
  waymark_all_centers() or waymark_is_system() or user_id = waymark_user_id()
  or center_id = any (waymark_manage_center_ids()) or waymark_trains_cohort(cohort_id));
create policy enrollment_insert on enrollment for insert with check (
  waymark_all_centers() or waymark_is_system()
  or (user_id = waymark_user_id() and center_id = any (waymark_center_ids()))
  or center_id = any (waymark_manage_center_ids()));
create policy enrollment_update on enrollment for update using (
  waymark_all_centers() or waymark_is_system() or user_id = waymark_user_id()
  or center_id = any (waymark_manage_center_ids()) or waymark_trains_cohort(cohort_id));

alter table attendance enable row level security;
alter table attendance force row level security;
create policy attendance_read on attendance for select using (
  waymark_all_centers() or waymark_is_system() or user_id = waymark_user_id()
  or center_id = any (waymark_manage_center_ids())
  or exists (select 1 from cohort_event ev where ev.id = attendance.event_id and waymark_trains_cohort(ev.cohort_id)));
create policy attendance_write on attendance for insert with check (
  waymark_all_centers() or waymark_is_system()
  or exists (select 1 from cohort_event ev where ev.id = attendance.event_id and waymark_trains_cohort(ev.cohort_id)));
create policy attendance_update on attendance for update using (
  waymark_all_centers() or waymark_is_system()
  or exists (select 1 from cohort_event ev where ev.id = attendance.event_id and waymark_trains_cohort(ev.cohort_id)));
create policy attendance_delete on attendance for delete using (
  waymark_all_centers() or waymark_is_system()
  or exists (select 1 from cohort_event ev where ev.id = attendance.event_id and waymark_trains_cohort(ev.cohort_id)));

alter table test_attempt enable row level security;
alter table test_attempt force row level security;
create policy test_attempt_read on test_attempt for select using (
  waymark_all_centers() or waymark_is_system() or user_id = waymark_user_id()
  or center_id = any (waymark_manage_center_ids())
  or exists (select 1 from enrollment e where e.user_id = test_attempt.user_id
             and e.status <> 'withdrawn' and waymark_trains_cohort(e.cohort_id)));
create policy test_attempt_insert on test_attempt for insert with check (
  waymark_all_centers() or waymark_is_system()
  or exists (select 1 from enrollment e where e.user_id = test_attempt.user_id
             and e.status <> 'withdrawn' and waymark_trains_cohort(e.cohort_id)));

alter table course_completion enable row level security;
alter table course_completion force row level security;
create policy course_completion_read on course_completion for select using (
  waymark_all_centers() or waymark_is_system() or user_id = waymark_user_id()
  or center_id = any (waymark_manage_center_ids())
  or exists (select 1 from enrollment e where e.user_id = course_completion.user_id
             and e.status <> 'withdrawn' and waymark_trains_cohort(e.cohort_id)));
create policy course_completion_insert on course_completion for insert with check (
  waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids())
  or exists (select 1 from enrollment e where e.user_id = course_completion.user_id
             and e.status <> 'withdrawn' and waymark_trains_cohort(e.cohort_id)));
create policy course_completion_update on course_completion for update using (
  waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids()));

alter table pathway_enrollment enable row level security;
alter table pathway_enrollment force row level security;
create policy pathway_enrollment_read on pathway_enrollment for select using (
  waymark_all_centers() or waymark_is_system() or user_id = waymark_user_id()
  or center_id = any (waymark_manage_center_ids())
  or exists (select 1 from enrollment e where e.user_id = pathway_enrollment.user_id
             and e.status <> 'withdrawn' and waymark_trains_cohort(e.cohort_id)));
create policy pathway_enrollment_insert on pathway_enrollment for insert with check (
  waymark_all_centers() or waymark_is_system()
  or (user_id = waymark_user_id() and center_id = any (waymark_center_ids()))
  or center_id = any (waymark_manage_center_ids()));
create policy pathway_enrollment_update on pathway_enrollment for update using (
  waymark_all_centers() or waymark_is_system() or user_id = waymark_user_id()
  or center_id = any (waymark_manage_center_ids()));

-- Episodes: the treating clinician and the center's managers. A training case's summary (counts,
-- not rows) reaches trainers through the progress engine, which runs in system scope.
alter table episode enable row level security;
alter table episode force row level security;
create policy episode_read on episode for select using (
  waymark_all_centers() or waymark_is_system()
  or (clinician_id = waymark_user_id() and center_id = any (waymark_center_ids()))
  or center_id = any (waymark_manage_center_ids()));
create policy episode_insert on episode for insert with check (
  waymark_all_centers() or waymark_is_system()
  or (clinician_id = waymark_user_id() and center_id = any (waymark_center_ids()))
  or center_id = any (waymark_manage_center_ids()));
create policy episode_update on episode for update using (
  waymark_all_centers() or waymark_is_system()
  or (clinician_id = waymark_user_id() and center_id = any (waymark_center_ids()))
  or center_id = any (waymark_manage_center_ids()));

alter table measure_administration enable row level security;
alter table measure_administration force row level security;
create policy measure_administration_all on measure_administration for all using (
  waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids())
  or exists (select 1 from episode e where e.id = measure_administration.episode_id
             and e.clinician_id = waymark_user_id() and e.center_id = any (waymark_center_ids())))
  with check (
  waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids())
  or exists (select 1 from episode e where e.id = measure_administration.episode_id
             and e.clinician_id = waymark_user_id() and e.center_id = any (waymark_center_ids())));

-- Public keys are public; private keys are only ever read by the issuing service (system scope or
-- a network administrator's request).
alter table signing_key enable row level security;
alter table signing_key force row level security;
create policy signing_key_read on signing_key for select using (waymark_has_scope());
create policy signing_key_insert on signing_key for insert with check (waymark_all_centers() or waymark_is_system());
create policy signing_key_update on signing_key for update using (waymark_all_centers() or waymark_is_system());

-- A credential is public by its identifier (verification); lists are limited to the holder, their
-- center's managers and network administrators, which the services enforce for listing queries.
alter table credential enable row level security;
alter table credential force row level security;
create policy credential_read on credential for select using (
  waymark_all_centers() or waymark_is_system() or waymark_purpose() = 'public'
  or user_id = waymark_user_id() or center_id = any (waymark_manage_center_ids()));
create policy credential_insert on credential for insert with check (waymark_all_centers() or waymark_is_system());
create policy credential_update on credential for update using (waymark_all_centers() or waymark_is_system());

alter table credential_reminder enable row level security;
alter table credential_reminder force row level security;
create policy credential_reminder_all on credential_reminder for all
  using (waymark_all_centers() or waymark_is_system()) with check (waymark_all_centers() or waymark_is_system());
`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      String.raw`
drop table if exists credential_reminder, credential, signing_key, measure_administration, episode,
  pathway_enrollment, course_completion, test_attempt, attendance, cohort_event, enrollment,
  cohort_trainer, cohort, clinician_qualification, pathway, course, training_model cascade;
drop sequence if exists credential_number_seq;
drop function if exists waymark_trains_cohort(uuid);
`,
    )
    .execute(db);
}
