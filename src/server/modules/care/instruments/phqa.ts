/**
 * The PHQ-A: the PHQ-9 depression scale modified for adolescents (Johnson et al. 2002), ages 11-17.
 * Nine items score 0-3 over the last two weeks; the total is 0-27 with the usual PHQ-9 bands at 5,
 * 10, 15 and 20.
 *
 * Item 9 asks about thoughts of being better off dead or of self-harm: any answer above "not at all"
 * raises a self-harm alert for immediate clinician follow-up. The form's supplementary questions are
 * asked but not summed; the two about suicidal thoughts in the past month and a suicide attempt ever
 * raise the same alert on "yes".
 *
 * Missing items (DOMAIN.md): the total is prorated when 1 or 2 of the 9 scored items are unanswered;
 * with 3 or more it is not scored.
 *
 * The English wording follows the published form. The Spanish wording adapts the publisher's Spanish
 * PHQ-9 to the adolescent items in the informal "tú"; before it is used with families it must be
 * checked against a published Spanish PHQ-A and replaced where they differ.
 */
import type { InstrumentDefinition, InstrumentItem } from './types.js';

type Pair = readonly [en: string, es: string];

const SYMPTOMS: readonly Pair[] = [
  [
    'Feeling down, depressed, irritable, or hopeless?',
    '¿Sentirte desanimado/a, deprimido/a, irritable o sin esperanza?',
  ],
  ['Little interest or pleasure in doing things?', '¿Poco interés o placer en hacer las cosas?'],
  [
    'Trouble falling asleep, staying asleep, or sleeping too much?',
    '¿Dificultad para quedarte dormido/a o seguir durmiendo, o dormir demasiado?',
  ],
  ['Poor appetite, weight loss, or overeating?', '¿Poco apetito, pérdida de peso o comer en exceso?'],
  ['Feeling tired, or having little energy?', '¿Sentirte cansado/a o con poca energía?'],
  [
    'Feeling bad about yourself - or feeling that you are a failure, or that you have let yourself or your family down?',
    '¿Sentirte mal contigo mismo/a, o sentir que eres un fracaso o que les has fallado a ti mismo/a o a tu familia?',
  ],
  [
    'Trouble concentrating on things like school work, reading, or watching TV?',
    '¿Dificultad para concentrarte en cosas como las tareas de la escuela, leer o ver la televisión?',
  ],
  [
    'Moving or speaking so slowly that other people could have noticed? Or the opposite - being so fidgety or restless that you were moving around a lot more than usual?',
    '¿Moverte o hablar tan despacio que otras personas podrían haberlo notado? ¿O lo contrario: estar tan inquieto/a que te movías mucho más de lo normal?',
  ],
  [
    'Thoughts that you would be better off dead, or of hurting yourself in some way?',
    '¿Pensamientos de que estarías mejor muerto/a, o de hacerte daño de alguna manera?',
  ],
];

const symptomItems: InstrumentItem[] = SYMPTOMS.map(([en, es], i) => ({
  id: `q${i + 1}`,
  number: i + 1,
  section: 'symptoms',
  text: { en, es },
  responseSet: 'frequency',
  scored: true,
}));
// Any answer above "not at all" on item 9 is flagged: DOMAIN.md asks for every non-zero answer.
symptomItems[8] = { ...symptomItems[8]!, critical: { values: [1, 2, 3], alert: 'self_harm' } };

const supplementaryItems: InstrumentItem[] = [
  {
    id: 'past_year_depressed',
    number: 10,
    section: 'supplementary',
    text: {
      en: 'In the past year have you felt depressed or sad most days, even if you felt okay sometimes?',
      es: 'En el último año, ¿te has sentido deprimido/a o triste la mayoría de los días, aunque a veces te sintieras bien?',
    },
    responseSet: 'yes_no',
    scored: false,
  },
  {
    id: 'difficulty',
    number: 11,
    section: 'supplementary',
    text: {
      en: 'If you are experiencing any of the problems on this form, how difficult have these problems made it for you to do your work, take care of things at home or get along with other people?',
      es: 'Si tienes alguno de los problemas de este cuestionario, ¿qué tan difícil te han hecho estos problemas hacer tu trabajo, ocuparte de las cosas en casa o llevarte bien con otras personas?',
    },
    responseSet: 'difficulty',
    scored: false,
  },
  {
    id: 'past_month_suicidal_thoughts',
    number: 12,
    section: 'supplementary',
    text: {
      en: 'Has there been a time in the past month when you have had serious thoughts about ending your life?',
      es: '¿Ha habido algún momento en el último mes en que hayas pensado en serio en quitarte la vida?',
    },
    responseSet: 'yes_no',
    scored: false,
    critical: { values: [1], alert: 'self_harm' },
  },
  {
    id: 'lifetime_suicide_attempt',
    number: 13,
    section: 'supplementary',
    text: {
      en: 'Have you EVER, in your WHOLE LIFE, tried to kill yourself or made a suicide attempt?',
      es: '¿ALGUNA VEZ, en TODA TU VIDA, has tratado de matarte o has hecho un intento de suicidio?',
    },
    responseSet: 'yes_no',
    scored: false,
    critical: { values: [1], alert: 'self_harm' },
  },
];

