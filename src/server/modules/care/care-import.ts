/**
 * Reading care CSV files: episodes, sessions and administrations exported from a center's
 * case-tracking system. This file maps headers, refuses identifier columns, streams records with
 * their line numbers and checks each row against lookups it is given; it runs no query. The
 * service (care-import.service.ts) loads the lookups and writes.
 *
 * Privacy by design: a file with a column that looks like a child identifier (name, birth date,
 * address, contact, notes...) is refused from its header, before a row is read, and a problem
 * message never repeats a cell's content, so nothing a file carries reaches the stored import
 * record or the logs.
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { IDENTIFIER_REFUSAL, isIdentifierField } from '../../../shared/privacy.js';
import type { ImportRejection } from '../../db/schema.js';
import { ImportFileError, parseBooleanCell, parseDateCell } from '../network/centers-import.js';
import {
  CARE_IMPORT_COLUMNS,
  CARE_IMPORT_REQUIRED,
  type CareImportField,
  type CareImportKind,
  type TCareImportColumn,
} from './care-import.schemas.js';
import {
  DISCHARGE_REASONS,
  GENDERS,
  PARTICIPANTS,
  PHASES,
  RACE_ETHNICITIES,
  RESPONDENTS,
} from './care.schemas.js';
import type { InstrumentDefinition } from './instruments/types.js';
import type { ScoreOutcome } from './scoring.js';

export { ImportFileError };

/** A file refused as a whole, with one detail per column or reason. */
export class CareImportFileError extends ImportFileError {
  constructor(
    message: string,
    readonly details: { path: string; message: string }[],
    line: number | null = null,
  ) {
    super(message, line);
    this.name = 'CareImportFileError';
  }
}

// Headers ----------------------------------------------------------------------------------------

/** Lower case, every run of other characters one underscore: "Total Score" -> "total_score". */
export function normaliseHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

const COMMON_ALIASES: Record<string, CareImportField> = {
  cac: 'center',
  cac_name: 'center',
  center_name: 'center',
  center_id: 'center',
  centre: 'center',
  agency: 'center',
  site: 'center',
  location: 'center',
  case: 'case_code',
  case_id: 'case_code',
  case_number: 'case_code',
  case_no: 'case_code',
  client_code: 'case_code',
  client_id: 'case_code',
  study_id: 'case_code',
  episode_code: 'case_code',
  child_id: 'case_code',
};

/** Names case-tracking systems give the columns, after normaliseHeader. */
const ALIASES: Record<CareImportKind, Record<string, CareImportField>> = {
  episodes: {
    ...COMMON_ALIASES,
    therapist_email: 'clinician_email',
    clinician: 'clinician_email',
    therapist: 'clinician_email',
    provider_email: 'clinician_email',
    counselor_email: 'clinician_email',
    staff_email: 'clinician_email',
    age: 'age_years',
    age_at_referral: 'age_years',
    age_at_intake: 'age_years',
    child_age: 'age_years',
    client_age: 'age_years',
    sex: 'gender',
    gender_identity: 'gender',
    race: 'race_ethnicity',
    ethnicity: 'race_ethnicity',
    race_and_ethnicity: 'race_ethnicity',
    caregiver: 'caregiver_involved',
    caregiver_involvement: 'caregiver_involved',
    caregiver_participation: 'caregiver_involved',
    model: 'model_code',
    treatment_model: 'model_code',
    treatment: 'model_code',
    intervention: 'model_code',
    ebt: 'model_code',
    referral_date: 'referred_on',
    date_referred: 'referred_on',
    referred: 'referred_on',
    referral: 'referred_on',
    first_session: 'first_session_on',
    first_session_date: 'first_session_on',
    start_date: 'first_session_on',
    treatment_start: 'first_session_on',
    treatment_start_date: 'first_session_on',
    started_on: 'first_session_on',
    discharge_date: 'discharged_on',
    date_discharged: 'discharged_on',
    end_date: 'discharged_on',
    closed_date: 'discharged_on',
    closure_date: 'discharged_on',
    ended_on: 'discharged_on',
    reason_for_discharge: 'discharge_reason',
    closure_reason: 'discharge_reason',
    discharge_status: 'discharge_reason',
  },
  sessions: {
    ...COMMON_ALIASES,
    date: 'held_on',
    session_date: 'held_on',
    service_date: 'held_on',
    date_of_service: 'held_on',
    dos: 'held_on',
    duration: 'minutes',
    duration_minutes: 'minutes',
    session_minutes: 'minutes',
    session_length: 'minutes',
    length: 'minutes',
    attendees: 'participants',
    who_attended: 'participants',
    participant: 'participants',
    practice_components: 'components',
    components_covered: 'components',
    component: 'components',
    elements: 'components',
    virtual: 'telehealth',
    telehealth_session: 'telehealth',
    modality: 'telehealth',
  },
  administrations: {
    ...COMMON_ALIASES,
    measure: 'instrument',
    measure_name: 'instrument',
    assessment: 'instrument',
    assessment_name: 'instrument',
    instrument_code: 'instrument',
    tool: 'instrument',
    time_point: 'phase',
    timepoint: 'phase',
    assessment_point: 'phase',
    interval: 'phase',
    wave: 'phase',
    informant: 'respondent',
    reporter: 'respondent',
    completed_by: 'respondent',
    rater: 'respondent',
    date: 'administered_on',
    administration_date: 'administered_on',
    assessment_date: 'administered_on',
    date_administered: 'administered_on',
    date_completed: 'administered_on',
    completed_on: 'administered_on',
    measure_date: 'administered_on',
    score: 'total',
    total_score: 'total',
    raw_score: 'total',
    total_raw_score: 'total',
    sum: 'total',
  },
};

