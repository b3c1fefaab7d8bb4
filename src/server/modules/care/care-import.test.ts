/**
 * Reading care CSV files without a database: header mapping (canonical names, known alternatives,
 * the caller's mapping), the refusal of identifier columns from the header alone, the CSV reader,
 * and every row rule of episodes, sessions and administrations against stub lookups. Problem
 * messages never repeat what a cell holds.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { IDENTIFIER_REFUSAL } from '../../../shared/privacy.js';
import {
  CareImportFileError,
  CareRowChecker,
  CsvReader,
  dateCell,
  findIdentifierColumns,
  identifierRefusal,
  normaliseHeader,
  openCsv,
  parseMappingArgs,
  planColumns,
  problemsToCsv,
  templateCsv,
  type CareLookups,
  type CsvRecord,
  type EpisodeRef,
} from './care-import.js';
import { CARE_IMPORT_COLUMNS, type CareImportKind } from './care-import.schemas.js';
import { getInstrument } from './instruments/index.js';
import { scoreTotal } from './scoring.js';

const CENTER = '11111111-1111-4111-8111-111111111111';
const CLINICIAN = '33333333-3333-4333-8333-333333333333';
const MODEL = '44444444-4444-4444-8444-444444444444';
const EPISODE: EpisodeRef = {
  id: '55555555-5555-4555-8555-555555555555',
  centerId: CENTER,
  modelId: MODEL,
  referredOn: '2025-01-06',
  startedOn: '2025-01-13',
  endedOn: '2025-06-30',
};

const lookups: CareLookups = {
  today: '2025-12-01',
  defaultCenterId: null,
  center: (cell) =>
    cell === 'Riverbend CAC' || cell === CENTER
      ? { id: CENTER }
      : cell === 'Lakeside CAC'
        ? { problem: 'is a center you may not import for' }
        : { problem: 'names no center of the network (give its id or exact name)' },
  clinicianId: (centerId, email) => (centerId === CENTER && email === 'rivera@cac.test' ? CLINICIAN : null),
  model: (cell) =>
    ['tf-cbt', 'tf_cbt'].includes(cell.toLowerCase()) ? { id: MODEL, code: 'TF-CBT', components } : null,
  modelById: (id) => (id === MODEL ? { id: MODEL, code: 'TF-CBT', components } : null),
  episode: (centerId, caseCode) => (centerId === CENTER && caseCode === 'C-0001' ? EPISODE : null),
  instrument: (code) => getInstrument(code) ?? null,
  instrumentEnabled: (_centerId, def) => !def.requiresEnablement,
  score: (def, total) => scoreTotal(def, total),
};
const components = new Map([
  ['p', 'P'],
  ['psychoeducation', 'P'],
  ['r', 'R'],
  ['relaxation', 'R'],
]);

/** Checks one row given as field -> cell, against the canonical header of the kind. */
function checkRow(kind: CareImportKind, row: Record<string, string>, line = 2) {
  const header = [...CARE_IMPORT_COLUMNS[kind]];
  const plan = planColumns(kind, header);
  const checker = new CareRowChecker(kind, plan, lookups);
  const record: CsvRecord = { line, cells: header.map((h) => row[h] ?? '') };
  return checker.check(record);
}

function problemsOf(kind: CareImportKind, row: Record<string, string>) {
  const r = checkRow(kind, row);
  return r.ok ? [] : r.problems.map((p) => ({ field: p.field, message: p.message }));
}

