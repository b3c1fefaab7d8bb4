/**
 * Reference catalog every network starts with: the treatment models NCA recognises, the courses of
 * the TF-CBT and CFTSI training programs, and three certification pathways (TF-CBT national
 * therapist certification, the CAC regional TF-CBT training variant, and CFTSI). Figures follow
 * the design notes' domain facts; administrators change them as data afterwards.
 *
 * Frozen in time: this file imports nothing from src/ and must never change once released.
 * Rows are inserted only when their code is not taken, so a catalog edited by hand is kept.
 */
import { sql, type Kysely } from 'kysely';

const MODELS = [
  {
    code: 'TF-CBT',
    name: 'Trauma-Focused Cognitive Behavioral Therapy',
    minAge: 3,
    maxAge: 18,
    description:
      'Components-based treatment for children and adolescents with trauma symptoms and their caregivers; typically 12-16 weekly sessions in three phases (stabilization, trauma narrative, integration).',
    components: [
      ['P', 'Psychoeducation'],
      ['P2', 'Parenting skills'],
      ['R', 'Relaxation'],
      ['A', 'Affect expression and modulation'],
      ['C', 'Cognitive coping'],
      ['T', 'Trauma narrative and processing'],
      ['I', 'In vivo mastery'],
      ['C2', 'Conjoint caregiver-child sessions'],
      ['E', 'Enhancing safety'],
    ],
  },
  {
    code: 'CFTSI',
    name: 'Child and Family Traumatic Stress Intervention',
    minAge: 7,
    maxAge: 18,
    description:
      'Brief (5-8 sessions) early caregiver-child intervention after a potentially traumatic event.',
    components: [
      ['ASSESS', 'Assessment of symptoms with caregiver and child'],
      ['COMM', 'Improving caregiver-child communication'],
      ['SKILLS', 'Coping skills for specific symptoms'],
    ],
  },
  {
    code: 'AF-CBT',
    name: 'Alternatives for Families: A Cognitive Behavioral Therapy',
    minAge: 5,
    maxAge: 17,
    description: 'Family treatment for physical abuse and family conflict and coercion.',
    components: [
      ['ENG', 'Engagement and psychoeducation'],
      ['SKILLS', 'Individual skill building'],
      ['FAMILY', 'Family applications'],
    ],
  },
  {
    code: 'PCIT',
    name: 'Parent-Child Interaction Therapy',
    minAge: 2,
    maxAge: 7,
    description: 'Live-coached caregiver-child sessions for young children with behavior problems.',
    components: [
      ['CDI', 'Child-directed interaction'],
      ['PDI', 'Parent-directed interaction'],
    ],
  },
  {
    code: 'PSB-CBT',
    name: 'Problematic Sexual Behavior - Cognitive Behavioral Therapy',
    minAge: 3,
    maxAge: 18,
    description:
      'Group and family treatment for children with problematic sexual behavior and their caregivers.',
    components: [
      ['RULES', 'Sexual behavior rules and boundaries'],
      ['SAFETY', 'Safety planning'],
      ['CAREGIVER', 'Caregiver skills'],
    ],
  },
  {
    code: 'CPP',
    name: 'Child-Parent Psychotherapy',
    minAge: 0,
    maxAge: 5,
    description:
      'Dyadic treatment for infants and young children who experienced trauma, with their caregivers.',
    components: [
      ['FOUND', 'Foundational phase'],
      ['CORE', 'Core intervention phase'],
      ['TERM', 'Recapitulation and termination'],
    ],
  },
  {
    code: 'EMDR',
    name: 'Eye Movement Desensitization and Reprocessing',
    minAge: 3,
    maxAge: 18,
    description: 'Eight-phase trauma treatment using bilateral stimulation.',
    components: [['PHASES', 'Eight treatment phases']],
  },
];

