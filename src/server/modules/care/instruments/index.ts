/**
 * The instrument catalog: every shipped definition, parsed and checked when the module loads, so a
 * mistake in the data (a band that leaves a gap, a subscale naming an item that does not exist, a
 * maximum that does not match the items) stops the server at start-up with the instrument's name
 * rather than mis-scoring a child's form later.
 *
 * Totals of every shipped instrument are whole numbers, so bands are contiguous when each one starts
 * one above the previous band's maximum.
 */
import { z } from 'zod';
import { CATS_DEFINITIONS } from './cats.js';
import { LICENSED_DEFINITIONS } from './licensed.js';
import { PHQ_DEFINITIONS } from './phqa.js';
import { SMFQ_DEFINITIONS } from './smfq.js';
import { type Band, type InstrumentDefinition, type Text, ZInstrumentDefinition } from './types.js';

// Checks -------------------------------------------------------------------------------------------

function checkBands(
  def: InstrumentDefinition,
  bands: readonly Band[],
  fail: (message: string) => never,
): void {
  const first = bands[0];
  const last = bands[bands.length - 1];
  if (!first || !last) fail('has no bands');
  if (first.min !== def.scoring.min)
    fail(`first band starts at ${first.min}, not at the minimum ${def.scoring.min}`);
  if (last.max !== def.scoring.max)
    fail(`last band ends at ${last.max}, not at the maximum ${def.scoring.max}`);
  const codes = new Set<string>();
  bands.forEach((band, i) => {
    if (!Number.isInteger(band.min) || !Number.isInteger(band.max))
      fail(`band ${band.code} has a fractional bound`);
    if (band.min > band.max) fail(`band ${band.code} is empty (${band.min}-${band.max})`);
    if (codes.has(band.code)) fail(`band code ${band.code} is used twice`);
    codes.add(band.code);
    const previous = bands[i - 1];
    if (previous && band.min !== previous.max + 1)
      fail(`band ${band.code} starts at ${band.min} but ${previous.code} ends at ${previous.max}`);
  });
}

function checkSpanish(def: InstrumentDefinition, fail: (message: string) => never): void {
  const texts: [string, Text | undefined][] = [
    ['name', def.name],
    ['instructions', def.instructions],
    ['recall', def.recall],
    ...def.items.map((item): [string, Text] => [`item ${item.id}`, item.text]),
    ...def.responseSets.flatMap((set) =>
      set.options.map((option): [string, Text] => [`option ${option.value} of ${set.id}`, option.label]),
    ),
    ...def.bands.map((band): [string, Text] => [`band ${band.code}`, band.label]),
    ...def.scoring.subscales.map((sub): [string, Text] => [`subscale ${sub.code}`, sub.name]),
  ];
  for (const [where, text] of texts) if (text && !text.es) fail(`${where} has no Spanish text`);
}

/**
 * Throws an Error naming the instrument when the definition is inconsistent. Assumes the definition
 * already passed `ZInstrumentDefinition`.
 */
