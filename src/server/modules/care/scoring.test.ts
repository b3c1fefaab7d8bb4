/**
 * The scoring engine on each shipped instrument's published scoring rules: hand-computed totals,
 * every band edge, prorating at its limit and refused one beyond, safety flags, and the problems a
 * clinician sees for a bad answer or an entered total out of range.
 */
import { describe, expect, it } from 'vitest';
import { CATS_C3, CATS_C7, CATS_SR } from './instruments/cats.js';
import { withCutoff } from './instruments/index.js';
import { CPSS_5, TSCC_PTS } from './instruments/licensed.js';
import { PHQ_A } from './instruments/phqa.js';
import { SMFQ_C, SMFQ_P } from './instruments/smfq.js';
import type { InstrumentDefinition, ItemResponses, ScoreResult } from './instruments/types.js';
import { bandFor, scoreResponses, scoreTotal, type ScoreOutcome } from './scoring.js';

/** Answers listed in item order, from the given ids. */
function answers(ids: string[], values: (number | null)[]): ItemResponses {
  return Object.fromEntries(ids.map((id, i) => [id, values[i] ?? null]));
}

const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

/** Scored answers reaching `total`: each item takes as much as it can, in order (3,3,...,r,0,...). */
function answersTotalling(def: InstrumentDefinition, total: number): ItemResponses {
  let left = total;
  const out: ItemResponses = {};
  for (const item of def.items.filter((i) => i.scored)) {
    const top = Math.max(
      ...(def.responseSets.find((s) => s.id === item.responseSet)?.options.map((o) => o.value) ?? []),
    );
    out[item.id] = Math.min(top, left);
    left -= out[item.id] ?? 0;
  }
  return out;
}

function ok(outcome: ScoreOutcome): ScoreResult {
  if (!outcome.ok) throw new Error(`expected a score, got ${JSON.stringify(outcome.problems)}`);
  return outcome.result;
}

function problems(outcome: ScoreOutcome) {
  if (outcome.ok) throw new Error(`expected problems, got a total of ${outcome.result.total}`);
  return outcome.problems;
}

const bandOf = (def: InstrumentDefinition, total: number) =>
  ok(scoreResponses(def, answersTotalling(def, total))).band.code;

describe('CATS 7-17', () => {
  const symptoms = range('s', 20);
  //                  intrusion 1-5    avoid  negative 8-14         arousal 15-20
  const values = [2, 3, 1, 2, 1, 3, 2, 0, 1, 2, 3, 1, 0, 2, 1, 0, 2, 3, 1, 2];

  it('sums the 20 symptom items (9 + 5 + 9 + 9 = 32) into probable PTSD, with cluster subscales', () => {
    const result = ok(scoreResponses(CATS_SR, answers(symptoms, values)));
    expect(result.total).toBe(32);
    expect(result.band.code).toBe('probable_ptsd');
    expect(result.clinical).toBe(true);
    expect(result.prorated).toBe(false);
    expect(result.answered).toBe(20);
    expect(result.subscales).toEqual([
      { code: 'intrusion', score: 9 },
      { code: 'avoidance', score: 5 },
      { code: 'negative_cognition_mood', score: 9 },
      { code: 'arousal_reactivity', score: 9 },
    ]);
  });

  it('does not count the event and impairment answers', () => {
    const all = {
      ...answers(symptoms, values),
      ...answers(range('e', 15), Array<number>(15).fill(1)),
      ...answers(range('i', 5), Array<number>(5).fill(1)),
    };
    expect(ok(scoreResponses(CATS_C7, all)).total).toBe(32);
  });

  it.each([
    [0, 'none'],
    [14, 'none'],
    [15, 'moderate'],
    [20, 'moderate'],
    [21, 'probable_ptsd'],
    [60, 'probable_ptsd'],
  ])('bands a total of %i as %s', (total, band) => {
    expect(bandOf(CATS_SR, total)).toBe(band);
    expect(bandOf(CATS_C7, total)).toBe(band);
  });

  it('calls 21 clinical and 20 not', () => {
    expect(ok(scoreResponses(CATS_SR, answersTotalling(CATS_SR, 21))).clinical).toBe(true);
    expect(ok(scoreResponses(CATS_SR, answersTotalling(CATS_SR, 20))).clinical).toBe(false);
  });

  it('prorates 2 missing symptom items: 18 answered at 1 each gives 18 / 18 x 20 = 20', () => {
    const result = ok(scoreResponses(CATS_SR, answers(symptoms, [...Array<number>(18).fill(1), null, null])));
    expect(result).toMatchObject({ total: 20, prorated: true, answered: 18, missing: ['s19', 's20'] });
    expect(result.band.code).toBe('moderate');
    // s19 and s20 are both arousal items: that subscale cannot be scored, the others can.
    expect(result.subscales.map((s) => s.score)).toEqual([5, 2, 7, null]);
  });

  it('refuses 3 missing symptom items, naming them and the rule', () => {
    const outcome = scoreResponses(
      CATS_SR,
      answers(symptoms, [null, ...Array<number>(17).fill(1), null, null]),
    );
    expect(problems(outcome)).toEqual([
      {
        path: 'responses',
        message:
          '3 scored items are unanswered (s1, s19, s20); CATS-SR can be scored with at most 2 unanswered items',
      },
    ]);
  });
});

