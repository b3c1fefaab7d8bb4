/**
 * Response and request shapes, inferred from the server's schemas (types only: nothing of the
 * server is bundled into the web app).
 */
import type { z } from 'zod';
import type {
  ZAuditVerification,
  ZInvitationPreview,
  ZMfaEnrolmentResponse,
  ZMfaStatus,
  ZNetworkSettings,
  ZRecoveryCodesResponse,
} from '../../server/modules/identity/identity.schemas';
import type {
  ZPathwayEnrollment,
  ZPathwayProgress,
  ZRequirementProgress,
  ZRosterRow,
  ZSigningKey,
} from '../../server/modules/credentials/credentials.schemas';
import type { CenterRole, Role } from '../../shared/roles';
import type { InstrumentDefinition } from '../../server/modules/care/instruments/types';

export type {
  TAuditEvent,
  TInvitation,
  TLoginResponse,
  TMeResponse,
  TMembership,
  TOutboxMessage,
  TSession,
  TStaffMember,
  TUserDetail,
  TUserSummary,
} from '../../server/modules/identity/identity.schemas';
export type {
  TCenter,
  TCenterDetail,
  TChapter,
  TCreateCenterRequest,
  TImportBatch,
  TImportReport,
  TNetworkSummary,
  TUpdateCenterRequest,
} from '../../server/modules/network/network.schemas';
export type { TPartnerOrganization } from '../../server/modules/partners/partners.schemas';
export type {
  TClinicianProgress,
  TCreatePathwayRequest,
  TCredential,
  TPathway,
  TPathwayProgress,
  TPublicCredential,
  TRoster,
  TUpdatePathwayRequest,
} from '../../server/modules/credentials/credentials.schemas';

// Care: episodes, sessions, measures, outcomes, alerts and family form links.
export type {
  Administration as TAdministration,
  Alert as TAlert,
  CreateAdministrationRequest as TCreateAdministrationRequest,
  CreateEpisodeRequest as TCreateEpisodeRequest,
  CreateSessionRequest as TCreateSessionRequest,
  Episode as TEpisode,
  EpisodeOutcome as TEpisodeOutcome,
  FormLink as TFormLink,
  InstrumentSummary as TInstrumentSummary,
  IssuedFormLink as TIssuedFormLink,
  OutcomeSummaryRow as TOutcomeSummaryRow,
  PublicForm as TPublicForm,
  ScoreResult as TScoreResult,
  SeriesOutcome as TSeriesOutcome,
  Session as TCareSession,
  UpdateEpisodeRequest as TUpdateEpisodeRequest,
} from '../../server/modules/care/care.schemas';
export type TInstrumentDefinition = InstrumentDefinition;

export type TMfaStatus = z.infer<typeof ZMfaStatus>;
export type TMfaEnrolment = z.infer<typeof ZMfaEnrolmentResponse>;
export type TRecoveryCodes = z.infer<typeof ZRecoveryCodesResponse>;
export type TNetworkSettings = z.infer<typeof ZNetworkSettings>;
export type TAuditVerification = z.infer<typeof ZAuditVerification>;
export type TInvitationPreview = z.infer<typeof ZInvitationPreview>;

// Pathways, progress and credentials.
export type TRequirementProgress = z.infer<typeof ZRequirementProgress>;
export type TRosterRow = z.infer<typeof ZRosterRow>;
export type TSigningKey = z.infer<typeof ZSigningKey>;
export type TPathwayEnrollment = z.infer<typeof ZPathwayEnrollment>;
/** The credential as progress reports it (no signed token). */
export type TCredentialSummary = NonNullable<z.infer<typeof ZPathwayProgress>['credential']>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type { CenterRole, Role };
