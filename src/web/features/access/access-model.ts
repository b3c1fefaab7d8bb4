/**
 * Pure helpers of the access pages: the periods people can choose, how figures are written (whole
 * children, signed gaps, hidden or missing figures never shown as 0), sorting the gap table, the
 * capacity method's arithmetic for the live preview, reading the CSV importer's problems, and
 * turning the forms' text into requests. No React here, so every rule is unit-tested
 * (access-model.test.ts).
 */
import type {
  AccessMonthInput,
  CenterCapacity,
  DemandSource,
  GapRow,
  ParameterName,
  TCapacityParameters,
  TOverridesInput,
} from './access-api';

// Periods -------------------------------------------------------------------------------------------

export interface PeriodOption {
  /** The API's key: last12, 2025, 2025-Q3. */
  value: string;
  label: string;
}

/**
 * The periods offered: the last 12 complete months (the default), then the years and quarters of
 * the last three calendar years, newest first. The current year and quarter are included, marked
 * "so far", because their months with data are annualised like any other period's.
 */
export function periodOptions(today: string): PeriodOption[] {
  const year = Number(today.slice(0, 4));
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const years = [year, year - 1, year - 2];
  const options: PeriodOption[] = [{ value: 'last12', label: 'Last 12 months' }];
  for (const y of years) options.push({ value: String(y), label: y === year ? `${y} (so far)` : String(y) });
  for (const y of years)
    for (let q = y === year ? quarter : 4; q >= 1; q--)
      options.push({
        value: `${y}-Q${q}`,
        label: `${y} Q${q}${y === year && q === quarter ? ' (so far)' : ''}`,
      });
  return options;
}

// Numbers -------------------------------------------------------------------------------------------

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** Children (or people) as a whole number: 1,220. Rounds half away from zero, like people do. */
export function formatCount(value: number): string {
  const rounded = Math.sign(value) * Math.round(Math.abs(value));
  return whole.format(Object.is(rounded, -0) ? 0 : rounded);
}

/** A gap with its sign: "+1,220" (children waiting beyond capacity), "−373" (spare capacity), "0". */
export function formatGap(value: number): string {
  const text = formatCount(Math.abs(value));
  if (text === '0') return '0';
  return value > 0 ? `+${text}` : `\u2212${text}`;
}

/** The gap in words, for captions and screen readers. */
export function describeGap(value: number): string {
  const n = formatCount(Math.abs(value));
  if (n === '0') return 'demand and trained capacity are level';
  return value > 0
    ? `${n} children a year beyond trained capacity`
    : `${n} children a year of spare capacity`;
}

/** A figure with at most one decimal: 53.1, 0.8. */
export function formatDecimal(value: number): string {
  return oneDecimal.format(value);
}

/** A parameter's value as entered: up to two decimals (1.25 hours). */
export function formatParameter(value: number, unit: string): string {
  if (unit === 'share') return `${whole.format(value * 100)}%`;
  return twoDecimals.format(value);
}

/** Days, whole: "38 days". */
export function formatDays(value: number): string {
  const n = Math.round(value);
  return `${whole.format(n)} ${n === 1 ? 'day' : 'days'}`;
}

export const HIDDEN_TEXT = 'Hidden to protect small numbers';
export const NO_DATA_TEXT = 'No data';

/** Why a figure is missing: hidden by the small-number rule, or there is no data. */
export function missingText(row: Pick<GapRow, 'suppressed'>, field: string): string {
  return row.suppressed.includes(field) ? HIDDEN_TEXT : NO_DATA_TEXT;
}

export const SOURCE_LABEL: Record<DemandSource, string> = {
  episodes: 'Episodes in Waymark',
  reported: 'Reported',
  mixed: 'Mixed',
  none: 'No data',
};

/** "Dec 2025" from YYYY-MM or YYYY-MM-DD. */
export function monthLabel(month: string): string {
  const d = new Date(`${month.slice(0, 7)}-01T00:00:00Z`);
  return Number.isNaN(d.getTime())
    ? month
    : d.toLocaleDateString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** The current month, YYYY-MM, in the browser's time zone. */
export function currentMonth(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

// Sorting the gap table ---------------------------------------------------------------------------

export type GapSortKey =
  | 'label'
  | 'demandPerYear'
  | 'capacityPerYear'
  | 'gapPerYear'
  | 'waitingEnd'
  | 'medianWaitDays'
  | 'trained'
  | 'source';

export function gapSortValue(row: GapRow, key: GapSortKey): string | number | null {
  switch (key) {
    case 'label':
      return row.label;
    case 'trained':
      return row.staff.trained;
    case 'source':
      return SOURCE_LABEL[row.figures.source];
    default:
      return row.figures[key];
  }
}

/**
 * Rows in the order asked; rows without the figure (no data, or hidden) go last whichever the
 * direction, and ties are broken by name so the order is stable.
 */
export function sortGapRows(rows: readonly GapRow[], key: GapSortKey, order: 'asc' | 'desc'): GapRow[] {
  const dir = order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = gapSortValue(a, key);
    const y = gapSortValue(b, key);
    if (x == null && y == null) return a.label.localeCompare(b.label);
    if (x == null) return 1;
    if (y == null) return -1;
    if (typeof x === 'string' || typeof y === 'string')
      return String(x).localeCompare(String(y)) * dir || a.label.localeCompare(b.label);
    return (x - y) * dir || a.label.localeCompare(b.label);
  });
}

// The capacity method, for the live preview ------------------------------------------------------

/**
 * WHO WISN for one full-time clinician, the same arithmetic as the server's capacity.ts (kept in
 * step by access-model.test.ts, which checks the server's own figures for the defaults).
 */
