/**
 * FHIR R4 export of de-identified care records, for partners whose systems read FHIR: each
 * instrument becomes a Questionnaire, each administration a QuestionnaireResponse plus an
 * Observation carrying the total score, gathered in one `collection` Bundle with the centers
 * (Organization), the children (Patient) and their episodes (EpisodeOfCare).
 *
 * Pure: it takes rows already read and definitions already loaded, and returns plain JSON. The
 * Patient carries nothing but a derived id and an administrative gender, because Waymark holds no
 * identifier of a child and an export must not invent one; no resource carries free text.
 */
import { createHash } from 'node:crypto';
import { type InstrumentDefinition, type InstrumentItem, type Text } from './instruments/types.js';

export interface FhirEpisode {
  id: string;
  centerId: string;
  centerName: string;
  ageYears: number;
  gender: 'female' | 'male' | 'another' | 'not_recorded' | null;
  modelCode: string;
  referredOn: string | null;
  firstSessionOn: string | null;
  dischargedOn: string | null;
  dischargeReason: 'completed' | 'dropped_out' | 'transferred' | 'other' | null;
}

export interface FhirAdministration {
  id: string;
  episodeId: string;
  instrument: string;
  phase: 'baseline' | 'mid_treatment' | 'end' | 'follow_up';
  respondent: 'youth' | 'caregiver' | 'clinician';
  administeredOn: string;
  total: number;
  prorated: boolean;
  band: string | null;
  itemResponses: Record<string, number | null> | null;
  language: 'en' | 'es' | null;
  createdAt: string;
}

type Json = Record<string, unknown>;

const TRANSLATION_URL = 'http://hl7.org/fhir/StructureDefinition/translation';
const ORDINAL_VALUE_URL = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
const MIN_VALUE_URL = 'http://hl7.org/fhir/StructureDefinition/minValue';
const MAX_VALUE_URL = 'http://hl7.org/fhir/StructureDefinition/maxValue';
const EPISODE_OF_CARE_URL = 'http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const USAGE_CONTEXT_TYPE = 'http://terminology.hl7.org/CodeSystem/usage-context-type';
const UCUM = 'http://unitsofmeasure.org';

const TOTAL_LINK_ID = 'total';
const INSTRUCTIONS_LINK_ID = 'instructions';
const TOTAL_TEXT: Text = { en: 'Total score', es: 'Puntuación total' };

const CONSTRUCT_DISPLAY: Record<InstrumentDefinition['construct'], string> = {
  posttraumatic_stress: 'Posttraumatic stress',
  depression: 'Depression',
  trauma_symptoms: 'Trauma symptoms',
};

const PHASE_DISPLAY: Record<FhirAdministration['phase'], string> = {
  baseline: 'Baseline',
  mid_treatment: 'Mid-treatment',
  end: 'End of treatment',
  follow_up: 'Follow-up',
};

const DISCHARGE_DISPLAY: Record<NonNullable<FhirEpisode['dischargeReason']>, string> = {
  completed: 'Completed treatment',
  dropped_out: 'Dropped out',
  transferred: 'Transferred',
  other: 'Other',
};

// FHIR's administrative gender has no "another"; "other" is its word for it, and a gender that
// was not recorded is "unknown" rather than absent so every Patient states the same element.
const GENDER: Record<NonNullable<FhirEpisode['gender']> | 'null', string> = {
  female: 'female',
  male: 'male',
  another: 'other',
  not_recorded: 'unknown',
  null: 'unknown',
};

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FHIR_ID_RE = /^[A-Za-z0-9\-.]{1,64}$/;

// Fixed namespace for the name-based (version 5) UUIDs below, so that an export run twice gives
// the same ids and a partner can replace the resources it already has.
const NAMESPACE = Buffer.from('6f1c2b7e4d3a4c5e9b8a7f6e5d4c3b2a', 'hex');

