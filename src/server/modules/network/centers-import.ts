/**
 * Parsing and validation of a centers CSV file, row by row. Pure: no database. The service decides
 * what to write.
 *
 * Columns (header names are matched case-insensitively; spaces and dashes count as underscores):
 *   name*, state*, county*, zip3*, member_type*, accredited_on, accreditation_expires_on, chapter, active
 * The natural key is (state, name): re-importing a file updates those centers instead of adding copies.
 */
import { parse } from 'csv-parse/sync';
import { MEMBER_TYPES, US_STATES, type MemberType } from '../../../shared/roles.js';
import type { ImportRejection } from '../../db/schema.js';

export const CENTER_COLUMNS = [
  'name',
  'state',
  'county',
  'zip3',
  'member_type',
  'accredited_on',
  'accreditation_expires_on',
  'chapter',
  'active',
] as const;
const REQUIRED = ['name', 'state', 'county', 'zip3', 'member_type'] as const;
const ALIASES: Record<string, (typeof CENTER_COLUMNS)[number]> = {
  center: 'name',
  center_name: 'name',
  zip: 'zip3',
  zip_3: 'zip3',
  type: 'member_type',
  membership_type: 'member_type',
  accreditation_date: 'accredited_on',
  accreditation_expires: 'accreditation_expires_on',
  reaccreditation_due: 'accreditation_expires_on',
  chapter_name: 'chapter',
  state_chapter: 'chapter',
};

export const MAX_IMPORT_ROWS = 50_000;

export interface CenterImportRow {
  line: number;
  name: string;
  state: string;
  county: string;
  zip3: string;
  memberType: MemberType;
  accreditedOn: string | null;
  accreditationExpiresOn: string | null;
  chapter: string | null;
  active: boolean;
}

export interface ParsedCenters {
  rows: CenterImportRow[];
  rejections: ImportRejection[];
  warnings: string[];
  totalRows: number;
}

export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

function normaliseHeader(h: string): string {
  const key = h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return ALIASES[key] ?? key;
}

const MEMBER_TYPE_WORDS: Record<string, MemberType> = {
  accredited: 'accredited',
  associate: 'associate',
  developing: 'associate',
  'associate/developing': 'associate',
  'associate / developing': 'associate',
  affiliate: 'affiliate',
  satellite: 'satellite',
};

