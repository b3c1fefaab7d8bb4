/**
 * The Child and Adolescent Trauma Screen (CATS; Sachser et al. 2017), free to use: a self-report
 * for youth 7-17 and two caregiver reports (7-17 and 3-6). Each has three sections on paper, each
 * numbered from 1: 15 yes/no potentially traumatic events (asked, not summed), the symptom items
 * scored 0-3 (the total) and yes/no impairment items (asked, not summed).
 *
 * Subscales follow the DSM-5 clusters the CATS items were written to. The 7-17 symptom items run in
 * DSM-5 criterion order: intrusion B1-B5 (items 1-5), avoidance C1-C2 (6-7), negative alterations in
 * cognitions and mood D1-D7 (8-14), arousal and reactivity E1-E6 (15-20). The 3-6 items follow the
 * DSM-5 criteria for children 6 and younger, where avoidance and negative cognitions form one
 * criterion C; we split it into its avoidance items (6-7) and its mood items (8-11) so the 3-6
 * subscales line up with the 7-17 ones, which is what charts compare.
 *
 * Missing items: the CATS scoring instructions, as far as we know, say nothing about prorating. We
 * prorate at most 2 of the 20 symptom items (10%) for 7-17 and at most 1 of the 16 (about 6%) for
 * 3-6: a conservative rule, because a single prorated item can move a total across a band edge that
 * is only 3 points wide (12-14) and a probable-PTSD call should rest on answers, not on estimates.
 *
 * The English wording follows the published forms. The Spanish wording is our rendering, kept close
 * to the English; before it is used with families it must be checked against the CATS consortium's
 * published Spanish version and replaced where they differ.
 */
import type { InstrumentDefinition, InstrumentItem, Text } from './types.js';

type Pair = readonly [en: string, es: string];

function itemsOf(
  section: string,
  prefix: string,
  responseSet: string,
  scored: boolean,
  texts: readonly Pair[],
): InstrumentItem[] {
  return texts.map(([en, es], i) => ({
    id: `${prefix}${i + 1}`,
    number: i + 1,
    section,
    text: { en, es },
    responseSet,
    scored,
  }));
}