describe('header mapping', () => {
  it('normalises headers to field words', () => {
    expect(normaliseHeader('  Total Score ')).toBe('total_score');
    expect(normaliseHeader('Date-Of Service')).toBe('date_of_service');
    expect(normaliseHeader('Case #')).toBe('case');
  });

  it('matches canonical names and the names case-tracking systems use', () => {
    const plan = planColumns('administrations', [
      'Site',
      'Client Code',
      'Measure',
      'Time Point',
      'Informant',
      'Date Administered',
      'Total Score',
      'Something Else',
    ]);
    expect(plan.columns.map((c) => [c.source, c.field, c.how])).toEqual([
      ['Site', 'center', 'alias'],
      ['Client Code', 'case_code', 'alias'],
      ['Measure', 'instrument', 'alias'],
      ['Time Point', 'phase', 'alias'],
      ['Informant', 'respondent', 'alias'],
      ['Date Administered', 'administered_on', 'alias'],
      ['Total Score', 'total', 'alias'],
      ['Something Else', null, 'ignored'],
    ]);
    expect(plan.unmapped).toEqual(['Something Else']);
    const canonical = planColumns('sessions', [...CARE_IMPORT_COLUMNS.sessions]);
    expect(canonical.columns.every((c) => c.how === 'canonical')).toBe(true);
  });

  it("lets the caller's mapping win over the known names, and ignore a column", () => {
    const plan = planColumns(
      'sessions',
      ['center', 'case_code', 'Date', 'Visit Day', 'minutes', 'participants'],
      {
        mapping: { 'Visit Day': 'held_on', Date: 'ignore' },
      },
    );
    expect(plan.columns.find((c) => c.source === 'Visit Day')).toEqual({
      source: 'Visit Day',
      field: 'held_on',
      how: 'mapping',
    });
    expect(plan.columns.find((c) => c.source === 'Date')).toEqual({
      source: 'Date',
      field: null,
      how: 'ignored',
    });
  });

  it('names missing required columns, columns fed twice and bad mappings', () => {
    const missing = () => planColumns('episodes', ['center', 'case_code', 'age_years']);
    expect(missing).toThrow(CareImportFileError);
    try {
      missing();
    } catch (error) {
      expect((error as CareImportFileError).details).toEqual([
        { path: 'columns.clinician_email', message: 'is required but no column of the file feeds it' },
        { path: 'columns.model_code', message: 'is required but no column of the file feeds it' },
        { path: 'columns.referred_on', message: 'is required but no column of the file feeds it' },
      ]);
      expect((error as Error).message).toMatch(
        /lacks the required columns clinician_email, model_code, referred_on/,
      );
    }
    expect(() =>
      planColumns('sessions', ['center', 'case_code', 'held_on', 'Session Date', 'minutes', 'participants']),
    ).toThrow(/columns\.held_on is fed by 2 columns \("held_on", "Session Date"\)/);
    expect(() =>
      planColumns('sessions', ['center', 'case_code', 'held_on', 'minutes', 'participants'], {
        mapping: { minutes: 'length_of_visit', Absent: 'telehealth' },
      }),
    ).toThrow(
      /lacks the required column minutes\..*Also: mapping\.minutes maps to "length_of_visit", which is not a column of sessions.*; mapping\.absent names a column that is not in the file\./,
    );
  });

  it('lets a race and an ethnicity column feed the one race_ethnicity field', () => {
    const header = [
      ...CARE_IMPORT_COLUMNS.episodes.filter((c) => c !== 'race_ethnicity'),
      'Race',
      'Ethnicity',
    ];
    const plan = planColumns('episodes', header);
    const checker = new CareRowChecker('episodes', plan, lookups);
    const cells = header.map(
      (h) =>
        ({
          center: 'Riverbend CAC',
          case_code: 'C-0100',
          clinician_email: 'rivera@cac.test',
          age_years: '9',
          model_code: 'TF-CBT',
          referred_on: '2025-02-03',
          Race: 'Black',
          Ethnicity: 'Hispanic or Latino',
        })[h] ?? '',
    );
    const r = checker.check({ line: 2, cells });
    expect(r.ok && r.row.raceEthnicity).toEqual(['black_african_american', 'hispanic_latino']);
  });

  it('does not need a center column when the importer names the center', () => {
    expect(() => planColumns('episodes', CARE_IMPORT_COLUMNS.episodes.slice(1))).toThrow(
      /lacks the required column center\./,
    );
    expect(
      planColumns('episodes', CARE_IMPORT_COLUMNS.episodes.slice(1), { centerOptional: true }).index.center,
    ).toBe(undefined);
  });

  it('reads --map style arguments and serves a header-only template', () => {
    expect(parseMappingArgs(['Session Date=held_on', 'A=B=c'])).toEqual({
      'Session Date': 'held_on',
      'A=B': 'c',
    });
    expect(() => parseMappingArgs(['held_on'])).toThrow(/must look like "Source Header=target_field"/);
    expect(templateCsv('sessions')).toBe(
      'center,case_code,held_on,minutes,participants,components,telehealth\r\n',
    );
  });
});

