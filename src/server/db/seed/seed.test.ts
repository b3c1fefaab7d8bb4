import { describe, expect, it } from 'vitest';
import { STATES } from './geography.js';
import { allocate, generateNetwork, prng, seededUuid } from './seed.js';

describe('synthetic networks', () => {
  const today = new Date('2026-11-22T00:00:00Z');

  it('are the same for the same seed and differ for another', () => {
    const a = generateNetwork({ centers: 200, states: STATES, seed: 7, today });
    const b = generateNetwork({ centers: 200, states: STATES, seed: 7, today });
    const c = generateNetwork({ centers: 200, states: STATES, seed: 8, today });
    expect(b).toEqual(a);
    expect(c.centers.map((x) => x.id)).not.toEqual(a.centers.map((x) => x.id));
  });

  it('place exactly the requested number of centers, at least one per state, more where more people live', () => {
    const counts = allocate(950, STATES);
    expect([...counts.values()].reduce((s, n) => s + n, 0)).toBe(950);
    expect(Math.min(...counts.values())).toBeGreaterThanOrEqual(1);
    expect(counts.get('CA')!).toBeGreaterThan(counts.get('WY')! * 10);
    expect(
      allocate(
        60,
        STATES.filter((s) => ['TX', 'CA', 'VT'].includes(s.code)),
      ).get('VT'),
    ).toBe(1);
  });

  it('produce valid centers: unique names per state, ZIP3 inside the state range, five-year accreditation', () => {
    const { centers, chapters } = generateNetwork({ centers: 950, states: STATES, seed: 1, today });
    expect(chapters).toHaveLength(50);
    const keys = new Set(centers.map((c) => `${c.state}|${c.name.toLowerCase()}`));
    expect(keys.size).toBe(centers.length);
    for (const c of centers) {
      const state = STATES.find((s) => s.code === c.state)!;
      const zip = Number(c.zip3);
      expect(zip).toBeGreaterThanOrEqual(state.zip3[0]);
      expect(zip).toBeLessThanOrEqual(state.zip3[1]);
      expect(c.zip3).toMatch(/^\d{3}$/);
      if (c.memberType === 'accredited') {
        expect(Number(c.accreditationExpiresOn!.slice(0, 4)) - Number(c.accreditedOn!.slice(0, 4))).toBe(5);
      } else {
        expect(c.accreditedOn).toBeNull();
      }
    }
    const accredited = centers.filter((c) => c.memberType === 'accredited').length / centers.length;
    expect(accredited).toBeGreaterThan(0.65);
    expect(accredited).toBeLessThan(0.85);
  });

  it('draw version-4-shaped UUIDs from the seed', () => {
    const rand = prng(42);
    const id = seededUuid(rand);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(seededUuid(prng(42))).toBe(id);
  });
});