// code, title, kind, model, CE hours, extra
const COURSES: {
  code: string;
  title: string;
  kind: string;
  model: string | null;
  ceHours: number;
  description: string;
  liveDays?: number;
  passMark?: number;
  retakeWaitDays?: number;
  minDegree?: string;
  licenseRequired?: string;
  prerequisites?: string[];
}[] = [
  {
    code: 'TFCBT-WEB',
    title: 'TF-CBTWeb 2.0 online course',
    kind: 'online_course',
    model: 'TF-CBT',
    ceHours: 10,
    description: 'The free ten-module online introduction to TF-CBT; required before live training.',
  },
  {
    code: 'TFCBT-LIVE',
    title: 'TF-CBT two-day live training',
    kind: 'live_training',
    model: 'TF-CBT',
    ceHours: 13,
    liveDays: 2,
    minDegree: 'master',
    licenseRequired: 'any',
    prerequisites: ['TFCBT-WEB'],
    description: 'Two days of live training by an approved national trainer.',
  },
  {
    code: 'TFCBT-LIVE-CAC',
    title: 'TF-CBT for CACs: three-day regional training',
    kind: 'live_training',
    model: 'TF-CBT',
    ceHours: 19.5,
    liveDays: 3,
    minDegree: 'master',
    licenseRequired: 'any',
    prerequisites: ['TFCBT-WEB'],
    description:
      "Three live days for Children's Advocacy Center clinicians, followed by 14 consultation calls.",
  },
  {
    code: 'TFCBT-LS',
    title: 'TF-CBT learning collaborative: learning session',
    kind: 'learning_session',
    model: 'TF-CBT',
    ceHours: 6.5,
    prerequisites: ['TFCBT-WEB'],
    description: 'An in-person learning session of a Breakthrough Series learning collaborative.',
  },
  {
    code: 'TFCBT-CONSULT',
    title: 'TF-CBT consultation calls',
    kind: 'consultation_series',
    model: 'TF-CBT',
    ceHours: 12,
    description: 'Group case consultation, twice a month for six months or monthly for twelve.',
  },
  {
    code: 'TFCBT-TEST',
    title: 'TF-CBT therapist certification knowledge test',
    kind: 'knowledge_test',
    model: 'TF-CBT',
    ceHours: 0,
    passMark: 80,
    retakeWaitDays: 14,
    description: 'Multiple-choice test of TF-CBT knowledge; may be retaken after 14 days.',
  },
  {
    code: 'TFCBT-RENEW',
    title: 'TF-CBT certification renewal modules',
    kind: 'ce_module',
    model: 'TF-CBT',
    ceHours: 4,
    description: 'Online advanced modules required to renew TF-CBT certification.',
  },
  {
    code: 'CFTSI-LIVE',
    title: 'CFTSI two-day live training',
    kind: 'live_training',
    model: 'CFTSI',
    ceHours: 13,
    liveDays: 2,
    minDegree: 'master',
    licenseRequired: 'any',
    description: 'Two days of live CFTSI training.',
  },
  {
    code: 'CFTSI-CONSULT',
    title: 'CFTSI consultation calls',
    kind: 'consultation_series',
    model: 'CFTSI',
    ceHours: 10,
    description: 'Twice-monthly case consultation after the CFTSI live training.',
  },
  {
    code: 'CE-CHILD-ABUSE',
    title: 'Child abuse continuing education',
    kind: 'ce_module',
    model: null,
    ceHours: 8,
    description:
      'Eight hours of child-abuse continuing education, as the NCA Mental Health standard asks every two years.',
  },
];

