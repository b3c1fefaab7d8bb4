/**
 * Request and response shapes of the identity API. Request bodies are strict: unknown fields are
 * refused with a 400 that names them. The web app imports these types.
 */
import { z } from 'zod';
import { ZUuid } from '../../../shared/schemas.js';

export { ZUuid };
import { ROLES } from '../../../shared/roles.js';

export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be an e-mail address'));

/** Only length is checked here; the policy (common passwords, context) is applied by the service. */
export const ZNewPassword = z.string().max(1000, 'is too long');
export const ZRole = z.enum(ROLES);
export const ZDisplayName = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(200, 'must be at most 200 characters');

export const ZLoginRequest = z.strictObject({
  email: z.string().trim().toLowerCase().min(1, 'is required').max(254, 'must be at most 254 characters'),
  password: z.string().min(1, 'is required').max(1000, 'is too long'),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZMembership = z.object({
  id: z.string(),
  role: ZRole,
  centerId: z.string().nullable(),
  centerName: z.string().nullable(),
  partnerId: z.string().nullable(),
  partnerName: z.string().nullable(),
});
export type TMembership = z.infer<typeof ZMembership>;

export const ZMfaState = z.enum(['not_required', 'pending', 'verified', 'enrolment_required']);

export const ZMeResponse = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    locale: z.enum(['en', 'es']),
    mfaEnabled: z.boolean(),
  }),
  memberships: z.array(ZMembership),
  session: z.object({
    mfaState: ZMfaState,
    expiresAt: z.string(),
    idleTimeoutMinutes: z.number(),
  }),
  csrfToken: z.string(),
  network: z.object({ mfaRequired: z.boolean(), demo: z.boolean() }),
});
export type TMeResponse = z.infer<typeof ZMeResponse>;

export const ZLoginResponse = z.object({
  mfaState: ZMfaState,
  csrfToken: z.string(),
});
export type TLoginResponse = z.infer<typeof ZLoginResponse>;

export const ZUpdateMeRequest = z
  .strictObject({
    displayName: ZDisplayName.optional(),
    locale: z.enum(['en', 'es']).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });

export const ZChangePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1, 'is required').max(1000),
  newPassword: ZNewPassword,
});

export const ZPasswordResetRequest = z.strictObject({ email: ZEmail });
export const ZPasswordResetCompleteRequest = z.strictObject({
  token: z.string().min(20, 'is not a valid link').max(200, 'is not a valid link'),
  newPassword: ZNewPassword,
});

export const ZSession = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export type TSession = z.infer<typeof ZSession>;

// MFA ----------------------------------------------------------------------------------------

export const ZTotpCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'must be the 6-digit code from your authenticator app');

export const ZMfaEnrolmentResponse = z.object({
  otpauthUri: z.string(),
  secret: z.string(),
  qrSvg: z.string(),
});
export const ZMfaConfirmRequest = z.strictObject({ code: ZTotpCode });
export const ZRecoveryCodesResponse = z.object({ recoveryCodes: z.array(z.string()), csrfToken: z.string() });
export const ZMfaVerifyRequest = z.union([
  z.strictObject({ code: ZTotpCode }),
  z.strictObject({
    recoveryCode: z
      .string()
      .trim()
      .regex(
        /^[A-Za-z2-7]{4}-?[A-Za-z2-7]{4}-?[A-Za-z2-7]{4}-?[A-Za-z2-7]{4}$/,
        'must be a recovery code like ABCD-EFGH-JKLM-NPQR',
      ),
  }),
]);
export const ZMfaDisableRequest = z.strictObject({ password: z.string().min(1, 'is required').max(1000) });
export const ZMfaStatus = z.object({
  enabled: z.boolean(),
  enabledAt: z.string().nullable(),
  recoveryCodesLeft: z.number(),
  requiredForYou: z.boolean(),
});

// Users --------------------------------------------------------------------------------------

export const ZUserSummary = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  status: z.enum(['active', 'deactivated']),
  mfaEnabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  roles: z.array(ZMembership),
});
export type TUserSummary = z.infer<typeof ZUserSummary>;

export const ZUserListQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  role: ZRole.optional(),
  centerId: ZUuid.optional(),
  status: z.enum(['active', 'deactivated']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZPage = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });

export const ZUserDetail = ZUserSummary.extend({
  membershipHistory: z.array(ZMembership.extend({ createdAt: z.string(), endedAt: z.string().nullable() })),
});
export type TUserDetail = z.infer<typeof ZUserDetail>;

export const ZUpdateUserRequest = z.strictObject({
  status: z.enum(['active', 'deactivated']),
});

export const ZAddMembershipRequest = z.strictObject({
  role: ZRole,
  centerId: ZUuid.nullable().optional(),
  partnerId: ZUuid.nullable().optional(),
});

