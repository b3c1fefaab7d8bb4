/**
 * Reliable change and clinically significant improvement, with every figure worked by hand in the
 * comments from SE = SD x sqrt(1 - r), Sdiff = sqrt(2) x SE, RC = (post - pre) / Sdiff.
 */
import { describe, expect, it } from 'vitest';
import { CATS_SR } from './instruments/cats.js';
import { TSCC_PTS } from './instruments/licensed.js';
import { PHQ_A } from './instruments/phqa.js';
import type { InstrumentDefinition } from './instruments/types.js';
import {
  clinicallySignificantImprovement,
  minimumReliableChange,
  reliableChangeIndex,
  seriesOutcome,
  type OutcomePoint,
} from './outcomes.js';

// A T-score scale with SD 10 and reliability .90, clinical cut-off 65:
// SE = 10 x sqrt(.10) = 3.162; Sdiff = 1.414 x 3.162 = 4.472; 1.96 x Sdiff = 8.765.
const T_SCALE: InstrumentDefinition = {
  ...TSCC_PTS,
  reliableChange: { sd: 10, reliability: 0.9, source: 'worked example' },
};

describe('reliableChangeIndex', () => {
  it('computes Sdiff 4.472 for SD 10 and r .90', () => {
    expect(reliableChangeIndex(T_SCALE, 70, 70).sdiff).toBeCloseTo(4.472, 3);
    expect(minimumReliableChange(T_SCALE)).toBeCloseTo(8.765, 3);
  });

  it('calls a 9-point drop reliable improvement: -9 / 4.472 = -2.012', () => {
    const change = reliableChangeIndex(T_SCALE, 70, 61);
    expect(change.rci).toBeCloseTo(-2.012, 3);
    expect(change.classification).toBe('reliable_improvement');
  });

  it('calls an 8-point drop no reliable change: -8 / 4.472 = -1.789', () => {
    const change = reliableChangeIndex(T_SCALE, 70, 62);
    expect(change.rci).toBeCloseTo(-1.789, 3);
    expect(change.classification).toBe('no_reliable_change');
  });

  it('calls a 9-point rise reliable deterioration, because higher is worse', () => {
    expect(reliableChangeIndex(T_SCALE, 50, 59).classification).toBe('reliable_deterioration');
    expect(reliableChangeIndex(T_SCALE, 50, 58).classification).toBe('no_reliable_change');
  });

  it('uses each instrument’s own figures: CATS-SR SD 12, r .90', () => {
    // SE = 12 x .3162 = 3.795; Sdiff = 5.367; 1.96 x Sdiff = 10.52: 11 points is reliable, 10 is not.
    expect(minimumReliableChange(CATS_SR)).toBeCloseTo(10.518, 2);
    expect(reliableChangeIndex(CATS_SR, 30, 19).rci).toBeCloseTo(-2.05, 2);
    expect(reliableChangeIndex(CATS_SR, 30, 19).classification).toBe('reliable_improvement');
    expect(reliableChangeIndex(CATS_SR, 30, 20).classification).toBe('no_reliable_change');
  });

  it('uses PHQ-A SD 6, r .86', () => {
    // SE = 6 x sqrt(.14) = 2.245; Sdiff = 3.175; 1.96 x Sdiff = 6.22: 7 points is reliable, 6 is not.
    expect(minimumReliableChange(PHQ_A)).toBeCloseTo(6.223, 2);
    expect(reliableChangeIndex(PHQ_A, 16, 9).classification).toBe('reliable_improvement');
    expect(reliableChangeIndex(PHQ_A, 16, 10).classification).toBe('no_reliable_change');
  });

  it('treats |RC| > 1.96 strictly: a TSCC drop of 10 T-points (1.961) is reliable', () => {
    // SD 10, r .87: SE = 10 x sqrt(.13) = 3.606; Sdiff = 5.099; 1.96 x Sdiff = 9.994; 10 / 5.099 = 1.961.
    expect(minimumReliableChange(TSCC_PTS)).toBeCloseTo(9.994, 3);
    expect(reliableChangeIndex(TSCC_PTS, 70, 60).classification).toBe('reliable_improvement');
    expect(reliableChangeIndex(TSCC_PTS, 70, 61).classification).toBe('no_reliable_change');
  });
});

