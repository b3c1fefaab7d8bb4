import { describe, expect, it } from 'vitest';
import { capacityPerFte, DEFAULT_CAPACITY_PARAMETERS } from '../../../server/modules/access/capacity';
import type { GapRow } from './access-api';
import {
  describeGap,
  formatCount,
  formatGap,
  formatParameter,
  importProblems,
  missingText,
  overridesToSend,
  PARAMETER_ORDER,
  periodOptions,
  plainMessage,
  previewCapacity,
  readDraft,
  readMonthForm,
  sortGapRows,
  type ParameterField,
} from './access-model';

function row(label: string, gapPerYear: number | null, demandPerYear: number | null = 100): GapRow {
  return {
    level: 'center',
    key: label,
    label,
    state: 'TX',
    chapter: null,
    centers: 1,
    centersWithData: gapPerYear === null ? 0 : 1,
    own: false,
    figures: {
      demandPerYear,
      capacityPerYear: 50,
      gapPerYear,
      referred: null,
      started: null,
      waitingEnd: null,
      referredOut: null,
      neverServed: null,
      medianWaitDays: null,
      source: gapPerYear === null ? 'none' : 'reported',
      monthsWithData: 12,
    },
    staff: { clinicians: 2, trained: 1, certified: 0, trainedFte: 0.8, fteEstimated: 0, byModel: {} },
    suppressed: [],
    trend: [],
  };
}

describe('periodOptions', () => {
  it('offers the last 12 months, then three years and their quarters up to the current one', () => {
    const options = periodOptions('2026-12-02');
    expect(options[0]).toEqual({ value: 'last12', label: 'Last 12 months' });
    expect(options.slice(1, 4).map((o) => o.label)).toEqual(['2026 (so far)', '2025', '2024']);
    const quarters = options.filter((o) => o.value.includes('Q')).map((o) => o.value);
    expect(quarters).toHaveLength(12);
    expect(quarters[0]).toBe('2026-Q4');
    expect(quarters.at(-1)).toBe('2024-Q1');
  });

  it('leaves out quarters that have not begun', () => {
    const values = periodOptions('2026-05-10').map((o) => o.value);
    expect(values).toContain('2026-Q2');
    expect(values).not.toContain('2026-Q3');
    expect(options('2026-05-10', '2026-Q2')).toBe('2026 Q2 (so far)');
    expect(options('2026-05-10', '2026-Q1')).toBe('2026 Q1');
  });
});

function options(today: string, value: string): string | undefined {
  return periodOptions(today).find((o) => o.value === value)?.label;
}

describe('number formats', () => {
  it('writes children as whole numbers, never with the float noise of an annualised figure', () => {
    expect(formatCount(223.18978723404257)).toBe('223');
    expect(formatCount(1219.894278959811)).toBe('1,220');
    expect(formatCount(-0.4)).toBe('0');
    expect(formatCount(-2.5)).toBe('-3');
  });

  it('signs a gap with a plus or a true minus sign, and says what the sign means', () => {
    expect(formatGap(101.81)).toBe('+102');
    expect(formatGap(-372.78)).toBe('\u2212373');
    expect(formatGap(0.3)).toBe('0');
    expect(describeGap(101.81)).toBe('102 children a year beyond trained capacity');
    expect(describeGap(-372.78)).toBe('373 children a year of spare capacity');
  });

  it('shows a share as a percentage and other parameters with up to two decimals', () => {
    expect(formatParameter(0.3, 'share')).toBe('30%');
    expect(formatParameter(1.25, 'hours')).toBe('1.25');
    expect(formatParameter(260, 'days')).toBe('260');
  });

  it('says whether a missing figure was hidden or never existed', () => {
    const hidden = { suppressed: ['waitingEnd'] };
    expect(missingText(hidden, 'waitingEnd')).toBe('Hidden to protect small numbers');
    expect(missingText(hidden, 'referred')).toBe('No data');
  });
});

describe('sortGapRows', () => {
  const rows = [row('Bravo', 20), row('Alpha', -50), row('Charlie', null, null), row('Delta', 300)];

  it('sorts by gap either way, with rows without data last both times', () => {
    expect(sortGapRows(rows, 'gapPerYear', 'desc').map((r) => r.label)).toEqual([
      'Delta',
      'Bravo',
      'Alpha',
      'Charlie',
    ]);
    expect(sortGapRows(rows, 'gapPerYear', 'asc').map((r) => r.label)).toEqual([
      'Alpha',
      'Bravo',
      'Delta',
      'Charlie',
    ]);
  });

  it('sorts names alphabetically and breaks ties by name', () => {
    expect(sortGapRows(rows, 'label', 'asc').map((r) => r.label)).toEqual([
      'Alpha',
      'Bravo',
      'Charlie',
      'Delta',
    ]);
    // Every row has capacity 50: the tie falls back to the name.
    expect(sortGapRows(rows, 'capacityPerYear', 'desc').map((r) => r.label)).toEqual([
      'Alpha',
      'Bravo',
      'Charlie',
      'Delta',
    ]);
  });
});

