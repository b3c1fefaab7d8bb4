/**
 * Access: monthly demand that a center reports where it does not record episodes in Waymark,
 * clinicians' treatment capacity, the per-center overrides of the capacity method's parameters
 * (the network's defaults are the `access.capacity` setting), and the planner's saved runs.
 *
 * Demand derived from episodes is computed at read time and never stored here: a row of
 * access_month is what a center reported, and wins over the episodes for its month.
 * Frozen in time: this file imports nothing from src/ and must never change once released.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      String.raw`
-- Reported monthly aggregates ---------------------------------------------------------------------

create table access_month (
  center_id uuid not null references center (id),
  month date not null check (month = date_trunc('month', month)::date and month >= date '2000-01-01'),
  referred integer not null check (referred between 0 and 100000),
  started integer not null check (started between 0 and 100000),
  waiting_end integer not null check (waiting_end between 0 and 100000),
  referred_out integer check (referred_out between 0 and 100000),
  never_served integer check (never_served between 0 and 100000),
  median_wait_days numeric(6, 1) check (median_wait_days between 0 and 3650),
  source text not null check (source in ('form', 'import')),
  updated_by uuid references app_user (id),
  updated_at timestamptz not null default now(),
  primary key (center_id, month)
);
create index access_month_month_idx on access_month (month);

-- Clinicians' capacity: one row per clinician and center ------------------------------------------

create table clinician_capacity (
  user_id uuid not null references app_user (id),
  center_id uuid not null references center (id),
  treatment_fte numeric(3, 2) not null check (treatment_fte > 0 and treatment_fte <= 1),
  typical_caseload integer check (typical_caseload between 0 and 200),
  started_on date,
  left_on date,
  updated_by uuid references app_user (id),
  updated_at timestamptz not null default now(),
  primary key (user_id, center_id),
  check (left_on is null or started_on is null or left_on >= started_on)
);
create index clinician_capacity_center_idx on clinician_capacity (center_id);

-- A center's own values for some of the capacity method's parameters ------------------------------

create table center_access_parameters (
  center_id uuid primary key references center (id),
  parameters jsonb not null check (jsonb_typeof(parameters) = 'object'),
  updated_by uuid references app_user (id),
  updated_at timestamptz not null default now()
);

-- Planner runs: the input as given and the result, kept so a plan can be shown and compared later --

create table access_plan (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  input jsonb not null,
  result jsonb not null,
  created_by uuid not null references app_user (id),
  created_at timestamptz not null default now()
);
create index access_plan_created_idx on access_plan (created_at desc);

grant select, insert, update, delete on access_month, clinician_capacity, center_access_parameters to waymark_app;
grant select, insert, delete on access_plan to waymark_app;

-- Row-level security: a center's staff read its figures; its directors and network administrators
-- write them. Plans are network-wide: network administrators only.

alter table access_month enable row level security;
alter table access_month force row level security;
create policy access_month_read on access_month for select using (
  waymark_all_centers() or waymark_is_system() or center_id = any (waymark_center_ids())
  or center_id = any (waymark_manage_center_ids()));
create policy access_month_write on access_month for all using (
  waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids()))
  with check (waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids()));

alter table clinician_capacity enable row level security;
alter table clinician_capacity force row level security;
create policy clinician_capacity_read on clinician_capacity for select using (
  waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids())
  or (user_id = waymark_user_id() and center_id = any (waymark_center_ids())));
create policy clinician_capacity_write on clinician_capacity for all using (
  waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids()))
  with check (waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids()));

alter table center_access_parameters enable row level security;
alter table center_access_parameters force row level security;
create policy center_access_parameters_read on center_access_parameters for select using (
  waymark_all_centers() or waymark_is_system() or center_id = any (waymark_center_ids())
  or center_id = any (waymark_manage_center_ids()));
create policy center_access_parameters_write on center_access_parameters for all using (
  waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids()))
  with check (waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids()));

alter table access_plan enable row level security;
alter table access_plan force row level security;
create policy access_plan_all on access_plan for all using (waymark_all_centers() or waymark_is_system())
  with check (waymark_all_centers() or waymark_is_system());
`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      String.raw`drop table if exists access_plan, center_access_parameters, clinician_capacity, access_month;`,
    )
    .execute(db);
}