export function checkInstrument(def: InstrumentDefinition): void {
  const fail = (message: string): never => {
    throw new Error(`Instrument ${def.code}: ${message}`);
  };

  const sets = new Map(def.responseSets.map((set) => [set.id, set]));
  if (sets.size !== def.responseSets.length) fail('a response set id is used twice');
  for (const set of def.responseSets) {
    const values = set.options.map((o) => o.value);
    if (new Set(values).size !== values.length) fail(`response set ${set.id} repeats a value`);
  }

  const items = new Map(def.items.map((item) => [item.id, item]));
  if (items.size !== def.items.length) fail('an item id is used twice');

  if (def.kind === 'total_only') {
    if (def.items.length > 0 || def.responseSets.length > 0)
      fail('a total-only instrument must not carry items or response sets');
    if (def.scoring.subscales.length > 0) fail('a total-only instrument cannot have subscales');
  } else {
    const scored = def.items.filter((item) => item.scored);
    if (scored.length === 0) fail('has no scored items');
    let min = 0;
    let max = 0;
    for (const item of def.items) {
      const set = sets.get(item.responseSet);
      if (!set) return fail(`item ${item.id} uses the unknown response set ${item.responseSet}`);
      const values = set.options.map((o) => o.value);
      if (item.scored) {
        min += Math.min(...values);
        max += Math.max(...values);
      }
      for (const value of item.critical?.values ?? [])
        if (!values.includes(value))
          fail(`item ${item.id} is critical on ${value}, which is not one of its options`);
    }
    if (def.scoring.min !== min)
      fail(`scoring.min is ${def.scoring.min} but the scored items add up to at least ${min}`);
    if (def.scoring.max !== max)
      fail(`scoring.max is ${def.scoring.max} but the scored items add up to at most ${max}`);
    if (def.scoring.maxMissingProrated >= scored.length)
      fail('maxMissingProrated must leave at least one scored item answered');
    const subscaleCodes = new Set<string>();
    for (const sub of def.scoring.subscales) {
      if (subscaleCodes.has(sub.code)) fail(`subscale code ${sub.code} is used twice`);
      subscaleCodes.add(sub.code);
      for (const id of sub.items) {
        const item = items.get(id);
        if (!item) fail(`subscale ${sub.code} names the unknown item ${id}`);
        else if (!item.scored) fail(`subscale ${sub.code} names ${id}, which is not a scored item`);
      }
    }
  }

  checkBands(def, def.bands, fail);
  if (!def.bands.some((band, i) => i > 0 && band.min === def.clinicalCutoff))
    fail(`clinicalCutoff ${def.clinicalCutoff} must be where a band above the lowest starts`);
  if (def.cutoffOptions) {
    if (!def.cutoffOptions.includes(def.clinicalCutoff)) fail('cutoffOptions must include clinicalCutoff');
    for (const option of def.cutoffOptions) checkBands(def, withCutoff(def, option).bands, fail);
  }
  if (def.languages.includes('es')) checkSpanish(def, fail);
}

/** Parses and checks each definition, then checks that no code is used twice. */
export function loadInstruments(defs: readonly unknown[]): readonly InstrumentDefinition[] {
  const parsed = defs.map((raw) => {
    const result = ZInstrumentDefinition.safeParse(raw);
    if (!result.success) {
      const code =
        typeof raw === 'object' && raw !== null && 'code' in raw && typeof raw.code === 'string'
          ? raw.code
          : '?';
      throw new Error(`Instrument ${code} is not a valid definition:\n${z.prettifyError(result.error)}`);
    }
    checkInstrument(result.data);
    return result.data;
  });
  const seen = new Set<string>();
  for (const def of parsed) {
    if (seen.has(def.code)) throw new Error(`Instrument ${def.code} is defined twice`);
    seen.add(def.code);
  }
  return parsed;
}

// Catalog ----------------------------------------------------------------------------------------

export const INSTRUMENTS: readonly InstrumentDefinition[] = loadInstruments([
  ...CATS_DEFINITIONS,
  ...SMFQ_DEFINITIONS,
  ...PHQ_DEFINITIONS,
  ...LICENSED_DEFINITIONS,
]);

const BY_CODE = new Map(INSTRUMENTS.map((def) => [def.code, def]));

export function getInstrument(code: string): InstrumentDefinition | undefined {
  return BY_CODE.get(code);
}

/**
 * A copy of the definition using another supported cut-off (CATS 3-6: 15 or 16). The band that
 * starts at the clinical cut-off now starts at the new one and the band below it ends one lower, so
 * the bands and `clinical` keep agreeing. Throws for a cut-off the definition does not offer.
 */
export function withCutoff(def: InstrumentDefinition, cutoff: number): InstrumentDefinition {
  if (cutoff === def.clinicalCutoff) return { ...def };
  const options = def.cutoffOptions ?? [];
  if (!options.includes(cutoff)) {
    const allowed = [def.clinicalCutoff, ...options.filter((o) => o !== def.clinicalCutoff)];
    throw new Error(`${def.code} cannot use the cut-off ${cutoff}; it supports ${allowed.join(' or ')}`);
  }
  const at = def.bands.findIndex((band) => band.min === def.clinicalCutoff);
  const clinical = def.bands[at];
  const below = def.bands[at - 1];
  if (!clinical || !below || cutoff <= below.min || cutoff > clinical.max)
    throw new Error(`${def.code} cannot move its clinical band to start at ${cutoff}`);
  const bands = def.bands.map((band, i) =>
    i === at - 1 ? { ...band, max: cutoff - 1 } : i === at ? { ...band, min: cutoff } : band,
  );
  return { ...def, bands, clinicalCutoff: cutoff };
}