describe('identifier columns', () => {
  it('refuses names, birth dates, addresses, contact details and notes', () => {
    const header = [
      'center',
      'case_code',
      'First Name',
      'DOB',
      'Home Address',
      'Parent Phone',
      'Clinical Notes',
      'Zip',
      'Medicaid ID',
    ];
    expect(findIdentifierColumns('episodes', header)).toEqual([
      'First Name',
      'DOB',
      'Home Address',
      'Parent Phone',
      'Clinical Notes',
      'Zip',
      'Medicaid ID',
    ]);
  });

  it("keeps the record's own fields and headers about staff, centers and measures", () => {
    expect(
      findIdentifierColumns('episodes', [
        'race_ethnicity',
        'Ethnicity',
        'Center Name',
        'Therapist Email',
        'clinician_email',
        'case_code',
      ]),
    ).toEqual([]);
    expect(findIdentifierColumns('administrations', ['Measure Name', 'Assessment Name'])).toEqual([]);
    // Mapped to a field about staff, a header saying so passes; a child's name never does.
    expect(
      findIdentifierColumns('episodes', ['Provider Contact'], { 'Provider Contact': 'clinician_email' }),
    ).toEqual([]);
    expect(findIdentifierColumns('episodes', ['Child Name'], { 'Child Name': 'case_code' })).toEqual([
      'Child Name',
    ]);
    expect(findIdentifierColumns('episodes', ['Client Name'], { 'Client Name': 'center' })).toEqual([
      'Client Name',
    ]);
  });

  it('explains the refusal column by column', () => {
    const error = identifierRefusal(['First Name', 'DOB']);
    expect(error.details).toEqual([
      { path: 'columns.First Name', message: IDENTIFIER_REFUSAL },
      { path: 'columns.DOB', message: IDENTIFIER_REFUSAL },
    ]);
    expect(error.message).toMatch(
      /^The file was refused before any row was read: the columns "First Name", "DOB"/,
    );
  });

  it('has the header in hand before a single row is parsed', async () => {
    // The row is not valid CSV: opening the file would fail if it were parsed.
    const file = await openCsv(
      Readable.from([Buffer.from('center,case_code,Child Name\n"Ada, unterminated\n')]),
    );
    expect(file.header).toEqual(['center', 'case_code', 'Child Name']);
    expect(findIdentifierColumns('episodes', file.header)).toEqual(['Child Name']);
    file.close();
  });
});