describe('clinicallySignificantImprovement', () => {
  it('is true for reliable improvement from the clinical range to below it (70 to 61, cut-off 65)', () => {
    expect(clinicallySignificantImprovement(T_SCALE, 70, 61)).toBe(true);
  });

  it('is false when the drop is not reliable, though it crosses the cut-off (66 to 64)', () => {
    expect(clinicallySignificantImprovement(T_SCALE, 66, 64)).toBe(false);
  });

  it('is false for reliable improvement that stays in the clinical range (80 to 66)', () => {
    expect(reliableChangeIndex(T_SCALE, 80, 66).classification).toBe('reliable_improvement');
    expect(clinicallySignificantImprovement(T_SCALE, 80, 66)).toBe(false);
  });

  it('is false when the start was not in the clinical range (64 to 50)', () => {
    expect(clinicallySignificantImprovement(T_SCALE, 64, 50)).toBe(false);
  });

  it('counts the cut-off itself as clinical: CATS-SR 21 to 9 is significant, 20 to 8 is not', () => {
    expect(clinicallySignificantImprovement(CATS_SR, 21, 9)).toBe(true);
    expect(clinicallySignificantImprovement(CATS_SR, 20, 8)).toBe(false);
  });
});

describe('seriesOutcome', () => {
  const point = (
    id: string,
    administeredOn: string,
    phase: OutcomePoint['phase'],
    total: number,
  ): OutcomePoint => ({
    id,
    administeredOn,
    phase,
    total,
  });

  it('measures from the earliest baseline to the latest point and to the end, from unsorted points', () => {
    const outcome = seriesOutcome(CATS_SR, [
      point('follow', '2026-09-01', 'follow_up', 12),
      point('end', '2026-06-01', 'end', 15),
      point('base', '2026-01-10', 'baseline', 32),
      point('mid', '2026-03-15', 'mid_treatment', 25),
    ]);
    expect(outcome.baseline?.id).toBe('base');
    expect(outcome.latest?.id).toBe('follow');
    expect(outcome.end?.id).toBe('end');
    expect(outcome.changeToLatest).toBe(-20);
    expect(outcome.changeToEnd).toBe(-17);
    // Sdiff 5.367: -20 / 5.367 = -3.727; -17 / 5.367 = -3.168.
    expect(outcome.rciToLatest).toBeCloseTo(-3.727, 3);
    expect(outcome.rciToEnd).toBeCloseTo(-3.168, 3);
    expect(outcome.classificationToLatest).toBe('reliable_improvement');
    expect(outcome.classificationToEnd).toBe('reliable_improvement');
    expect(outcome.clinicallySignificant).toBe(true);
    expect(outcome.notOnTrack).toBe(false);
    expect(outcome.notOnTrackPointId).toBeNull();
  });

  it('flags a mid-treatment point reliably worse than baseline: 20 to 31 is +11 / 5.367 = 2.05', () => {
    const outcome = seriesOutcome(CATS_SR, [
      point('mid2', '2026-04-01', 'mid_treatment', 31),
      point('base', '2026-01-10', 'baseline', 20),
      point('mid1', '2026-02-20', 'mid_treatment', 30),
    ]);
    expect(outcome.notOnTrack).toBe(true);
    expect(outcome.notOnTrackPointId).toBe('mid2');
    expect(outcome.end).toBeNull();
    expect(outcome.clinicallySignificant).toBeNull();
    expect(outcome.rciToEnd).toBeNull();
    expect(outcome.classificationToLatest).toBe('reliable_deterioration');
  });

  it('uses the last end point and the earliest baseline', () => {
    const outcome = seriesOutcome(CATS_SR, [
      point('base2', '2026-02-01', 'baseline', 25),
      point('base1', '2026-01-01', 'baseline', 30),
      point('end1', '2026-05-01', 'end', 22),
      point('end2', '2026-06-01', 'end', 18),
    ]);
    expect(outcome.baseline?.id).toBe('base1');
    expect(outcome.end?.id).toBe('end2');
    expect(outcome.changeToEnd).toBe(-12);
    // -12 / 5.367 = -2.236, reliable, and 30 -> 18 crosses the cut-off of 21.
    expect(outcome.clinicallySignificant).toBe(true);
  });

  it('reports nothing without a baseline', () => {
    const outcome = seriesOutcome(CATS_SR, [point('mid', '2026-03-01', 'mid_treatment', 40)]);
    expect(outcome).toMatchObject({
      baseline: null,
      latest: null,
      changeToLatest: null,
      classificationToLatest: null,
      clinicallySignificant: null,
      notOnTrack: false,
    });
  });

  it('has no latest change when the baseline is the only point', () => {
    const outcome = seriesOutcome(CATS_SR, [point('base', '2026-01-01', 'baseline', 30)]);
    expect(outcome.baseline?.id).toBe('base');
    expect(outcome.latest).toBeNull();
    expect(outcome.changeToLatest).toBeNull();
  });
});