/**
 * Some fields are about staff, the center or a measure, not the child, and their usual headers
 * trip the identifier check ("Center Name", "Therapist Email", "Measure Name"). Such a header is
 * let through only when it feeds that field and says what it is about.
 */
const NOT_ABOUT_THE_CHILD: Partial<Record<CareImportField, RegExp>> = {
  center: /center|centre|cac|agency|site|location/,
  clinician_email: /therapist|clinician|provider|counsel|staff|worker|practitioner/,
  instrument: /measure|assessment|instrument|tool|scale|questionnaire/,
  model_code: /model|treatment|intervention|ebt/,
};

/** The field each canonical name or alias of this kind feeds. */
function knownField(kind: CareImportKind, normalised: string): CareImportField | undefined {
  if ((CARE_IMPORT_COLUMNS[kind] as readonly string[]).includes(normalised))
    return normalised as CareImportField;
  return ALIASES[kind][normalised];
}

/** The caller's mapping as normalised source -> target ('' to ignore a column). */
function normaliseMapping(mapping: Readonly<Record<string, string>> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [source, target] of Object.entries(mapping ?? {}))
    out.set(normaliseHeader(source), normaliseHeader(target));
  return out;
}

const IGNORE_WORDS = new Set(['', 'ignore', 'skip', 'none']);

/**
 * Headers that must not be in a care file at all, as written in it. A header that is a field's own
 * name or one of its known alternatives is a field of the de-identified record, never an
 * identifier (the identifier test alone would catch "race_ethnicity", whose "ethnicity" contains
 * "city"); any other header that looks like an identifier is refused unless the caller maps it to
 * a field it is plainly about (see NOT_ABOUT_THE_CHILD).
 */
export function findIdentifierColumns(
  kind: CareImportKind,
  header: readonly string[],
  mapping?: Readonly<Record<string, string>>,
): string[] {
  const explicit = normaliseMapping(mapping);
  return header.filter((source) => {
    if (!isIdentifierField(source)) return false;
    const key = normaliseHeader(source);
    const known = knownField(kind, key);
    const target = explicit.get(key) ?? known;
    if (known !== undefined && target === known) return false;
    const nature = target ? NOT_ABOUT_THE_CHILD[target as CareImportField] : undefined;
    return !(nature && nature.test(key.replace(/_/g, '')));
  });
}

/** The refusal of a file with identifier columns: names them, says why, says it is deliberate. */
export function identifierRefusal(columns: readonly string[]): CareImportFileError {
  const names = columns.map((c) => `"${c}"`).join(', ');
  return new CareImportFileError(
    `The file was refused before any row was read: the column${columns.length > 1 ? 's' : ''} ${names} ` +
      `${IDENTIFIER_REFUSAL}. This is by design; remove ${columns.length > 1 ? 'those columns' : 'that column'} ` +
      'from the file and import it again.',
    columns.map((c) => ({ path: `columns.${c}`, message: IDENTIFIER_REFUSAL })),
    1,
  );
}

export interface ColumnPlan {
  kind: CareImportKind;
  columns: TCareImportColumn[];
  /** Column indexes feeding each field (race_ethnicity may come from a race and an ethnicity column). */
  index: Partial<Record<CareImportField, number[]>>;
  unmapped: string[];
}

/** Fields whose cells are lists, so that two source columns may feed them together. */
const LIST_FIELDS = new Set<CareImportField>(['race_ethnicity']);

/**
 * Maps the header to fields: the caller's mapping first, then canonical names, then aliases.
 * Throws a CareImportFileError naming missing required columns, columns fed twice and mapping
 * targets that are not fields of this kind. `centerOptional`: the importer directs one center,
 * which a file without a center column is for.
 */
export function planColumns(
  kind: CareImportKind,
  header: readonly string[],
  options: { mapping?: Readonly<Record<string, string>>; centerOptional?: boolean } = {},
): ColumnPlan {
  const fields = CARE_IMPORT_COLUMNS[kind] as readonly string[];
  const explicit = normaliseMapping(options.mapping);
  const problems: { path: string; message: string }[] = [];
  for (const [source, target] of explicit) {
    if (!IGNORE_WORDS.has(target) && !fields.includes(target))
      problems.push({
        path: `mapping.${source}`,
        message: `maps to "${target}", which is not a column of ${kind} (${fields.join(', ')})`,
      });
  }
  const normalisedHeader = header.map(normaliseHeader);
  for (const source of explicit.keys())
    if (!normalisedHeader.includes(source))
      problems.push({ path: `mapping.${source}`, message: 'names a column that is not in the file' });

  const columns: TCareImportColumn[] = [];
  const index: Partial<Record<CareImportField, number[]>> = {};
  const unmapped: string[] = [];
  header.forEach((source, i) => {
    const key = normalisedHeader[i]!;
    let field: CareImportField | undefined;
    let how: TCareImportColumn['how'];
    const target = explicit.get(key);
    if (target !== undefined) {
      field = IGNORE_WORDS.has(target) ? undefined : (target as CareImportField);
      how = field ? 'mapping' : 'ignored';
    } else {
      field = knownField(kind, key);
      how = field ? (fields.includes(key) ? 'canonical' : 'alias') : 'ignored';
    }
    columns.push({ source, field: field ?? null, how });
    if (!field) {
      if (key !== '') unmapped.push(source);
      return;
    }
    (index[field] ??= []).push(i);
  });
  for (const [field, at] of Object.entries(index) as [CareImportField, number[]][]) {
    if (at.length > 1 && !LIST_FIELDS.has(field))
      problems.push({
        path: `columns.${field}`,
        message: `is fed by ${at.length} columns (${at.map((i) => `"${header[i]}"`).join(', ')}); map one of them to it`,
      });
  }
  const required = CARE_IMPORT_REQUIRED[kind] as readonly CareImportField[];
  const missing = required.filter((f) => !index[f] && !(f === 'center' && options.centerOptional));
  for (const field of missing)
    problems.push({ path: `columns.${field}`, message: 'is required but no column of the file feeds it' });
  if (problems.length > 0) {
    const others = problems.filter((p) => !missing.some((f) => p.path === `columns.${f}`));
    const message =
      missing.length > 0
        ? `The header row lacks the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. ` +
          `Columns of ${kind}: ${fields.join(', ')}. Map a column of the file to a field ("Header=field") if it is there under another name.` +
          (others.length > 0 ? ` Also: ${others.map((p) => `${p.path} ${p.message}`).join('; ')}.` : '')
        : `The header row cannot be used: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}.`;
    throw new CareImportFileError(message, problems, 1);
  }
  return { kind, columns, index, unmapped };
}