const ids = (prefix: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

const RESPONSE_SETS: InstrumentDefinition['responseSets'] = [
  {
    id: 'yes_no',
    options: [
      { value: 1, label: { en: 'Yes', es: 'Sí' } },
      { value: 0, label: { en: 'No', es: 'No' } },
    ],
  },
  {
    id: 'frequency',
    options: [
      { value: 0, label: { en: 'Never', es: 'Nunca' } },
      { value: 1, label: { en: 'Once in a while', es: 'De vez en cuando' } },
      { value: 2, label: { en: 'Half the time', es: 'La mitad del tiempo' } },
      { value: 3, label: { en: 'Almost always', es: 'Casi siempre' } },
    ],
  },
];

const RECALL: Text = { en: 'the last two weeks', es: 'las últimas dos semanas' };

// Events -----------------------------------------------------------------------------------------

const EVENTS_SELF: readonly Pair[] = [
  [
    'Serious natural disaster like a flood, tornado, hurricane, earthquake, or fire.',
    'Un desastre natural grave, como una inundación, un tornado, un huracán, un terremoto o un incendio.',
  ],
  [
    'Serious accident or injury like a car/bike crash, dog bite, sports injury.',
    'Un accidente o una lesión grave, como un choque de auto o de bicicleta, una mordida de perro o una lesión deportiva.',
  ],
  ['Robbed by threat, force or weapon.', 'Que te roben con amenazas, por la fuerza o con un arma.'],
  [
    'Slapped, punched, or beat up in your family.',
    'Que te abofeteen, te den puñetazos o te den una paliza en tu familia.',
  ],
  [
    'Slapped, punched, or beat up by someone not in your family.',
    'Que alguien que no es de tu familia te abofetee, te dé puñetazos o te dé una paliza.',
  ],
  [
    'Seeing someone in your family get slapped, punched or beat up.',
    'Ver cómo abofetean, dan puñetazos o dan una paliza a alguien de tu familia.',
  ],
  [
    'Seeing someone in the community get slapped, punched or beat up.',
    'Ver cómo abofetean, dan puñetazos o dan una paliza a alguien de tu comunidad.',
  ],
  [
    "Someone older touching your private parts when they shouldn't.",
    'Que alguien mayor te toque tus partes íntimas cuando no debería.',
  ],
  [
    "Someone forcing or pressuring sex, or when you couldn't say no.",
    'Que alguien te obligue o te presione a tener relaciones sexuales, o cuando no podías decir que no.',
  ],
  [
    'Someone close to you dying suddenly or violently.',
    'Que alguien cercano a ti muera de forma repentina o violenta.',
  ],
  [
    'Attacked, stabbed, shot at or hurt badly.',
    'Que te ataquen, te apuñalen, te disparen o te lastimen gravemente.',
  ],
  [
    'Seeing someone attacked, stabbed, shot at, hurt badly or killed.',
    'Ver cómo atacan, apuñalan, disparan, lastiman gravemente o matan a alguien.',
  ],
  ['Stressful or scary medical procedure.', 'Un procedimiento médico estresante o que da miedo.'],
  ['Being around war.', 'Estar cerca de una guerra.'],
  ['Other stressful or scary event?', '¿Otro evento estresante o que da miedo?'],
];

const EVENTS_CAREGIVER: readonly Pair[] = [
  EVENTS_SELF[0]!,
  EVENTS_SELF[1]!,
  ['Robbed by threat, force or weapon.', 'Que le roben con amenazas, por la fuerza o con un arma.'],
  [
    'Slapped, punched, or beat up in the family.',
    'Que le abofeteen, le den puñetazos o le den una paliza en la familia.',
  ],
  [
    'Slapped, punched, or beat up by someone not in the family.',
    'Que alguien que no es de la familia le abofetee, le dé puñetazos o le dé una paliza.',
  ],
  [
    'Seeing someone in the family get slapped, punched or beat up.',
    'Ver cómo abofetean, dan puñetazos o dan una paliza a alguien de la familia.',
  ],
  [
    'Seeing someone in the community get slapped, punched or beat up.',
    'Ver cómo abofetean, dan puñetazos o dan una paliza a alguien de la comunidad.',
  ],
  [
    "Someone older touching his/her private parts when they shouldn't.",
    'Que alguien mayor le toque sus partes íntimas cuando no debería.',
  ],
  [
    "Someone forcing or pressuring sex, or when he/she couldn't say no.",
    'Que alguien le obligue o le presione a tener relaciones sexuales, o cuando no podía decir que no.',
  ],
  [
    'Someone close to the child dying suddenly or violently.',
    'Que alguien cercano al niño o a la niña muera de forma repentina o violenta.',
  ],
  [
    'Attacked, stabbed, shot at or hurt badly.',
    'Que le ataquen, le apuñalen, le disparen o le lastimen gravemente.',
  ],
  EVENTS_SELF[11]!,
  EVENTS_SELF[12]!,
  EVENTS_SELF[13]!,
  EVENTS_SELF[14]!,
];

// Symptoms ---------------------------------------------------------------------------------------

const SYMPTOMS_SELF: readonly Pair[] = [
  [
    'Upsetting thoughts or pictures about what happened that pop into your head.',
    'Pensamientos o imágenes molestas sobre lo que pasó que te vienen a la cabeza.',
  ],
  ['Bad dreams reminding you of what happened.', 'Pesadillas que te recuerdan lo que pasó.'],
  [
    'Feeling as if what happened is happening all over again.',
    'Sentir como si lo que pasó estuviera ocurriendo otra vez.',
  ],
  [
    'Feeling very upset when you are reminded of what happened.',
    'Sentirte muy mal cuando algo te recuerda lo que pasó.',
  ],
  [
    'Strong feelings in your body when you are reminded of what happened (sweating, heart beating fast, upset stomach).',
    'Reacciones fuertes en tu cuerpo cuando algo te recuerda lo que pasó (sudar, el corazón late rápido, dolor de estómago).',
  ],
  [
    'Trying not to think about or talk about what happened. Or to not have feelings about it.',
    'Tratar de no pensar ni hablar de lo que pasó, o de no tener sentimientos sobre eso.',
  ],
  [
    'Staying away from people, places, things, or situations that remind you of what happened.',
    'Alejarte de personas, lugares, cosas o situaciones que te recuerdan lo que pasó.',
  ],
  ['Not being able to remember part of what happened.', 'No poder recordar una parte de lo que pasó.'],
  [
    "Negative thoughts about yourself or others. Thoughts like I won't have a good life, no one can be trusted, the whole world is unsafe.",
    'Pensamientos negativos sobre ti o sobre los demás, como: no voy a tener una buena vida, no se puede confiar en nadie, el mundo entero es peligroso.',
  ],
  [
    "Blaming yourself for what happened, or blaming someone else when it isn't their fault.",
    'Culparte por lo que pasó, o culpar a otra persona cuando no es su culpa.',
  ],
  [
    'Bad feelings (afraid, angry, guilty, ashamed) a lot of the time.',
    'Sentimientos malos (miedo, enojo, culpa, vergüenza) gran parte del tiempo.',
  ],
  ['Not wanting to do things you used to do.', 'No querer hacer las cosas que antes hacías.'],
  ['Not feeling close to people.', 'No sentirte cerca de las personas.'],
  ['Not being able to have good or happy feelings.', 'No poder tener sentimientos buenos o de alegría.'],
  [
    'Feeling mad. Having fits of anger and taking it out on others.',
    'Sentirte enojado/a. Tener ataques de rabia y desquitarte con los demás.',
  ],
  ['Doing unsafe things.', 'Hacer cosas peligrosas.'],
  [
    'Being overly careful or on guard (checking to see who is around you).',
    'Estar demasiado alerta o en guardia (fijarte en quién está a tu alrededor).',
  ],
  ['Being jumpy.', 'Asustarte o sobresaltarte con facilidad.'],
  ['Problems with concentration.', 'Problemas para concentrarte.'],
  ['Trouble falling or staying asleep.', 'Problemas para quedarte dormido/a o para seguir durmiendo.'],
];

const SYMPTOMS_CAREGIVER_7_17: readonly Pair[] = [
  [
    'Upsetting thoughts or pictures about what happened that pop into his/her head.',
    'Pensamientos o imágenes molestas sobre lo que pasó que le vienen a la cabeza.',
  ],
  ['Bad dreams reminding him/her of what happened.', 'Pesadillas que le recuerdan lo que pasó.'],
  [
    'Feeling as if what happened is happening all over again.',
    'Sentir como si lo que pasó estuviera ocurriendo otra vez.',
  ],
  [
    'Feeling very upset when reminded of what happened.',
    'Sentirse muy mal cuando algo le recuerda lo que pasó.',
  ],
  [
    'Strong feelings in his/her body when reminded of what happened (sweating, heart beating fast, upset stomach).',
    'Reacciones fuertes en su cuerpo cuando algo le recuerda lo que pasó (sudar, el corazón late rápido, dolor de estómago).',
  ],
  [
    'Trying not to think about or talk about what happened. Or to not have feelings about it.',
    'Tratar de no pensar ni hablar de lo que pasó, o de no tener sentimientos sobre eso.',
  ],
  [
    'Staying away from people, places, things, or situations that remind him/her of what happened.',
    'Alejarse de personas, lugares, cosas o situaciones que le recuerdan lo que pasó.',
  ],
  ['Not being able to remember part of what happened.', 'No poder recordar una parte de lo que pasó.'],
  [
    "Negative thoughts about self or others. Thoughts like I won't have a good life, no one can be trusted, the whole world is unsafe.",
    'Pensamientos negativos sobre sí mismo/a o sobre los demás, como: no voy a tener una buena vida, no se puede confiar en nadie, el mundo entero es peligroso.',
  ],
  [
    "Blaming himself/herself for what happened, or blaming someone else when it isn't their fault.",
    'Culparse por lo que pasó, o culpar a otra persona cuando no es su culpa.',
  ],
  [
    'Bad feelings (afraid, angry, guilty, ashamed) a lot of the time.',
    'Sentimientos malos (miedo, enojo, culpa, vergüenza) gran parte del tiempo.',
  ],
  ['Not wanting to do things he/she used to do.', 'No querer hacer las cosas que antes hacía.'],
  ['Not feeling close to people.', 'No sentirse cerca de las personas.'],
  ['Not being able to have good or happy feelings.', 'No poder tener sentimientos buenos o de alegría.'],
  [
    'Feeling mad. Having fits of anger and taking it out on others.',
    'Sentirse enojado/a. Tener ataques de rabia y desquitarse con los demás.',
  ],
  ['Doing unsafe things.', 'Hacer cosas peligrosas.'],
  [
    'Being overly careful or on guard (checking to see who is around).',
    'Estar demasiado alerta o en guardia (fijarse en quién está alrededor).',
  ],
  ['Being jumpy.', 'Asustarse o sobresaltarse con facilidad.'],
  ['Problems with concentration.', 'Problemas para concentrarse.'],
  ['Trouble falling or staying asleep.', 'Problemas para quedarse dormido/a o para seguir durmiendo.'],
];

const SYMPTOMS_CAREGIVER_3_6: readonly Pair[] = [
  [
    'Upsetting thoughts or images about a stressful event. Or re-enacting a stressful event in play.',
    'Pensamientos o imágenes molestas sobre un evento estresante, o repetir un evento estresante en el juego.',
  ],
  ['Bad dreams related to a stressful event.', 'Pesadillas relacionadas con un evento estresante.'],
  [
    'Acting, playing or feeling as if a stressful event is happening right now.',
    'Actuar, jugar o sentirse como si un evento estresante estuviera pasando en este momento.',
  ],
  [
    'Feeling very emotionally upset when reminded of a stressful event.',
    'Alterarse mucho emocionalmente cuando algo le recuerda un evento estresante.',
  ],
  [
    'Strong physical reactions when reminded of a stressful event (sweating, heart beating fast).',
    'Reacciones fuertes en el cuerpo cuando algo le recuerda un evento estresante (sudar, el corazón late rápido).',
  ],
  [
    'Trying to avoid activities, places or physical reminders of a stressful event.',
    'Tratar de evitar actividades, lugares o cosas que le recuerdan un evento estresante.',
  ],
  [
    'Trying to avoid people, conversations or interpersonal reminders of a stressful event.',
    'Tratar de evitar personas, conversaciones o situaciones con otros que le recuerdan un evento estresante.',
  ],
  [
    'More frequent negative feelings (afraid, angry, guilty, ashamed, confused).',
    'Sentimientos negativos más frecuentes (miedo, enojo, culpa, vergüenza, confusión).',
  ],
  ['Less interest in activities, including play.', 'Menos interés en las actividades, incluido el juego.'],
  ['Acting socially withdrawn.', 'Apartarse de los demás.'],
  [
    'Fewer positive feelings (happy, excited, loving).',
    'Menos sentimientos positivos (alegría, entusiasmo, cariño).',
  ],
  [
    'Irritable behavior, angry outbursts or extreme temper tantrums.',
    'Irritabilidad, arranques de enojo o berrinches extremos.',
  ],
  ['Being overly alert or on guard.', 'Estar demasiado alerta o en guardia.'],
  ['Being jumpy or easily startled.', 'Asustarse o sobresaltarse con facilidad.'],
  ['Problems with concentration.', 'Problemas para concentrarse.'],
  ['Trouble falling or staying asleep.', 'Problemas para quedarse dormido/a o para seguir durmiendo.'],
];

// Impairment -------------------------------------------------------------------------------------

const IMPAIRMENT_7_17: readonly Pair[] = [
  ['Getting along with others', 'Llevarse bien con los demás'],
  ['Hobbies/Fun', 'Pasatiempos y diversión'],
  ['School or work', 'La escuela o el trabajo'],
  ['Family relationships', 'Las relaciones familiares'],
  ['General happiness', 'La felicidad en general'],
];

// The 3-6 form asks about the same five areas; school reads as preschool or daycare at that age.
const IMPAIRMENT_3_6: readonly Pair[] = [
  IMPAIRMENT_7_17[0]!,
  ['Hobbies/Fun (play)', 'Pasatiempos y diversión (el juego)'],
  ['Preschool or daycare', 'El preescolar o la guardería'],
  IMPAIRMENT_7_17[3]!,
  IMPAIRMENT_7_17[4]!,
];

// Shared facts -----------------------------------------------------------------------------------

const SUBSCALES_7_17: InstrumentDefinition['scoring']['subscales'] = [
  { code: 'intrusion', name: { en: 'Intrusion', es: 'Intrusión' }, items: ids('s', 1, 5) },
  { code: 'avoidance', name: { en: 'Avoidance', es: 'Evitación' }, items: ids('s', 6, 7) },
  {
    code: 'negative_cognition_mood',
    name: {
      en: 'Negative alterations in cognition and mood',
      es: 'Alteraciones negativas en el pensamiento y el estado de ánimo',
    },
    items: ids('s', 8, 14),
  },
  {
    code: 'arousal_reactivity',
    name: { en: 'Arousal and reactivity', es: 'Activación y reactividad' },
    items: ids('s', 15, 20),
  },
];

const SUBSCALES_3_6: InstrumentDefinition['scoring']['subscales'] = [
  { code: 'intrusion', name: { en: 'Intrusion', es: 'Intrusión' }, items: ids('s', 1, 5) },
  { code: 'avoidance', name: { en: 'Avoidance', es: 'Evitación' }, items: ids('s', 6, 7) },
  {
    code: 'negative_cognition_mood',
    name: {
      en: 'Negative alterations in cognition and mood',
      es: 'Alteraciones negativas en el pensamiento y el estado de ánimo',
    },
    items: ids('s', 8, 11),
  },
  {
    code: 'arousal_reactivity',
    name: { en: 'Arousal and reactivity', es: 'Activación y reactividad' },
    items: ids('s', 12, 16),
  },
];

const BAND_LABELS = {
  none: { en: 'No clinical concern', es: 'Sin preocupación clínica' },
  moderate: { en: 'Moderate trauma-related distress', es: 'Malestar moderado relacionado con el trauma' },
  probable: { en: 'Probable PTSD', es: 'Probable TEPT' },
} satisfies Record<string, Text>;

function bands(moderateFrom: number, probableFrom: number, max: number): InstrumentDefinition['bands'] {
  return [
    { min: 0, max: moderateFrom - 1, code: 'none', label: BAND_LABELS.none, severity: 0 },
    { min: moderateFrom, max: probableFrom - 1, code: 'moderate', label: BAND_LABELS.moderate, severity: 2 },
    { min: probableFrom, max, code: 'probable_ptsd', label: BAND_LABELS.probable, severity: 3 },
  ];
}

const LICENCE =
  'Free to use and copy for clinical and research purposes without charge (CATS consortium: Sachser, Berliner, Goldbeck and colleagues).';

const REFERENCE_2017 =
  'Sachser C, Berliner L, Holt T, Jensen TK, Jungbluth N, Risch E, Rosner R, Goldbeck L. International development and psychometric properties of the Child and Adolescent Trauma Screen (CATS). Journal of Affective Disorders 2017;210:189-195.';

const CUTOFF_7_17 =
  'Total 21 or more suggests probable PTSD and 15-20 moderate distress, as on the CATS 7-17 score sheet (Sachser et al. 2017 and the CATS consortium scoring guidance). To be checked against the current score sheet.';

// The same estimate serves both 7-17 versions: the paper reports the versions together.
const RELIABLE_CHANGE_7_17: InstrumentDefinition['reliableChange'] = {
  sd: 12,
  reliability: 0.9,
  source:
    'Estimate, to be checked against the publication. Sachser et al. 2017 report internal consistency of the symptom scales of about .88-.94 across versions; .90 is taken, below the top of that range, so reliable change is not claimed too easily. SD 12 is our estimate of the spread of the 0-60 total in clinically referred samples, not a figure quoted from the paper.',
};

// Definitions ------------------------------------------------------------------------------------

export const CATS_SR: InstrumentDefinition = {
  code: 'CATS-SR',
  family: 'CATS',
  name: {
    en: 'Child and Adolescent Trauma Screen, self-report (ages 7-17)',
    es: 'Evaluación de Trauma en Niños y Adolescentes (CATS), autoinforme (7 a 17 años)',
  },
  construct: 'posttraumatic_stress',
  respondent: 'youth',
  ageRange: { min: 7, max: 17 },
  kind: 'items',
  languages: ['en', 'es'],
  instructions: {
    en: "Stressful or scary events happen to many people. Mark YES if the event happened to you and NO if it didn't. If you marked YES to any event, mark 0, 1, 2 or 3 for how often each of the following things has bothered you in the last two weeks. Then mark YES or NO for whether the problems you marked interfered with each part of your life.",
    es: 'A muchas personas les pasan cosas estresantes o que dan miedo. Marca SÍ si el evento te pasó a ti y NO si no te pasó. Si marcaste SÍ en algún evento, marca 0, 1, 2 o 3 según cuántas veces te ha molestado cada una de las siguientes cosas en las últimas dos semanas. Después marca SÍ o NO según si los problemas que marcaste afectaron cada parte de tu vida.',
  },
  recall: RECALL,
  responseSets: RESPONSE_SETS,
  items: [
    ...itemsOf('events', 'e', 'yes_no', false, EVENTS_SELF),
    ...itemsOf('symptoms', 's', 'frequency', true, SYMPTOMS_SELF),
    ...itemsOf('impairment', 'i', 'yes_no', false, IMPAIRMENT_7_17),
  ],
  scoring: {
    min: 0,
    max: 60,
    direction: 'higher_is_worse',
    maxMissingProrated: 2,
    subscales: SUBSCALES_7_17,
  },
  bands: bands(15, 21, 60),
  clinicalCutoff: 21,
  cutoffSource: CUTOFF_7_17,
  reliableChange: RELIABLE_CHANGE_7_17,
  licence: LICENCE,
  references: [REFERENCE_2017],
  requiresEnablement: false,
};

export const CATS_C7: InstrumentDefinition = {
  code: 'CATS-C7',
  family: 'CATS',
  name: {
    en: 'Child and Adolescent Trauma Screen, caregiver report (ages 7-17)',
    es: 'Evaluación de Trauma en Niños y Adolescentes (CATS), informe del cuidador (7 a 17 años)',
  },
  construct: 'posttraumatic_stress',
  respondent: 'caregiver',
  ageRange: { min: 7, max: 17 },
  kind: 'items',
  languages: ['en', 'es'],
  instructions: {
    en: "Stressful or scary events happen to many children. Mark YES if the event happened to the child, to the best of your knowledge, and NO if it didn't. If you marked YES to any event, mark 0, 1, 2 or 3 for how often each of the following things has bothered the child in the last two weeks. Then mark YES or NO for whether the problems you marked interfered with each part of the child's life.",
    es: 'A muchos niños y niñas les pasan cosas estresantes o que dan miedo. Marque SÍ si, hasta donde usted sabe, el evento le pasó al niño o a la niña, y NO si no le pasó. Si marcó SÍ en algún evento, marque 0, 1, 2 o 3 según cuántas veces le ha molestado cada una de las siguientes cosas en las últimas dos semanas. Después marque SÍ o NO según si los problemas que marcó afectaron cada parte de su vida.',
  },
  recall: RECALL,
  responseSets: RESPONSE_SETS,
  items: [
    ...itemsOf('events', 'e', 'yes_no', false, EVENTS_CAREGIVER),
    ...itemsOf('symptoms', 's', 'frequency', true, SYMPTOMS_CAREGIVER_7_17),
    ...itemsOf('impairment', 'i', 'yes_no', false, IMPAIRMENT_7_17),
  ],
  scoring: {
    min: 0,
    max: 60,
    direction: 'higher_is_worse',
    maxMissingProrated: 2,
    subscales: SUBSCALES_7_17,
  },
  bands: bands(15, 21, 60),
  clinicalCutoff: 21,
  cutoffSource: CUTOFF_7_17,
  reliableChange: RELIABLE_CHANGE_7_17,
  licence: LICENCE,
  references: [REFERENCE_2017],
  requiresEnablement: false,
};

export const CATS_C3: InstrumentDefinition = {
  code: 'CATS-C3',
  family: 'CATS',
  name: {
    en: 'Child and Adolescent Trauma Screen, caregiver report (ages 3-6)',
    es: 'Evaluación de Trauma en Niños y Adolescentes (CATS), informe del cuidador (3 a 6 años)',
  },
  construct: 'posttraumatic_stress',
  respondent: 'caregiver',
  ageRange: { min: 3, max: 6 },
  kind: 'items',
  languages: ['en', 'es'],
  instructions: {
    en: "Stressful or scary events happen to many children. Mark YES if the event happened to the child, to the best of your knowledge, and NO if it didn't. If you marked YES to any event, mark 0, 1, 2 or 3 for how often each of the following things has bothered the child in the last two weeks. Then mark YES or NO for whether the problems you marked interfered with each part of the child's life.",
    es: 'A muchos niños y niñas les pasan cosas estresantes o que dan miedo. Marque SÍ si, hasta donde usted sabe, el evento le pasó al niño o a la niña, y NO si no le pasó. Si marcó SÍ en algún evento, marque 0, 1, 2 o 3 según cuántas veces le ha molestado cada una de las siguientes cosas en las últimas dos semanas. Después marque SÍ o NO según si los problemas que marcó afectaron cada parte de su vida.',
  },
  recall: RECALL,
  responseSets: RESPONSE_SETS,
  items: [
    ...itemsOf('events', 'e', 'yes_no', false, EVENTS_CAREGIVER),
    ...itemsOf('symptoms', 's', 'frequency', true, SYMPTOMS_CAREGIVER_3_6),
    ...itemsOf('impairment', 'i', 'yes_no', false, IMPAIRMENT_3_6),
  ],
  scoring: {
    min: 0,
    max: 48,
    direction: 'higher_is_worse',
    maxMissingProrated: 1,
    subscales: SUBSCALES_3_6,
  },
  bands: bands(12, 15, 48),
  clinicalCutoff: 15,
  cutoffOptions: [15, 16],
  cutoffSource:
    'Sources disagree. The US CATS 3-6 score sheet bands are below 12 no concern, 12-14 moderate, 15 or more probable PTSD (the default here); the CATS consortium scoring guidance as distributed in Europe recommends 16 or more. A network chooses with the setting care.cutoffs. Both to be checked against the current score sheets.',
  reliableChange: {
    sd: 9,
    reliability: 0.88,
    source:
      'Estimate, to be checked against the publication. Internal consistency for the CATS versions is reported at about .88-.94 (Sachser et al. 2017); the lower end, .88, is taken for the 3-6 caregiver report because it has fewer items. SD 9 is our estimate of the spread of the 0-48 total in referred preschool samples, not a figure quoted from a paper.',
  },
  licence: LICENCE,
  references: [REFERENCE_2017],
  requiresEnablement: false,
};

export const CATS_DEFINITIONS: readonly InstrumentDefinition[] = [CATS_SR, CATS_C7, CATS_C3];
