/**
 * The shipped definitions against the instruments' published structure, and the catalog's
 * consistency checks against definitions broken on purpose (so the checks are shown to bite).
 */
import { describe, expect, it } from 'vitest';
import { CATS_C3, CATS_C7, CATS_SR } from './cats.js';
import { checkInstrument, getInstrument, INSTRUMENTS, loadInstruments, withCutoff } from './index.js';
import { CPSS_5, TSCC_PTS } from './licensed.js';
import { PHQ_A } from './phqa.js';
import { SMFQ_C, SMFQ_P } from './smfq.js';
import type { InstrumentDefinition } from './types.js';

const sectionCount = (def: InstrumentDefinition, section: string) =>
  def.items.filter((item) => item.section === section).length;
const scoredIds = (def: InstrumentDefinition) => def.items.filter((i) => i.scored).map((i) => i.id);

describe('the catalog', () => {
  it('ships the eight definitions, each under its own code', () => {
    expect(INSTRUMENTS.map((d) => d.code)).toEqual([
      'CATS-SR',
      'CATS-C7',
      'CATS-C3',
      'SMFQ-C',
      'SMFQ-P',
      'PHQ-A',
      'CPSS-5',
      'TSCC-PTS',
    ]);
  });

  it.each(INSTRUMENTS.map((d) => [d.code, d] as const))('%s passes the consistency checks', (_code, def) => {
    expect(() => checkInstrument(def)).not.toThrow();
  });

  it.each(INSTRUMENTS.filter((d) => d.languages.includes('es')).map((d) => [d.code, d] as const))(
    '%s has Spanish text for every item and option',
    (_code, def) => {
      expect(def.items.length).toBeGreaterThan(0);
      for (const item of def.items) expect(item.text.es, item.id).toMatch(/\S/);
      for (const set of def.responseSets)
        for (const o of set.options) expect(o.label.es, set.id).toMatch(/\S/);
      expect(def.instructions?.es).toMatch(/\S/);
    },
  );

  it('finds a definition by code and nothing for an unknown one', () => {
    expect(getInstrument('PHQ-A')?.name.en).toMatch(/adolescents/);
    expect(getInstrument('phq-a')).toBeUndefined();
    expect(getInstrument('GAD-7')).toBeUndefined();
  });

  it('keeps only the licensed instruments behind enablement, without item text', () => {
    expect(INSTRUMENTS.filter((d) => d.requiresEnablement).map((d) => d.code)).toEqual([
      'CPSS-5',
      'TSCC-PTS',
    ]);
    for (const def of [CPSS_5, TSCC_PTS]) {
      expect(def.kind).toBe('total_only');
      expect(def.items).toEqual([]);
      expect(def.responseSets).toEqual([]);
      expect(def.languages).toEqual(['en']);
    }
  });
});