const PATHWAYS = [
  {
    code: 'TFCBT-NATIONAL',
    name: 'TF-CBT national therapist certification',
    model: 'TF-CBT',
    validityMonths: 60,
    graceDays: 90,
    autoIssue: false,
    description:
      'National TF-CBT therapist certification: degree and license, TF-CBTWeb, two live training days, consultation, three completed cases and the knowledge test.',
    requirements: [
      {
        kind: 'credential',
        id: 'credential',
        label: "Master's degree or higher and a permanent license",
        minDegree: 'master',
        license: 'permanent',
        verified: false,
      },
      { kind: 'course', id: 'tfcbt-web', label: 'TF-CBTWeb completed', courseCode: 'TFCBT-WEB' },
      { kind: 'live_training', id: 'live-training', label: 'Two days of live training', minDays: 2 },
      {
        kind: 'consultation',
        id: 'consultation',
        label: 'Consultation: at least 9 of 12 calls within 24 months of the live training',
        minAttended: 9,
        scheduled: 12,
        withinMonths: 24,
      },
      {
        kind: 'cases',
        id: 'cases',
        label:
          'Three completed TF-CBT cases, two with a caregiver, each with a standardized measure at start and end',
        minCases: 3,
        minWithCaregiver: 2,
        measures: 'start_and_end',
      },
      { kind: 'test', id: 'knowledge-test', label: 'Knowledge test passed', courseCode: 'TFCBT-TEST' },
    ],
    renewal: [
      {
        kind: 'cases',
        id: 'continued-practice',
        label: 'Continued practice: three TF-CBT cases with start and end measures',
        minCases: 3,
        minWithCaregiver: 0,
        measures: 'start_and_end',
      },
      {
        kind: 'course',
        id: 'renewal-modules',
        label: 'Renewal modules completed',
        courseCode: 'TFCBT-RENEW',
      },
    ],
  },
  {
    code: 'TFCBT-CAC-REGIONAL',
    name: 'TF-CBT for CACs: regional training certificate',
    model: 'TF-CBT',
    validityMonths: 60,
    graceDays: 90,
    autoIssue: true,
    description:
      'The CAC regional variant: TF-CBTWeb beforehand, three live days, 14 consultation calls and a standardized measure at the start and end of every case.',
    requirements: [
      {
        kind: 'credential',
        id: 'credential',
        label: "Master's degree or higher and a clinical license",
        minDegree: 'master',
        license: 'any',
        verified: false,
      },
      { kind: 'course', id: 'tfcbt-web', label: 'TF-CBTWeb completed', courseCode: 'TFCBT-WEB' },
      { kind: 'live_training', id: 'live-training', label: 'Three days of live training', minDays: 3 },
      {
        kind: 'consultation',
        id: 'consultation',
        label: '14 consultation calls within 18 months of the live training',
        minAttended: 14,
        scheduled: 16,
        withinMonths: 18,
      },
      {
        kind: 'cases',
        id: 'cases',
        label: 'Three completed cases, each with a standardized measure at start and end',
        minCases: 3,
        minWithCaregiver: 2,
        measures: 'start_and_end',
      },
    ],
    renewal: [
      {
        kind: 'ce_hours',
        id: 'ce-hours',
        label: 'Ten continuing education hours in the last two years',
        hours: 10,
        periodMonths: 24,
      },
    ],
  },
  {
    code: 'CFTSI-CERT',
    name: 'CFTSI clinician certification',
    model: 'CFTSI',
    validityMonths: 60,
    graceDays: 60,
    autoIssue: false,
    description: 'CFTSI: two live days, consultation and three completed cases with a caregiver.',
    requirements: [
      {
        kind: 'credential',
        id: 'credential',
        label: "Master's degree or higher and a clinical license",
        minDegree: 'master',
        license: 'any',
        verified: false,
      },
      { kind: 'live_training', id: 'live-training', label: 'Two days of live training', minDays: 2 },
      {
        kind: 'consultation',
        id: 'consultation',
        label: 'Consultation: at least 8 of 10 calls within 12 months',
        minAttended: 8,
        scheduled: 10,
        withinMonths: 12,
      },
      {
        kind: 'cases',
        id: 'cases',
        label: 'Three completed CFTSI cases with a caregiver, measured at start and end',
        minCases: 3,
        minWithCaregiver: 3,
        measures: 'start_and_end',
      },
    ],
    renewal: [
      {
        kind: 'ce_hours',
        id: 'ce-hours',
        label: 'Eight continuing education hours in the last two years',
        hours: 8,
        periodMonths: 24,
      },
    ],
  },
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const m of MODELS) {
    await sql`
      insert into training_model (code, name, description, components, min_age, max_age)
      values (${m.code}, ${m.name}, ${m.description},
              ${JSON.stringify(m.components.map(([code, name]) => ({ code, name })))}::jsonb,
              ${m.minAge}, ${m.maxAge})
      on conflict (code) do nothing`.execute(db);
  }
  for (const c of COURSES) {
    await sql`
      insert into course (code, title, kind, model_id, description, ce_hours, live_days, pass_mark,
                          retake_wait_days, min_degree, license_required, prerequisite_course_ids)
      values (${c.code}, ${c.title}, ${c.kind},
              (select id from training_model where code = ${c.model}), ${c.description}, ${c.ceHours},
              ${c.liveDays ?? null}, ${c.passMark ?? null}, ${c.retakeWaitDays ?? null},
              ${c.minDegree ?? null}, ${c.licenseRequired ?? null},
              array(select id from course where code = any (${c.prerequisites ?? []}::text[])))
      on conflict (code) do nothing`.execute(db);
  }
  for (const p of PATHWAYS) {
    await sql`
      insert into pathway (code, name, description, model_id, validity_months, grace_days, requirements,
                           renewal_requirements, auto_issue, status)
      values (${p.code}, ${p.name}, ${p.description}, (select id from training_model where code = ${p.model}),
              ${p.validityMonths}, ${p.graceDays}, ${JSON.stringify(p.requirements)}::jsonb,
              ${JSON.stringify(p.renewal)}::jsonb, ${p.autoIssue}, 'active')
      on conflict (code) do nothing`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  // Only the untouched reference rows can go; anything that refers to them keeps them.
  await sql`delete from pathway where code = any (${PATHWAYS.map((p) => p.code)}::text[])
    and not exists (select 1 from pathway_enrollment pe where pe.pathway_id = pathway.id)
    and not exists (select 1 from credential c where c.pathway_id = pathway.id)`.execute(db);
  await sql`delete from course where code = any (${COURSES.map((c) => c.code)}::text[])
    and not exists (select 1 from cohort x where x.course_id = course.id)`.execute(db);
}