export const PHQ_A: InstrumentDefinition = {
  code: 'PHQ-A',
  family: 'PHQ',
  name: {
    en: 'Patient Health Questionnaire modified for adolescents (PHQ-A)',
    es: 'Cuestionario de Salud del Paciente modificado para adolescentes (PHQ-A)',
  },
  construct: 'depression',
  respondent: 'youth',
  ageRange: { min: 11, max: 17 },
  kind: 'items',
  languages: ['en', 'es'],
  instructions: {
    en: 'How often have you been bothered by each of the following symptoms during the past two weeks? For each symptom, mark the answer that best describes how you have been feeling.',
    es: 'Durante las últimas dos semanas, ¿con qué frecuencia te ha molestado cada uno de los siguientes problemas? Para cada uno, marca la respuesta que mejor describa cómo te has sentido.',
  },
  recall: { en: 'the past two weeks', es: 'las últimas dos semanas' },
  responseSets: [
    {
      id: 'frequency',
      options: [
        { value: 0, label: { en: 'Not at all', es: 'Ningún día' } },
        { value: 1, label: { en: 'Several days', es: 'Varios días' } },
        { value: 2, label: { en: 'More than half the days', es: 'Más de la mitad de los días' } },
        { value: 3, label: { en: 'Nearly every day', es: 'Casi todos los días' } },
      ],
    },
    {
      id: 'yes_no',
      options: [
        { value: 1, label: { en: 'Yes', es: 'Sí' } },
        { value: 0, label: { en: 'No', es: 'No' } },
      ],
    },
    {
      id: 'difficulty',
      options: [
        { value: 0, label: { en: 'Not difficult at all', es: 'Nada difícil' } },
        { value: 1, label: { en: 'Somewhat difficult', es: 'Algo difícil' } },
        { value: 2, label: { en: 'Very difficult', es: 'Muy difícil' } },
        { value: 3, label: { en: 'Extremely difficult', es: 'Extremadamente difícil' } },
      ],
    },
  ],
  items: [...symptomItems, ...supplementaryItems],
  scoring: { min: 0, max: 27, direction: 'higher_is_worse', maxMissingProrated: 2, subscales: [] },
  bands: [
    {
      min: 0,
      max: 4,
      code: 'none_minimal',
      label: { en: 'None or minimal', es: 'Ninguna o mínima' },
      severity: 0,
    },
    { min: 5, max: 9, code: 'mild', label: { en: 'Mild', es: 'Leve' }, severity: 1 },
    { min: 10, max: 14, code: 'moderate', label: { en: 'Moderate', es: 'Moderada' }, severity: 2 },
    {
      min: 15,
      max: 19,
      code: 'moderately_severe',
      label: { en: 'Moderately severe', es: 'Moderadamente grave' },
      severity: 3,
    },
    { min: 20, max: 27, code: 'severe', label: { en: 'Severe', es: 'Grave' }, severity: 4 },
  ],
  clinicalCutoff: 10,
  cutoffSource:
    'Bands 5/10/15/20 and the cut-off of 10 (moderate depression) are the PHQ-9 severity thresholds of Kroenke et al. 2001. In adolescents, Richardson et al. 2010 found 11 or more best for detecting major depression (sensitivity about 89%, specificity about 78%); 10 is kept so the bands and the cut-off agree.',
  reliableChange: {
    sd: 6,
    reliability: 0.86,
    source:
      'Estimate, to be checked against the publications. Internal consistency of the PHQ-9 is about .89 in adults (Kroenke et al. 2001) and reported around .86-.89 in adolescent samples; .86, the lower end, is taken. SD 6 is our estimate of the spread of the 0-27 total in clinically referred adolescents, not a figure quoted from Johnson et al. 2002 or Richardson et al. 2010.',
  },
  licence:
    'Free to use: the PHQ family was developed by Drs Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues with an educational grant from Pfizer Inc.; no permission is required to reproduce, translate, display or distribute it. The adolescent modification is by J. Johnson (2002).',
  references: [
    'Johnson JG, Harris ES, Spitzer RL, Williams JBW. The Patient Health Questionnaire for Adolescents: validation of an instrument for the assessment of mental disorders among adolescent primary care patients. Journal of Adolescent Health 2002;30(3):196-204.',
    'Richardson LP, McCauley E, Grossman DC, McCarty CA, Richards J, Russo JE, Rockhill C, Katon W. Evaluation of the Patient Health Questionnaire-9 Item for detecting major depression among adolescents. Pediatrics 2010;126(6):1117-1123.',
    'Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. Journal of General Internal Medicine 2001;16(9):606-613.',
  ],
  requiresEnablement: false,
};

export const PHQ_DEFINITIONS: readonly InstrumentDefinition[] = [PHQ_A];