/** 'YYYY-MM-DD' or US 'M/D/YYYY' to 'YYYY-MM-DD'; null for an empty cell; undefined when invalid. */
export function parseDateCell(value: string): string | null | undefined {
  const v = value.trim();
  if (v === '') return null;
  let y: number;
  let m: number;
  let d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  if (match) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
    if (!match) return undefined;
    [m, d, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return undefined;
  if (y < 1980 || y > 2100) return undefined;
  return date.toISOString().slice(0, 10);
}

export function parseBooleanCell(value: string): boolean | null | undefined {
  const v = value.trim().toLowerCase();
  if (v === '') return null;
  if (['true', 'yes', 'y', '1', 'active'].includes(v)) return true;
  if (['false', 'no', 'n', '0', 'inactive'].includes(v)) return false;
  return undefined;
}

export function parseCentersCsv(text: string): ParsedCenters {
  if (text.trim() === '') throw new ImportFileError('The file is empty.');
  if (text.includes('\u0000'))
    throw new ImportFileError('The file is not a text CSV file (it contains binary data).');
  type Parsed = {
    record: Record<string, string>;
    info: { lines: number; empty_lines: number; invalid_field_length: number };
  };
  let records: Parsed[];
  // The header as the parser saw it (it skips blank lines before it, as spreadsheets leave them).
  let columns: string[] = [];
  try {
    records = parse<Parsed>(text, {
      columns: (header: string[]) => (columns = header.map(normaliseHeader)),
      bom: true,
      skip_empty_lines: true,
      // A row with too few or too many fields is reported as that row's problem, not the file's.
      relax_column_count: true,
      info: true,
      trim: false,
    });
  } catch (error) {
    const e = error as Error & { lines?: number; code?: string };
    throw new ImportFileError(`The file is not valid CSV: ${e.message}`, e.lines ?? null);
  }
  // The header is the first line that is not blank.
  const leadingBlank = /^(?:\uFEFF)?((?:[ \t]*\r?\n)*)/.exec(text)?.[1]?.split('\n').length ?? 1;
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new ImportFileError(
      `The header row lacks the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. ` +
        `Expected columns: ${CENTER_COLUMNS.join(', ')}.`,
      leadingBlank,
    );
  }
  const duplicateHeaders = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (duplicateHeaders.length > 0) {
    throw new ImportFileError(
      `The header row names ${[...new Set(duplicateHeaders)].join(', ')} more than once.`,
      leadingBlank,
    );
  }
  if (records.length > MAX_IMPORT_ROWS) {
    throw new ImportFileError(
      `The file has ${records.length} rows; split it into files of at most ${MAX_IMPORT_ROWS}.`,
    );
  }
  const warnings: string[] = [];
  const unknown = columns.filter((c) => !(CENTER_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0)
    warnings.push(`Ignored unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`);

  const rows: CenterImportRow[] = [];
  const rejections: ImportRejection[] = [];
  const seen = new Map<string, number>();
  // A record may span lines (a quoted cell with a line break): report it at the line where it
  // starts, i.e. one after the previous record ended, plus any blank lines skipped in between.
  let previousEnd = leadingBlank; // the header's line
  let previousEmpty = leadingBlank - 1;
  let previousInvalid = 0;
  for (const { record, info } of records) {
    const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
    const wrongLength = info.invalid_field_length > previousInvalid;
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
    previousInvalid = info.invalid_field_length;
    const values = Object.values(record).map((v) => (v ?? '').trim());
    if (values.every((v) => v === '')) continue; // a line of spaces or empty cells
    const cell = (c: string) => (record[c] ?? '').trim();
    const problems: ImportRejection[] = [];
    const reject = (field: string, message: string) => problems.push({ line, field, message });
    if (wrongLength) {
      rejections.push({
        line,
        field: null,
        message: `has a different number of fields from the header (${columns.length})`,
      });
      continue;
    }

    const name = cell('name').replace(/\s+/g, ' ');
    if (!name) reject('name', 'is required');
    else if (name.length > 200) reject('name', 'must be at most 200 characters');

    const state = cell('state').toUpperCase();
    if (!state) reject('state', 'is required');
    else if (!(state in US_STATES))
      reject('state', `"${cell('state')}" is not a two-letter US state or territory code`);

    const county = cell('county').replace(/\s+/g, ' ');
    if (!county) reject('county', 'is required');
    else if (county.length > 100) reject('county', 'must be at most 100 characters');

    const zip3 = cell('zip3');
    if (!/^\d{3}$/.test(zip3)) {
      reject(
        'zip3',
        /^\d{1,2}$/.test(zip3)
          ? `"${zip3}" must have 3 digits (spreadsheet programs drop leading zeros: write it as text, e.g. 021)`
          : /^\d{5}(-\d{4})?$/.test(zip3)
            ? `"${zip3}" is a full ZIP code; give only its first 3 digits`
            : `"${zip3}" must be the first 3 digits of the ZIP code`,
      );
    }

    const memberWord = cell('member_type').toLowerCase();
    const memberType = MEMBER_TYPE_WORDS[memberWord];
    if (!memberType)
      reject('member_type', `"${cell('member_type')}" must be one of ${MEMBER_TYPES.join(', ')}`);

    const accreditedOn = parseDateCell(cell('accredited_on'));
    if (accreditedOn === undefined)
      reject('accredited_on', `"${cell('accredited_on')}" is not a date (YYYY-MM-DD)`);
    const expiresOn = parseDateCell(cell('accreditation_expires_on'));
    if (expiresOn === undefined) {
      reject('accreditation_expires_on', `"${cell('accreditation_expires_on')}" is not a date (YYYY-MM-DD)`);
    }
    if (accreditedOn && expiresOn && expiresOn <= accreditedOn) {
      reject('accreditation_expires_on', 'must be after accredited_on');
    }

    const active = parseBooleanCell(cell('active'));
    if (active === undefined) reject('active', `"${cell('active')}" must be true or false`);

    const chapter = cell('chapter').replace(/\s+/g, ' ') || null;
    if (chapter && chapter.length > 200) reject('chapter', 'must be at most 200 characters');

    if (problems.length === 0) {
      const key = `${state}|${name.toLowerCase()}`;
      const first = seen.get(key);
      if (first !== undefined) {
        reject('name', `duplicates line ${first} (same name and state)`);
      } else {
        seen.set(key, line);
      }
    }
    if (problems.length > 0) {
      rejections.push(...problems);
      continue;
    }
    rows.push({
      line,
      name,
      state,
      county,
      zip3,
      memberType: memberType!,
      accreditedOn: accreditedOn ?? null,
      accreditationExpiresOn: expiresOn ?? null,
      chapter,
      active: active ?? true,
    });
  }
  return { rows, rejections, warnings, totalRows: records.length };
}