describe('CATS', () => {
  it('asks 15 events, 20 symptoms and 5 impairment questions at 7-17, summing only the symptoms', () => {
    for (const def of [CATS_SR, CATS_C7]) {
      expect([
        sectionCount(def, 'events'),
        sectionCount(def, 'symptoms'),
        sectionCount(def, 'impairment'),
      ]).toEqual([15, 20, 5]);
      expect(scoredIds(def)).toEqual(def.items.filter((i) => i.section === 'symptoms').map((i) => i.id));
      expect([def.scoring.min, def.scoring.max, def.clinicalCutoff]).toEqual([0, 60, 21]);
    }
    expect(CATS_SR.respondent).toBe('youth');
    expect(CATS_C7.respondent).toBe('caregiver');
  });

  it('has 16 symptoms at 3-6, total 0-48, with 15 or 16 as the cut-off', () => {
    expect(sectionCount(CATS_C3, 'symptoms')).toBe(16);
    expect(sectionCount(CATS_C3, 'events')).toBe(15);
    expect([CATS_C3.scoring.max, CATS_C3.clinicalCutoff]).toEqual([48, 15]);
    expect(CATS_C3.cutoffOptions).toEqual([15, 16]);
    expect(CATS_C3.ageRange).toEqual({ min: 3, max: 6 });
  });

  it('maps the 7-17 items to the DSM-5 clusters B1-5, C1-2, D1-7, E1-6', () => {
    expect(CATS_SR.scoring.subscales.map((s) => [s.code, s.items.length, s.items[0]])).toEqual([
      ['intrusion', 5, 's1'],
      ['avoidance', 2, 's6'],
      ['negative_cognition_mood', 7, 's8'],
      ['arousal_reactivity', 6, 's15'],
    ]);
  });

  it('maps the 3-6 items to the preschool criteria: intrusion 1-5, avoidance 6-7, mood 8-11, arousal 12-16', () => {
    expect(CATS_C3.scoring.subscales.map((s) => [s.code, s.items.join(',')])).toEqual([
      ['intrusion', 's1,s2,s3,s4,s5'],
      ['avoidance', 's6,s7'],
      ['negative_cognition_mood', 's8,s9,s10,s11'],
      ['arousal_reactivity', 's12,s13,s14,s15,s16'],
    ]);
  });

  it('bands 7-17 totals at <15, 15-20 and 21+', () => {
    expect(CATS_SR.bands.map((b) => [b.code, b.min, b.max])).toEqual([
      ['none', 0, 14],
      ['moderate', 15, 20],
      ['probable_ptsd', 21, 60],
    ]);
  });
});

