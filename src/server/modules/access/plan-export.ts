/**
 * A saved plan as files to download: the allocation as CSV (one table: one row per center and
 * cohort that receives seats) and the whole plan as an XLSX workbook (Summary, Allocation, By
 * quarter, Centers). Pure: it reads only the stored plan, never the database.
 *
 * The CSV is meant for machines and spreadsheets alike: RFC 4180, CRLF, one header row, no title
 * or total rows, and a UTF-8 byte order mark so that Excel reads accented center names right. Text
 * cells that start with = + - @ tab or CR get a leading apostrophe, so a center or cohort named
 * like a formula is shown as text and never run (CSV injection). The workbook needs no such
 * defusing: every text cell is written as a string cell, which a spreadsheet never evaluates.
 *
 * Figures are written unrounded (children reached are expected values, not whole children); the
 * workbook's number formats round them for display only, so a sum in the sheet matches the plan.
 * Quarters are counted as in the plan request: 0 is the first quarter of the horizon.
 */
import writeXlsxFile, { type Cell, type Row, type Sheet } from 'write-excel-file/node';
import { z } from 'zod';
import type { PlanResult, TPlannerInput } from './planner/planner.types.js';
import type { PlanSummary } from './plans.service.js';

export const PLAN_EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type PlanExportFormat = (typeof PLAN_EXPORT_FORMATS)[number];

export const ZPlanExportQuery = z.strictObject({
  format: z.enum(PLAN_EXPORT_FORMATS, 'must be csv or xlsx').default('csv'),
});

/** A plan as PlansService.get returns it; the input and result are the ones stored together. */
export interface StoredPlan {
  summary: PlanSummary;
  input: unknown;
  result: unknown;
}

export interface PlanExportFile {
  filename: string;
  contentType: string;
  body: string | Buffer;
}

const CONTENT_TYPE: Record<PlanExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The plan as a file of the format asked for, with the name to save it under. */
export async function exportPlan(plan: StoredPlan, format: PlanExportFormat): Promise<PlanExportFile> {
  return {
    filename: planFileName(plan.summary.name, plan.summary.createdAt, format),
    contentType: CONTENT_TYPE[format],
    body: format === 'csv' ? planAllocationCsv(plan) : await planWorkbook(plan),
  };
}

/**
 * `plan-<name>-<created date>.<ext>` in lower-case ASCII letters, digits and hyphens only, so it
 * needs no quoting in Content-Disposition and is a valid file name everywhere: accents are
 * dropped (Niños -> ninos), anything else becomes a hyphen, and a name that already starts with
 * "plan" does not say it twice.
 */
export function planFileName(name: string, createdAt: string, format: PlanExportFormat): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^plan(?:-|$)/, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  const date = /^\d{4}-\d{2}-\d{2}/.exec(createdAt)?.[0];
  return `${['plan', slug, date].filter(Boolean).join('-')}.${format}`;
}

// Rows ---------------------------------------------------------------------------------------------

export interface PlanAllocationRow {
  centerId: string;
  centerName: string;
  state: string;
  cohortId: string;
  cohortLabel: string;
  /** The cohort's quarter of the horizon, 0-based as in the request. */
  quarter: number;
  seats: number;
}

export interface PlanCenterRow {
  centerId: string;
  centerName: string;
  state: string;
  seats: number;
  trainedToday: number;
  /** Expected scenario. */
  trainedAtEnd: number;
  /** Children a year, from the request. */
  unmetDemandBefore: number;
  /** Children a year still unserved at the end of the horizon, expected scenario. */
  unmetDemandAfter: number;
  /** Children reached over the horizon, expected scenario. */
  reached: number;
}

export interface PlanQuarterRow {
  quarter: number;
  low: number;
  expected: number;
  high: number;
  proportional: number;
  firstComeFirstServed: number;
  cumulativeLow: number;
  cumulativeExpected: number;
  cumulativeHigh: number;
  cumulativeProportional: number;
  cumulativeFirstComeFirstServed: number;
}

