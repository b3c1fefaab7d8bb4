/**
 * Foundation: the application role, scope functions, identity, network and audit tables, and the
 * row-level-security policies that keep each center's records to that center.
 *
 * Frozen in time: this file imports nothing from src/ and must never change once released.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      String.raw`
-- The non-superuser role every request runs as (SET LOCAL ROLE). NOLOGIN: nobody connects as it.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'waymark_app') then
    create role waymark_app nologin nosuperuser nobypassrls;
  end if;
  -- The role that runs the server must be able to SET ROLE to it (superusers always can).
  if not pg_has_role(current_user, 'waymark_app', 'member') then
    execute format('grant waymark_app to %I', current_user);
  end if;
end $$;

-- Scope of the current transaction, set with set_config(..., true). Missing settings fail closed:
-- no user, no centers, no partners, no purpose.
create function waymark_user_id() returns uuid language sql stable as $$
  select nullif(current_setting('waymark.user_id', true), '')::uuid $$;
create function waymark_purpose() returns text language sql stable as $$
  select coalesce(current_setting('waymark.purpose', true), '') $$;
create function waymark_all_centers() returns boolean language sql stable as $$
  select coalesce(current_setting('waymark.all_centers', true), '') = 'on' $$;
create function waymark_center_ids() returns uuid[] language sql stable as $$
  select coalesce(nullif(current_setting('waymark.center_ids', true), ''), '{}')::uuid[] $$;
create function waymark_manage_center_ids() returns uuid[] language sql stable as $$
  select coalesce(nullif(current_setting('waymark.manage_center_ids', true), ''), '{}')::uuid[] $$;
create function waymark_partner_ids() returns uuid[] language sql stable as $$
  select coalesce(nullif(current_setting('waymark.partner_ids', true), ''), '{}')::uuid[] $$;
create function waymark_manage_partner_ids() returns uuid[] language sql stable as $$
  select coalesce(nullif(current_setting('waymark.manage_partner_ids', true), ''), '{}')::uuid[] $$;
-- A request, a sign-in flow or a system job: any established scope at all.
create function waymark_has_scope() returns boolean language sql stable as $$
  select waymark_purpose() in ('user', 'auth', 'system', 'public') $$;
create function waymark_is_system() returns boolean language sql stable as $$
  select waymark_purpose() = 'system' $$;

-- Network reference data --------------------------------------------------------------------

create table chapter (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  state char(2) not null check (state ~ '^[A-Z]{2}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index chapter_state_name_key on chapter (state, lower(name));

create table center (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  state char(2) not null check (state ~ '^[A-Z]{2}$'),
  county text not null check (length(county) between 1 and 100),
  zip3 char(3) not null check (zip3 ~ '^[0-9]{3}$'),
  member_type text not null check (member_type in ('accredited', 'associate', 'affiliate', 'satellite')),
  accredited_on date,
  accreditation_expires_on date,
  chapter_id uuid references chapter (id),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (accreditation_expires_on is null or accredited_on is null or accreditation_expires_on > accredited_on)
);
create unique index center_state_name_key on center (state, lower(name));
create index center_chapter_idx on center (chapter_id);

create table partner_organization (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (length(name) between 1 and 200),
  created_at timestamptz not null default now()
);

-- Identity ----------------------------------------------------------------------------------

create table app_user (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email = lower(email) and length(email) between 3 and 254),
  display_name text not null check (length(display_name) between 1 and 200),
  password_hash text,
  password_changed_at timestamptz,
  status text not null default 'active' check (status in ('active', 'deactivated')),
  mfa_secret_enc text,
  mfa_enabled_at timestamptz,
  mfa_last_step bigint,
  locale text not null default 'en' check (locale in ('en', 'es')),
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index app_user_email_key on app_user (email);

create table membership (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id),
  role text not null check (role in ('network_admin', 'trainer', 'center_director', 'clinician',
                                     'funder_viewer', 'partner_admin', 'partner_learner')),
  center_id uuid references center (id),
  partner_id uuid references partner_organization (id),
  created_at timestamptz not null default now(),
  created_by uuid references app_user (id),
  ended_at timestamptz,
  ended_by uuid references app_user (id),
  check (
    (role in ('network_admin', 'funder_viewer') and center_id is null and partner_id is null) or
    (role in ('trainer', 'center_director', 'clinician') and center_id is not null and partner_id is null) or
    (role in ('partner_admin', 'partner_learner') and partner_id is not null and center_id is null)
  )
);
create unique index membership_active_key on membership
  (user_id, role, coalesce(center_id, partner_id, '00000000-0000-0000-0000-000000000000'::uuid))
  where ended_at is null;
create index membership_center_idx on membership (center_id) where center_id is not null;
create index membership_partner_idx on membership (partner_id) where partner_id is not null;
create index membership_user_idx on membership (user_id);

create table user_session (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id),
  token_hash text not null unique,
  csrf_token text not null,
  mfa_state text not null check (mfa_state in ('not_required', 'pending', 'verified', 'enrolment_required')),
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_reason text,
  ip text,
  user_agent text
);
create index user_session_user_idx on user_session (user_id) where revoked_at is null;

create table mfa_recovery_code (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id),
  code_hash text not null,
  created_at timestamptz not null default now(),
  used_at timestamptz
);
create index mfa_recovery_code_user_idx on mfa_recovery_code (user_id);

-- Failed sign-ins per account key (a hash of the e-mail, whether or not an account exists).
create table login_throttle (
  key text primary key,
  failures integer not null default 0,
  first_failure_at timestamptz not null default now(),
  locked_until timestamptz,
  updated_at timestamptz not null default now()
);

create table invitation (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email = lower(email)),
  display_name text,
  role text not null check (role in ('network_admin', 'trainer', 'center_director', 'clinician',
                                     'funder_viewer', 'partner_admin', 'partner_learner')),
  center_id uuid references center (id),
  partner_id uuid references partner_organization (id),
  token_hash text not null unique,
  invited_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_user_id uuid references app_user (id),
  revoked_at timestamptz,
  revoked_by uuid references app_user (id),
  check (
    (role in ('network_admin', 'funder_viewer') and center_id is null and partner_id is null) or
    (role in ('trainer', 'center_director', 'clinician') and center_id is not null and partner_id is null) or
    (role in ('partner_admin', 'partner_learner') and partner_id is not null and center_id is null)
  )
);
create index invitation_center_idx on invitation (center_id);
create index invitation_email_idx on invitation (email);

create table password_reset (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id),
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);

create table network_setting (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now(),
  updated_by uuid references app_user (id)
);

-- Outgoing messages: delivered by SMTP when configured, otherwise held for an administrator.
create table outbox_message (
  id uuid primary key default gen_random_uuid(),
  kind text not null,
  to_address text not null,
  subject text not null,
  body_text text not null,
  center_id uuid references center (id),
  partner_id uuid references partner_organization (id),
  related_id uuid,
  status text not null default 'pending' check (status in ('pending', 'held', 'sending', 'sent', 'failed', 'cancelled')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index outbox_message_due_idx on outbox_message (next_attempt_at) where status = 'pending';
create index outbox_message_related_idx on outbox_message (related_id);

create table import_batch (
  id uuid primary key default gen_random_uuid(),
  kind text not null,
  source text not null check (source in ('cli', 'upload')),
  filename text,
  center_id uuid references center (id),
  actor_user_id uuid references app_user (id),
  dry_run boolean not null default false,
  status text not null check (status in ('completed', 'rejected', 'failed')),
  total_rows integer not null default 0,
  inserted integer not null default 0,
  updated integer not null default 0,
  unchanged integer not null default 0,
  rejected integer not null default 0,
  rejections jsonb not null default '[]',
  started_at timestamptz not null default now(),
  finished_at timestamptz
);

-- Audit: append-only and hash-chained ----------------------------------------------------------

create table audit_chain_head (
  id integer primary key check (id = 1),
  last_seq bigint not null,
  last_hash text not null
);
insert into audit_chain_head values (1, 0, repeat('0', 64));

create table audit_event (
  seq bigint primary key,
  occurred_at timestamptz not null default clock_timestamp(),
  actor_user_id uuid,
  actor_kind text not null check (actor_kind in ('user', 'anonymous', 'system')),
  ip text,
  action text not null,
  outcome text not null check (outcome in ('success', 'failure')),
  target_type text,
  target_id text,
  center_id uuid,
  details jsonb not null default '{}',
  prev_hash text not null,
  hash text not null
);
create index audit_event_occurred_idx on audit_event (occurred_at desc);
create index audit_event_actor_idx on audit_event (actor_user_id, occurred_at desc);
create index audit_event_center_idx on audit_event (center_id, occurred_at desc) where center_id is not null;
create index audit_event_action_idx on audit_event (action, occurred_at desc);

-- Canonical text of an event: each field as "<octet length>:<text>", joined by newlines, so that
-- no two different events share a canonical form. Recomputed independently by 'waymark audit verify'.
create function waymark_audit_field(value text) returns text language sql immutable as $$
  select octet_length(coalesce(value, '')) || ':' || coalesce(value, '') $$;
create function waymark_audit_time(ts timestamptz) returns text language sql immutable as $$
  select to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;

-- SECURITY DEFINER: the application role may not touch the chain head itself, only insert events.
create function waymark_audit_chain() returns trigger language plpgsql security definer
  set search_path = public, pg_temp as $$
declare
  head record;
begin
  -- The row lock on the head serialises writers until commit, so seq order is chain order.
  update audit_chain_head set last_seq = last_seq + 1 where id = 1 returning last_seq, last_hash into head;
  new.seq := head.last_seq;
  new.prev_hash := head.last_hash;
  -- The database's clock, whatever the inserter supplied: events cannot be backdated.
  new.occurred_at := clock_timestamp();
  new.hash := encode(sha256(convert_to(concat_ws(E'\n',
      waymark_audit_field(new.seq::text),
      waymark_audit_field(new.prev_hash),
      waymark_audit_field(waymark_audit_time(new.occurred_at)),
      waymark_audit_field(new.actor_user_id::text),
      waymark_audit_field(new.actor_kind),
      waymark_audit_field(new.ip),
      waymark_audit_field(new.action),
      waymark_audit_field(new.outcome),
      waymark_audit_field(new.target_type),
      waymark_audit_field(new.target_id),
      waymark_audit_field(new.center_id::text),
      waymark_audit_field(new.details::text)), 'UTF8')), 'hex');
  update audit_chain_head set last_hash = new.hash where id = 1;
  return new;
end $$;
create trigger audit_event_chain before insert on audit_event for each row execute function waymark_audit_chain();

create function waymark_audit_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only: % is not allowed', tg_op using errcode = '42501';
end $$;
create trigger audit_event_no_update before update or delete on audit_event
  for each row execute function waymark_audit_immutable();
create trigger audit_event_no_truncate before truncate on audit_event
  for each statement execute function waymark_audit_immutable();

-- Privileges of the application role ------------------------------------------------------------

grant usage on schema public to waymark_app;
grant select, insert, update on chapter, center, partner_organization, membership,
  user_session, mfa_recovery_code, invitation, password_reset, network_setting, outbox_message,
  import_batch to waymark_app;
-- An account's identifier and e-mail address never change through the application.
grant select, insert on app_user to waymark_app;
grant update (display_name, password_hash, password_changed_at, status, mfa_secret_enc, mfa_enabled_at,
  mfa_last_step, locale, last_login_at, updated_at) on app_user to waymark_app;
grant delete on mfa_recovery_code, login_throttle to waymark_app;
grant select, insert, update on login_throttle to waymark_app;
grant select, insert on audit_event to waymark_app;
grant select on audit_chain_head to waymark_app;

-- Row-level security: enabled and forced on every table holding tenant or personal data -------

alter table chapter enable row level security;
alter table chapter force row level security;
create policy chapter_read on chapter for select using (waymark_has_scope());
create policy chapter_write on chapter for insert with check (waymark_all_centers() or waymark_is_system());
create policy chapter_update on chapter for update using (waymark_all_centers() or waymark_is_system());

alter table center enable row level security;
alter table center force row level security;
-- The directory of centers (name, place, member type, accreditation) is public network information.
create policy center_read on center for select using (waymark_has_scope());
create policy center_insert on center for insert with check (waymark_all_centers() or waymark_is_system());
create policy center_update on center for update using (waymark_all_centers() or waymark_is_system());

alter table partner_organization enable row level security;
alter table partner_organization force row level security;
create policy partner_read on partner_organization for select
  using (waymark_all_centers() or waymark_is_system() or id = any (waymark_partner_ids()));
create policy partner_write on partner_organization for insert with check (waymark_all_centers() or waymark_is_system());
create policy partner_update on partner_organization for update using (waymark_all_centers() or waymark_is_system());

alter table membership enable row level security;
alter table membership force row level security;
-- Colleagues see each other's current roles; only a center's managers see its former staff.
create policy membership_read on membership for select using (
  waymark_all_centers() or waymark_purpose() in ('auth', 'system')
  or user_id = waymark_user_id()
  or (ended_at is null and center_id = any (waymark_center_ids()))
  or center_id = any (waymark_manage_center_ids())
  or partner_id = any (waymark_manage_partner_ids()));
create policy membership_insert on membership for insert with check (
  waymark_all_centers() or waymark_purpose() in ('auth', 'system')
  or center_id = any (waymark_manage_center_ids())
  or partner_id = any (waymark_manage_partner_ids()));
create policy membership_update on membership for update using (
  waymark_all_centers() or waymark_is_system()
  or center_id = any (waymark_manage_center_ids())
  or partner_id = any (waymark_manage_partner_ids()));

alter table app_user enable row level security;
alter table app_user force row level security;
create policy app_user_read on app_user for select using (
  waymark_all_centers() or waymark_purpose() in ('auth', 'system')
  or id = waymark_user_id()
  or exists (select 1 from membership m where m.user_id = app_user.id
             and ((m.ended_at is null and m.center_id = any (waymark_center_ids()))
                  or m.center_id = any (waymark_manage_center_ids())
                  or m.partner_id = any (waymark_manage_partner_ids()))));
create policy app_user_insert on app_user for insert with check (
  waymark_all_centers() or waymark_purpose() in ('auth', 'system'));
-- Accounts are changed by their owner, the sign-in flows and network administrators only.
create policy app_user_update on app_user for update using (
  waymark_all_centers() or waymark_purpose() in ('auth', 'system') or id = waymark_user_id());

alter table login_throttle enable row level security;
alter table login_throttle force row level security;
-- Sign-in flows and jobs manage every key; a signed-in user only the counter of their own MFA codes.
create policy login_throttle_all on login_throttle for all
  using (waymark_purpose() in ('auth', 'system') or key = 'mfa:' || waymark_user_id()::text)
  with check (waymark_purpose() in ('auth', 'system') or key = 'mfa:' || waymark_user_id()::text);

alter table user_session enable row level security;
alter table user_session force row level security;
create policy user_session_all on user_session for all
  using (waymark_purpose() in ('auth', 'system') or user_id = waymark_user_id() or waymark_all_centers())
  with check (waymark_purpose() in ('auth', 'system') or user_id = waymark_user_id() or waymark_all_centers());

alter table mfa_recovery_code enable row level security;
alter table mfa_recovery_code force row level security;
create policy mfa_recovery_code_all on mfa_recovery_code for all
  using (waymark_purpose() in ('auth', 'system') or user_id = waymark_user_id() or waymark_all_centers())
  with check (waymark_purpose() in ('auth', 'system') or user_id = waymark_user_id() or waymark_all_centers());

alter table invitation enable row level security;
alter table invitation force row level security;
create policy invitation_all on invitation for all
  using (waymark_all_centers() or waymark_purpose() in ('auth', 'system')
         or center_id = any (waymark_manage_center_ids()) or partner_id = any (waymark_manage_partner_ids()))
  with check (waymark_all_centers() or waymark_purpose() in ('auth', 'system')
         or center_id = any (waymark_manage_center_ids()) or partner_id = any (waymark_manage_partner_ids()));

alter table password_reset enable row level security;
alter table password_reset force row level security;
create policy password_reset_all on password_reset for all
  using (waymark_purpose() in ('auth', 'system') or waymark_all_centers())
  with check (waymark_purpose() in ('auth', 'system') or waymark_all_centers());

alter table network_setting enable row level security;
alter table network_setting force row level security;
create policy network_setting_read on network_setting for select using (waymark_has_scope());
create policy network_setting_insert on network_setting for insert with check (waymark_all_centers() or waymark_is_system());
create policy network_setting_update on network_setting for update using (waymark_all_centers() or waymark_is_system());

alter table outbox_message enable row level security;
alter table outbox_message force row level security;
create policy outbox_message_all on outbox_message for all
  using (waymark_all_centers() or waymark_purpose() in ('auth', 'system')
         or center_id = any (waymark_manage_center_ids()) or partner_id = any (waymark_manage_partner_ids()))
  with check (waymark_all_centers() or waymark_purpose() in ('auth', 'system')
         or center_id = any (waymark_manage_center_ids()) or partner_id = any (waymark_manage_partner_ids()));

alter table import_batch enable row level security;
alter table import_batch force row level security;
create policy import_batch_all on import_batch for all
  using (waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids()))
  with check (waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids()));

alter table audit_event enable row level security;
alter table audit_event force row level security;
create policy audit_event_read on audit_event for select
  using (waymark_all_centers() or waymark_is_system() or center_id = any (waymark_manage_center_ids()));
create policy audit_event_insert on audit_event for insert with check (waymark_has_scope());
`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      String.raw`
drop table if exists audit_event, audit_chain_head, import_batch, outbox_message, network_setting,
  password_reset, invitation, login_throttle, mfa_recovery_code, user_session, membership, app_user,
  partner_organization, center, chapter cascade;
drop function if exists waymark_audit_chain(), waymark_audit_immutable(), waymark_audit_field(text),
  waymark_audit_time(timestamptz), waymark_user_id(), waymark_purpose(), waymark_all_centers(),
  waymark_center_ids(), waymark_manage_center_ids(), waymark_partner_ids(), waymark_manage_partner_ids(),
  waymark_has_scope(), waymark_is_system();
-- The role waymark_app is cluster-wide and may serve other databases: it is left in place.
`,
    )
    .execute(db);
}