describe('SMFQ and PHQ-A', () => {
  it('scores 13 SMFQ items 0-2 to a 0-26 total with the research cut-off of 12, labelled as such', () => {
    for (const def of [SMFQ_C, SMFQ_P]) {
      expect(scoredIds(def)).toHaveLength(13);
      expect(def.responseSets[0]?.options.map((o) => o.value)).toEqual([0, 1, 2]);
      expect(def.bands.map((b) => [b.min, b.max])).toEqual([
        [0, 11],
        [12, 26],
      ]);
      expect(def.bands[1]?.label.en).toMatch(/authors set no cut point/);
      expect(def.cutoffSource).toMatch(/no cut point/);
      expect(def.scoring.maxMissingProrated).toBe(2);
    }
  });

  it('scores 9 PHQ-A items with bands at 5, 10, 15 and 20, and asks four unscored questions', () => {
    expect(scoredIds(PHQ_A)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9']);
    expect(PHQ_A.bands.map((b) => b.min)).toEqual([0, 5, 10, 15, 20]);
    expect(PHQ_A.items.filter((i) => !i.scored)).toHaveLength(4);
    expect(PHQ_A.clinicalCutoff).toBe(10);
  });

  it('marks item 9 critical on any non-zero answer and the suicide questions critical on yes', () => {
    const critical = PHQ_A.items.filter((i) => i.critical).map((i) => [i.id, i.critical?.values]);
    expect(critical).toEqual([
      ['q9', [1, 2, 3]],
      ['past_month_suicidal_thoughts', [1]],
      ['lifetime_suicide_attempt', [1]],
    ]);
  });
});

describe('withCutoff', () => {
  it('moves the CATS 3-6 probable-PTSD band to start at 16', () => {
    const def = withCutoff(CATS_C3, 16);
    expect(def.clinicalCutoff).toBe(16);
    expect(def.bands.map((b) => [b.code, b.min, b.max])).toEqual([
      ['none', 0, 11],
      ['moderate', 12, 15],
      ['probable_ptsd', 16, 48],
    ]);
    expect(() => checkInstrument(def)).not.toThrow();
    // The shipped definition is not changed.
    expect(CATS_C3.bands[2]?.min).toBe(15);
  });

  it('returns an equal copy for the default cut-off', () => {
    const def = withCutoff(CATS_C3, 15);
    expect(def).toEqual(CATS_C3);
    expect(def).not.toBe(CATS_C3);
  });

  it('refuses a cut-off the instrument does not offer', () => {
    expect(() => withCutoff(CATS_C3, 17)).toThrow('CATS-C3 cannot use the cut-off 17; it supports 15 or 16');
    expect(() => withCutoff(PHQ_A, 11)).toThrow(/PHQ-A cannot use the cut-off 11/);
  });
});

describe('the consistency checks', () => {
  const broken = (change: (def: InstrumentDefinition) => InstrumentDefinition) =>
    change(structuredClone(PHQ_A));

  it.each<[string, (def: InstrumentDefinition) => InstrumentDefinition, RegExp]>([
    [
      'a gap between bands',
      (d) => ({ ...d, bands: d.bands.map((b) => (b.code === 'mild' ? { ...b, max: 8 } : b)) }),
      /Instrument PHQ-A: band moderate starts at 10 but mild ends at 8/,
    ],
    [
      'bands short of the maximum',
      (d) => ({ ...d, bands: d.bands.map((b) => (b.code === 'severe' ? { ...b, max: 26 } : b)) }),
      /Instrument PHQ-A: last band ends at 26/,
    ],
    [
      'a maximum that is not the sum of the items',
      (d) => ({
        ...d,
        scoring: { ...d.scoring, max: 30 },
        bands: d.bands.map((b) => (b.max === 27 ? { ...b, max: 30 } : b)),
      }),
      /scoring.max is 30 but the scored items add up to at most 27/,
    ],
    [
      'a subscale naming an unknown item',
      (d) => ({
        ...d,
        scoring: {
          ...d.scoring,
          subscales: [{ code: 'mood', name: { en: 'Mood', es: 'Ánimo' }, items: ['q99'] }],
        },
      }),
      /subscale mood names the unknown item q99/,
    ],
    [
      'a subscale naming an unscored item',
      (d) => ({
        ...d,
        scoring: {
          ...d.scoring,
          subscales: [{ code: 'mood', name: { en: 'Mood', es: 'Ánimo' }, items: ['difficulty'] }],
        },
      }),
      /subscale mood names difficulty, which is not a scored item/,
    ],
    [
      'an unknown response set',
      (d) => ({ ...d, items: d.items.map((i) => (i.id === 'q1' ? { ...i, responseSet: 'nope' } : i)) }),
      /item q1 uses the unknown response set nope/,
    ],
    [
      'a critical value that is not an option',
      (d) => ({
        ...d,
        items: d.items.map((i) =>
          i.id === 'q9' ? { ...i, critical: { values: [4], alert: 'self_harm' as const } } : i,
        ),
      }),
      /item q9 is critical on 4/,
    ],
    [
      'a repeated item id',
      (d) => ({ ...d, items: [...d.items, { ...d.items[0]!, number: 99 }] }),
      /an item id is used twice/,
    ],
    [
      'a missing Spanish item text',
      (d) => ({ ...d, items: d.items.map((i) => (i.id === 'q3' ? { ...i, text: { en: i.text.en } } : i)) }),
      /item q3 has no Spanish text/,
    ],
    [
      'a cut-off that is not where a band starts',
      (d) => ({ ...d, clinicalCutoff: 11 }),
      /clinicalCutoff 11 must be where a band above the lowest starts/,
    ],
  ])('rejects %s, naming the instrument', (_what, change, message) => {
    expect(() => checkInstrument(broken(change))).toThrow(message);
  });

  it('rejects a code used twice and a definition that fails the schema', () => {
    expect(() => loadInstruments([SMFQ_C, SMFQ_C])).toThrow('Instrument SMFQ-C is defined twice');
    expect(() => loadInstruments([{ ...SMFQ_C, construct: 'anxiety' }])).toThrow(
      /Instrument SMFQ-C is not a valid definition/,
    );
  });
});
