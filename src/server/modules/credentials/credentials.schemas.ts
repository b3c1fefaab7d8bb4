/**
 * Request and response shapes of the credentials API: pathways, progress, issued credentials,
 * public verification and signing keys.
 */
import { z } from 'zod';
import {
  PATHWAY_STATES,
  REQUIREMENT_STATES,
  RISK_CODES,
  ZRequirementList,
} from '../../../shared/pathways.js';
import { ZUuid } from '../../../shared/schemas.js';

const ZCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, 'must be 2-40 capital letters, digits and dashes, e.g. TFCBT-NATIONAL');

export const ZPathway = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  modelId: z.string(),
  modelCode: z.string(),
  validityMonths: z.number().nullable(),
  graceDays: z.number(),
  requirements: ZRequirementList,
  renewalRequirements: ZRequirementList,
  autoIssue: z.boolean(),
  status: z.enum(['draft', 'active', 'retired']),
  activeEnrollments: z.number(),
  updatedAt: z.string(),
});
export type TPathway = z.infer<typeof ZPathway>;

const pathwayFields = {
  name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  description: z.string().trim().max(4000, 'must be at most 4000 characters'),
  modelId: ZUuid,
  validityMonths: z.number().int().min(1, 'must be at least 1').max(240, 'must be at most 240').nullable(),
  graceDays: z.number().int().min(0, 'must not be negative').max(730, 'must be at most 730'),
  requirements: ZRequirementList.refine((l) => l.length > 0, 'must have at least one requirement'),
  renewalRequirements: ZRequirementList,
  autoIssue: z.boolean(),
  status: z.enum(['draft', 'active', 'retired']),
};

export const ZCreatePathwayRequest = z.strictObject({
  code: ZCode,
  ...pathwayFields,
  description: pathwayFields.description.default(''),
  graceDays: pathwayFields.graceDays.default(0),
  renewalRequirements: pathwayFields.renewalRequirements.default([]),
  autoIssue: pathwayFields.autoIssue.default(false),
  status: pathwayFields.status.default('active'),
});
export type TCreatePathwayRequest = z.infer<typeof ZCreatePathwayRequest>;

export const ZUpdatePathwayRequest = z.strictObject(pathwayFields).partial();
export type TUpdatePathwayRequest = z.infer<typeof ZUpdatePathwayRequest>;

export const ZPathwayEnrollRequest = z.strictObject({
  userId: ZUuid,
  /** Needed only when the clinician works at several centers. */
  centerId: ZUuid.optional(),
  startedOn: z.iso.date('must be a date in the form YYYY-MM-DD').optional(),
});
export const ZWithdrawRequest = z.strictObject({
  reason: z.string().trim().min(1, 'is required').max(300, 'must be at most 300 characters').optional(),
});

export const ZPathwayEnrollment = z.object({
  id: z.string(),
  pathwayId: z.string(),
  userId: z.string(),
  centerId: z.string(),
  startedOn: z.string(),
  status: z.enum(['active', 'withdrawn']),
  withdrawnAt: z.string().nullable(),
});

// Progress -----------------------------------------------------------------------------------

const ZEvidence = z.object({
  kind: z.enum(['event', 'case', 'course', 'test', 'qualification', 'ce']),
  id: z.string().nullable(),
  date: z.string().nullable(),
  label: z.string(),
  counted: z.boolean(),
  reason: z.string().nullable(),
});

export const ZRequirementProgress = z.object({
  id: z.string(),
  kind: z.string(),
  label: z.string(),
  state: z.enum(REQUIREMENT_STATES),
  current: z.number(),
  target: z.number(),
  unit: z.string(),
  summary: z.string(),
  deadline: z.string().nullable(),
  nextStep: z.string().nullable(),
  evidence: z.array(ZEvidence),
});

const ZRisk = z.object({ code: z.enum(RISK_CODES), message: z.string() });
const ZNextStep = z
  .object({ requirementId: z.string().nullable(), text: z.string(), deadline: z.string().nullable() })
  .nullable();
const ZCredentialSummary = z
  .object({
    id: z.string(),
    number: z.string(),
    validFrom: z.string(),
    expiresOn: z.string().nullable(),
    status: z.enum(['active', 'expired', 'revoked']),
    revokeReason: z.string().nullable(),
  })
  .nullable();