describe('the CSV reader', () => {
  async function readAll(text: string | Buffer, batch = 2) {
    const file = await openCsv(Readable.from([Buffer.isBuffer(text) ? text : Buffer.from(text)]));
    const records: CsvRecord[] = [];
    for await (const b of file.batches(batch)) records.push(...b);
    return { header: file.header, records };
  }

  it('reads quoted cells, doubled quotes, CRLF and a last line without a line break', async () => {
    const { header, records } = await readAll('\uFEFFa,"b ""quoted"""\r\n1,"x, y"\r\n"",2');
    expect(header).toEqual(['a', 'b "quoted"']);
    expect(records).toEqual([
      { line: 2, cells: ['1', 'x, y'] },
      { line: 3, cells: ['', '2'] },
    ]);
  });

  it('numbers records by the line they start on, across blank lines and cells with line breaks', async () => {
    const { records } = await readAll('\n\na,b\n1,"two\nlines"\n\n,\n3,4\n');
    expect(records).toEqual([
      { line: 4, cells: ['1', 'two\nlines'] },
      { line: 8, cells: ['3', '4'] },
    ]);
  });

  it('parses a record split across chunks', () => {
    const reader = new CsvReader();
    reader.push('a,"b');
    expect(reader.next()).toBe(null);
    reader.push('c",d\ne,f');
    expect(reader.next()).toEqual({ line: 1, cells: ['a', 'bc', 'd'] });
    expect(reader.next()).toBe(null);
    reader.end();
    expect(reader.next()).toEqual({ line: 2, cells: ['e', 'f'] });
    expect(reader.next()).toBe(null);
  });

  it('reports an unclosed quote and text after a closing quote with their line', async () => {
    await expect(readAll('a,b\n1,2\n"open,3\n')).rejects.toThrow(
      'The file is not valid CSV: the quoted cell that starts on line 3 is never closed.',
    );
    await expect(readAll('a,b\n"x"y,2\n')).rejects.toThrow(
      'The file is not valid CSV: on line 2, a quoted cell is followed by other characters before the next comma.',
    );
  });

  it('refuses an empty file and a binary one', async () => {
    await expect(readAll('\n \n')).rejects.toThrow('The file is empty.');
    await expect(readAll(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x0a]))).rejects.toThrow(/binary data/);
  });
});

describe('cells', () => {
  it('reads dates as YYYY-MM-DD or M/D/YYYY and refuses impossible ones', () => {
    expect(dateCell('2024-02-29')).toBe('2024-02-29');
    expect(dateCell('2025-02-29')).toBe(undefined);
    expect(dateCell('2025-13-01')).toBe(undefined);
    expect(dateCell('1975-01-01')).toBe(undefined);
    expect(dateCell('3/7/2025')).toBe('2025-03-07');
    expect(dateCell('')).toBe(null);
  });
});