/** "Source Header=target_field" arguments (CLI --map, the API's map query) as a mapping. */
export function parseMappingArgs(args: readonly string[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const arg of args) {
    const at = arg.lastIndexOf('=');
    if (at <= 0)
      throw new ImportFileError(`The mapping "${arg}" must look like "Source Header=target_field".`);
    mapping[arg.slice(0, at).trim()] = arg.slice(at + 1).trim();
  }
  return mapping;
}

/** The template of a kind: its canonical header row. */
export function templateCsv(kind: CareImportKind): string {
  return `${CARE_IMPORT_COLUMNS[kind].join(',')}\r\n`;
}

// Streaming records ----------------------------------------------------------------------------

export interface CsvRecord {
  /** Line of the file where the record starts (1 = the first line). */
  line: number;
  cells: string[];
}

export interface CsvFile {
  header: string[];
  /** The records after the header, in batches of up to `size`, read from the input as they are consumed. */
  batches(size: number): AsyncGenerator<CsvRecord[]>;
  /** Stops reading (a refused file): releases the input. */
  close(): void;
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * A CSV reader (RFC 4180: commas, double-quoted cells with "" for a quote, LF or CRLF line ends)
 * that parses one record at a time from text pushed into it, so nothing past the record asked for
 * is parsed. Lines without a quote take a fast path (split on commas); quoted cells may span
 * lines. A quote inside an unquoted cell is kept as text. Line numbers follow the file.
 */
export class CsvReader {
  #text = '';
  #pos = 0;
  #line = 1;
  #final = false;
  /** Position of the next quote at or after #pos; -1 when unknown, Infinity when there is none. */
  #quoteAt = -1;

