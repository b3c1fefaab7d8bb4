/**
 * Shapes of the care import API (episodes, sessions and administrations from CSV): the kinds, their
 * canonical columns, the query of an upload and the report it answers with. Also imported by the
 * web app, so this file holds data and Zod schemas only.
 */
import { z } from 'zod';

export const CARE_IMPORT_KINDS = ['episodes', 'sessions', 'administrations'] as const;
export type CareImportKind = (typeof CARE_IMPORT_KINDS)[number];

/** The canonical columns of each kind, in template order. */
export const CARE_IMPORT_COLUMNS = {
  episodes: [
    'center',
    'case_code',
    'clinician_email',
    'age_years',
    'gender',
    'race_ethnicity',
    'caregiver_involved',
    'model_code',
    'referred_on',
    'first_session_on',
    'discharged_on',
    'discharge_reason',
  ],
  sessions: ['center', 'case_code', 'held_on', 'minutes', 'participants', 'components', 'telehealth'],
  administrations: ['center', 'case_code', 'instrument', 'phase', 'respondent', 'administered_on', 'total'],
} as const satisfies Record<CareImportKind, readonly string[]>;

export type CareImportField = (typeof CARE_IMPORT_COLUMNS)[CareImportKind][number];

/** Columns a file must have (`center` too, unless the importer directs exactly one center). */
export const CARE_IMPORT_REQUIRED = {
  episodes: ['center', 'case_code', 'clinician_email', 'age_years', 'model_code', 'referred_on'],
  sessions: ['center', 'case_code', 'held_on', 'minutes', 'participants'],
  administrations: ['center', 'case_code', 'instrument', 'phase', 'administered_on', 'total'],
} as const satisfies Record<CareImportKind, readonly CareImportField[]>;

export const ZCareImportKind = z.enum(CARE_IMPORT_KINDS, 'must be episodes, sessions or administrations');

export const ZCareImportQuery = z.strictObject({
  kind: ZCareImportKind,
  /** The center of a file without a center column (or with empty center cells). */
  centerId: z.uuid('must be an identifier (UUID)').optional(),
  dryRun: z.enum(['true', 'false'], 'must be true or false').default('false'),
  filename: z.string().trim().max(200, 'must be at most 200 characters').optional(),
  /** "Source Header=target_field", repeatable; wins over the built-in header names. */
  map: z
    .union([
      z.string().max(300, 'must be at most 300 characters'),
      z.array(z.string().max(300, 'must be at most 300 characters')).max(50, 'must name at most 50 columns'),
    ])
    .optional(),
});
export type TCareImportQuery = z.infer<typeof ZCareImportQuery>;

export const ZCareImportProblem = z.object({
  line: z.number(),
  field: z.string().nullable(),
  message: z.string(),
});
export type TCareImportProblem = z.infer<typeof ZCareImportProblem>;

export const ZCareImportColumn = z.object({
  /** The header as written in the file. */
  source: z.string(),
  /** The field it feeds, or null when it is ignored. */
  field: z.string().nullable(),
  /** canonical: the field's own name; alias: a known alternative; mapping: the caller's mapping. */
  how: z.enum(['canonical', 'alias', 'mapping', 'ignored']),
});
export type TCareImportColumn = z.infer<typeof ZCareImportColumn>;

export const ZCareImportReport = z.object({
  id: z.string().nullable(),
  kind: ZCareImportKind,
  filename: z.string().nullable(),
  dryRun: z.boolean(),
  /** completed: written (or would be, on a dry run); rejected: nothing written because rows were rejected; failed: stopped part-way. */
  status: z.enum(['completed', 'rejected', 'failed']),
  totalRows: z.number(),
  accepted: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
  /** Problems by line and field; at most the first 10,000 (see problemsTruncated). */
  rejections: z.array(ZCareImportProblem),
  problemsTruncated: z.boolean(),
  columns: z.array(ZCareImportColumn),
  unmapped: z.array(z.string()),
  warnings: z.array(z.string()),
  chunks: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type TCareImportReport = z.infer<typeof ZCareImportReport>;