export function previewCapacity(p: TCapacityParameters): {
  availableHours: number;
  treatmentHours: number;
  hoursPerChild: number;
  childrenPerFte: number;
} {
  const days = Math.max(
    0,
    p.workingDaysPerYear - p.leaveDaysPerYear - p.holidaysPerYear - p.sickDaysPerYear - p.trainingDaysPerYear,
  );
  const availableHours = days * p.hoursPerDay;
  const treatmentHours = availableHours * (1 - p.otherDutiesShare);
  const hoursPerChild = p.sessionsPerChild * p.hoursPerSession + p.otherHoursPerChild;
  return { availableHours, treatmentHours, hoursPerChild, childrenPerFte: treatmentHours / hoursPerChild };
}

// CSV import problems ------------------------------------------------------------------------------

export interface ImportProblem {
  line: number | null;
  column: string | null;
  message: string;
}

/**
 * The importer names each problem "line 3: referred", "column foo" or "file": split into a line
 * and a column so they can be shown as a table, in line order.
 */
export function importProblems(details: readonly { path: string; message: string }[]): ImportProblem[] {
  return details
    .map((d) => {
      const line = /^line (\d+): (.+)$/.exec(d.path);
      if (line) return { line: Number(line[1]), column: line[2] ?? null, message: d.message };
      const column = /^column (.+)$/.exec(d.path);
      if (column) return { line: 1, column: column[1] ?? null, message: d.message };
      return { line: null, column: null, message: d.path ? `The ${d.path} ${d.message}` : d.message };
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/**
 * The parameters' range checks come from the schema library's default words ("Too small: expected
 * number to be >=100"); people read "must be at least 100".
 */
export function plainMessage(message: string): string {
  const range = /^Too (small|big): expected number to be (>=|<=|>|<)\s*(-?[\d.]+)$/.exec(message.trim());
  if (!range) return message;
  const [, , op, n] = range;
  const words: Record<string, string> = {
    '>=': 'must be at least',
    '<=': 'must be at most',
    '>': 'must be more than',
    '<': 'must be less than',
  };
  return `${words[op!]} ${n}`;
}

// Forms -------------------------------------------------------------------------------------------

/** The capacity parameters in the order the method uses them (as capacity.ts lists them). */
export const PARAMETER_ORDER = [
  'workingDaysPerYear',
  'leaveDaysPerYear',
  'holidaysPerYear',
  'sickDaysPerYear',
  'trainingDaysPerYear',
  'hoursPerDay',
  'otherDutiesShare',
  'sessionsPerChild',
  'hoursPerSession',
  'otherHoursPerChild',
  'defaultTreatmentFte',
] as const satisfies readonly ParameterName[];

/** A parameter in the dialog of a center's own values. */
export interface ParameterField {
  value: string;
  /** The center's own value (else the network's applies). */
  own: boolean;
}

/** What to send: changed own values, and null for a parameter given back to the network. */
export function overridesToSend(
  capacity: Pick<CenterCapacity, 'parameters' | 'overrides'>,
  fields: Record<ParameterName, ParameterField>,
): TOverridesInput {
  const body: TOverridesInput = {};
  for (const k of PARAMETER_ORDER) {
    const wasOwn = capacity.overrides[k] !== undefined;
    const f = fields[k];
    if (!f.own) {
      if (wasOwn) body[k] = null;
      continue;
    }
    const n = Number(f.value);
    if (!wasOwn || n !== capacity.parameters[k]) body[k] = n;
  }
  return body;
}

/** The draft as numbers, or null while a field is not a number. */
export function readDraft(draft: Record<ParameterName, string>): TCapacityParameters | null {
  const out: Partial<TCapacityParameters> = {};
  for (const k of PARAMETER_ORDER) {
    const raw = draft[k].trim();
    const n = Number(raw);
    if (raw === '' || !Number.isFinite(n)) return null;
    out[k] = n;
  }
  return out as TCapacityParameters;
}

/** The "Report a month" form's fields, as typed. */
export type MonthFormValues = Record<
  'month' | 'referred' | 'started' | 'waitingEnd' | 'referredOut' | 'neverServed' | 'medianWaitDays',
  string
>;

/** Checks the form before sending; returns the problems by field, or the request body. */
export function readMonthForm(
  values: MonthFormValues,
  latest: string,
): { problems: Record<string, string> } | { month: string; body: AccessMonthInput } {
  const problems: Record<string, string> = {};
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(values.month)) problems.month = 'is required: choose a month';
  else if (values.month > latest) problems.month = 'is in the future: report a month once it has begun';
  const count = (k: keyof MonthFormValues, required: boolean): number | null => {
    const raw = values[k].trim();
    if (raw === '') {
      if (required) problems[k] = 'is required';
      return null;
    }
    if (!/^\d+$/.test(raw)) {
      problems[k] = 'must be a whole number of children';
      return null;
    }
    return Number(raw);
  };
  const referred = count('referred', true);
  const started = count('started', true);
  const waitingEnd = count('waitingEnd', true);
  const referredOut = count('referredOut', false);
  const neverServed = count('neverServed', false);
  const rawWait = values.medianWaitDays.trim();
  let medianWaitDays: number | null = null;
  if (rawWait !== '') {
    const n = Number(rawWait);
    if (!Number.isFinite(n) || n < 0) problems.medianWaitDays = 'must be a number of days';
    else medianWaitDays = n;
  }
  if (Object.keys(problems).length > 0) return { problems };
  return {
    month: values.month,
    body: {
      referred: referred!,
      started: started!,
      waitingEnd: waitingEnd!,
      referredOut,
      neverServed,
      medianWaitDays,
    },
  };
}