describe('episode rows', () => {
  const good = {
    center: 'Riverbend CAC',
    case_code: 'C-0100',
    clinician_email: 'Rivera@CAC.test',
    age_years: '9',
    gender: 'girl',
    race_ethnicity: 'white; Asian',
    caregiver_involved: 'yes',
    model_code: 'tf-cbt',
    referred_on: '1/6/2025',
    first_session_on: '2025-01-13',
    discharged_on: '2025-05-01',
    discharge_reason: 'Successful completion',
  };

  it('accepts a complete row and normalises its words', () => {
    const r = checkRow('episodes', good);
    expect(r).toEqual({
      ok: true,
      row: {
        line: 2,
        centerId: CENTER,
        caseCode: 'C-0100',
        clinicianId: CLINICIAN,
        ageYears: 9,
        gender: 'female',
        raceEthnicity: ['asian', 'white'],
        caregiverInvolved: true,
        modelId: MODEL,
        referredOn: '2025-01-06',
        startedOn: '2025-01-13',
        endedOn: '2025-05-01',
        dischargeReason: 'completed',
      },
    });
  });

  it.each([
    [{ center: 'Lakeside CAC' }, 'center', 'is a center you may not import for'],
    [{ center: 'Nowhere' }, 'center', 'names no center of the network (give its id or exact name)'],
    [
      { case_code: 'Jane Doe' },
      'case_code',
      'must be 1-32 letters, digits and dashes assigned by the center (never a name or record number)',
    ],
    [{ clinician_email: 'someone' }, 'clinician_email', 'is not an e-mail address'],
    [
      { clinician_email: 'other@cac.test' },
      'clinician_email',
      'is not the address of an active clinician of this center',
    ],
    [{ age_years: '18' }, 'age_years', 'must be a whole number of years from 0 to 17 (the age at referral)'],
    [{ age_years: '9.5' }, 'age_years', 'must be a whole number of years from 0 to 17 (the age at referral)'],
    [{ gender: 'unspecified-x' }, 'gender', 'must be one of female, male, another, not_recorded'],
    [{ caregiver_involved: 'sometimes' }, 'caregiver_involved', 'must be yes or no (true or false)'],
    [{ model_code: 'EMDR' }, 'model_code', 'is not a treatment model of the network (for example TF-CBT)'],
    [{ referred_on: '' }, 'referred_on', 'is required'],
    [
      { referred_on: '2025-13-40' },
      'referred_on',
      'is not a date (YYYY-MM-DD or M/D/YYYY, from 1980 to today)',
    ],
    [{ discharged_on: '2026-01-05' }, 'discharged_on', 'is after today'],
    [{ first_session_on: '2025-01-02' }, 'first_session_on', 'must not be before referred_on'],
    [{ first_session_on: '', discharged_on: '2025-05-01' }, 'discharged_on', 'needs first_session_on'],
    [{ discharged_on: '2025-01-10' }, 'discharged_on', 'must not be before first_session_on'],
    [{ discharge_reason: '' }, 'discharge_reason', 'is required with discharged_on'],
    [{ discharged_on: '' }, 'discharge_reason', 'needs discharged_on'],
    [
      { discharge_reason: 'moved away' },
      'discharge_reason',
      'must be one of completed, dropped_out, transferred, other',
    ],
  ])('rejects %j on %s', (change, field, message) => {
    const problems = problemsOf('episodes', { ...good, ...change });
    expect(problems).toContainEqual({ field, message });
    // Never the cell's content.
    for (const value of Object.values(change).filter((v) => v.length > 2))
      for (const p of problems) expect(p.message).not.toContain(value);
  });

  it('rejects a case code that repeats an earlier line of the same file', () => {
    const header = [...CARE_IMPORT_COLUMNS.episodes];
    const checker = new CareRowChecker('episodes', planColumns('episodes', header), lookups);
    const cells = header.map((h) => (good as Record<string, string>)[h] ?? '');
    expect(checker.check({ line: 2, cells }).ok).toBe(true);
    expect(checker.check({ line: 5, cells })).toEqual({
      ok: false,
      problems: [{ line: 5, field: 'case_code', message: 'repeats line 2 (same center and case code)' }],
    });
  });

  it('rejects a row with more cells than the header', () => {
    const header = [...CARE_IMPORT_COLUMNS.episodes];
    const checker = new CareRowChecker('episodes', planColumns('episodes', header), lookups);
    const cells = [...header.map((h) => (good as Record<string, string>)[h] ?? ''), 'extra'];
    expect(checker.check({ line: 3, cells })).toEqual({
      ok: false,
      problems: [{ line: 3, field: null, message: 'has 13 fields; the header has 12' }],
    });
  });
});

describe('session rows', () => {
  const good = {
    center: 'Riverbend CAC',
    case_code: 'C-0001',
    held_on: '2025-02-03',
    minutes: '60',
    participants: 'child; parent',
    components: 'Psychoeducation;R',
    telehealth: 'in person',
  };

  it('accepts a row and reads components by code or name', () => {
    expect(checkRow('sessions', good)).toEqual({
      ok: true,
      row: {
        line: 2,
        episodeId: EPISODE.id,
        centerId: CENTER,
        heldOn: '2025-02-03',
        minutes: 60,
        participants: ['child', 'caregiver'],
        components: ['P', 'R'],
        telehealth: false,
      },
    });
  });

  it.each([
    [{ case_code: 'C-0999' }, 'case_code', 'names no episode of this center (import the episodes first)'],
    [{ held_on: '2025-01-03' }, 'held_on', "is before the episode's referral date"],
    [{ held_on: '2025-01-10' }, 'held_on', "is before the episode's first session (first_session_on)"],
    [{ held_on: '2025-07-01' }, 'held_on', "is after the episode's discharge date"],
    [{ minutes: '3' }, 'minutes', 'must be a whole number from 5 to 480'],
    [{ participants: '' }, 'participants', 'is required (child, caregiver, conjoint)'],
    [
      { participants: 'grandmother' },
      'participants',
      'must list child, caregiver, conjoint, separated by semicolons',
    ],
    [
      { components: 'Art therapy' },
      'components',
      'must list components of TF-CBT (P, R), separated by semicolons',
    ],
    [{ telehealth: 'maybe' }, 'telehealth', 'must be yes or no (or telehealth / in person)'],
  ])('rejects %j on %s', (change, field, message) => {
    expect(problemsOf('sessions', { ...good, ...change })).toContainEqual({ field, message });
  });
});

