import { describe, expect, it } from 'vitest';
import {
  ImportFileError,
  MAX_IMPORT_ROWS,
  parseBooleanCell,
  parseCentersCsv,
  parseDateCell,
} from './centers-import.js';

const HEADER = 'name,state,county,zip3,member_type';

function fileError(text: string): ImportFileError {
  try {
    parseCentersCsv(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    return error as ImportFileError;
  }
  throw new Error('expected the file to be refused');
}

describe('parseCentersCsv', () => {
  it('reads a plain file into rows with their line numbers', () => {
    const parsed = parseCentersCsv(
      `${HEADER},accredited_on,accreditation_expires_on,chapter,active\n` +
        'Bluebonnet CAC,tx,Travis,787,Accredited,2021-04-01,2026-04-01,Texas Chapter,yes\n' +
        'Harris County CAC,TX,Harris,770,associate,,,,\n',
    );
    expect(parsed.rejections).toEqual([]);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.totalRows).toBe(2);
    expect(parsed.rows).toEqual([
      {
        line: 2,
        name: 'Bluebonnet CAC',
        state: 'TX',
        county: 'Travis',
        zip3: '787',
        memberType: 'accredited',
        accreditedOn: '2021-04-01',
        accreditationExpiresOn: '2026-04-01',
        chapter: 'Texas Chapter',
        active: true,
      },
      {
        line: 3,
        name: 'Harris County CAC',
        state: 'TX',
        county: 'Harris',
        zip3: '770',
        memberType: 'associate',
        accreditedOn: null,
        accreditationExpiresOn: null,
        chapter: null,
        active: true,
      },
    ]);
  });

  it('accepts the header names spreadsheets use, in any case, with a byte-order mark and CRLF', () => {
    const parsed = parseCentersCsv(
      '\uFEFFCenter Name,State,County,ZIP,Membership Type,Accreditation Date,Reaccreditation-Due,State Chapter\r\n' +
        'Sooner Kids Place,OK,Tulsa,741,Developing,3/1/2022,2/28/2027,Oklahoma Chapter\r\n',
    );
    expect(parsed.rejections).toEqual([]);
    expect(parsed.rows[0]).toMatchObject({
      name: 'Sooner Kids Place',
      zip3: '741',
      memberType: 'associate',
      accreditedOn: '2022-03-01',
      accreditationExpiresOn: '2027-02-28',
      chapter: 'Oklahoma Chapter',
    });
  });

  it('skips blank lines, including those before the header', () => {
    const parsed = parseCentersCsv(`\n\n${HEADER}\n\nA Center,KS,Sedgwick,672,satellite\n\n`);
    expect(parsed.rows.map((r) => [r.line, r.name])).toEqual([[5, 'A Center']]);
    expect(parsed.totalRows).toBe(1);
  });

  it('collapses runs of spaces in names and keeps quoted commas', () => {
    const parsed = parseCentersCsv(`${HEADER}\n"Smith,  Jones   Center ",NE,Douglas,681,affiliate\n`);
    expect(parsed.rows[0]?.name).toBe('Smith, Jones Center');
  });

  it('rejects bad cells with line, field and a message a person can act on', () => {
    const parsed = parseCentersCsv(
      `${HEADER},accredited_on,accreditation_expires_on,active\n` +
        'Good Center,TX,Travis,787,accredited,,,\n' +
        ',XX,Travis,787,gold,,,\n' +
        'Zero Center,MA,Suffolk,21,accredited,,,\n' +
        'Full Zip Center,MA,Suffolk,02139,accredited,,,\n' +
        'Date Center,MA,Suffolk,021,accredited,2/30/2022,,maybe\n' +
        'Order Center,MA,Suffolk,021,accredited,2024-01-01,2023-01-01,\n',
    );
    expect(parsed.rows.map((r) => r.name)).toEqual(['Good Center']);
    expect(parsed.totalRows).toBe(6);
    expect(parsed.rejections).toEqual([
      { line: 3, field: 'name', message: 'is required' },
      { line: 3, field: 'state', message: '"XX" is not a two-letter US state or territory code' },
      {
        line: 3,
        field: 'member_type',
        message: '"gold" must be one of accredited, associate, affiliate, satellite',
      },
      {
        line: 4,
        field: 'zip3',
        message:
          '"21" must have 3 digits (spreadsheet programs drop leading zeros: write it as text, e.g. 021)',
      },
      { line: 5, field: 'zip3', message: '"02139" is a full ZIP code; give only its first 3 digits' },
      { line: 6, field: 'accredited_on', message: '"2/30/2022" is not a date (YYYY-MM-DD)' },
      { line: 6, field: 'active', message: '"maybe" must be true or false' },
      { line: 7, field: 'accreditation_expires_on', message: 'must be after accredited_on' },
    ]);
  });

  it('rejects a second row for the same center (same state, name in any case), naming the first line', () => {
    const parsed = parseCentersCsv(
      `${HEADER}\nLake Center,MN,Hennepin,554,accredited\nLAKE CENTER,mn,Ramsey,551,associate\nLake Center,WI,Dane,537,accredited\n`,
    );
    expect(parsed.rows.map((r) => `${r.name}/${r.state}`)).toEqual(['Lake Center/MN', 'Lake Center/WI']);
    expect(parsed.rejections).toEqual([
      { line: 3, field: 'name', message: 'duplicates line 2 (same name and state)' },
    ]);
  });

  it('warns about columns it does not know and ignores them', () => {
    const parsed = parseCentersCsv(
      `${HEADER},phone,Director\nA Center,KS,Sedgwick,672,satellite,555-0100,Pat\n`,
    );
    expect(parsed.warnings).toEqual(['Ignored unknown columns: phone, director.']);
    expect(parsed.rows).toHaveLength(1);
  });

  it('refuses files it cannot read at all, saying why and where', () => {
    expect(fileError('').message).toBe('The file is empty.');
    expect(fileError(' \n \n').message).toBe('The file is empty.');
    expect(fileError('name\u0000state').message).toMatch(/binary data/);

    const unclosed = fileError(`${HEADER}\n"Open Quote Center,TX,Travis,787,accredited\n`);
    expect(unclosed.message).toMatch(/^The file is not valid CSV: .*quote/i);
    expect(unclosed.line).toBeGreaterThanOrEqual(2);

    const missing = fileError('name,state\nA,TX\n');
    expect(missing.message).toMatch(/lacks the required columns county, zip3, member_type/);
    expect(missing.line).toBe(1);

    expect(fileError(`${HEADER},Center\nA,TX,Travis,787,accredited,B\n`).message).toBe(
      'The header row names name more than once.',
    );
  });

  it('rejects a row with too few or too many fields on its own, and skips lines of spaces', () => {
    const parsed = parseCentersCsv(
      `${HEADER}\nA,TX,Travis,787,accredited,extra\n   \nB,TX,Travis,787\nC Center,TX,Travis,787,accredited\n`,
    );
    expect(parsed.rejections).toEqual([
      { line: 2, field: null, message: 'has a different number of fields from the header (5)' },
      { line: 4, field: null, message: 'has a different number of fields from the header (5)' },
    ]);
    expect(parsed.rows.map((r) => [r.line, r.name])).toEqual([[5, 'C Center']]);
  });

  it('reports a row whose quoted cell spans lines at the line where it starts, after blank lines', () => {
    const parsed = parseCentersCsv(
      `\n\n${HEADER}\n\n"Two\nLines",TX,Travis,78,accredited\nD Center,TX,Travis,787,accredited\n`,
    );
    expect(parsed.rejections).toEqual([expect.objectContaining({ line: 5, field: 'zip3' })]);
    expect(parsed.rows.map((r) => r.line)).toEqual([7]);
    expect(fileError('\n\nname,state\nA,TX\n').line).toBe(3);
  });

  it('refuses a file with more rows than one import may hold', () => {
    const row = 'A Center,KS,Sedgwick,672,satellite\n';
    const error = fileError(HEADER + '\n' + row.repeat(MAX_IMPORT_ROWS + 1));
    expect(error.message).toMatch(new RegExp(`split it into files of at most ${MAX_IMPORT_ROWS}`));
  });
});

describe('cells', () => {
  it('reads ISO and US dates, and refuses impossible or implausible ones', () => {
    expect(parseDateCell('2024-02-29')).toBe('2024-02-29');
    expect(parseDateCell('2024-2-9')).toBe('2024-02-09');
    expect(parseDateCell('12/31/2025')).toBe('2025-12-31');
    expect(parseDateCell('  ')).toBeNull();
    expect(parseDateCell('2023-02-29')).toBeUndefined();
    expect(parseDateCell('31/12/2025')).toBeUndefined();
    expect(parseDateCell('1979-12-31')).toBeUndefined();
    expect(parseDateCell('next year')).toBeUndefined();
  });

  it('reads yes/no words as booleans', () => {
    expect(['true', 'Yes', 'y', '1', 'ACTIVE'].map(parseBooleanCell)).toEqual([true, true, true, true, true]);
    expect(['false', 'No', 'n', '0', 'inactive'].map(parseBooleanCell)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(parseBooleanCell('')).toBeNull();
    expect(parseBooleanCell('sometimes')).toBeUndefined();
  });
});