/** The stored request and result; both were written by the plans service from the same solve. */
function partsOf(plan: StoredPlan): { input: TPlannerInput; result: PlanResult } {
  return { input: plan.input as TPlannerInput, result: plan.result as PlanResult };
}

/**
 * One row per center and cohort with at least one seat, in calendar order (the cohorts' quarter,
 * then their order in the request), and by center name within a cohort. One allocation serves
 * every scenario, so this is the expected scenario's.
 */
export function planAllocationRows(plan: StoredPlan): PlanAllocationRow[] {
  const { input, result } = partsOf(plan);
  const centers = new Map(input.centers.map((c) => [c.id, c]));
  const cohorts = new Map(input.cohorts.map((k, i) => [k.id, { cohort: k, index: i }]));
  const seats = new Map<string, PlanAllocationRow>();
  for (const entry of result.scenarios.expected.allocation) {
    const center = centers.get(entry.centerId);
    const cohort = cohorts.get(entry.cohortId)?.cohort;
    // Written together from one solve; a mismatch is a damaged record, not something to guess at.
    if (!center || !cohort)
      throw new Error(`Plan ${plan.summary.id}: the allocation names a center or cohort its request lacks`);
    const key = `${entry.centerId}\u0000${entry.cohortId}`;
    const row = seats.get(key) ?? {
      centerId: center.id,
      centerName: center.name,
      state: center.state,
      cohortId: cohort.id,
      cohortLabel: cohort.label,
      quarter: cohort.quarter,
      seats: 0,
    };
    row.seats += entry.seats;
    seats.set(key, row);
  }
  return [...seats.values()]
    .filter((r) => r.seats > 0)
    .sort(
      (a, b) =>
        a.quarter - b.quarter ||
        cohorts.get(a.cohortId)!.index - cohorts.get(b.cohortId)!.index ||
        a.centerName.localeCompare(b.centerName, 'en') ||
        a.centerId.localeCompare(b.centerId, 'en'),
    );
}

/** Every center of the request, in its order, with the expected scenario's outcomes. */
export function planCenterRows(plan: StoredPlan): PlanCenterRow[] {
  const { input, result } = partsOf(plan);
  const outcomes = new Map(result.scenarios.expected.centers.map((c) => [c.centerId, c]));
  return input.centers.map((c) => {
    const o = outcomes.get(c.id);
    return {
      centerId: c.id,
      centerName: c.name,
      state: c.state,
      seats: o?.seats ?? 0,
      trainedToday: c.trainedClinicians,
      trainedAtEnd: o?.trainedAtEnd ?? c.trainedClinicians,
      unmetDemandBefore: c.unmetDemandPerYear,
      unmetDemandAfter: o?.unmetDemandRemaining ?? c.unmetDemandPerYear,
      reached: o?.reached ?? 0,
    };
  });
}

/** Children reached each quarter in the three scenarios, and by the two policies in the expected one. */
export function planQuarterRows(plan: StoredPlan): PlanQuarterRow[] {
  const { result } = partsOf(plan);
  const { low, expected, high } = result.scenarios;
  const proportional = expected.comparison.proportional.reachedByQuarter;
  const firstCome = expected.comparison.firstComeFirstServed.reachedByQuarter;
  return Array.from({ length: result.horizonQuarters }, (_, q) => ({
    quarter: q,
    low: low.reachedByQuarter[q]?.reached ?? 0,
    expected: expected.reachedByQuarter[q]?.reached ?? 0,
    high: high.reachedByQuarter[q]?.reached ?? 0,
    proportional: proportional[q]?.reached ?? 0,
    firstComeFirstServed: firstCome[q]?.reached ?? 0,
    cumulativeLow: low.reachedByQuarter[q]?.cumulative ?? 0,
    cumulativeExpected: expected.reachedByQuarter[q]?.cumulative ?? 0,
    cumulativeHigh: high.reachedByQuarter[q]?.cumulative ?? 0,
    cumulativeProportional: proportional[q]?.cumulative ?? 0,
    cumulativeFirstComeFirstServed: firstCome[q]?.cumulative ?? 0,
  }));
}