describe('CATS 3-6', () => {
  it('sums 16 items to a hand-computed total: 3+3+2+2+1 + 2+1 + 1+1+0+0 + 2+1+1+0+0 = 20', () => {
    const values = [3, 3, 2, 2, 1, 2, 1, 1, 1, 0, 0, 2, 1, 1, 0, 0];
    const result = ok(scoreResponses(CATS_C3, answers(range('s', 16), values)));
    expect(result.total).toBe(20);
    expect(result.subscales.map((s) => s.score)).toEqual([11, 3, 2, 4]);
    expect(result.band.code).toBe('probable_ptsd');
  });

  it.each([
    [0, 'none'],
    [11, 'none'],
    [12, 'moderate'],
    [14, 'moderate'],
    [15, 'probable_ptsd'],
    [48, 'probable_ptsd'],
  ])('bands a total of %i as %s with the default cut-off of 15', (total, band) => {
    expect(bandOf(CATS_C3, total)).toBe(band);
  });

  it('moves 15 to moderate and keeps 16 probable PTSD with the cut-off of 16', () => {
    const def = withCutoff(CATS_C3, 16);
    const at15 = ok(scoreResponses(def, answersTotalling(def, 15)));
    const at16 = ok(scoreResponses(def, answersTotalling(def, 16)));
    expect([at15.band.code, at15.clinical]).toEqual(['moderate', false]);
    expect([at16.band.code, at16.clinical]).toEqual(['probable_ptsd', true]);
  });

  it('prorates 1 missing item (15 answered at 1 each: 15 / 15 x 16 = 16) and refuses 2', () => {
    const one = ok(scoreResponses(CATS_C3, answers(range('s', 16), [...Array<number>(15).fill(1), null])));
    expect([one.total, one.prorated]).toEqual([16, true]);
    const two = problems(scoreResponses(CATS_C3, answers(range('s', 16), [...Array<number>(14).fill(1)])));
    expect(two[0]?.message).toBe(
      '2 scored items are unanswered (s15, s16); CATS-C3 can be scored with at most 1 unanswered item',
    );
  });
});

describe('SMFQ', () => {
  const items = range('q', 13);

  it('sums 13 items 0-2: 2+1+0+1+2+0+1+1+0+2+1+0+1 = 12, at the research cut-off', () => {
    const result = ok(scoreResponses(SMFQ_C, answers(items, [2, 1, 0, 1, 2, 0, 1, 1, 0, 2, 1, 0, 1])));
    expect(result).toMatchObject({ total: 12, clinical: true, subscales: [] });
    expect(result.band.code).toBe('elevated');
  });

  it.each([
    [0, 'below_cutoff'],
    [11, 'below_cutoff'],
    [12, 'elevated'],
    [26, 'elevated'],
  ])('bands a total of %i as %s', (total, band) => {
    expect(bandOf(SMFQ_C, total)).toBe(band);
    expect(bandOf(SMFQ_P, total)).toBe(band);
  });

  it('rounds a prorated half up: 6 over 12 answered items is 6 x 13 / 12 = 6.5, scored 7', () => {
    const result = ok(scoreResponses(SMFQ_P, answers(items, [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, null])));
    expect([result.total, result.prorated]).toEqual([7, true]);
  });

  it('prorates 2 missing items and refuses 3', () => {
    const two = ok(scoreResponses(SMFQ_C, answers(items, [...Array<number>(11).fill(2)])));
    expect(two.total).toBe(26); // 22 / 11 x 13
    expect(
      problems(scoreResponses(SMFQ_C, answers(items, [...Array<number>(10).fill(2)])))[0]?.message,
    ).toMatch(
      /^3 scored items are unanswered \(q11, q12, q13\); SMFQ-C can be scored with at most 2 unanswered items$/,
    );
  });

  it('rejects a 3, which is not an SMFQ option', () => {
    expect(problems(scoreResponses(SMFQ_C, { ...answersTotalling(SMFQ_C, 5), q4: 3 }))).toEqual([
      { path: 'responses.q4', message: 'must be one of 0, 1, 2' },
    ]);
  });
});