export const ZPathwayProgress = z.object({
  pathwayId: z.string(),
  pathwayCode: z.string(),
  pathwayName: z.string(),
  state: z.enum(PATHWAY_STATES),
  enrolledOn: z.string().nullable(),
  /** Named by a treatment episode that counts as a training case on this pathway. */
  enrollmentId: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  requirements: z.array(ZRequirementProgress),
  met: z.number(),
  total: z.number(),
  percent: z.number(),
  nextStep: ZNextStep,
  credential: ZCredentialSummary,
  renewal: z
    .object({ dueOn: z.string().nullable(), requirements: z.array(ZRequirementProgress), met: z.boolean() })
    .nullable(),
  risks: z.array(ZRisk),
});
export type TPathwayProgress = z.infer<typeof ZPathwayProgress>;

export const ZClinicianProgress = z.object({
  clinician: z.object({ id: z.string(), displayName: z.string(), centerNames: z.array(z.string()) }),
  asOf: z.string(),
  pathways: z.array(ZPathwayProgress),
});
export type TClinicianProgress = z.infer<typeof ZClinicianProgress>;

export const ZProgressQuery = z.strictObject({
  centerId: ZUuid.optional(),
  pathwayId: ZUuid.optional(),
  cohortId: ZUuid.optional(),
  state: z.enum(PATHWAY_STATES).optional(),
  atRisk: z.enum(['true', 'false']).optional(),
});
export type TProgressQuery = z.infer<typeof ZProgressQuery>;

export const ZRosterRow = z.object({
  clinician: z.object({
    id: z.string(),
    displayName: z.string(),
    centerId: z.string(),
    centerName: z.string(),
  }),
  pathways: z.array(
    z.object({
      pathwayId: z.string(),
      pathwayCode: z.string(),
      state: z.enum(PATHWAY_STATES),
      met: z.number(),
      total: z.number(),
      percent: z.number(),
      nextStep: ZNextStep,
      credential: ZCredentialSummary,
      risks: z.array(ZRisk),
    }),
  ),
});
export const ZRoster = z.object({
  asOf: z.string(),
  pathways: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
  items: z.array(ZRosterRow),
  clinicians: z.number(),
  /** Time spent loading facts and evaluating every clinician, in milliseconds. */
  computeMs: z.number(),
});
export type TRoster = z.infer<typeof ZRoster>;

// Credentials --------------------------------------------------------------------------------

export const ZCredential = z.object({
  id: z.string(),
  number: z.string(),
  userId: z.string(),
  recipientName: z.string(),
  centerId: z.string(),
  centerName: z.string(),
  pathwayId: z.string(),
  pathwayCode: z.string(),
  pathwayName: z.string(),
  issuedAt: z.string(),
  validFrom: z.string(),
  expiresOn: z.string().nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
  replacesId: z.string().nullable(),
  replacedById: z.string().nullable(),
  verifyUrl: z.string(),
  kid: z.string(),
  vcJwt: z.string(),
});
export type TCredential = z.infer<typeof ZCredential>;

export const ZCredentialListQuery = z.strictObject({
  userId: ZUuid.optional(),
  centerId: ZUuid.optional(),
  pathwayId: ZUuid.optional(),
  status: z.enum(['active', 'expired', 'revoked', 'expiring']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export type TCredentialListQuery = z.infer<typeof ZCredentialListQuery>;

export const ZIssueRequest = z.strictObject({ userId: ZUuid, pathwayId: ZUuid });
export const ZRevokeRequest = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(3, 'must be at least 3 characters')
    .max(300, 'must be at most 300 characters'),
});

export const ZPublicCredential = z.object({
  id: z.string(),
  number: z.string(),
  recipientName: z.string(),
  pathwayName: z.string(),
  modelName: z.string(),
  issuerName: z.string(),
  issuedOn: z.string(),
  validFrom: z.string(),
  expiresOn: z.string().nullable(),
  status: z.enum(['valid', 'expired', 'revoked']),
  revokedOn: z.string().nullable(),
  revokeReason: z.string().nullable(),
  replacedBy: z.object({ id: z.string(), number: z.string() }).nullable(),
  signature: z.object({ valid: z.boolean(), kid: z.string(), message: z.string() }),
  vcJwt: z.string(),
});
export type TPublicCredential = z.infer<typeof ZPublicCredential>;

export const ZSigningKey = z.object({
  kid: z.string(),
  createdAt: z.string(),
  retiredAt: z.string().nullable(),
  active: z.boolean(),
  credentialsSigned: z.number(),
});