/** A stable UUID for a resource that has no row of its own (the Patient, the Observation). */
function deriveUuid(kind: string, id: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(`${kind}:${id}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The fullUrl of a resource, and so the reference other resources use for it. */
function fullUrlFor(base: string, type: string, id: string): string {
  if (UUID_RE.test(id)) return `urn:uuid:${id.toLowerCase()}`;
  if (!FHIR_ID_RE.test(id)) throw new Error(`${type} id "${id}" is not a valid FHIR id`);
  return `${base}/fhir/${type}/${id}`;
}

function fhirId(id: string): string {
  return UUID_RE.test(id) ? id.toLowerCase() : id;
}

function questionnaireUrl(base: string, code: string): string {
  return `${base}/fhir/Questionnaire/${code}`;
}

function codeSystem(base: string, name: string): string {
  return `${base}/fhir/CodeSystem/${name}`;
}

function structureDefinition(base: string, name: string): string {
  return `${base}/fhir/StructureDefinition/${name}`;
}

/**
 * The Spanish text of a string element as FHIR's translation extension, placed on the element's
 * `_name` sibling; nothing when the instrument ships no Spanish.
 */
function translated(name: string, text: Text): Json {
  const out: Json = { [name]: text.en };
  if (text.es !== undefined) {
    out[`_${name}`] = {
      extension: [
        {
          url: TRANSLATION_URL,
          extension: [
            { url: 'lang', valueCode: 'es' },
            { url: 'content', valueString: text.es },
          ],
        },
      ],
    };
  }
  return out;
}

/** The FHIR name of a questionnaire: computable, starting with a capital letter. */
function computableName(code: string): string {
  const name = code.replace(/[^A-Za-z0-9]/g, '_');
  return /^[A-Z]/.test(name) ? name : `Q${name}`;
}

function responseSystem(base: string, def: InstrumentDefinition, responseSetId: string): string {
  return codeSystem(base, `${def.code}-${responseSetId}`);
}

/** The coding of one response option, the same in the Questionnaire and in each answer. */
function optionCoding(base: string, def: InstrumentDefinition, item: InstrumentItem, value: number): Json {
  const set = def.responseSets.find((s) => s.id === item.responseSet);
  if (!set) throw new Error(`${def.code} item ${item.id}: unknown response set "${item.responseSet}"`);
  const option = set.options.find((o) => o.value === value);
  if (!option) throw new Error(`${def.code} item ${item.id}: ${value} is not a response option`);
  return {
    system: responseSystem(base, def, set.id),
    code: String(value),
    ...translated('display', option.label),
  };
}

function integerBoundsExtensions(def: InstrumentDefinition): Json[] {
  return [
    { url: MIN_VALUE_URL, valueInteger: def.scoring.min },
    { url: MAX_VALUE_URL, valueInteger: def.scoring.max },
  ];
}

function questionItem(base: string, def: InstrumentDefinition, item: InstrumentItem): Json {
  const set = def.responseSets.find((s) => s.id === item.responseSet);
  if (!set) throw new Error(`${def.code} item ${item.id}: unknown response set "${item.responseSet}"`);
  const extension: Json[] = [];
  // Which items count in the total, which belong to a subscale and which answers raise an alert
  // are part of the instrument, so they travel with it rather than only living in Waymark's code.
  extension.push({ url: structureDefinition(base, 'scored'), valueBoolean: item.scored });
  for (const sub of def.scoring.subscales) {
    if (!sub.items.includes(item.id)) continue;
    extension.push({
      url: structureDefinition(base, 'subscale'),
      valueCoding: {
        system: codeSystem(base, `${def.code}-subscale`),
        code: sub.code,
        ...translated('display', sub.name),
      },
    });
  }
  if (item.critical) {
    extension.push({
      url: structureDefinition(base, 'critical-answer'),
      extension: [
        { url: 'alert', valueCode: item.critical.alert },
        ...item.critical.values.map((v) => ({ url: 'value', valueInteger: v })),
      ],
    });
  }
  return {
    extension,
    linkId: item.id,
    prefix: String(item.number),
    ...translated('text', item.text),
    type: 'choice',
    answerOption: set.options.map((o) => ({
      valueCoding: {
        extension: [{ url: ORDINAL_VALUE_URL, valueDecimal: o.value }],
        system: responseSystem(base, def, set.id),
        code: String(o.value),
        ...translated('display', o.label),
      },
    })),
  };
}

/** Items grouped by section, in the order the sections first appear on the form. */
function itemsBySection(def: InstrumentDefinition): Map<string, InstrumentItem[]> {
  const sections = new Map<string, InstrumentItem[]>();
  for (const item of [...def.items].sort((a, b) => a.number - b.number)) {
    const list = sections.get(item.section) ?? [];
    list.push(item);
    sections.set(item.section, list);
  }
  return sections;
}

/** The Questionnaire for one instrument definition; `base` is the server's public origin. */
export function questionnaireFor(def: InstrumentDefinition, base: string): Record<string, unknown> {
  if (!FHIR_ID_RE.test(def.code)) throw new Error(`Instrument code "${def.code}" is not a valid FHIR id`);
  const items: Json[] = [];
  if (def.kind === 'items') {
    if (def.instructions)
      items.push({ linkId: INSTRUCTIONS_LINK_ID, ...translated('text', def.instructions), type: 'display' });
    for (const [section, sectionItems] of itemsBySection(def)) {
      items.push({
        linkId: section,
        type: 'group',
        item: sectionItems.map((i) => questionItem(base, def, i)),
      });
    }
    items.push({
      extension: integerBoundsExtensions(def),
      linkId: TOTAL_LINK_ID,
      ...translated('text', TOTAL_TEXT),
      type: 'integer',
      readOnly: true,
    });
  } else {
    // A total-only instrument ships no item text (its licence does not allow it): the center
    // scores the paper form and enters the total.
    items.push({
      extension: integerBoundsExtensions(def),
      linkId: TOTAL_LINK_ID,
      ...translated('text', TOTAL_TEXT),
      type: 'integer',
      required: true,
    });
  }
  assertUniqueLinkIds(def.code, items);

  return {
    resourceType: 'Questionnaire',
    id: def.code,
    language: 'en',
    url: questionnaireUrl(base, def.code),
    name: computableName(def.code),
    ...translated('title', def.name),
    status: 'active',
    subjectType: ['Patient'],
    publisher: def.licence,
    useContext: [
      {
        code: { system: USAGE_CONTEXT_TYPE, code: 'age' },
        valueRange: {
          low: { value: def.ageRange.min, unit: 'years', system: UCUM, code: 'a' },
          high: { value: def.ageRange.max, unit: 'years', system: UCUM, code: 'a' },
        },
      },
    ],
    copyright: def.licence,
    code: [
      {
        system: codeSystem(base, 'construct'),
        code: def.construct,
        display: CONSTRUCT_DISPLAY[def.construct],
      },
    ],
    item: items,
  };
}

function assertUniqueLinkIds(code: string, items: Json[]): void {
  const seen = new Set<string>();
  const visit = (list: Json[]) => {
    for (const item of list) {
      const linkId = item.linkId as string;
      if (seen.has(linkId)) throw new Error(`${code}: linkId "${linkId}" is used twice`);
      seen.add(linkId);
      if (Array.isArray(item.item)) visit(item.item as Json[]);
    }
  };
  visit(items);
}

function reference(url: string): Json {
  return { reference: url };
}

function episodeStatus(e: FhirEpisode): string {
  if (e.dischargedOn) return 'finished';
  return e.firstSessionOn ? 'active' : 'waitlist';
}

function period(start: string | null, end: string | null): Json | undefined {
  if (!start && !end) return undefined;
  return { ...(start ? { start } : {}), ...(end ? { end } : {}) };
}

function episodeOfCare(base: string, e: FhirEpisode, patientUrl: string, orgUrl: string): Json {
  // The waiting and treatment stretches as FHIR records a status over time; each needs a start.
  const history: Json[] = [];
  if (e.referredOn) {
    history.push({ status: 'waitlist', period: period(e.referredOn, e.firstSessionOn ?? e.dischargedOn) });
  }
  if (e.firstSessionOn) history.push({ status: 'active', period: period(e.firstSessionOn, e.dischargedOn) });
  const span = period(e.firstSessionOn, e.dischargedOn);
  return {
    resourceType: 'EpisodeOfCare',
    id: fhirId(e.id),
    ...(e.dischargeReason
      ? {
          extension: [
            {
              url: structureDefinition(base, 'discharge-reason'),
              valueCoding: {
                system: codeSystem(base, 'discharge-reason'),
                code: e.dischargeReason,
                display: DISCHARGE_DISPLAY[e.dischargeReason],
              },
            },
          ],
        }
      : {}),
    status: episodeStatus(e),
    ...(history.length > 0 ? { statusHistory: history } : {}),
    type: [{ coding: [{ system: codeSystem(base, 'treatment-model'), code: e.modelCode }] }],
    patient: reference(patientUrl),
    managingOrganization: reference(orgUrl),
    ...(span ? { period: span } : {}),
  };
}

function phaseTag(base: string, phase: FhirAdministration['phase']): Json {
  return { system: codeSystem(base, 'administration-phase'), code: phase, display: PHASE_DISPLAY[phase] };
}

function lastUpdated(a: FhirAdministration): string {
  const at = new Date(a.createdAt);
  if (Number.isNaN(at.getTime()))
    throw new Error(`Administration ${a.id}: createdAt "${a.createdAt}" is not a date`);
  return at.toISOString();
}

/** Answers to the item questions, nested in their section groups as the Questionnaire has them. */
function answerGroups(base: string, def: InstrumentDefinition, a: FhirAdministration): Json[] {
  const responses = a.itemResponses ?? {};
  const known = new Set(def.items.map((i) => i.id));
  for (const key of Object.keys(responses)) {
    if (!known.has(key)) throw new Error(`Administration ${a.id}: ${def.code} has no item "${key}"`);
  }
  const groups: Json[] = [];
  for (const [section, items] of itemsBySection(def)) {
    const answered: Json[] = [];
    for (const item of items) {
      const value = responses[item.id];
      if (value === null || value === undefined) continue;
      answered.push({ linkId: item.id, answer: [{ valueCoding: optionCoding(base, def, item, value) }] });
    }
    if (answered.length > 0) groups.push({ linkId: section, item: answered });
  }
  return groups;
}

function questionnaireResponse(
  base: string,
  def: InstrumentDefinition,
  a: FhirAdministration,
  patientUrl: string,
  episodeUrl: string,
): Json {
  const items = a.itemResponses === null ? [] : answerGroups(base, def, a);
  items.push({ linkId: TOTAL_LINK_ID, answer: [{ valueInteger: a.total }] });
  return {
    resourceType: 'QuestionnaireResponse',
    id: fhirId(a.id),
    meta: { lastUpdated: lastUpdated(a), tag: [phaseTag(base, a.phase)] },
    ...(a.language ? { language: a.language } : {}),
    extension: [
      { url: EPISODE_OF_CARE_URL, valueReference: reference(episodeUrl) },
      { url: structureDefinition(base, 'respondent'), valueCode: a.respondent },
    ],
    questionnaire: questionnaireUrl(base, def.code),
    status: 'completed',
    subject: reference(patientUrl),
    authored: a.administeredOn,
    item: items,
  };
}

function observation(
  base: string,
  def: InstrumentDefinition,
  a: FhirAdministration,
  patientUrl: string,
  episodeUrl: string,
  responseUrl: string,
  id: string,
): Json {
  const display = `${def.code} total score`;
  const band = a.band === null ? undefined : def.bands.find((b) => b.code === a.band);
  return {
    resourceType: 'Observation',
    id,
    meta: { lastUpdated: lastUpdated(a), tag: [phaseTag(base, a.phase)] },
    extension: [
      { url: EPISODE_OF_CARE_URL, valueReference: reference(episodeUrl) },
      // A prorated total was estimated from partly missing answers; readers may weigh it less.
      { url: structureDefinition(base, 'prorated'), valueBoolean: a.prorated },
    ],
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'survey', display: 'Survey' }] }],
    code: {
      coding: [{ system: codeSystem(base, 'instrument-score'), code: def.code, display }],
      text: display,
    },
    subject: reference(patientUrl),
    effectiveDateTime: a.administeredOn,
    valueInteger: a.total,
    ...(a.band !== null
      ? {
          interpretation: [
            {
              ...(band
                ? {
                    coding: [
                      {
                        system: codeSystem(base, `${def.code}-band`),
                        code: band.code,
                        ...translated('display', band.label),
                      },
                    ],
                  }
                : {}),
              text: a.band,
            },
          ],
        }
      : {}),
    derivedFrom: [reference(responseUrl)],
  };
}

/**
 * A `collection` Bundle of the given episodes and administrations, with a Questionnaire for every
 * definition passed. Every reference inside points at an entry of the same Bundle; an
 * administration of an instrument with no definition, or of an episode not given, throws.
 */
export function exportBundle(input: {
  base: string;
  definitions: InstrumentDefinition[];
  episodes: FhirEpisode[];
  administrations: FhirAdministration[];
  generatedAt: Date;
}): Record<string, unknown> {
  const base = input.base.replace(/\/+$/, '');
  const entries: Json[] = [];
  const add = (fullUrl: string, resource: Json) => entries.push({ fullUrl, resource });

  const definitions = new Map<string, InstrumentDefinition>();
  for (const def of input.definitions) {
    if (definitions.has(def.code)) throw new Error(`Instrument ${def.code} is defined twice`);
    definitions.set(def.code, def);
  }
  for (const a of input.administrations) {
    if (!definitions.has(a.instrument)) {
      throw new Error(`No instrument definition for "${a.instrument}" (administration ${a.id})`);
    }
  }

  const organizations = new Map<string, string>();
  for (const e of input.episodes) {
    if (organizations.has(e.centerId)) continue;
    const url = fullUrlFor(base, 'Organization', e.centerId);
    organizations.set(e.centerId, url);
    add(url, { resourceType: 'Organization', id: fhirId(e.centerId), name: e.centerName });
  }

  for (const def of definitions.values()) add(questionnaireUrl(base, def.code), questionnaireFor(def, base));

  const episodes = new Map<string, { episodeUrl: string; patientUrl: string }>();
  for (const e of input.episodes) {
    if (episodes.has(e.id)) throw new Error(`Episode ${e.id} is given twice`);
    const patientId = deriveUuid('patient', e.id);
    const patientUrl = fullUrlFor(base, 'Patient', patientId);
    const episodeUrl = fullUrlFor(base, 'EpisodeOfCare', e.id);
    episodes.set(e.id, { episodeUrl, patientUrl });
    // Deliberately only these elements: no name, birth date, address, telecom or identifier.
    add(patientUrl, { resourceType: 'Patient', id: patientId, gender: GENDER[e.gender ?? 'null'] });
    add(episodeUrl, episodeOfCare(base, e, patientUrl, organizations.get(e.centerId)!));
  }

  for (const a of input.administrations) {
    const def = definitions.get(a.instrument)!;
    const episode = episodes.get(a.episodeId);
    if (!episode) throw new Error(`Administration ${a.id}: episode ${a.episodeId} is not in the export`);
    const responseUrl = fullUrlFor(base, 'QuestionnaireResponse', a.id);
    const observationId = deriveUuid('observation', a.id);
    add(responseUrl, questionnaireResponse(base, def, a, episode.patientUrl, episode.episodeUrl));
    add(
      fullUrlFor(base, 'Observation', observationId),
      observation(base, def, a, episode.patientUrl, episode.episodeUrl, responseUrl, observationId),
    );
  }

  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: input.generatedAt.toISOString(),
    entry: entries,
  };
}
