/**
 * The Short Mood and Feelings Questionnaire (SMFQ; Angold et al. 1995), a 13-item depression
 * screen with a child self-report and a parent report for ages 6-17. Items score 0-2 (not true,
 * sometimes, true); the total is their sum, 0-26, with no subscales.
 *
 * The authors prescribe no cut point. Research widely uses 12 or more as a sign of possible
 * depression, so the two bands are "below 12" and "12 or more", and their labels say that the
 * threshold is a research convention rather than the authors' rule.
 *
 * Missing items: up to 2 of the 13 are prorated (about 15%, close to the 1-2 of 9 the PHQ-A allows);
 * with more missing the form is not scored, because each item is a seventh of the way from one band
 * to the other.
 *
 * The English wording follows the published forms. The Spanish wording is our rendering; before it is
 * used with families it must be checked against a published Spanish SMFQ and replaced where they
 * differ.
 */
import type { InstrumentDefinition, InstrumentItem, Text } from './types.js';

type Pair = readonly [en: string, es: string];

function itemsOf(texts: readonly Pair[]): InstrumentItem[] {
  return texts.map(([en, es], i) => ({
    id: `q${i + 1}`,
    number: i + 1,
    section: 'mood',
    text: { en, es },
    responseSet: 'truth',
    scored: true,
  }));
}

const RESPONSE_SETS: InstrumentDefinition['responseSets'] = [
  {
    id: 'truth',
    options: [
      { value: 0, label: { en: 'Not true', es: 'No es cierto' } },
      { value: 1, label: { en: 'Sometimes', es: 'A veces' } },
      { value: 2, label: { en: 'True', es: 'Cierto' } },
    ],
  },
];

const ITEMS_CHILD: readonly Pair[] = [
  ['I felt miserable or unhappy.', 'Me sentí triste o infeliz.'],
  ["I didn't enjoy anything at all.", 'No disfruté nada en absoluto.'],
  [
    'I felt so tired I just sat around and did nothing.',
    'Me sentí tan cansado/a que me quedaba sentado/a sin hacer nada.',
  ],
  ['I was very restless.', 'Estuve muy inquieto/a.'],
  ['I felt I was no good any more.', 'Sentí que ya no valía para nada.'],
  ['I cried a lot.', 'Lloré mucho.'],
  ['I found it hard to think properly or concentrate.', 'Me costó pensar con claridad o concentrarme.'],
  ['I hated myself.', 'Me odié a mí mismo/a.'],
  ['I was a bad person.', 'Fui una mala persona.'],
  ['I felt lonely.', 'Me sentí solo/a.'],
  ['I thought nobody really loved me.', 'Pensé que nadie me quería de verdad.'],
  [
    'I thought I could never be as good as other kids.',
    'Pensé que nunca podría ser tan bueno/a como otros chicos y chicas.',
  ],
  ['I did everything wrong.', 'Hice todo mal.'],
];

const ITEMS_PARENT: readonly Pair[] = [
  ['My child felt miserable or unhappy.', 'Mi hijo/a se sintió triste o infeliz.'],
  ["My child didn't enjoy anything at all.", 'Mi hijo/a no disfrutó nada en absoluto.'],
  [
    'My child felt so tired that he/she just sat around and did nothing.',
    'Mi hijo/a se sintió tan cansado/a que se quedaba sentado/a sin hacer nada.',
  ],
  ['My child was very restless.', 'Mi hijo/a estuvo muy inquieto/a.'],
  ['My child felt he/she was no good any more.', 'Mi hijo/a sintió que ya no valía para nada.'],
  ['My child cried a lot.', 'Mi hijo/a lloró mucho.'],
  [
    'My child found it hard to think properly or concentrate.',
    'A mi hijo/a le costó pensar con claridad o concentrarse.',
  ],
  ['My child hated himself/herself.', 'Mi hijo/a se odió a sí mismo/a.'],
  ['My child felt he/she was a bad person.', 'Mi hijo/a sintió que era una mala persona.'],
  ['My child felt lonely.', 'Mi hijo/a se sintió solo/a.'],
  ['My child thought nobody really loved him/her.', 'Mi hijo/a pensó que nadie lo/la quería de verdad.'],
  [
    'My child thought he/she could never be as good as other kids.',
    'Mi hijo/a pensó que nunca podría ser tan bueno/a como otros chicos y chicas.',
  ],
  ['My child felt he/she did everything wrong.', 'Mi hijo/a sintió que hacía todo mal.'],
];

const RECALL: Text = { en: 'the last two weeks', es: 'las últimas dos semanas' };

const BANDS: InstrumentDefinition['bands'] = [
  {
    min: 0,
    max: 11,
    code: 'below_cutoff',
    label: {
      en: 'Below 12, the cut-off widely used in research (the authors set no cut point)',
      es: 'Por debajo de 12, el punto de corte muy usado en investigación (los autores no fijan ninguno)',
    },
    severity: 0,
  },
  {
    min: 12,
    max: 26,
    code: 'elevated',
    label: {
      en: '12 or more: possible depression by the cut-off widely used in research (the authors set no cut point)',
      es: '12 o más: posible depresión según el punto de corte muy usado en investigación (los autores no fijan ninguno)',
    },
    severity: 2,
  },
];