// CSV ----------------------------------------------------------------------------------------------

export const PLAN_ALLOCATION_CSV_COLUMNS = [
  'center_id',
  'center_name',
  'state',
  'cohort_id',
  'cohort_label',
  'quarter',
  'seats',
] as const;

/** The allocation as CSV text: a byte order mark, the header row, then one row per center and cohort. */
export function planAllocationCsv(plan: StoredPlan): string {
  const lines = [PLAN_ALLOCATION_CSV_COLUMNS.join(',')];
  for (const r of planAllocationRows(plan))
    lines.push(
      [
        csvText(r.centerId),
        csvText(r.centerName),
        csvText(r.state),
        csvText(r.cohortId),
        csvText(r.cohortLabel),
        String(r.quarter),
        String(r.seats),
      ].join(','),
    );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** One text cell: defused if a spreadsheet would read it as a formula, then quoted if needed. */
export function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

// XLSX ---------------------------------------------------------------------------------------------

export const PLAN_SHEETS = ['Summary', 'Allocation', 'By quarter', 'Centers'] as const;

const WHOLE = '#,##0';
const ONE_DECIMAL = '#,##0.0';
const PERCENT = '0.0%';
const GAP_PERCENT = '0.00%';

const POLICIES = [
  ['proportional', 'Seats in proportion to referrals'],
  ['firstComeFirstServed', 'First come, first served'],
] as const;

/** The plan as an XLSX workbook: every figure a number cell, the header row bold and frozen. */
export async function planWorkbook(plan: StoredPlan): Promise<Buffer> {
  const sheets: Sheet<Buffer>[] = [
    summarySheet(plan),
    allocationSheet(plan),
    quarterSheet(plan),
    centerSheet(plan),
  ];
  return writeXlsxFile(sheets, { fontFamily: 'Calibri', fontSize: 11 }).toBuffer();
}

function sheet(name: (typeof PLAN_SHEETS)[number], header: string[], rows: Row[], widths: number[]) {
  return {
    sheet: name,
    data: [header.map((h): Cell => ({ value: xmlText(h), fontWeight: 'bold' })), ...rows],
    columns: widths.map((width) => ({ width })),
    stickyRowsCount: 1,
  } satisfies Sheet<Buffer>;
}

const text = (value: string): Cell => ({ value: xmlText(value), type: String });
const num = (value: number, format: string): Cell => ({ value, type: Number, format });

function summarySheet(plan: StoredPlan): Sheet<Buffer> {
  const { result } = partsOf(plan);
  const { summary } = plan;
  const { low, expected, high } = result.scenarios;
  const figure = (label: string, value: Cell): Row => [text(label), value];
  const rows: Row[] = [
    figure('Plan', text(summary.name)),
    figure('Created (UTC)', {
      value: new Date(summary.createdAt),
      type: Date,
      format: 'yyyy-mm-dd hh:mm',
    }),
    figure('Created by', text(summary.createdBy)),
    figure('Horizon (quarters)', num(result.horizonQuarters, WHOLE)),
    figure('Seat budget', num(result.seatBudget, WHOLE)),
    figure('Seats allocated', num(expected.seatsAllocated, WHOLE)),
    figure('Target (children reached)', num(result.targetReached, WHOLE)),
    figure('Children reached, low scenario', num(low.reachedTotal, ONE_DECIMAL)),
    figure('Children reached, expected scenario', num(expected.reachedTotal, ONE_DECIMAL)),
    figure('Children reached, high scenario', num(high.reachedTotal, ONE_DECIMAL)),
    figure('Share of target, low scenario', num(low.shareOfTarget, PERCENT)),
    figure('Share of target, expected scenario', num(expected.shareOfTarget, PERCENT)),
    figure('Share of target, high scenario', num(high.shareOfTarget, PERCENT)),
    figure(
      'Unmet demand left at the end, expected scenario (children a year)',
      num(expected.unmetDemandRemaining, ONE_DECIMAL),
    ),
    figure('Trained clinicians at the end, expected scenario', num(expected.trainedAtEnd, ONE_DECIMAL)),
  ];
  for (const [key, label] of POLICIES) {
    rows.push(figure(`${label}: seats allocated`, num(expected.comparison[key].seatsAllocated, WHOLE)));
    for (const [name, scenario] of [
      ['low', low],
      ['expected', expected],
      ['high', high],
    ] as const)
      rows.push(
        figure(
          `${label}: children reached, ${name} scenario`,
          num(scenario.comparison[key].reachedTotal, ONE_DECIMAL),
        ),
      );
  }
  rows.push(
    figure('Solver status', text(result.solver.status)),
    figure('Solver MIP gap', num(result.solver.mipGap, GAP_PERCENT)),
    figure('Solver time (seconds)', num(result.solver.timeMs / 1000, '0.0')),
    figure('Quarters', text('Counted from 0, the first quarter of the horizon, as in the plan request')),
  );
  return sheet('Summary', ['Figure', 'Value'], rows, [62, 36]);
}

function allocationSheet(plan: StoredPlan): Sheet<Buffer> {
  const rows = planAllocationRows(plan).map((r): Row => [
    text(r.centerId),
    text(r.centerName),
    text(r.state),
    text(r.cohortId),
    text(r.cohortLabel),
    num(r.quarter, '0'),
    num(r.seats, WHOLE),
  ]);
  return sheet(
    'Allocation',
    ['Center ID', 'Center', 'State', 'Cohort ID', 'Cohort', 'Quarter', 'Seats'],
    rows,
    [38, 40, 7, 16, 32, 9, 9],
  );
}

function quarterSheet(plan: StoredPlan): Sheet<Buffer> {
  const rows = planQuarterRows(plan).map((q): Row => [
    num(q.quarter, '0'),
    ...[q.low, q.expected, q.high, q.proportional, q.firstComeFirstServed].map((v) => num(v, ONE_DECIMAL)),
    ...[
      q.cumulativeLow,
      q.cumulativeExpected,
      q.cumulativeHigh,
      q.cumulativeProportional,
      q.cumulativeFirstComeFirstServed,
    ].map((v) => num(v, ONE_DECIMAL)),
  ]);
  const columns = (prefix: string) => [
    `${prefix}, low`,
    `${prefix}, expected`,
    `${prefix}, high`,
    `${prefix}, proportional (expected)`,
    `${prefix}, first come (expected)`,
  ];
  return sheet('By quarter', ['Quarter', ...columns('Reached'), ...columns('Cumulative')], rows, [
    9,
    ...new Array<number>(10).fill(18),
  ]);
}

function centerSheet(plan: StoredPlan): Sheet<Buffer> {
  const rows = planCenterRows(plan).map((c): Row => [
    text(c.centerId),
    text(c.centerName),
    text(c.state),
    num(c.seats, WHOLE),
    num(c.trainedToday, WHOLE),
    num(c.trainedAtEnd, ONE_DECIMAL),
    num(c.unmetDemandBefore, ONE_DECIMAL),
    num(c.unmetDemandAfter, ONE_DECIMAL),
    num(c.reached, ONE_DECIMAL),
  ]);
  return sheet(
    'Centers',
    [
      'Center ID',
      'Center',
      'State',
      'Seats',
      'Trained today',
      'Trained at the end (expected)',
      'Unmet demand before (children a year)',
      'Unmet demand after (children a year, expected)',
      'Children reached (expected)',
    ],
    rows,
    [38, 40, 7, 9, 14, 16, 20, 22, 16],
  );
}

/**
 * Drops the characters XML 1.0 cannot carry (control characters other than tab and line breaks,
 * unpaired surrogates): one of them in a plan or center name would make the whole workbook
 * unreadable. The CSV keeps them, as text.
 */
function xmlText(value: string): string {
  return value.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '',
  );
}
