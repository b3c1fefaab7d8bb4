/**
 * Licensed instruments Waymark supports without shipping their items: a center that holds the right
 * to use one scores it with the owner's materials and enters the total. Both are off until a center
 * enables them (`requiresEnablement`), and neither carries item text, response sets or Spanish text.
 */
import type { InstrumentDefinition } from './types.js';

/** Child PTSD Symptom Scale for DSM-5: 20 symptom items scored 0-4, total 0-80. */
export const CPSS_5: InstrumentDefinition = {
  code: 'CPSS-5',
  family: 'CPSS',
  name: { en: 'Child PTSD Symptom Scale for DSM-5 (CPSS-5), total score' },
  construct: 'posttraumatic_stress',
  respondent: 'youth',
  ageRange: { min: 8, max: 17 },
  kind: 'total_only',
  languages: ['en'],
  responseSets: [],
  items: [],
  scoring: { min: 0, max: 80, direction: 'higher_is_worse', maxMissingProrated: 0, subscales: [] },
  bands: [
    { min: 0, max: 30, code: 'below_cutoff', label: { en: 'Below the PTSD cut-off' }, severity: 0 },
    { min: 31, max: 80, code: 'probable_ptsd', label: { en: 'Probable PTSD' }, severity: 3 },
  ],
  clinicalCutoff: 31,
  cutoffSource:
    'A total of 31 or more suggests probable PTSD (Foa et al. 2018, as adopted in DOMAIN.md). To be checked against the publication, which also reports cut-offs for the interview version.',
  reliableChange: {
    sd: 18,
    reliability: 0.9,
    source:
      'Estimate, to be checked against the publication. Foa et al. 2018 report internal consistency of about .89-.92 for the CPSS-5; .90 is taken, below the top of that range, so reliable change is not claimed too easily. SD 18 is our estimate of the spread of the 0-80 total in trauma-exposed clinical samples, not a figure quoted from the paper.',
  },
  licence:
    'Copyrighted (Edna B. Foa and colleagues, University of Pennsylvania). Item text is not shipped; a center enables the scale after confirming it may use it, and enters the total.',
  references: [
    'Foa EB, Asnaani A, Zang Y, Capaldi S, Yeh R. Psychometrics of the Child PTSD Symptom Scale for DSM-5 for trauma-exposed children and adolescents. Journal of Clinical Child and Adolescent Psychology 2018;47(1):38-46.',
  ],
  requiresEnablement: true,
};

/** Trauma Symptom Checklist for Children, posttraumatic stress scale, entered as a T-score. */
export const TSCC_PTS: InstrumentDefinition = {
  code: 'TSCC-PTS',
  family: 'TSCC',
  name: { en: 'Trauma Symptom Checklist for Children (TSCC), posttraumatic stress scale T-score' },
  construct: 'posttraumatic_stress',
  respondent: 'youth',
  ageRange: { min: 8, max: 16 },
  kind: 'total_only',
  languages: ['en'],
  responseSets: [],
  items: [],
  scoring: { min: 30, max: 110, direction: 'higher_is_worse', maxMissingProrated: 0, subscales: [] },
  bands: [
    { min: 30, max: 59, code: 'typical', label: { en: 'Typical range' }, severity: 0 },
    { min: 60, max: 64, code: 'subclinical', label: { en: 'Subclinical (problematic)' }, severity: 1 },
    { min: 65, max: 110, code: 'clinical', label: { en: 'Clinical range' }, severity: 3 },
  ],
  clinicalCutoff: 65,
  cutoffSource:
    'T-score 65 or more is clinically significant and 60-64 subclinical, per the TSCC professional manual (Briere 1996).',
  reliableChange: {
    sd: 10,
    reliability: 0.87,
    source:
      'SD 10 because T-scores have a standard deviation of 10 by construction. Internal consistency of the posttraumatic stress scale is .87 in the normative sample (Briere 1996 manual); to be checked against the manual in use.',
  },
  licence:
    'Commercial (Psychological Assessment Resources, PAR). Item text is not shipped; a center enables the scale after confirming its licence, scores it with the publisher materials and enters the T-score.',
  references: [
    'Briere J. Trauma Symptom Checklist for Children (TSCC) Professional Manual. Odessa, FL: Psychological Assessment Resources; 1996.',
  ],
  requiresEnablement: true,
};

export const LICENSED_DEFINITIONS: readonly InstrumentDefinition[] = [CPSS_5, TSCC_PTS];