describe('PHQ-A', () => {
  const items = range('q', 9);

  it('sums 9 items: 2+1+3+0+2+1+1+0+0 = 10, moderate and clinical, with no flag', () => {
    const result = ok(scoreResponses(PHQ_A, answers(items, [2, 1, 3, 0, 2, 1, 1, 0, 0])));
    expect(result).toMatchObject({ total: 10, clinical: true, flags: [], prorated: false, missing: [] });
    expect(result.band).toMatchObject({ code: 'moderate', severity: 2 });
  });

  it.each([
    [0, 'none_minimal', false],
    [4, 'none_minimal', false],
    [5, 'mild', false],
    [9, 'mild', false],
    [10, 'moderate', true],
    [14, 'moderate', true],
    [15, 'moderately_severe', true],
    [19, 'moderately_severe', true],
    [20, 'severe', true],
    [27, 'severe', true],
  ])('bands a total of %i as %s (clinical: %s)', (total, band, clinical) => {
    const result = ok(
      scoreTotal(PHQ_A, total, { q9: 0, past_month_suicidal_thoughts: 0, lifetime_suicide_attempt: 0 }),
    );
    expect([result.band.code, result.clinical]).toEqual([band, clinical]);
    expect(bandOf(PHQ_A, total)).toBe(band);
  });

  it.each([1, 2, 3])('flags item 9 answered %i for self-harm follow-up', (value) => {
    const result = ok(scoreResponses(PHQ_A, answers(items, [0, 0, 0, 0, 0, 0, 0, 0, value])));
    expect(result.flags).toEqual([{ code: 'self_harm', item: 'q9', value }]);
  });

  it('does not flag item 9 or the suicide questions answered 0', () => {
    const result = ok(
      scoreResponses(PHQ_A, {
        ...answers(items, [3, 3, 3, 3, 3, 3, 3, 3, 0]),
        past_month_suicidal_thoughts: 0,
        lifetime_suicide_attempt: 0,
      }),
    );
    expect(result.total).toBe(24);
    expect(result.flags).toEqual([]);
  });

  it('flags yes to suicidal thoughts in the past month and to an attempt ever, without counting them', () => {
    const result = ok(
      scoreResponses(PHQ_A, {
        ...answers(items, [1, 1, 1, 1, 1, 1, 1, 1, 0]),
        past_year_depressed: 1,
        difficulty: 3,
        past_month_suicidal_thoughts: 1,
        lifetime_suicide_attempt: 1,
      }),
    );
    expect(result.total).toBe(8);
    expect(result.flags.map((f) => f.item)).toEqual([
      'past_month_suicidal_thoughts',
      'lifetime_suicide_attempt',
    ]);
  });

  it('prorates 2 missing items: 10 over 7 answered is 10 x 9 / 7 = 12.86, scored 13', () => {
    const result = ok(scoreResponses(PHQ_A, answers(items, [2, 1, 3, 0, 2, 1, 1, null, null])));
    expect(result).toMatchObject({ total: 13, prorated: true, answered: 7, missing: ['q8', 'q9'] });
    expect(result.band.code).toBe('moderate');
  });

  it('refuses 3 missing items', () => {
    expect(problems(scoreResponses(PHQ_A, answers(items, [2, 1, 3, 0, 2, 1])))).toEqual([
      {
        path: 'responses',
        message:
          '3 scored items are unanswered (q7, q8, q9); PHQ-A can be scored with at most 2 unanswered items',
      },
    ]);
  });

  it('names each bad answer: out of range, not whole, not an item', () => {
    const outcome = scoreResponses(PHQ_A, {
      ...answers(items, [4, 1.5, 0, 0, 0, 0, 0, 0, 0]),
      q10: 1,
      difficulty: 7,
    });
    expect(problems(outcome)).toEqual([
      { path: 'responses.q1', message: 'must be one of 0, 1, 2, 3' },
      { path: 'responses.q2', message: 'must be a whole number, one of 0, 1, 2, 3' },
      { path: 'responses.q10', message: 'is not an item of PHQ-A' },
      { path: 'responses.difficulty', message: 'must be one of 0, 1, 2, 3' },
    ]);
  });

  it('accepts unanswered supplementary questions and null as unanswered', () => {
    const result = ok(
      scoreResponses(PHQ_A, { ...answers(items, [1, 1, 1, 1, 1, 1, 1, 1, 1]), difficulty: null }),
    );
    expect(result.total).toBe(9);
  });
});