const CUTOFF_SOURCE =
  'The authors (Angold et al. 1995) prescribe no cut point. 12 or more is widely used in research as a sign of possible depression (for example Turner et al. 2014 in late adolescence); to be checked against those publications before it is cited further.';

const LICENCE =
  'Free to use for clinical and research purposes without charge; copyright Adrian Angold and Elizabeth J. Costello (Duke University Center for Developmental Epidemiology).';

const REFERENCES = [
  'Angold A, Costello EJ, Messer SC, Pickles A, Winder F, Silver D. The development of a short questionnaire for use in epidemiological studies of depression in children and adolescents. International Journal of Methods in Psychiatric Research 1995;5:237-249.',
  'Turner N, Joinson C, Peters TJ, Wiles N, Lewis G. Validity of the Short Mood and Feelings Questionnaire in late adolescence. Psychological Assessment 2014;26(3):752-762.',
];

export const SMFQ_C: InstrumentDefinition = {
  code: 'SMFQ-C',
  family: 'SMFQ',
  name: {
    en: 'Short Mood and Feelings Questionnaire, child self-report',
    es: 'Cuestionario Breve de Estado de Ánimo y Sentimientos (SMFQ), autoinforme',
  },
  construct: 'depression',
  respondent: 'youth',
  ageRange: { min: 6, max: 17 },
  kind: 'items',
  languages: ['en', 'es'],
  instructions: {
    en: 'This form is about how you might have been feeling or acting recently. For each sentence, mark how much you have felt or acted this way in the last two weeks. If a sentence was true about you most of the time, mark TRUE. If it was only sometimes true, mark SOMETIMES. If a sentence was not true about you, mark NOT TRUE.',
    es: 'Este cuestionario trata de cómo te has sentido o comportado últimamente. Para cada frase, marca cuánto te has sentido o comportado así en las últimas dos semanas. Si una frase fue cierta para ti la mayor parte del tiempo, marca CIERTO. Si solo fue cierta a veces, marca A VECES. Si no fue cierta para ti, marca NO ES CIERTO.',
  },
  recall: RECALL,
  responseSets: RESPONSE_SETS,
  items: itemsOf(ITEMS_CHILD),
  scoring: { min: 0, max: 26, direction: 'higher_is_worse', maxMissingProrated: 2, subscales: [] },
  bands: BANDS,
  clinicalCutoff: 12,
  cutoffSource: CUTOFF_SOURCE,
  reliableChange: {
    sd: 6,
    reliability: 0.85,
    source:
      'Estimate, to be checked against the publication. Angold et al. 1995 report internal consistency of about .85 for the child SMFQ (later studies .85-.90); .85 is taken. SD 6 is our estimate of the spread of the 0-26 total in clinically referred youth, not a figure quoted from the paper.',
  },
  licence: LICENCE,
  references: REFERENCES,
  requiresEnablement: false,
};

export const SMFQ_P: InstrumentDefinition = {
  code: 'SMFQ-P',
  family: 'SMFQ',
  name: {
    en: 'Short Mood and Feelings Questionnaire, parent report',
    es: 'Cuestionario Breve de Estado de Ánimo y Sentimientos (SMFQ), informe de los padres',
  },
  construct: 'depression',
  respondent: 'caregiver',
  ageRange: { min: 6, max: 17 },
  kind: 'items',
  languages: ['en', 'es'],
  instructions: {
    en: 'This form is about how your child might have been feeling or acting recently. For each sentence, mark how much your child has felt or acted this way in the last two weeks. If a sentence was true about your child most of the time, mark TRUE. If it was only sometimes true, mark SOMETIMES. If a sentence was not true about your child, mark NOT TRUE.',
    es: 'Este cuestionario trata de cómo su hijo/a se ha sentido o comportado últimamente. Para cada frase, marque cuánto se ha sentido o comportado así en las últimas dos semanas. Si una frase fue cierta para su hijo/a la mayor parte del tiempo, marque CIERTO. Si solo fue cierta a veces, marque A VECES. Si no fue cierta para su hijo/a, marque NO ES CIERTO.',
  },
  recall: RECALL,
  responseSets: RESPONSE_SETS,
  items: itemsOf(ITEMS_PARENT),
  scoring: { min: 0, max: 26, direction: 'higher_is_worse', maxMissingProrated: 2, subscales: [] },
  bands: BANDS,
  clinicalCutoff: 12,
  cutoffSource: CUTOFF_SOURCE,
  reliableChange: {
    sd: 6,
    reliability: 0.87,
    source:
      'Estimate, to be checked against the publication. Angold et al. 1995 report internal consistency of about .87 for the parent SMFQ; .87 is taken. SD 6 is our estimate of the spread of the 0-26 total in clinically referred youth, not a figure quoted from the paper.',
  },
  licence: LICENCE,
  references: REFERENCES,
  requiresEnablement: false,
};

export const SMFQ_DEFINITIONS: readonly InstrumentDefinition[] = [SMFQ_C, SMFQ_P];
