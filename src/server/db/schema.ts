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

// Learning and credentials ----------------------------------------------------------------------

/** numeric columns arrive as strings on both engines (exact decimals); mappers convert. */
type Numeric = ColumnType<string, string | number, string | number>;

export type CourseKind =
  | 'online_course'
  | 'live_training'
  | 'learning_session'
  | 'consultation_series'
  | 'knowledge_test'
  | 'ce_module';
export type DegreeLevel = 'none' | 'bachelor' | 'master' | 'doctorate';
export type LicenseStatus = 'none' | 'provisional' | 'permanent';
export type EnrollmentStatus = 'enrolled' | 'waitlisted' | 'withdrawn' | 'completed';
export type CohortEventKind = 'live_session' | 'learning_session' | 'consultation_call';
export type AttendanceStatus = 'present' | 'absent' | 'excused';

export interface TrainingModelTable {
  id: Generated<string>;
  code: string;
  name: string;
  description: Generated<string>;
  components: Json<{ code: string; name: string }[]>;
  min_age: number | null;
  max_age: number | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface CourseTable {
  id: Generated<string>;
  code: string;
  title: string;
  kind: CourseKind;
  model_id: string | null;
  description: Generated<string>;
  ce_hours: Numeric;
  live_days: number | null;
  pass_mark: number | null;
  retake_wait_days: number | null;
  min_degree: 'bachelor' | 'master' | 'doctorate' | null;
  license_required: 'any' | 'permanent' | null;
  prerequisite_course_ids: ColumnType<string[], string[] | undefined, string[]>;
  active: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface PathwayTable {
  id: Generated<string>;
  code: string;
  name: string;
  description: Generated<string>;
  model_id: string;
  validity_months: number | null;
  grace_days: Generated<number>;
  requirements: Json<unknown>;
  renewal_requirements: Json<unknown>;
  auto_issue: Generated<boolean>;
  status: ColumnType<'draft' | 'active' | 'retired', 'draft' | 'active' | 'retired' | undefined>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface ClinicianQualificationTable {
  user_id: string;
  degree_level: DegreeLevel;
  license_status: LicenseStatus;
  license_state: string | null;
  attested_at: Timestamp;
  verified_by: string | null;
  verified_at: NullableTimestamp;
  updated_at: DefaultTimestamp;
}

export interface CohortTable {
  id: Generated<string>;
  title: string;
  kind: 'course' | 'collaborative';
  course_id: string | null;
  pathway_id: string | null;
  model_id: string | null;
  modality: 'in_person' | 'virtual' | 'hybrid';
  states: ColumnType<string[], string[] | undefined, string[]>;
  seats: number;
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string, string, string>;
  status: ColumnType<
    'open' | 'closed' | 'completed' | 'cancelled',
    'open' | 'closed' | 'completed' | 'cancelled' | undefined
  >;
  created_by: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface CohortTrainerTable {
  cohort_id: string;
  user_id: string;
}

export interface EnrollmentTable {
  id: Generated<string>;
  cohort_id: string;
  user_id: string;
  center_id: string;
  status: EnrollmentStatus;
  waitlisted_at: NullableTimestamp;
  enrolled_at: NullableTimestamp;
  withdrawn_at: NullableTimestamp;
  withdraw_reason: string | null;
  completed_at: NullableTimestamp;
  enrolled_by: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface CohortEventTable {
  id: Generated<string>;
  cohort_id: string;
  kind: CohortEventKind;
  title: string;
  starts_at: Timestamp;
  duration_minutes: number;
  created_at: DefaultTimestamp;
}

export interface AttendanceTable {
  event_id: string;
  enrollment_id: string;
  user_id: string;
  center_id: string;
  status: AttendanceStatus;
  minutes_attended: Generated<number>;
  recorded_by: string | null;
  recorded_at: DefaultTimestamp;
}

export interface TestAttemptTable {
  id: Generated<string>;
  course_id: string;
  user_id: string;
  center_id: string;
  score: Numeric;
  pass_mark: number;
  passed: boolean;
  taken_at: Timestamp;
  recorded_by: string | null;
  created_at: DefaultTimestamp;
}

export interface CourseCompletionTable {
  id: Generated<string>;
  course_id: string;
  user_id: string;
  center_id: string;
  completed_on: ColumnType<string, string, string>;
  ce_hours: Numeric;
  source: 'record' | 'import' | 'cohort';
  recorded_by: string | null;
  created_at: DefaultTimestamp;
}

export interface PathwayEnrollmentTable {
  id: Generated<string>;
  pathway_id: string;
  user_id: string;
  center_id: string;
  started_on: ColumnType<string, string, string>;
  status: ColumnType<'active' | 'withdrawn', 'active' | 'withdrawn' | undefined>;
  withdrawn_at: NullableTimestamp;
  withdraw_reason: string | null;
  created_at: DefaultTimestamp;
}

export type DischargeReason = 'completed' | 'dropped_out' | 'transferred' | 'other';

export interface EpisodeTable {
  id: Generated<string>;
  center_id: string;
  clinician_id: string;
  case_code: string;
  age_years: number;
  caregiver_involved: Generated<boolean>;
  model_id: string;
  pathway_id: string | null;
  referred_on: DateOnly;
  /** First session; null while the child waits. */
  started_on: DateOnly;
  ended_on: DateOnly;
  discharge_reason: DischargeReason | null;
  gender: Gender | null;
  race_ethnicity: RaceEthnicity[] | null;
  pathway_enrollment_id: string | null;
  created_by: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  /** Sessions recorded; kept by database triggers, never written by the application. */
  session_count: Generated<number>;
  /** Instrument code -> end minus baseline total; kept by database triggers (see the migration). */
  outcome_changes: Generated<Record<string, number | string>>;
}

export type Gender = 'female' | 'male' | 'another' | 'not_recorded';
export type RaceEthnicity =
  | 'american_indian_alaska_native'
  | 'asian'
  | 'black_african_american'
  | 'hispanic_latino'
  | 'middle_eastern_north_african'
  | 'native_hawaiian_pacific_islander'
  | 'white';
export type MeasurePhase = 'baseline' | 'mid_treatment' | 'end' | 'follow_up';
export type Respondent = 'youth' | 'caregiver' | 'clinician';
export type SessionParticipant = 'child' | 'caregiver' | 'conjoint';

export interface EpisodeSessionTable {
  id: Generated<string>;
  episode_id: string;
  center_id: string;
  held_on: ColumnType<string, string, string>;
  minutes: number;
  participants: SessionParticipant[];
  components: ColumnType<string[], string[] | undefined, string[]>;
  telehealth: Generated<boolean>;
  created_by: string | null;
  created_at: DefaultTimestamp;
}

export type AlertKind = 'self_harm' | 'not_on_track';
export type AlertAction =
  | 'safety_plan'
  | 'contacted_caregiver'
  | 'emergency_referral'
  | 'reviewed_in_session'
  | 'reviewed_in_consultation'
  | 'plan_adjusted'
  | 'other';

export interface CareAlertTable {
  id: Generated<string>;
  kind: AlertKind;
  center_id: string;
  episode_id: string;
  clinician_id: string;
  administration_id: string | null;
  instrument: string;
  raised_at: DefaultTimestamp;
  acknowledged_at: NullableTimestamp;
  acknowledged_by: string | null;
  action: AlertAction | null;
}

export interface FormLinkTable {
  id: Generated<string>;
  token_hash: string;
  episode_id: string;
  center_id: string;
  instrument: string;
  respondent: 'youth' | 'caregiver';
  phase: MeasurePhase;
  language: 'en' | 'es';
  created_by: string;
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  administration_id: string | null;
}

export interface CenterInstrumentTable {
  center_id: string;
  instrument: string;
  enabled_by: string;
  enabled_at: DefaultTimestamp;
}

export interface MeasureAdministrationTable {
  id: Generated<string>;
  episode_id: string;
  center_id: string;
  instrument: string;
  phase: MeasurePhase;
  respondent: Respondent;
  administered_on: ColumnType<string, string, string>;
  total_score: Numeric;
  item_responses: ColumnType<Record<string, number | null> | null, string | null | undefined, string | null>;
  subscales: ColumnType<
    { code: string; score: number | null }[] | null,
    string | null | undefined,
    string | null
  >;
  band: string | null;
  prorated: Generated<boolean>;
  source: ColumnType<'clinician' | 'form' | 'import', 'clinician' | 'form' | 'import' | undefined>;
  language: 'en' | 'es' | null;
  administered_by: string | null;
  created_at: DefaultTimestamp;
}

export interface SigningKeyTable {
  kid: string;
  algorithm: Generated<string>;
  public_jwk: Json<Record<string, unknown>>;
  private_key_enc: string;
  created_at: DefaultTimestamp;
  retired_at: NullableTimestamp;
}

export interface CredentialTable {
  id: Generated<string>;
  number: string;
  user_id: string;
  center_id: string;
  pathway_id: string;
  recipient_name: string;
  issued_at: DefaultTimestamp;
  valid_from: ColumnType<string, string, string>;
  expires_on: DateOnly;
  revoked_at: NullableTimestamp;
  revoked_by: string | null;
  revoke_reason: string | null;
  replaces_id: string | null;
  kid: string;
  vc_jwt: string;
  issued_by: string | null;
}

/** Demand a center reported for a month (where it does not record episodes in Waymark). */
export interface AccessMonthTable {
  center_id: string;
  /** First day of the month, YYYY-MM-01. */
  month: ColumnType<string, string, string>;
  referred: number;
  started: number;
  waiting_end: number;
  referred_out: number | null;
  never_served: number | null;
  /** numeric(6, 1): a string as read. */
  median_wait_days: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  source: 'form' | 'import';
  updated_by: string | null;
  updated_at: DefaultTimestamp;
}

export interface ClinicianCapacityTable {
  user_id: string;
  center_id: string;
  /** numeric(3, 2): a string as read. */
  treatment_fte: ColumnType<string, string | number, string | number>;
  typical_caseload: number | null;
  started_on: DateOnly;
  left_on: DateOnly;
  updated_by: string | null;
  updated_at: DefaultTimestamp;
}

export interface CenterAccessParametersTable {
  center_id: string;
  parameters: Json<Record<string, number>>;
  updated_by: string | null;
  updated_at: DefaultTimestamp;
}

/** Kept by triggers on episode; never written by the application. */
export interface CenterMonthFlowTable {
  center_id: string;
  month: ColumnType<string, string, string>;
  referred: number;
  started: number;
  started_referred: number;
}

export interface AccessPlanTable {
  id: Generated<string>;
  name: string;
  input: Json<unknown>;
  result: Json<unknown>;
  created_by: string;
  created_at: DefaultTimestamp;
}

export interface CredentialReminderTable {
  credential_id: string;
  days_before: number;
  queued_at: DefaultTimestamp;
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
  training_model: TrainingModelTable;
  course: CourseTable;
  pathway: PathwayTable;
  clinician_qualification: ClinicianQualificationTable;
  cohort: CohortTable;
  cohort_trainer: CohortTrainerTable;
  enrollment: EnrollmentTable;
  cohort_event: CohortEventTable;
  attendance: AttendanceTable;
  test_attempt: TestAttemptTable;
  course_completion: CourseCompletionTable;
  pathway_enrollment: PathwayEnrollmentTable;
  episode: EpisodeTable;
  measure_administration: MeasureAdministrationTable;
  episode_session: EpisodeSessionTable;
  care_alert: CareAlertTable;
  form_link: FormLinkTable;
  center_instrument: CenterInstrumentTable;
  signing_key: SigningKeyTable;
  credential: CredentialTable;
  credential_reminder: CredentialReminderTable;
  access_month: AccessMonthTable;
  clinician_capacity: ClinicianCapacityTable;
  center_access_parameters: CenterAccessParametersTable;
  access_plan: AccessPlanTable;
  center_month_flow: CenterMonthFlowTable;
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