describe('entered totals', () => {
  it('checks the CPSS-5 range and cut-off: 30 below, 31 probable PTSD', () => {
    expect(problems(scoreTotal(CPSS_5, 81))).toEqual([
      { path: 'total', message: 'must be between 0 and 80' },
    ]);
    expect(problems(scoreTotal(CPSS_5, -1))).toEqual([
      { path: 'total', message: 'must be between 0 and 80' },
    ]);
    expect(problems(scoreTotal(CPSS_5, 30.5))).toEqual([
      { path: 'total', message: 'must be a whole number between 0 and 80' },
    ]);
    expect(ok(scoreTotal(CPSS_5, 30))).toMatchObject({ clinical: false, band: { code: 'below_cutoff' } });
    expect(ok(scoreTotal(CPSS_5, 31))).toMatchObject({
      instrument: 'CPSS-5',
      total: 31,
      clinical: true,
      prorated: false,
      subscales: [],
      flags: [],
      band: { code: 'probable_ptsd' },
    });
    expect(ok(scoreTotal(CPSS_5, 0)).total).toBe(0);
    expect(ok(scoreTotal(CPSS_5, 80)).total).toBe(80);
  });

  it.each([
    [30, 'typical'],
    [59, 'typical'],
    [60, 'subclinical'],
    [64, 'subclinical'],
    [65, 'clinical'],
    [110, 'clinical'],
  ])('bands a TSCC PTS T-score of %i as %s', (total, band) => {
    expect(ok(scoreTotal(TSCC_PTS, total)).band.code).toBe(band);
  });

  it('refuses a TSCC T-score outside 30-110', () => {
    expect(problems(scoreTotal(TSCC_PTS, 29))[0]).toEqual({
      path: 'total',
      message: 'must be between 30 and 110',
    });
    expect(problems(scoreTotal(TSCC_PTS, 111))[0]?.path).toBe('total');
  });

  it('will not score a total-only instrument from items', () => {
    expect(problems(scoreResponses(CPSS_5, { q1: 2 }))[0]?.path).toBe('responses');
  });

  it('requires the PHQ-A safety items with an entered total', () => {
    expect(problems(scoreTotal(PHQ_A, 12))).toEqual([
      { path: 'responses.q9', message: 'is required with an entered total, because it is a safety item' },
      {
        path: 'responses.past_month_suicidal_thoughts',
        message: 'is required with an entered total, because it is a safety item',
      },
      {
        path: 'responses.lifetime_suicide_attempt',
        message: 'is required with an entered total, because it is a safety item',
      },
    ]);
  });

  it('flags the safety items entered with a total and checks their values', () => {
    const safe = { q9: 0, past_month_suicidal_thoughts: 0, lifetime_suicide_attempt: 0 };
    expect(ok(scoreTotal(PHQ_A, 12, safe)).flags).toEqual([]);
    expect(ok(scoreTotal(PHQ_A, 12, { ...safe, q9: 2 })).flags).toEqual([
      { code: 'self_harm', item: 'q9', value: 2 },
    ]);
    expect(problems(scoreTotal(PHQ_A, 12, { ...safe, q9: 5, q1: 1 }))).toEqual([
      { path: 'responses.q9', message: 'must be one of 0, 1, 2, 3' },
      {
        path: 'responses.q1',
        message: 'is not a safety item of PHQ-A; only safety items are entered with a total',
      },
    ]);
  });

  it('accepts an entered total for an items instrument without safety items', () => {
    expect(ok(scoreTotal(CATS_SR, 21))).toMatchObject({ clinical: true, answered: 0, missing: [] });
  });
});

describe('bandFor', () => {
  it('finds the band at each edge and throws outside the range', () => {
    expect(bandFor(PHQ_A, 9).code).toBe('mild');
    expect(bandFor(PHQ_A, 10).code).toBe('moderate');
    expect(() => bandFor(PHQ_A, 28)).toThrow('PHQ-A has no band for the total 28');
  });
});
