/**
 * Row types of the database, as Kysely sees them. Snake_case, as stored; mappers turn rows into
 * camelCase API shapes. `date` columns arrive as 'YYYY-MM-DD' strings on both engines (see
 * database.ts); `timestamptz` columns as Date.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { MemberType, Role } from '../../shared/roles.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp with a database default: optional on insert. */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type DateOnly = ColumnType<string | null, string | null | undefined, string | null>;
type Json<T> = ColumnType<T, string | undefined, string>;

export interface ChapterTable {
  id: Generated<string>;
  name: string;
  state: string;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface CenterTable {
  id: Generated<string>;
  name: string;
  state: string;
  county: string;
  zip3: string;
  member_type: MemberType;
  accredited_on: DateOnly;
  accreditation_expires_on: DateOnly;
  chapter_id: string | null;
  active: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface PartnerOrganizationTable {
  id: Generated<string>;
  name: string;
  created_at: DefaultTimestamp;
}

export interface AppUserTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string | null;
  password_changed_at: NullableTimestamp;
  status: Generated<'active' | 'deactivated'>;
  mfa_secret_enc: string | null;
  mfa_enabled_at: NullableTimestamp;
  mfa_last_step: ColumnType<number | null, number | null | undefined, number | null>;
  locale: Generated<'en' | 'es'>;
  last_login_at: NullableTimestamp;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface MembershipTable {
  id: Generated<string>;
  user_id: string;
  role: Role;
  center_id: string | null;
  partner_id: string | null;
  created_at: DefaultTimestamp;
  created_by: string | null;
  ended_at: NullableTimestamp;
  ended_by: string | null;
}

export type MfaState = 'not_required' | 'pending' | 'verified' | 'enrolment_required';

export interface UserSessionTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  csrf_token: string;
  mfa_state: MfaState;
  created_at: DefaultTimestamp;
  last_seen_at: DefaultTimestamp;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  revoked_reason: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface MfaRecoveryCodeTable {
  id: Generated<string>;
  user_id: string;
  code_hash: string;
  created_at: DefaultTimestamp;
  used_at: NullableTimestamp;
}

export interface LoginThrottleTable {
  key: string;
  failures: Generated<number>;
  first_failure_at: DefaultTimestamp;
  locked_until: NullableTimestamp;
  updated_at: DefaultTimestamp;
}

export interface InvitationTable {
  id: Generated<string>;
  email: string;
  display_name: string | null;
  role: Role;
  center_id: string | null;
  partner_id: string | null;
  token_hash: string;
  invited_by: string | null;
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
  accepted_at: NullableTimestamp;
  accepted_user_id: string | null;
  revoked_at: NullableTimestamp;
  revoked_by: string | null;
}

export interface PasswordResetTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface NetworkSettingTable {
  key: string;
  value: Json<unknown>;
  updated_at: DefaultTimestamp;
  updated_by: string | null;
}

export type OutboxStatus = 'pending' | 'held' | 'sending' | 'sent' | 'failed' | 'cancelled';

export interface OutboxMessageTable {
  id: Generated<string>;
  kind: string;
  to_address: string;
  subject: string;
  body_text: string;
  center_id: string | null;
  partner_id: string | null;
  related_id: string | null;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: DefaultTimestamp;
  last_error: string | null;
  created_at: DefaultTimestamp;
  sent_at: NullableTimestamp;
}

export interface ImportRejection {
  line: number;
  field: string | null;
  message: string;
}

export interface ImportBatchTable {
  id: Generated<string>;
  kind: string;
  source: 'cli' | 'upload';
  filename: string | null;
  center_id: string | null;
  actor_user_id: string | null;
  dry_run: Generated<boolean>;
  status: 'completed' | 'rejected' | 'failed';
  total_rows: Generated<number>;
  inserted: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  rejected: Generated<number>;
  rejections: Json<ImportRejection[]>;
  started_at: DefaultTimestamp;
  finished_at: NullableTimestamp;
}

export interface AuditEventTable {
  seq: Generated<number>;
  occurred_at: DefaultTimestamp;
  actor_user_id: string | null;
  actor_kind: 'user' | 'anonymous' | 'system';
  ip: string | null;
  action: string;
  outcome: 'success' | 'failure';
  target_type: string | null;
  target_id: string | null;
  center_id: string | null;
  details: Json<Record<string, unknown>>;
  prev_hash: Generated<string>;
  hash: Generated<string>;
}

export interface AuditChainHeadTable {
  id: number;
  last_seq: number;
  last_hash: string;
}

export interface DB {
  chapter: ChapterTable;
  center: CenterTable;
  partner_organization: PartnerOrganizationTable;
  app_user: AppUserTable;
  membership: MembershipTable;
  user_session: UserSessionTable;
  mfa_recovery_code: MfaRecoveryCodeTable;
  login_throttle: LoginThrottleTable;
  invitation: InvitationTable;
  password_reset: PasswordResetTable;
  network_setting: NetworkSettingTable;
  outbox_message: OutboxMessageTable;
  import_batch: ImportBatchTable;
  audit_event: AuditEventTable;
  audit_chain_head: AuditChainHeadTable;
}

export type CenterRow = Selectable<CenterTable>;
export type NewCenter = Insertable<CenterTable>;
export type CenterUpdate = Updateable<CenterTable>;
export type ChapterRow = Selectable<ChapterTable>;
export type AppUserRow = Selectable<AppUserTable>;
export type MembershipRow = Selectable<MembershipTable>;
export type UserSessionRow = Selectable<UserSessionTable>;
export type InvitationRow = Selectable<InvitationTable>;
export type OutboxMessageRow = Selectable<OutboxMessageTable>;
export type AuditEventRow = Selectable<AuditEventTable>;
export type ImportBatchRow = Selectable<ImportBatchTable>;
