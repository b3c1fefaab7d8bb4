/**
 * The gap on a hand-made network whose every figure is worked out below: three centers, one that
 * records episodes, one that reports monthly aggregates for two of three months, one without data.
 */
import { describe, expect, it } from 'vitest';
import type { TreatingPersonRow } from './access.repo.js';
import { capacityPerFte, DEFAULT_CAPACITY_PARAMETERS, resolveParameters } from './capacity.js';
import {
  activeShare,
  addMonths,
  computeCenters,
  monthEnd,
  monthsBetween,
  parsePeriod,
  sumArea,
  weightedMedian,
  type AccessFacts,
} from './gap.js';

/**
 * (260 - 15 - 11 - 6 - 8) days x 8 h = 1,760 h; x (1 - 0.25) = 1,320 h of treatment; a child takes
 * 14 x 1.25 + 10 = 27.5 h: 48 children a year per FTE, 4 a month.
 */
const NETWORK = { trainingDaysPerYear: 8, otherDutiesShare: 0.25, otherHoursPerChild: 10 };

const person = (
  p: Partial<TreatingPersonRow> & Pick<TreatingPersonRow, 'user_id' | 'center_id'>,
): TreatingPersonRow => ({
  display_name: p.user_id,
  role: 'clinician',
  treatment_fte: null,
  typical_caseload: null,
  from_date: null,
  to_date: null,
  certified_models: [],
  trained_models: [],
  ...p,
});

const FACTS: AccessFacts = {
  networkParameters: NETWORK,
  centers: [
    { id: 'A', name: 'Alpha', state: 'TX', chapter_id: 'ch1', chapter_name: 'Texas', parameters: null },
    { id: 'B', name: 'Beta', state: 'TX', chapter_id: 'ch1', chapter_name: 'Texas', parameters: null },
    { id: 'C', name: 'Gamma', state: 'OK', chapter_id: null, chapter_name: null, parameters: null },
  ],
  derived: [
    { center_id: 'A', month: '2025-01-01', referred: 10, started: 6, waiting_end: 9 },
    { center_id: 'A', month: '2025-02-01', referred: 12, started: 10, waiting_end: 11 },
    { center_id: 'A', month: '2025-03-01', referred: 8, started: 9, waiting_end: 10 },
  ],
  derivedWaits: [{ center_id: 'A', started: 25, median_wait: 14 }],
  reported: [
    {
      center_id: 'B',
      month: '2025-01-01',
      referred: 5,
      started: 4,
      waiting_end: 10,
      referred_out: 1,
      never_served: null,
      median_wait_days: 20,
      source: 'form',
      updated_at: new Date(),
    },
    {
      center_id: 'B',
      month: '2025-02-01',
      referred: 7,
      started: 6,
      waiting_end: 11,
      referred_out: 2,
      never_served: null,
      median_wait_days: 40,
      source: 'import',
      updated_at: new Date(),
    },
  ],
  people: [
    // A: a trained full-time clinician; a trained half-time one who leaves on 14 February; an
    // untrained one, counted but adding no capacity.
    person({ user_id: 'a1', center_id: 'A', treatment_fte: 1, trained_models: ['TF-CBT'] }),
    person({
      user_id: 'a2',
      center_id: 'A',
      treatment_fte: 0.5,
      certified_models: ['TF-CBT'],
      to_date: '2025-02-14',
    }),
    person({ user_id: 'a3', center_id: 'A', treatment_fte: 1 }),
    // B: one certified clinician without a recorded FTE: the default 0.8 applies.
    person({ user_id: 'b1', center_id: 'B', certified_models: ['CPP'], trained_models: ['TF-CBT'] }),
    // C: one trained full-time clinician, no demand data.
    person({ user_id: 'c1', center_id: 'C', treatment_fte: 1, trained_models: ['PCIT'] }),
  ],
};

const Q1 = parsePeriod('2025-Q1', '2026-01-15')!;
const TREND = monthsBetween('2024-12-01', '2025-03-01');

describe('capacity per FTE (WISN)', () => {
  it('follows the arithmetic step by step', () => {
    expect(capacityPerFte(resolveParameters(NETWORK, null))).toEqual({
      availableHours: 1760,
      treatmentHours: 1320,
      hoursPerChild: 27.5,
      childrenPerFte: 48,
    });
  });

  it('lets a center override the network, which overrides the defaults', () => {
    const p = resolveParameters({ sessionsPerChild: 12 }, { sessionsPerChild: 16, hoursPerDay: 7 });
    expect(p).toEqual({ ...DEFAULT_CAPACITY_PARAMETERS, sessionsPerChild: 16, hoursPerDay: 7 });
  });
});