/** A person's role at a center, as shown on the center's staff list. */
export const ZStaffMember = z.object({
  membershipId: z.string(),
  userId: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: ZRole,
  status: z.enum(['active', 'deactivated']),
  /** For the center's managers only (null for colleagues). */
  mfaEnabled: z.boolean().nullable(),
  /** For the center's managers only (null for colleagues). */
  lastLoginAt: z.string().nullable(),
  since: z.string(),
  endedAt: z.string().nullable(),
});
export type TStaffMember = z.infer<typeof ZStaffMember>;

// Invitations --------------------------------------------------------------------------------

export const ZInvitationStatus = z.enum(['pending', 'accepted', 'expired', 'revoked']);

export const ZInvitation = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string().nullable(),
  role: ZRole,
  centerId: z.string().nullable(),
  centerName: z.string().nullable(),
  partnerId: z.string().nullable(),
  partnerName: z.string().nullable(),
  status: ZInvitationStatus,
  invitedBy: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  /** Whether the message is held in the outbox (no SMTP configured) rather than sent. */
  delivery: z.enum(['held', 'pending', 'sent', 'failed', 'none']),
});
export type TInvitation = z.infer<typeof ZInvitation>;

export const ZCreateInvitationRequest = z.strictObject({
  email: ZEmail,
  displayName: ZDisplayName.optional(),
  role: ZRole,
  centerId: ZUuid.nullable().optional(),
  partnerId: ZUuid.nullable().optional(),
});
export type TCreateInvitationRequest = z.input<typeof ZCreateInvitationRequest>;

export const ZInvitationListQuery = z.strictObject({
  centerId: ZUuid.optional(),
  status: ZInvitationStatus.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZInvitationPreviewRequest = z.strictObject({
  token: z.string().min(20, 'is not a valid invitation link').max(200, 'is not a valid invitation link'),
});
export const ZInvitationPreview = z.object({
  email: z.string(),
  displayName: z.string().nullable(),
  role: ZRole,
  centerName: z.string().nullable(),
  partnerName: z.string().nullable(),
  expiresAt: z.string(),
  accountExists: z.boolean(),
});
export const ZAcceptInvitationRequest = z.strictObject({
  token: z.string().min(20, 'is not a valid invitation link').max(200, 'is not a valid invitation link'),
  displayName: ZDisplayName.optional(),
  password: z.string().min(1, 'is required').max(1000, 'is too long'),
});

// Outbox, settings, audit ----------------------------------------------------------------------

export const ZOutboxMessage = z.object({
  id: z.string(),
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  bodyText: z.string(),
  centerId: z.string().nullable(),
  status: z.enum(['pending', 'held', 'sending', 'sent', 'failed', 'cancelled']),
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type TOutboxMessage = z.infer<typeof ZOutboxMessage>;
export const ZOutboxListQuery = z.strictObject({
  status: z.enum(['pending', 'held', 'sending', 'sent', 'failed', 'cancelled']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZNetworkSettings = z.object({
  mfaRequired: z.boolean(),
  demo: z.boolean(),
  smtpConfigured: z.boolean(),
  sessionIdleMinutes: z.number(),
  sessionMaxHours: z.number(),
});
export const ZUpdateNetworkSettingsRequest = z.strictObject({ mfaRequired: z.boolean() });

export const ZAuditEvent = z.object({
  seq: z.number(),
  occurredAt: z.string(),
  actorUserId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorKind: z.enum(['user', 'anonymous', 'system']),
  ip: z.string().nullable(),
  action: z.string(),
  outcome: z.enum(['success', 'failure']),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  centerId: z.string().nullable(),
  centerName: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type TAuditEvent = z.infer<typeof ZAuditEvent>;

const ZDateTimeParam = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-11-22T09:00:00Z' })
  .or(z.iso.date('must be a date, e.g. 2026-11-22'));

export const ZAuditListQuery = z.strictObject({
  actorUserId: ZUuid.optional(),
  action: z.string().trim().max(100).optional(),
  outcome: z.enum(['success', 'failure']).optional(),
  centerId: ZUuid.optional(),
  targetId: z.string().trim().max(100).optional(),
  from: ZDateTimeParam.optional(),
  to: ZDateTimeParam.optional(),
  /** Keyset pagination: events with seq below this. */
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const ZAuditPage = z.object({ items: z.array(ZAuditEvent), nextBefore: z.number().nullable() });

export const ZAuditVerification = z.object({
  ok: z.boolean(),
  checked: z.number(),
  head: z.object({ seq: z.number(), hash: z.string() }).nullable(),
  broken: z.object({ seq: z.number(), reason: z.string() }).nullable(),
});
