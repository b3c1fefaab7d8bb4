import { describe, expect, it } from 'vitest';
import { csvText, planFileName } from './plan-export.js';

describe('planFileName', () => {
  it('makes a lower-case ASCII slug of the plan name and its creation date', () => {
    expect(planFileName('Q1 test', '2026-12-02T18:04:00.000Z', 'csv')).toBe('plan-q1-test-2026-12-02.csv');
    expect(planFileName('Niños: Año 2 / "final"', '2026-12-02T00:00:00.000Z', 'xlsx')).toBe(
      'plan-ninos-ano-2-final-2026-12-02.xlsx',
    );
  });

  it('does not say "plan" twice, and names a plan with no usable letters by its date', () => {
    expect(planFileName('Plan for 2027', '2026-12-02T00:00:00.000Z', 'csv')).toBe(
      'plan-for-2027-2026-12-02.csv',
    );
    expect(planFileName('Planning', '2026-12-02T00:00:00.000Z', 'csv')).toBe('plan-planning-2026-12-02.csv');
    expect(planFileName('¿? 日本', '2026-12-02T00:00:00.000Z', 'csv')).toBe('plan-2026-12-02.csv');
  });

  it('keeps long names short, never ending on a hyphen', () => {
    const name = planFileName(`${'a'.repeat(59)} bbbb`, '2026-12-02T00:00:00.000Z', 'csv');
    expect(name).toBe(`plan-${'a'.repeat(59)}-2026-12-02.csv`);
  });
});

describe('csvText', () => {
  it('defuses cells a spreadsheet would run as a formula, then quotes as RFC 4180 says', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvText(`${start}1`)).toMatch(/^"?'/);
    expect(csvText('=1+1')).toBe("'=1+1");
    expect(csvText('-2, "x"')).toBe(`"'-2, ""x"""`);
    expect(csvText('Centro de Niños')).toBe('Centro de Niños');
    expect(csvText('a\nb')).toBe('"a\nb"');
  });
});