describe('periods and months', () => {
  it('reads years, quarters, months and the last 12 complete months', () => {
    expect(parsePeriod('2025', '2026-01-15')).toMatchObject({ from: '2025-01-01', to: '2025-12-31' });
    expect(parsePeriod('2024-Q1', '2026-01-15')).toMatchObject({
      from: '2024-01-01',
      to: '2024-03-31',
      months: ['2024-01-01', '2024-02-01', '2024-03-01'],
    });
    expect(parsePeriod('2024-02', '2026-01-15')).toMatchObject({ from: '2024-02-01', to: '2024-02-29' });
    expect(parsePeriod('last12', '2026-01-15')).toMatchObject({
      fromMonth: '2025-01-01',
      toMonth: '2025-12-01',
    });
    expect(parsePeriod('2025-Q5', '2026-01-15')).toBeNull();
    expect(parsePeriod('2025-13', '2026-01-15')).toBeNull();
  });

  it('steps months across years and finds month ends', () => {
    expect(addMonths('2025-11-01', 3)).toBe('2026-02-01');
    expect(addMonths('2025-01-01', -1)).toBe('2024-12-01');
    expect(monthEnd('2025-02-01')).toBe('2025-02-28');
    expect(monthsBetween('2024-11-01', '2025-02-01')).toEqual([
      '2024-11-01',
      '2024-12-01',
      '2025-01-01',
      '2025-02-01',
    ]);
  });

  it('counts the share of a month someone worked', () => {
    expect(activeShare('2025-02-01', null, '2025-02-14')).toBe(0.5);
    expect(activeShare('2025-03-01', null, '2025-02-14')).toBe(0);
    expect(activeShare('2025-04-01', '2025-04-16', null)).toBe(0.5);
  });

  it('takes weighted medians, midway on an exact half', () => {
    expect(
      weightedMedian([
        { value: 20, weight: 4 },
        { value: 40, weight: 6 },
      ]),
    ).toBe(40);
    expect(
      weightedMedian([
        { value: 20, weight: 5 },
        { value: 40, weight: 5 },
      ]),
    ).toBe(30);
    expect(weightedMedian([])).toBeNull();
  });
});

describe('the gap on a hand-checked network', () => {
  const centers = computeCenters(FACTS, Q1, TREND);
  const [a, b, c] = centers;

  it('uses the episodes of a center that records them', () => {
    // Capacity a month: January (1 + 0.5) x 4 = 6; February 4 + 0.5 x 4 x 14/28 = 5; March 4.
    // Over the quarter 15, so 60 a year; demand 30 referred in 3 months, 120 a year.
    expect(a!.figures).toEqual({
      demandPerYear: 120,
      capacityPerYear: 60,
      gapPerYear: 60,
      referred: 30,
      started: 25,
      waitingEnd: 10,
      referredOut: null,
      neverServed: null,
      medianWaitDays: 14,
      source: 'episodes',
      monthsWithData: 3,
    });
    expect(a!.trend.map((p) => [p.month, p.source, p.capacity])).toEqual([
      ['2024-12-01', 'none', 6],
      ['2025-01-01', 'episodes', 6],
      ['2025-02-01', 'episodes', 5],
      ['2025-03-01', 'episodes', 4],
    ]);
    // At the end of March: a1 and a3 work there, a1 is trained.
    expect(a!.staff).toEqual({
      clinicians: 2,
      trained: 1,
      certified: 0,
      trainedFte: 1,
      fteEstimated: 0,
      byModel: { 'TF-CBT': 1 },
    });
  });

  it('uses what a center reported, annualised over the months it reported', () => {
    // 12 referred in 2 months: 72 a year. Capacity 0.8 x 48 = 38.4 a year. The wait: medians 20
    // (4 started) and 40 (6 started): the weighted median is 40.
    expect(b!.figures).toMatchObject({
      demandPerYear: 72,
      referred: 12,
      started: 10,
      waitingEnd: 11,
      referredOut: 3,
      neverServed: null,
      medianWaitDays: 40,
      source: 'reported',
      monthsWithData: 2,
    });
    expect(b!.figures.capacityPerYear).toBeCloseTo(38.4, 10);
    expect(b!.figures.gapPerYear).toBeCloseTo(33.6, 10);
    expect(b!.staff).toMatchObject({
      trained: 1,
      certified: 1,
      fteEstimated: 1,
      byModel: { CPP: 1, 'TF-CBT': 1 },
    });
  });

  it('keeps a center without demand data out of the gap but counts its capacity', () => {
    expect(c!.figures).toMatchObject({
      demandPerYear: null,
      capacityPerYear: 48,
      gapPerYear: null,
      source: 'none',
    });
  });

  it('sums a state and the nation', () => {
    const texas = sumArea('TX', 'Texas', [a!, b!]);
    expect(texas.figures.demandPerYear).toBe(192);
    expect(texas.figures.capacityPerYear).toBeCloseTo(98.4, 10);
    expect(texas.figures.gapPerYear).toBeCloseTo(93.6, 10);
    expect(texas.figures).toMatchObject({ referred: 42, waitingEnd: 21, source: 'mixed' });
    // A: 14 days over 25 started; B: 40 over 10: the weighted median is 14.
    expect(texas.figures.medianWaitDays).toBe(14);
    expect(texas.trend.map((p) => [p.month, p.referred, p.centersWithData])).toEqual([
      ['2024-12-01', null, 0],
      ['2025-01-01', 15, 2],
      ['2025-02-01', 19, 2],
      ['2025-03-01', 8, 1],
    ]);
    const nation = sumArea('US', 'Nation', centers);
    expect(nation).toMatchObject({ centers: 3, centersWithData: 2 });
    // Gamma's capacity counts in the capacity total; the gap sums the centers with data only.
    expect(nation.figures.capacityPerYear).toBeCloseTo(146.4, 10);
    expect(nation.figures.gapPerYear).toBeCloseTo(93.6, 10);
  });
});
