/**
 * A saved plan downloaded as CSV and as an XLSX workbook. The plan is solved through
 * POST /api/v1/plans from a small request over centers made by the factories, one of them named
 * like a spreadsheet formula and one with accents. The CSV is read back with csv-parse and the
 * workbook with ExcelJS, a library independent of the one that writes it, and every figure is
 * checked against the plan the API returned.
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../helpers/matrix.js';
import { buildTestApp, type Session, type TestApp } from '../helpers/test-app.js';

interface Allocation {
  centerId: string;
  cohortId: string;
  seats: number;
}
interface QuarterReach {
  quarter: number;
  reached: number;
  cumulative: number;
}
interface Comparison {
  seatsAllocated: number;
  reachedTotal: number;
  reachedByQuarter: QuarterReach[];
}
interface Scenario {
  allocation: Allocation[];
  seatsAllocated: number;
  reachedTotal: number;
  reachedByQuarter: QuarterReach[];
  centers: {
    centerId: string;
    seats: number;
    reached: number;
    unmetDemandRemaining: number;
    trainedAtEnd: number;
  }[];
  comparison: Record<'optimised' | 'proportional' | 'firstComeFirstServed', Comparison>;
}
interface Plan {
  summary: { id: string; name: string; createdAt: string };
  result: {
    horizonQuarters: number;
    seatBudget: number;
    targetReached: number;
    solver: { status: string; mipGap: number };
    scenarios: Record<'low' | 'expected' | 'high', Scenario>;
  };
}

/** Shown as text, never run: a spreadsheet would otherwise open a link when the file is opened. */
const FORMULA_NAME = '=HYPERLINK("https://evil.example/x","Open, please")';
const ACCENTED_NAME = 'Centro de Niños Médico';

