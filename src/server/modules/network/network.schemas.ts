/**
 * Request and response shapes of the network API: centers, chapters, imports and the summary.
 */
import { z } from 'zod';
import { ZUuid } from '../../../shared/schemas.js';

export { ZUuid };
import { MEMBER_TYPES, US_STATES } from '../../../shared/roles.js';

export const ZState = z
  .string()
  .trim()
  .toUpperCase()
  .refine((s) => s in US_STATES, 'must be a two-letter US state or territory code, e.g. TX');
export const ZMemberType = z.enum(MEMBER_TYPES);
const ZDate = z.iso.date('must be a date in the form YYYY-MM-DD');
/** Names as people type them: inner runs of spaces count as one (as in the CSV import). */
const collapse = (s: string) => s.replace(/\s+/g, ' ');

export const ZCenter = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string(),
  county: z.string(),
  zip3: z.string(),
  memberType: ZMemberType,
  accreditedOn: z.string().nullable(),
  accreditationExpiresOn: z.string().nullable(),
  chapterId: z.string().nullable(),
  chapterName: z.string().nullable(),
  active: z.boolean(),
  updatedAt: z.string(),
});
export type TCenter = z.infer<typeof ZCenter>;

export const ZCenterDetail = ZCenter.extend({
  /** Active staff, for the center's own people and network administrators; null otherwise. */
  staffCount: z.number().nullable(),
  createdAt: z.string(),
});
export type TCenterDetail = z.infer<typeof ZCenterDetail>;

export const ZCenterListQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  state: ZState.optional(),
  memberType: ZMemberType.optional(),
  chapterId: ZUuid.optional(),
  status: z.enum(['active', 'inactive', 'all']).default('active'),
  accreditation: z.enum(['expiring', 'expired', 'current', 'none']).optional(),
  sort: z.enum(['name', 'state', 'accreditationExpiresOn', 'updatedAt']).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type TCenterListQuery = z.infer<typeof ZCenterListQuery>;

const centerFields = {
  name: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(200, 'must be at most 200 characters')
    .transform(collapse),
  state: ZState,
  county: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(100, 'must be at most 100 characters')
    .transform(collapse),
  zip3: z
    .string()
    .trim()
    .regex(/^\d{3}$/, 'must be the first 3 digits of the ZIP code'),
  memberType: ZMemberType,
  accreditedOn: ZDate.nullable().optional(),
  accreditationExpiresOn: ZDate.nullable().optional(),
  chapterId: ZUuid.nullable().optional(),
  active: z.boolean().optional(),
};

function datesInOrder(v: {
  accreditedOn?: string | null | undefined;
  accreditationExpiresOn?: string | null | undefined;
}) {
  return !v.accreditedOn || !v.accreditationExpiresOn || v.accreditationExpiresOn > v.accreditedOn;
}
const DATE_ORDER = { message: 'must be after the accreditation date', path: ['accreditationExpiresOn'] };

export const ZCreateCenterRequest = z.strictObject(centerFields).refine(datesInOrder, DATE_ORDER);
export type TCreateCenterRequest = z.input<typeof ZCreateCenterRequest>;

export const ZUpdateCenterRequest = z
  .strictObject({
    name: centerFields.name.optional(),
    state: centerFields.state.optional(),
    county: centerFields.county.optional(),
    zip3: centerFields.zip3.optional(),
    memberType: centerFields.memberType.optional(),
    accreditedOn: centerFields.accreditedOn,
    accreditationExpiresOn: centerFields.accreditationExpiresOn,
    chapterId: centerFields.chapterId,
    active: centerFields.active,
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' })
  .refine(datesInOrder, DATE_ORDER);
export type TUpdateCenterRequest = z.input<typeof ZUpdateCenterRequest>;

export const ZChapter = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string(),
  centerCount: z.number(),
});
export type TChapter = z.infer<typeof ZChapter>;

export const ZCreateChapterRequest = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(200, 'must be at most 200 characters')
    .transform(collapse),
  state: ZState,
});
export const ZUpdateChapterRequest = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1, 'is required')
      .max(200, 'must be at most 200 characters')
      .transform(collapse)
      .optional(),
    state: ZState.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });

export const ZImportRejection = z.object({
  line: z.number(),
  field: z.string().nullable(),
  message: z.string(),
});

export const ZImportReport = z.object({
  id: z.string().nullable(),
  kind: z.string(),
  filename: z.string().nullable(),
  dryRun: z.boolean(),
  status: z.enum(['completed', 'rejected', 'failed']),
  totalRows: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
  rejections: z.array(ZImportRejection),
  warnings: z.array(z.string()),
  chaptersCreated: z.array(z.string()),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type TImportReport = z.infer<typeof ZImportReport>;

export const ZImportQuery = z.strictObject({
  dryRun: z.enum(['true', 'false']).default('false'),
  strict: z.enum(['true', 'false']).default('false'),
  filename: z.string().trim().max(200).optional(),
});

export const ZImportBatch = ZImportReport.omit({ warnings: true, chaptersCreated: true }).extend({
  actorName: z.string().nullable(),
  source: z.enum(['cli', 'upload']),
});
export type TImportBatch = z.infer<typeof ZImportBatch>;

export const ZNetworkSummary = z.object({
  centers: z.object({
    total: z.number(),
    active: z.number(),
    states: z.number(),
    byMemberType: z.array(z.object({ memberType: ZMemberType, count: z.number() })),
    byState: z.array(z.object({ state: z.string(), count: z.number() })),
    accreditationExpiringWithinYear: z.number(),
    accreditationExpired: z.number(),
  }),
  chapters: z.number(),
  /** Active people by role; network administrators only (null for others). */
  people: z
    .object({
      byRole: z.array(z.object({ role: z.string(), count: z.number() })),
      withoutMfa: z.number(),
      pendingInvitations: z.number(),
    })
    .nullable(),
});
export type TNetworkSummary = z.infer<typeof ZNetworkSummary>;