describe('previewCapacity', () => {
  it('matches the server’s WISN arithmetic for the defaults and for a center’s own values', () => {
    expect(previewCapacity(DEFAULT_CAPACITY_PARAMETERS)).toEqual(capacityPerFte(DEFAULT_CAPACITY_PARAMETERS));
    // 1784 hours x 0.7 = 1248.8 treatment hours; 14 x 1.25 + 6 = 23.5 hours a child.
    expect(previewCapacity(DEFAULT_CAPACITY_PARAMETERS).childrenPerFte).toBeCloseTo(53.1404, 3);
    const own = {
      ...DEFAULT_CAPACITY_PARAMETERS,
      sessionsPerChild: 8,
      otherDutiesShare: 0.5,
      hoursPerDay: 7.5,
    };
    expect(previewCapacity(own)).toEqual(capacityPerFte(own));
    // (260 - 37) x 7.5 x 0.5 / (8 x 1.25 + 6) = 836.25 / 16
    expect(previewCapacity(own).childrenPerFte).toBeCloseTo(52.265625, 6);
  });

  it('gives no working time, not a negative one, when the days off exceed the working days', () => {
    const none = { ...DEFAULT_CAPACITY_PARAMETERS, workingDaysPerYear: 100, leaveDaysPerYear: 100 };
    expect(previewCapacity(none).availableHours).toBe(0);
    expect(previewCapacity(none).childrenPerFte).toBe(0);
  });
});

describe('importProblems', () => {
  it('splits the importer’s paths into line and column, in line order', () => {
    expect(
      importProblems([
        { path: 'line 4: referred', message: 'is required' },
        { path: 'line 2: median_wait_days', message: 'must be a number of days' },
        { path: 'column foo', message: 'is not a column of this file' },
        { path: 'file', message: 'has no rows' },
      ]),
    ).toEqual([
      { line: null, column: null, message: 'The file has no rows' },
      { line: 1, column: 'foo', message: 'is not a column of this file' },
      { line: 2, column: 'median_wait_days', message: 'must be a number of days' },
      { line: 4, column: 'referred', message: 'is required' },
    ]);
  });
});

describe('plainMessage', () => {
  it('rewrites range checks in plain words and leaves other messages alone', () => {
    expect(plainMessage('Too small: expected number to be >=100')).toBe('must be at least 100');
    expect(plainMessage('Too big: expected number to be <=0.9')).toBe('must be at most 0.9');
    expect(plainMessage('Too small: expected number to be >0')).toBe('must be more than 0');
    expect(plainMessage('cannot be more than 1 FTE')).toBe('cannot be more than 1 FTE');
  });
});

describe('the parameter forms', () => {
  it('lists every capacity parameter the server knows, once', () => {
    expect([...PARAMETER_ORDER].sort()).toEqual(Object.keys(DEFAULT_CAPACITY_PARAMETERS).sort());
  });

  const fieldsFrom = (
    values: typeof DEFAULT_CAPACITY_PARAMETERS,
    own: readonly string[],
  ): Record<(typeof PARAMETER_ORDER)[number], ParameterField> =>
    Object.fromEntries(
      PARAMETER_ORDER.map((k) => [k, { value: String(values[k]), own: own.includes(k) }]),
    ) as Record<(typeof PARAMETER_ORDER)[number], ParameterField>;

  it('sends a center only what changed: new own values, and null for one given back to the network', () => {
    const parameters = { ...DEFAULT_CAPACITY_PARAMETERS, sessionsPerChild: 12, hoursPerDay: 7 };
    const capacity = { parameters, overrides: { sessionsPerChild: 12, hoursPerDay: 7 } };
    // Untouched: nothing to send.
    expect(overridesToSend(capacity, fieldsFrom(parameters, ['sessionsPerChild', 'hoursPerDay']))).toEqual(
      {},
    );
    const fields = fieldsFrom(parameters, ['sessionsPerChild', 'hoursPerDay']);
    fields.hoursPerDay = { value: '8', own: false };
    fields.sessionsPerChild = { value: '10', own: true };
    fields.leaveDaysPerYear = { value: '20', own: true };
    expect(overridesToSend(capacity, fields)).toEqual({
      hoursPerDay: null,
      sessionsPerChild: 10,
      leaveDaysPerYear: 20,
    });
  });

  it('reads the network form only when every field is a number', () => {
    const draft = Object.fromEntries(
      PARAMETER_ORDER.map((k) => [k, String(DEFAULT_CAPACITY_PARAMETERS[k])]),
    ) as Record<(typeof PARAMETER_ORDER)[number], string>;
    expect(readDraft(draft)).toEqual(DEFAULT_CAPACITY_PARAMETERS);
    expect(readDraft({ ...draft, hoursPerDay: '' })).toBeNull();
    expect(readDraft({ ...draft, hoursPerDay: 'eight' })).toBeNull();
  });
});

describe('readMonthForm', () => {
  const filled = {
    month: '2026-11',
    referred: '37',
    started: '29',
    waitingEnd: '11',
    referredOut: '',
    neverServed: '2',
    medianWaitDays: '24.5',
  };

  it('turns the typed figures into the request, optional ones null when empty', () => {
    expect(readMonthForm(filled, '2026-12')).toEqual({
      month: '2026-11',
      body: {
        referred: 37,
        started: 29,
        waitingEnd: 11,
        referredOut: null,
        neverServed: 2,
        medianWaitDays: 24.5,
      },
    });
  });

  it('names every problem before anything is sent', () => {
    expect(
      readMonthForm(
        { ...filled, month: '2027-01', referred: '', started: '2.5', medianWaitDays: '-1' },
        '2026-12',
      ),
    ).toEqual({
      problems: {
        month: 'is in the future: report a month once it has begun',
        referred: 'is required',
        started: 'must be a whole number of children',
        medianWaitDays: 'must be a number of days',
      },
    });
    expect(readMonthForm({ ...filled, month: '' }, '2026-12')).toEqual({
      problems: { month: 'is required: choose a month' },
    });
  });
});