describe('plan export', () => {
  let t: TestApp;
  let admin: Session;
  let plan: Plan;
  const centers: Record<
    'formula' | 'accented' | 'served' | 'west',
    { id: string; name: string; state: string }
  > = {
    formula: { id: '', name: FORMULA_NAME, state: 'TX' },
    accented: { id: '', name: ACCENTED_NAME, state: 'TX' },
    served: { id: '', name: '', state: 'OK' },
    west: { id: '', name: '', state: 'CA' },
  };
  const nameOf = (id: string) => Object.values(centers).find((c) => c.id === id)!.name;

  beforeAll(async () => {
    t = await buildTestApp();
    admin = await t.signIn('network_admin');
    for (const c of Object.values(centers)) {
      c.name ||= `Export Center ${randomUUID().slice(0, 8)}`;
      c.id = await t.createCenter({ name: c.name, state: c.state });
    }
    const center = (
      c: { id: string; name: string; state: string },
      unmet: number,
      trained: number,
      order: number,
    ) => ({
      id: c.id,
      name: c.name,
      state: c.state,
      referralsPerYear: unmet * 3,
      unmetDemandPerYear: unmet,
      trainedClinicians: trained,
      waitDays: 40,
      order,
    });
    const created = await admin.post('/api/v1/plans', {
      name: 'Q1 test',
      input: {
        seatBudget: 10,
        horizonQuarters: 6,
        cohorts: [
          { id: 'south-1', quarter: 0, label: '2027 Q1, South', states: ['TX', 'OK'], seatCap: 4 },
          { id: 'west-1', quarter: 1, label: '2027 Q2, West', states: ['CA'], seatCap: 3 },
          { id: 'south-2', quarter: 2, label: '2027 Q3, South', states: ['TX', 'OK'], seatCap: 3 },
        ],
        centers: [
          center(centers.formula, 24, 1, 1),
          center(centers.accented, 20, 0, 2),
          center(centers.served, 0, 3, 3),
          center(centers.west, 20, 1, 4),
        ],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    plan = created.json<Plan>();
    // The checks below need seats at several centers, including the two oddly named ones.
    const seatsAt = (id: string) =>
      plan.result.scenarios.expected.allocation
        .filter((a) => a.centerId === id)
        .reduce((s, a) => s + a.seats, 0);
    expect(seatsAt(centers.formula.id)).toBeGreaterThan(0);
    expect(seatsAt(centers.accented.id)).toBeGreaterThan(0);
    expect(seatsAt(centers.served.id)).toBe(0);
  }, 60_000);

  afterAll(async () => t?.close());

  const url = (query = '') => `/api/v1/plans/${plan.summary.id}/export${query}`;
  const fileName = (ext: string) => `plan-q1-test-${plan.summary.createdAt.slice(0, 10)}.${ext}`;

  it('downloads the allocation as CSV by default: one row per center and cohort with seats', async () => {
    const res = await admin.get(url());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${fileName('csv')}"`);
    expect(res.headers['cache-control']).toBe('no-store');
    // A byte order mark first, so that Excel reads the accents as UTF-8.
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect((await admin.get(url('?format=csv'))).body).toBe(res.body);

    const [header, ...rows] = parse(res.body, { bom: true }) satisfies string[][];
    expect(header).toEqual([
      'center_id',
      'center_name',
      'state',
      'cohort_id',
      'cohort_label',
      'quarter',
      'seats',
    ]);
    const expected = plan.result.scenarios.expected;
    const want = expected.allocation
      .filter((a) => a.seats > 0)
      .map((a) => `${a.centerId}|${a.cohortId}|${a.seats}`)
      .sort();
    expect(rows.map((r) => `${r[0]}|${r[3]}|${r[6]}`).sort()).toEqual(want);
    expect(rows.reduce((s, r) => s + Number(r[6]), 0)).toBe(expected.seatsAllocated);
    const quarters: Record<string, string> = { 'south-1': '0', 'west-1': '1', 'south-2': '2' };
    for (const r of rows) {
      const name = nameOf(r[0]!);
      expect(r[1]).toBe(name === FORMULA_NAME ? `'${FORMULA_NAME}` : name);
      expect(r[5]).toBe(quarters[r[3]!]);
    }
    // Calendar order: the cohorts' quarters never go back.
    const order = rows.map((r) => Number(r[5]));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(rows.map((r) => r[1])).toContain(ACCENTED_NAME);
    // RFC 4180: the formula-like name is quoted, its quotes doubled, behind the apostrophe.
    expect(res.body).toContain(`,"'=HYPERLINK(""https://evil.example/x"",""Open, please"")",`);
    expect(res.body.split('\r\n').at(-1)).toBe('');
  });

  it('downloads the whole plan as an XLSX workbook that another library reads back', async () => {
    const res = await admin.get(url('?format=xlsx'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${fileName('xlsx')}"`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Summary', 'Allocation', 'By quarter', 'Centers']);

    const { result } = plan;
    const { low, expected, high } = result.scenarios;
    for (const sheet of book.worksheets) {
      // Header bold and frozen, columns wide enough to read.
      expect(sheet.getRow(1).getCell(1).font?.bold, sheet.name).toBe(true);
      expect(sheet.views[0], sheet.name).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.getColumn(2).width, sheet.name).toBeGreaterThan(8);
    }

    const summary = book.getWorksheet('Summary')!;
    const figures = new Map<string, ExcelJS.CellValue>();
    summary.eachRow((row, n) => {
      if (n > 1) figures.set(row.getCell(1).text, row.getCell(2).value);
    });
    expect(figures.get('Plan')).toBe('Q1 test');
    expect((figures.get('Created (UTC)') as Date).toISOString()).toBe(plan.summary.createdAt);
    expect(figures.get('Seat budget')).toBe(result.seatBudget);
    expect(figures.get('Seats allocated')).toBe(expected.seatsAllocated);
    expect(figures.get('Target (children reached)')).toBe(result.targetReached);
    expect(figures.get('Children reached, low scenario')).toBe(low.reachedTotal);
    expect(figures.get('Children reached, expected scenario')).toBe(expected.reachedTotal);
    expect(figures.get('Children reached, high scenario')).toBe(high.reachedTotal);
    expect(figures.get('Seats in proportion to referrals: children reached, expected scenario')).toBe(
      expected.comparison.proportional.reachedTotal,
    );
    expect(figures.get('First come, first served: children reached, low scenario')).toBe(
      low.comparison.firstComeFirstServed.reachedTotal,
    );
    expect(figures.get('First come, first served: seats allocated')).toBe(
      expected.comparison.firstComeFirstServed.seatsAllocated,
    );
    expect(figures.get('Solver status')).toBe(result.solver.status);
    expect(figures.get('Solver MIP gap')).toBe(result.solver.mipGap);

    const allocation = book.getWorksheet('Allocation')!;
    const rows: ExcelJS.CellValue[][] = [];
    allocation.eachRow((row, n) => {
      if (n > 1) rows.push([1, 2, 3, 4, 5, 6, 7].map((c) => row.getCell(c).value));
    });
    expect(rows.length).toBe(expected.allocation.filter((a) => a.seats > 0).length);
    for (const r of rows) expect(typeof r[6]).toBe('number');
    expect(rows.reduce((s, r) => s + (r[6] as number), 0)).toBe(expected.seatsAllocated);
    // A string cell, never a formula: the name as the center wrote it, with no apostrophe added.
    const formulaRow = allocation
      .getRows(2, rows.length)!
      .find((r) => r.getCell(1).value === centers.formula.id)!;
    expect(formulaRow.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(formulaRow.getCell(2).value).toBe(FORMULA_NAME);
    expect(rows.map((r) => r[1])).toContain(ACCENTED_NAME);

    const byQuarter = book.getWorksheet('By quarter')!;
    expect(byQuarter.rowCount).toBe(1 + result.horizonQuarters);
    for (let q = 0; q < result.horizonQuarters; q++) {
      const row = byQuarter.getRow(q + 2);
      expect(row.getCell(1).value).toBe(q);
      expect(row.getCell(2).value).toBe(low.reachedByQuarter[q]!.reached);
      expect(row.getCell(3).value).toBe(expected.reachedByQuarter[q]!.reached);
      expect(row.getCell(4).value).toBe(high.reachedByQuarter[q]!.reached);
      expect(row.getCell(5).value).toBe(expected.comparison.proportional.reachedByQuarter[q]!.reached);
      expect(row.getCell(6).value).toBe(
        expected.comparison.firstComeFirstServed.reachedByQuarter[q]!.reached,
      );
      expect(row.getCell(8).value).toBe(expected.reachedByQuarter[q]!.cumulative);
    }
    expect(byQuarter.getRow(1 + result.horizonQuarters).getCell(8).value).toBe(expected.reachedTotal);

    const centerSheet = book.getWorksheet('Centers')!;
    const outcomes = new Map(expected.centers.map((c) => [c.centerId, c]));
    expect(centerSheet.rowCount).toBe(1 + Object.keys(centers).length);
    centerSheet.eachRow((row, n) => {
      if (n === 1) return;
      const o = outcomes.get(row.getCell(1).text)!;
      expect(row.getCell(2).value).toBe(nameOf(o.centerId));
      expect(row.getCell(4).value).toBe(o.seats);
      expect(row.getCell(6).value).toBe(o.trainedAtEnd);
      expect(row.getCell(8).value).toBe(o.unmetDemandRemaining);
      expect(row.getCell(9).value).toBe(o.reached);
    });
  });

  it('refuses a format it does not make, naming the field', async () => {
    const bad = expectError(await admin.get(url('?format=pdf')), 400, 'VALIDATION_FAILED');
    expect(bad.error.details).toEqual([{ path: 'format', message: 'must be csv or xlsx' }]);
    const unknown = expectError(await admin.get(url('?format=csv&sheet=1')), 400, 'VALIDATION_FAILED');
    expect(unknown.error.details?.map((d) => d.path)).toEqual(['sheet']);
  });

  it('answers 404 for a plan that does not exist or was deleted, as reading it does', async () => {
    expectError(await admin.get(`/api/v1/plans/${randomUUID()}/export`), 404, 'NOT_FOUND');
    const other = await admin.post('/api/v1/plans', {
      // A control character XML cannot carry must not make the workbook unreadable.
      name: 'Gone \u0001soon',
      input: { seatBudget: 0, horizonQuarters: 1, cohorts: [], centers: [] },
    });
    expect(other.statusCode, other.body).toBe(201);
    const id = other.json<Plan>().summary.id;
    // A plan with no seats is a header and nothing else.
    expect((await admin.get(`/api/v1/plans/${id}/export`)).body).toBe(
      '\uFEFFcenter_id,center_name,state,cohort_id,cohort_label,quarter,seats\r\n',
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(
      (await admin.get(`/api/v1/plans/${id}/export?format=xlsx`)).rawPayload as unknown as ArrayBuffer,
    );
    expect(book.getWorksheet('Summary')!.getRow(2).getCell(2).value).toBe('Gone soon');
    expect(book.getWorksheet('Allocation')!.rowCount).toBe(1);
    expect((await admin.del(`/api/v1/plans/${id}`)).statusCode).toBe(204);
    expectError(await admin.get(`/api/v1/plans/${id}/export?format=xlsx`), 404, 'NOT_FOUND');
  });

  it('is for network administrators only', async () => {
    const director = await t.signIn('center_director', { centerId: centers.formula.id });
    expectError(await director.get(url('?format=xlsx')), 403, 'FORBIDDEN');
  });
});