describe('administration rows', () => {
  const good = {
    center: 'Riverbend CAC',
    case_code: 'C-0001',
    instrument: 'cats sr',
    phase: 'pre-treatment',
    respondent: '',
    administered_on: '2025-01-13',
    total: '27',
  };

  it('accepts a row, takes the respondent from the instrument and scores the band', () => {
    expect(checkRow('administrations', good)).toEqual({
      ok: true,
      row: {
        line: 2,
        episodeId: EPISODE.id,
        centerId: CENTER,
        instrument: 'CATS-SR',
        phase: 'baseline',
        respondent: 'youth',
        administeredOn: '2025-01-13',
        total: 27,
        band: 'probable_ptsd',
      },
    });
  });

  it.each([
    [
      { instrument: 'BDI-II' },
      'instrument',
      'is not an instrument Waymark scores (see the instrument catalog)',
    ],
    [
      { instrument: 'CPSS-5' },
      'instrument',
      'is licensed and not enabled for this center; a director enables CPSS-5 first',
    ],
    [
      { instrument: 'PHQ-A' },
      'instrument',
      'PHQ-A has safety items, so a total alone cannot be imported; enter it in Waymark with the safety answers',
    ],
    [{ phase: 'week 3' }, 'phase', 'must be one of baseline, mid_treatment, end, follow_up'],
    [{ respondent: 'teacher' }, 'respondent', 'must be one of youth, caregiver, clinician'],
    [{ respondent: 'parent' }, 'respondent', 'must be youth: CATS-SR is answered by the youth'],
    [{ administered_on: '2025-01-01' }, 'administered_on', "is before the episode's referral date"],
    [{ total: '61' }, 'total', 'must be between 0 and 60'],
    [{ total: 'high' }, 'total', 'must be a number'],
  ])('rejects %j on %s', (change, field, message) => {
    expect(problemsOf('administrations', { ...good, ...change })).toContainEqual({ field, message });
  });

  it('rejects a second row for the same episode, instrument, respondent and date', () => {
    const header = [...CARE_IMPORT_COLUMNS.administrations];
    const checker = new CareRowChecker('administrations', planColumns('administrations', header), lookups);
    const cells = header.map((h) => (good as Record<string, string>)[h] ?? '');
    expect(checker.check({ line: 2, cells }).ok).toBe(true);
    const other = header.map((h) =>
      h === 'administered_on' ? '2025-02-13' : ((good as Record<string, string>)[h] ?? ''),
    );
    expect(checker.check({ line: 3, cells: other }).ok).toBe(true);
    expect(checker.check({ line: 4, cells })).toEqual({
      ok: false,
      problems: [
        {
          line: 4,
          field: 'administered_on',
          message: 'repeats line 2 (same episode, instrument, respondent and date)',
        },
      ],
    });
  });
});

describe('the error report', () => {
  it('is a CSV of line, field and message, safe to open in a spreadsheet', () => {
    expect(
      problemsToCsv([
        { line: 3, field: 'age_years', message: 'must be a whole number, from 0 to 17' },
        { line: 7, field: null, message: '=HYPERLINK("x")' },
      ]),
    ).toBe(
      'line,field,message\r\n3,age_years,"must be a whole number, from 0 to 17"\r\n7,,"\'=HYPERLINK(""x"")"\r\n',
    );
  });
});