  /** Characters buffered and not yet parsed. */
  get pending(): number {
    return Math.max(0, this.#text.length - this.#pos);
  }

  push(text: string): void {
    this.#text = this.#pos >= this.#text.length ? text : this.#text.slice(this.#pos) + text;
    this.#pos = 0;
    this.#quoteAt = -1;
  }

  /** No more text will come: the last line needs no line break. */
  end(): void {
    this.#final = true;
  }

  /** The next record; null when more text is needed or, after end(), when none is left. */
  next(): CsvRecord | null {
    const s = this.#text;
    const i = this.#pos;
    if (i >= s.length) return null;
    const nl = s.indexOf('\n', i);
    if (nl === -1 && !this.#final) return null;
    const end = nl === -1 ? s.length : nl;
    if (this.#quoteAt !== Infinity && this.#quoteAt < i) {
      const q = s.indexOf('"', i);
      this.#quoteAt = q === -1 ? Infinity : q;
    }
    if (this.#quoteAt > end) {
      const lineEnd = end > i && s.charCodeAt(end - 1) === CR ? end - 1 : end;
      const record = { line: this.#line, cells: s.slice(i, lineEnd).split(',') };
      this.#pos = end + 1;
      this.#line++;
      return record;
    }
    return this.#quoted(i);
  }

  /** A record with a quoted cell, possibly over several lines. */
  #quoted(start: number): CsvRecord | null {
    const s = this.#text;
    const cells: string[] = [];
    let lines = 0;
    let i = start;
    const firstLine = this.#line;
    const finish = (at: number): CsvRecord => {
      this.#pos = at;
      this.#line += 1 + lines;
      return { line: firstLine, cells };
    };
    for (;;) {
      if (s.charCodeAt(i) === QUOTE) {
        let value = '';
        let j = i + 1;
        for (;;) {
          const k = s.indexOf('"', j);
          if (k === -1 || (k + 1 >= s.length && !this.#final)) {
            if (!this.#final) return null;
            throw new ImportFileError(
              `The file is not valid CSV: the quoted cell that starts on line ${firstLine + lines} is never closed.`,
              firstLine,
            );
          }
          const part = s.slice(j, k);
          lines += countLines(part);
          value += part;
          if (s.charCodeAt(k + 1) === QUOTE) {
            value += '"';
            j = k + 2;
            continue;
          }
          i = k + 1;
          break;
        }
        cells.push(value);
        const c = s.charCodeAt(i);
        if (c === COMMA) {
          i++;
          continue;
        }
        if (i >= s.length) return finish(i);
        if (c === LF) return finish(i + 1);
        if (c === CR) {
          if (i + 1 >= s.length) {
            if (!this.#final) return null;
            return finish(i + 1);
          }
          if (s.charCodeAt(i + 1) === LF) return finish(i + 2);
        }
        throw new ImportFileError(
          `The file is not valid CSV: on line ${firstLine + lines}, a quoted cell is followed by other characters before the next comma.`,
          firstLine + lines,
        );
      }
      const nl = s.indexOf('\n', i);
      if (nl === -1 && !this.#final) return null;
      const lineEnd = nl === -1 ? s.length : nl;
      const comma = s.indexOf(',', i);
      if (comma !== -1 && comma < lineEnd) {
        cells.push(s.slice(i, comma));
        i = comma + 1;
        continue;
      }
      cells.push(s.slice(i, lineEnd > i && s.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd));
      return finish(lineEnd + 1);
    }
  }
}

function isBlank(cells: readonly string[]): boolean {
  for (const c of cells) if (c.trim() !== '') return false;
  return true;
}

/** The longest header accepted; a longer one is a file that is not a CSV with a header row. */
const MAX_HEADER_CHARS = 1 << 20;

/**
 * Opens a CSV stream and reads its header (the first line that is not blank) and nothing more, so
 * the caller can refuse the file before any row is read, even a row that is not valid CSV.
 * `onBytes` reports the bytes read so far (for progress).
 */
export async function openCsv(input: Readable, onBytes?: (bytes: number) => void): Promise<CsvFile> {
  const source = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const decoder = new StringDecoder('utf8');
  const reader = new CsvReader();
  let read = 0;
  let ended = false;
  let first = true;
  const close = () => {
    input.destroy();
  };
  /** Feeds the reader the next chunk; false at the end of the input. */
  const pull = async (): Promise<boolean> => {
    if (ended) return false;
    let r: IteratorResult<Buffer | string>;
    try {
      r = await source.next();
    } catch (error) {
      close();
      throw error;
    }
    if (r.done) {
      ended = true;
      const rest = decoder.end();
      if (rest) reader.push(rest);
      reader.end();
      return false;
    }
    const chunk = typeof r.value === 'string' ? Buffer.from(r.value, 'utf8') : r.value;
    read += chunk.length;
    onBytes?.(read);
    let text = decoder.write(chunk);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    reader.push(text);
    return true;
  };

  let header: string[] | null = null;
  try {
    for (;;) {
      const record = reader.next();
      if (record) {
        if (isBlank(record.cells)) continue;
        header = record.cells.map((c) => c.trim());
        break;
      }
      if (reader.pending > MAX_HEADER_CHARS) {
        throw new ImportFileError(
          'The first line is not a CSV header row (it is too long, or a quote in it is not closed).',
          1,
        );
      }
      if (!(await pull()) && reader.pending === 0) break;
    }
  } catch (error) {
    close();
    throw error;
  }
  if (!header) {
    close();
    throw new ImportFileError('The file is empty.');
  }
  if (header.some((h) => h.includes('\u0000'))) {
    close();
    throw new ImportFileError('The file is not a text CSV file (it contains binary data).');
  }

  async function* batches(size: number): AsyncGenerator<CsvRecord[]> {
    let batch: CsvRecord[] = [];
    try {
      for (;;) {
        const record = reader.next();
        if (record) {
          if (isBlank(record.cells)) continue;
          batch.push(record);
          if (batch.length >= size) {
            yield batch;
            batch = [];
          }
          continue;
        }
        // After the end of the input, next() returns the last records or throws; it never waits.
        if (!(await pull()) && reader.pending === 0) break;
      }
    } catch (error) {
      close();
      throw error;
    }
    if (batch.length > 0) yield batch;
  }
  return { header, batches, close };
}

// Cells ------------------------------------------------------------------------------------------

/** Words already normalised; a file repeats the same few values on every row. */
const WORDS = new Map<string, string>();

/** Lower case with runs of other characters as one underscore, for matching words. */
function word(value: string): string {
  let w = WORDS.get(value);
  if (w === undefined) {
    w = normaliseHeader(value);
    if (WORDS.size < 10_000) WORDS.set(value, w);
  }
  return w;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * A date cell as YYYY-MM-DD; null when empty, undefined when not a date. The usual form is checked
 * in place (it is every row of a large file); other forms go through parseDateCell.
 */
export function dateCell(value: string): string | null | undefined {
  if (value.length === 10 && value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45) {
    const y = digits(value, 0, 4);
    const m = digits(value, 5, 7);
    const d = digits(value, 8, 10);
    if (y < 1980 || y > 2100 || m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m - 1]!) return undefined;
    if (m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return undefined;
    return value;
  }
  return parseDateCell(value);
}

function wordTable<T extends string>(canonical: readonly T[], aliases: Record<string, T>): Map<string, T> {
  const table = new Map<string, T>(canonical.map((c) => [c, c]));
  for (const [alias, value] of Object.entries(aliases)) table.set(alias, value);
  return table;
}

const GENDER_WORDS = wordTable(GENDERS, {
  f: 'female',
  girl: 'female',
  woman: 'female',
  m: 'male',
  boy: 'male',
  man: 'male',
  other: 'another',
  another_gender: 'another',
  non_binary: 'another',
  nonbinary: 'another',
  gender_diverse: 'another',
  transgender: 'another',
  unknown: 'not_recorded',
  not_known: 'not_recorded',
  declined: 'not_recorded',
  prefer_not_to_say: 'not_recorded',
  u: 'not_recorded',
});

const RACE_WORDS = wordTable(RACE_ETHNICITIES, {
  american_indian: 'american_indian_alaska_native',
  american_indian_or_alaska_native: 'american_indian_alaska_native',
  alaska_native: 'american_indian_alaska_native',
  native_american: 'american_indian_alaska_native',
  ai_an: 'american_indian_alaska_native',
  aian: 'american_indian_alaska_native',
  black: 'black_african_american',
  african_american: 'black_african_american',
  black_or_african_american: 'black_african_american',
  hispanic: 'hispanic_latino',
  latino: 'hispanic_latino',
  latina: 'hispanic_latino',
  latinx: 'hispanic_latino',
  hispanic_or_latino: 'hispanic_latino',
  middle_eastern: 'middle_eastern_north_african',
  north_african: 'middle_eastern_north_african',
  mena: 'middle_eastern_north_african',
  middle_eastern_or_north_african: 'middle_eastern_north_african',
  native_hawaiian: 'native_hawaiian_pacific_islander',
  pacific_islander: 'native_hawaiian_pacific_islander',
  nhpi: 'native_hawaiian_pacific_islander',
  native_hawaiian_or_pacific_islander: 'native_hawaiian_pacific_islander',
  native_hawaiian_or_other_pacific_islander: 'native_hawaiian_pacific_islander',
  caucasian: 'white',
});
/** Words that mean "no category recorded" in a race list. */
const RACE_NONE = new Set([
  'unknown',
  'not_recorded',
  'declined',
  'prefer_not_to_say',
  'not_hispanic_latino',
]);

const DISCHARGE_WORDS = wordTable(DISCHARGE_REASONS, {
  complete: 'completed',
  successful: 'completed',
  successful_completion: 'completed',
  treatment_completed: 'completed',
  graduated: 'completed',
  dropout: 'dropped_out',
  drop_out: 'dropped_out',
  disengaged: 'dropped_out',
  lost_to_contact: 'dropped_out',
  transfer: 'transferred',
  referred_out: 'transferred',
});

const PHASE_WORDS = wordTable(PHASES, {
  pre: 'baseline',
  pre_treatment: 'baseline',
  pretreatment: 'baseline',
  intake: 'baseline',
  initial: 'baseline',
  mid: 'mid_treatment',
  midpoint: 'mid_treatment',
  interim: 'mid_treatment',
  during: 'mid_treatment',
  post: 'end',
  post_treatment: 'end',
  posttreatment: 'end',
  discharge: 'end',
  termination: 'end',
  end_of_treatment: 'end',
  final: 'end',
  exit: 'end',
  followup: 'follow_up',
  fu: 'follow_up',
});

const RESPONDENT_WORDS = wordTable(RESPONDENTS, {
  child: 'youth',
  self: 'youth',
  self_report: 'youth',
  sr: 'youth',
  client: 'youth',
  parent: 'caregiver',
  guardian: 'caregiver',
  caregiver_report: 'caregiver',
  parent_report: 'caregiver',
  therapist: 'clinician',
});

const PARTICIPANT_WORDS = wordTable(PARTICIPANTS, {
  youth: 'child',
  client: 'child',
  parent: 'caregiver',
  guardian: 'caregiver',
  joint: 'conjoint',
  family: 'conjoint',
});

const TELEHEALTH_WORDS = new Map<string, boolean>([
  ['telehealth', true],
  ['video', true],
  ['virtual', true],
  ['phone', true],
  ['remote', true],
  ['in_person', false],
  ['office', false],
  ['face_to_face', false],
]);

/** A semicolon (or |) separated list, trimmed, without empty items. */
export function splitList(cell: string): string[] {
  if (cell === '') return [];
  return cell
    .split(/[;|]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The rule of ZCaseCode (care.schemas.ts), as a plain test: it runs on every row. */
const CASE_CODE = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/;
const CASE_CODE_MESSAGE =
  'must be 1-32 letters, digits and dashes assigned by the center (never a name or record number)';
const INSTRUMENT_CODES = new Map<string, string>();
const WHOLE = /^\d+$/;
const DECIMAL = /^\d+(?:\.\d+)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$/;
const DATE_HINT = '(YYYY-MM-DD or M/D/YYYY, from 1980 to today)';

// Lookups ----------------------------------------------------------------------------------------

export interface EpisodeRef {
  id: string;
  centerId: string;
  modelId: string;
  referredOn: string | null;
  startedOn: string | null;
  endedOn: string | null;
}

export interface ModelRef {
  id: string;
  code: string;
  /** Component codes by their normalised code and name. */
  components: ReadonlyMap<string, string>;
}

/** What the row checks need to know, loaded by the service (or stubbed in tests). */
export interface CareLookups {
  /** Today's date (YYYY-MM-DD): nothing is dated after it. */
  today: string;
  /** The center of a file without a center column or with an empty cell, if the importer has one. */
  defaultCenterId: string | null;
  /** The center a cell names (id, name, or "Name (ST)"), or the problem with it. */
  center(cell: string): { id: string } | { problem: string };
  /** An active clinician of the center with this (lower-case) e-mail address. */
  clinicianId(centerId: string, email: string): string | null;
  model(cell: string): ModelRef | null;
  modelById(id: string): ModelRef | null;
  episode(centerId: string, caseCode: string): EpisodeRef | null;
  instrument(code: string): InstrumentDefinition | null;
  instrumentEnabled(centerId: string, def: InstrumentDefinition): boolean;
  score(def: InstrumentDefinition, total: number): ScoreOutcome;
}

/**
 * The first line of each natural key in the file, kept compactly: a group (an episode, or a center
 * and case code) and a number within it. A row is a duplicate when another line holds its key.
 */
export class DuplicateIndex {
  readonly #groups = new Map<string, Map<number, number>>();

  /** Records the line for the key; returns the earlier line if another line has it. */
  claim(group: string, key: number, line: number): number | null {
    let keys = this.#groups.get(group);
    if (!keys) {
      keys = new Map();
      this.#groups.set(group, keys);
    }
    const first = keys.get(key);
    if (first === undefined) {
      keys.set(key, line);
      return null;
    }
    return first === line ? null : first;
  }
}

// Rows -------------------------------------------------------------------------------------------

export interface EpisodeImportRow {
  line: number;
  centerId: string;
  caseCode: string;
  clinicianId: string;
  ageYears: number;
  gender: (typeof GENDERS)[number] | null;
  raceEthnicity: string[] | null;
  caregiverInvolved: boolean;
  modelId: string;
  referredOn: string;
  startedOn: string | null;
  endedOn: string | null;
  dischargeReason: (typeof DISCHARGE_REASONS)[number] | null;
}

export interface SessionImportRow {
  line: number;
  episodeId: string;
  centerId: string;
  heldOn: string;
  minutes: number;
  participants: string[];
  components: string[];
  telehealth: boolean;
}

export interface AdministrationImportRow {
  line: number;
  episodeId: string;
  centerId: string;
  instrument: string;
  phase: (typeof PHASES)[number];
  respondent: (typeof RESPONDENTS)[number];
  administeredOn: string;
  total: number;
  band: string;
}

export interface CareImportRows {
  episodes: EpisodeImportRow;
  sessions: SessionImportRow;
  administrations: AdministrationImportRow;
}

export type RowCheck<K extends CareImportKind> =
  { ok: true; row: CareImportRows[K] } | { ok: false; problems: ImportRejection[] };

/** Days since 1970-01-01 of a YYYY-MM-DD date (the civil-from-days algorithm, without a Date). */
function daysOf(date: string): number {
  let y = digits(date, 0, 4);
  const m = digits(date, 5, 7);
  const d = digits(date, 8, 10);
  if (m <= 2) y--;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * Checks rows of one kind against the lookups: one call per record, no query. Rows for sessions
 * and administrations need their episode in the lookups: `episodeKey` tells the service which
 * episodes a chunk names, so it can load them all with one query first.
 */
export class CareRowChecker<K extends CareImportKind> {
  readonly #plan: ColumnPlan;
  readonly #lookups: CareLookups;
  readonly #duplicates: DuplicateIndex;
  readonly #at: Partial<Record<CareImportField, number>> = {};
  readonly #instrumentIndex = new Map<string, number>();

  constructor(
    readonly kind: K,
    plan: ColumnPlan,
    lookups: CareLookups,
    duplicates: DuplicateIndex = new DuplicateIndex(),
  ) {
    this.#plan = plan;
    this.#lookups = lookups;
    this.#duplicates = duplicates;
    for (const [field, at] of Object.entries(plan.index) as [CareImportField, number[]][])
      if (at.length === 1) this.#at[field] = at[0];
  }

  #cell(cells: readonly string[], field: CareImportField): string {
    const at = this.#at[field];
    if (at !== undefined) return (cells[at] ?? '').trim();
    const several = this.#plan.index[field];
    if (!several) return '';
    return several
      .map((i) => (cells[i] ?? '').trim())
      .filter((c) => c !== '')
      .join(';');
  }

  /** The center of a record, or the problem with its center cell. */
  #center(cells: readonly string[]): { id: string } | { problem: string } {
    const cell = this.#cell(cells, 'center');
    if (cell === '') {
      const id = this.#lookups.defaultCenterId;
      return id ? { id } : { problem: 'is required' };
    }
    return this.#lookups.center(cell);
  }

  /** The center and case code a session or administration row names, when both are usable. */
  episodeKey(record: CsvRecord): { centerId: string; caseCode: string } | null {
    const center = this.#center(record.cells);
    if (!('id' in center)) return null;
    const caseCode = this.#cell(record.cells, 'case_code');
    return caseCode === '' ? null : { centerId: center.id, caseCode };
  }

  check(record: CsvRecord): RowCheck<K> {
    const { line, cells } = record;
    const problems: ImportRejection[] = [];
    const reject = (field: string | null, message: string) => problems.push({ line, field, message });
    const width = this.#plan.columns.length;
    if (cells.length !== width) {
      const extra = cells.slice(width);
      if (cells.length < width || extra.some((c) => c.trim() !== '')) {
        reject(null, `has ${cells.length} fields; the header has ${width}`);
        return { ok: false, problems };
      }
    }
    const center = this.#center(cells);
    if (!('id' in center)) reject('center', center.problem);
    const centerId = 'id' in center ? center.id : null;
    const caseCodeCell = this.#cell(cells, 'case_code');
    let caseCode: string | null = null;
    if (caseCodeCell === '') reject('case_code', 'is required');
    else if (CASE_CODE.test(caseCodeCell)) caseCode = caseCodeCell;
    else reject('case_code', CASE_CODE_MESSAGE);
    const row =
      this.kind === 'episodes'
        ? this.#episode(cells, line, centerId, caseCode, reject)
        : this.kind === 'sessions'
          ? this.#session(cells, line, centerId, caseCode, reject)
          : this.#administration(cells, line, centerId, caseCode, reject);
    if (problems.length > 0 || !row) return { ok: false, problems };
    return { ok: true, row: row as CareImportRows[K] };
  }

  #date(
    cells: readonly string[],
    field: CareImportField,
    reject: (field: string, message: string) => void,
    required: boolean,
  ): string | null | undefined {
    const raw = this.#cell(cells, field);
    if (raw === '') {
      if (required) reject(field, 'is required');
      return required ? undefined : null;
    }
    const date = dateCell(raw);
    if (!date || date > this.#lookups.today) {
      reject(field, date ? 'is after today' : `is not a date ${DATE_HINT}`);
      return undefined;
    }
    return date;
  }

  #episode(
    cells: readonly string[],
    line: number,
    centerId: string | null,
    caseCode: string | null,
    reject: (field: string | null, message: string) => void,
  ): EpisodeImportRow | null {
    const lookups = this.#lookups;
    const email = this.#cell(cells, 'clinician_email').toLowerCase();
    let clinicianId: string | null = null;
    if (email === '') reject('clinician_email', 'is required');
    else if (!EMAIL.test(email)) reject('clinician_email', 'is not an e-mail address');
    else if (centerId) {
      clinicianId = lookups.clinicianId(centerId, email);
      if (!clinicianId) reject('clinician_email', 'is not the address of an active clinician of this center');
    }

    const ageCell = this.#cell(cells, 'age_years');
    const age = WHOLE.test(ageCell) ? Number(ageCell) : NaN;
    if (ageCell === '') reject('age_years', 'is required');
    else if (!(age >= 0 && age <= 17))
      reject('age_years', 'must be a whole number of years from 0 to 17 (the age at referral)');

    const genderCell = this.#cell(cells, 'gender');
    const gender = genderCell === '' ? null : GENDER_WORDS.get(word(genderCell));
    if (gender === undefined) reject('gender', `must be one of ${GENDERS.join(', ')}`);

    let race: string[] | null = null;
    const raceItems = splitList(this.#cell(cells, 'race_ethnicity'));
    if (raceItems.length > 0) {
      const chosen = new Set<string>();
      let bad = false;
      for (const item of raceItems) {
        const w = word(item);
        if (RACE_NONE.has(w)) continue;
        const category = RACE_WORDS.get(w);
        if (category) chosen.add(category);
        else bad = true;
      }
      if (bad)
        reject(
          'race_ethnicity',
          `must list categories from ${RACE_ETHNICITIES.join(', ')}, separated by semicolons`,
        );
      race = chosen.size > 0 ? RACE_ETHNICITIES.filter((c) => chosen.has(c)) : null;
    }

    const caregiverCell = this.#cell(cells, 'caregiver_involved');
    const caregiver = parseBooleanCell(caregiverCell);
    if (caregiver === undefined) reject('caregiver_involved', 'must be yes or no (true or false)');

    const modelCell = this.#cell(cells, 'model_code');
    const model = modelCell === '' ? null : lookups.model(modelCell);
    if (modelCell === '') reject('model_code', 'is required');
    else if (!model) reject('model_code', 'is not a treatment model of the network (for example TF-CBT)');

    const referredOn = this.#date(cells, 'referred_on', reject, true);
    const startedOn = this.#date(cells, 'first_session_on', reject, false);
    const endedOn = this.#date(cells, 'discharged_on', reject, false);
    if (referredOn && startedOn && startedOn < referredOn)
      reject('first_session_on', 'must not be before referred_on');
    if (endedOn && startedOn === null) reject('discharged_on', 'needs first_session_on');
    if (endedOn && startedOn && endedOn < startedOn)
      reject('discharged_on', 'must not be before first_session_on');

    const reasonCell = this.#cell(cells, 'discharge_reason');
    const reason = reasonCell === '' ? null : DISCHARGE_WORDS.get(word(reasonCell));
    if (reason === undefined) reject('discharge_reason', `must be one of ${DISCHARGE_REASONS.join(', ')}`);
    else if (endedOn && reason === null) reject('discharge_reason', 'is required with discharged_on');
    else if (reason && endedOn === null) reject('discharge_reason', 'needs discharged_on');

    if (centerId && caseCode) {
      const first = this.#duplicates.claim(`${centerId}|${caseCode}`, 0, line);
      if (first !== null) reject('case_code', `repeats line ${first} (same center and case code)`);
    }
    if (!centerId || !caseCode || !clinicianId || !model || !referredOn) return null;
    if (startedOn === undefined || endedOn === undefined || gender === undefined) return null;
    if (caregiver === undefined || reason === undefined) return null;
    return {
      line,
      centerId,
      caseCode,
      clinicianId,
      ageYears: age,
      gender,
      raceEthnicity: race,
      caregiverInvolved: caregiver ?? false,
      modelId: model.id,
      referredOn,
      startedOn,
      endedOn,
      dischargeReason: reason,
    };
  }

  #findEpisode(
    centerId: string | null,
    caseCode: string | null,
    reject: (field: string | null, message: string) => void,
  ): EpisodeRef | null {
    if (!centerId || !caseCode) return null;
    const episode = this.#lookups.episode(centerId, caseCode);
    if (!episode) reject('case_code', 'names no episode of this center (import the episodes first)');
    return episode;
  }

  #session(
    cells: readonly string[],
    line: number,
    centerId: string | null,
    caseCode: string | null,
    reject: (field: string | null, message: string) => void,
  ): SessionImportRow | null {
    const episode = this.#findEpisode(centerId, caseCode, reject);
    const heldOn = this.#date(cells, 'held_on', reject, true);
    if (heldOn && episode) {
      if (episode.referredOn && heldOn < episode.referredOn)
        reject('held_on', "is before the episode's referral date");
      else if (episode.startedOn && heldOn < episode.startedOn)
        reject('held_on', "is before the episode's first session (first_session_on)");
      else if (episode.endedOn && heldOn > episode.endedOn)
        reject('held_on', "is after the episode's discharge date");
    }

    const minutesCell = this.#cell(cells, 'minutes');
    const minutes = WHOLE.test(minutesCell) ? Number(minutesCell) : NaN;
    if (minutesCell === '') reject('minutes', 'is required');
    else if (!(minutes >= 5 && minutes <= 480)) reject('minutes', 'must be a whole number from 5 to 480');

    const participants: string[] = [];
    const participantItems = splitList(this.#cell(cells, 'participants'));
    if (participantItems.length === 0) reject('participants', 'is required (child, caregiver, conjoint)');
    for (const item of participantItems) {
      const p = PARTICIPANT_WORDS.get(word(item));
      if (!p) {
        reject('participants', `must list ${PARTICIPANTS.join(', ')}, separated by semicolons`);
        break;
      }
      if (!participants.includes(p)) participants.push(p);
    }

    const components: string[] = [];
    const componentItems = splitList(this.#cell(cells, 'components'));
    const model = episode ? this.#lookups.modelById(episode.modelId) : null;
    for (const item of componentItems) {
      // A model's own codes when it has them; otherwise only code-like values: never free text.
      const code =
        model && model.components.size > 0
          ? model.components.get(word(item))
          : CODE.test(item)
            ? item
            : undefined;
      if (!code) {
        reject(
          'components',
          model && model.components.size > 0
            ? `must list components of ${model.code} (${[...new Set(model.components.values())].join(', ')}), separated by semicolons`
            : 'must list component codes (letters, digits, dashes), separated by semicolons',
        );
        break;
      }
      if (!components.includes(code)) components.push(code);
    }
    if (components.length > 20) reject('components', 'must name at most 20 components');

    const telehealthCell = this.#cell(cells, 'telehealth');
    const telehealth = TELEHEALTH_WORDS.get(word(telehealthCell)) ?? parseBooleanCell(telehealthCell);
    if (telehealth === undefined) reject('telehealth', 'must be yes or no (or telehealth / in person)');

    if (episode && heldOn) {
      const first = this.#duplicates.claim(episode.id, daysOf(heldOn), line);
      if (first !== null) reject('held_on', `repeats line ${first} (same episode and date)`);
    }
    if (!episode || !heldOn || telehealth === undefined) return null;
    return {
      line,
      episodeId: episode.id,
      centerId: episode.centerId,
      heldOn,
      minutes,
      participants,
      components,
      telehealth: telehealth ?? false,
    };
  }

  #administration(
    cells: readonly string[],
    line: number,
    centerId: string | null,
    caseCode: string | null,
    reject: (field: string | null, message: string) => void,
  ): AdministrationImportRow | null {
    const lookups = this.#lookups;
    const episode = this.#findEpisode(centerId, caseCode, reject);

    const codeCell = this.#cell(cells, 'instrument');
    let code = INSTRUMENT_CODES.get(codeCell);
    if (code === undefined) {
      code = codeCell.toUpperCase().replace(/[\s_]+/g, '-');
      if (INSTRUMENT_CODES.size < 1_000) INSTRUMENT_CODES.set(codeCell, code);
    }
    const def = code === '' ? null : lookups.instrument(code);
    if (codeCell === '') reject('instrument', 'is required');
    else if (!def) reject('instrument', 'is not an instrument Waymark scores (see the instrument catalog)');
    else if (centerId && !lookups.instrumentEnabled(centerId, def))
      reject(
        'instrument',
        `is licensed and not enabled for this center; a director enables ${def.code} first`,
      );

    const phaseCell = this.#cell(cells, 'phase');
    const phase = PHASE_WORDS.get(word(phaseCell));
    if (phaseCell === '') reject('phase', 'is required');
    else if (!phase) reject('phase', `must be one of ${PHASES.join(', ')}`);

    const respondentCell = this.#cell(cells, 'respondent');
    let respondent = respondentCell === '' ? def?.respondent : RESPONDENT_WORDS.get(word(respondentCell));
    if (!respondent && respondentCell !== '')
      reject('respondent', `must be one of ${RESPONDENTS.join(', ')}`);
    else if (def && respondent && respondent !== def.respondent) {
      reject('respondent', `must be ${def.respondent}: ${def.code} is answered by the ${def.respondent}`);
      respondent = undefined;
    }

    const administeredOn = this.#date(cells, 'administered_on', reject, true);
    if (administeredOn && episode) {
      const from = episode.referredOn ?? episode.startedOn;
      if (from && administeredOn < from) reject('administered_on', "is before the episode's referral date");
    }

    const totalCell = this.#cell(cells, 'total');
    let total: number | null = null;
    let band: string | null = null;
    if (totalCell === '') reject('total', 'is required');
    else if (!DECIMAL.test(totalCell)) reject('total', 'must be a number');
    else if (def) {
      const outcome = lookups.score(def, Number(totalCell));
      if (outcome.ok) {
        total = outcome.result.total;
        band = outcome.result.band.code;
      } else {
        for (const p of outcome.problems)
          reject(
            p.path === 'total' ? 'total' : 'instrument',
            p.path === 'total'
              ? p.message
              : `${def.code} has safety items, so a total alone cannot be imported; enter it in Waymark with the safety answers`,
          );
      }
    }

    if (episode && def && respondent && administeredOn) {
      let instrumentAt = this.#instrumentIndex.get(def.code);
      if (instrumentAt === undefined) {
        instrumentAt = this.#instrumentIndex.size;
        this.#instrumentIndex.set(def.code, instrumentAt);
      }
      const key = daysOf(administeredOn) + 65_536 * (RESPONDENTS.indexOf(respondent) + 4 * instrumentAt);
      const first = this.#duplicates.claim(episode.id, key, line);
      if (first !== null)
        reject('administered_on', `repeats line ${first} (same episode, instrument, respondent and date)`);
    }
    if (!episode || !def || !phase || !respondent || !administeredOn || total === null || band === null)
      return null;
    return {
      line,
      episodeId: episode.id,
      centerId: episode.centerId,
      instrument: def.code,
      phase,
      respondent,
      administeredOn,
      total,
      band,
    };
  }
}

// Error report ------------------------------------------------------------------------------------

function csvCell(value: string): string {
  // Quote when needed, and defuse cells a spreadsheet would run as a formula.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The problems as a CSV file to download: line, field, message. */
export function problemsToCsv(problems: readonly ImportRejection[]): string {
  const lines = ['line,field,message'];
  for (const p of problems) lines.push([String(p.line), p.field ?? '', p.message].map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
