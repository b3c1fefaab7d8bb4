/**
 * The shape of an instrument definition. Definitions are data: the files next to this one hold
 * one object each, checked against `ZInstrumentDefinition` when the module loads, and the scoring
 * engine, the forms, the outcome analytics and the FHIR export all read them the same way.
 */
import { z } from 'zod';

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Text in each language the instrument ships in. English is always present. */
export const ZText = z.strictObject({ en: z.string().min(1), es: z.string().min(1).optional() });
export type Text = z.infer<typeof ZText>;

export const ZResponseOption = z.strictObject({ value: z.number().int(), label: ZText });

export const ZResponseSet = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  options: z.array(ZResponseOption).min(2),
});

export const ZItem = z.strictObject({
  /** Stable identifier used in responses, e.g. "q9". */
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  /** Number as printed on the paper form. */
  number: z.number().int().positive(),
  /** The section the item belongs to (e.g. CATS: "events", "symptoms", "impairment"). */
  section: z.string().regex(/^[a-z][a-z0-9_]*$/),
  text: ZText,
  responseSet: z.string(),
  /** Counted in the total (CATS trauma-event and impairment items are asked but not summed). */
  scored: z.boolean(),
  /** A critical item: an answer in `values` raises the alert `alert` at once. */
  critical: z
    .strictObject({ values: z.array(z.number().int()).min(1), alert: z.literal('self_harm') })
    .optional(),
});

export const ZBand = z.strictObject({
  /** Inclusive bounds on the total. */
  min: z.number(),
  max: z.number(),
  code: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: ZText,
  /** 0 = none/minimal, rising with severity; lets charts colour bands the same way. */
  severity: z.number().int().min(0).max(4),
});

export const ZInstrumentDefinition = z.strictObject({
  /** Upper-case code used in paths and stored rows, e.g. "CATS-SR", "PHQ-A". */
  code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,19}$/),
  /** Groups age/respondent versions of one instrument ("CATS"). */
  family: z.string().min(1),
  name: ZText,
  /** What it measures, in plain words. */
  construct: z.enum(['posttraumatic_stress', 'depression', 'trauma_symptoms']),
  respondent: z.enum(['youth', 'caregiver', 'clinician']),
  /** Age of the child the version is for, in years, inclusive. */
  ageRange: z.strictObject({ min: z.number().int().min(0), max: z.number().int().max(21) }),
  /** "items": full item text shipped and scored from responses; "total_only": a center enters the total. */
  kind: z.enum(['items', 'total_only']),
  languages: z.array(z.enum(LANGUAGES)).min(1),
  /** Instructions shown above the items (items instruments only). */
  instructions: ZText.optional(),
  /** The period the questions ask about, in plain words (e.g. "the last two weeks"). */
  recall: ZText.optional(),
  responseSets: z.array(ZResponseSet),
  items: z.array(ZItem),
  scoring: z.strictObject({
    /** Inclusive range of the total. */
    min: z.number(),
    max: z.number(),
    /** Higher totals mean more symptoms for every shipped instrument. */
    direction: z.literal('higher_is_worse'),
    /** Missing scored items that may be prorated (total = mean of answered x number of scored items, rounded). More missing: not scorable. */
    maxMissingProrated: z.number().int().min(0),
    subscales: z.array(
      z.strictObject({
        code: z.string().regex(/^[a-z][a-z0-9_]*$/),
        name: ZText,
        items: z.array(z.string()).min(1),
      }),
    ),
  }),
  /** Severity bands, covering [scoring.min, scoring.max] without gaps or overlaps. */
  bands: z.array(ZBand).min(1),
  /** A total at or above this is in the clinical range (used for clinically significant improvement). */
  clinicalCutoff: z.number(),
  /**
   * Cut-offs the literature supports when sources disagree (CATS 3-6: 15 or 16); a network picks
   * one with the setting `care.cutoffs`. The default is `clinicalCutoff`.
   */
  cutoffOptions: z.array(z.number()).optional(),
  /** Where the cut-off comes from, and whether sources disagree. */
  cutoffSource: z.string().min(1),
  /** For the reliable change index (Jacobson and Truax): SD of the total at intake and reliability. */
  reliableChange: z.strictObject({
    sd: z.number().positive(),
    reliability: z.number().gt(0).lt(1),
    source: z.string().min(1),
  }),
  /** Who owns it and whether it is free to use; shown in the catalog. */
  licence: z.string().min(1),
  /** The publication(s) the definition follows. */
  references: z.array(z.string().min(1)).min(1),
  /** Licensed instruments are off until a center enables them. */
  requiresEnablement: z.boolean(),
});

export type InstrumentDefinition = z.infer<typeof ZInstrumentDefinition>;
export type InstrumentItem = z.infer<typeof ZItem>;
export type Band = z.infer<typeof ZBand>;

/** Responses keyed by item id; null or absent means not answered. */
export type ItemResponses = Record<string, number | null>;

export interface ScoreFlag {
  code: 'self_harm';
  item: string;
  value: number;
}

export interface ScoreResult {
  instrument: string;
  total: number;
  /** True when missing items were prorated. */
  prorated: boolean;
  answered: number;
  missing: string[];
  subscales: { code: string; score: number | null }[];
  band: { code: string; severity: number; label: Text };
  /** Total at or above the clinical cut-off. */
  clinical: boolean;
  flags: ScoreFlag[];
}

/** A problem with one item's response, for a 400 that names it. */
export interface ItemProblem {
  path: string;
  message: string;
}
