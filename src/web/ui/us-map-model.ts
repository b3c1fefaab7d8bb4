/**
 * The pure parts of the US state map (us-map.tsx) that do not need the geometry: the FIPS to postal
 * code table, the colour bins and their legend text, the words read for a state, and keyboard
 * movement between states. Kept apart from us-map-geometry.ts so that a page showing the map does
 * not carry d3-geo and the atlas in its own chunk: those load on first use.
 *
 * Palettes (ColorBrewer, Cynthia Brewer, Penn State; both marked colour-blind safe there):
 * - sequential: YlOrBr, light yellow to dark brown. Lightness rises steadily from bin to bin, so the
 *   order reads without telling hues apart (deuteranopia, protanopia, tritanopia, and greyscale).
 *   Warm because the map's main use is a gap: more is worse.
 * - diverging: BrBG reversed, teal below zero (spare capacity, in the app's own teal) and brown from
 *   zero up (a gap), so a diverging map and a sequential one of the same measure agree on warm = gap.
 * The fills carry no text; the legend's text is the page's text colour on the surface, and every
 * swatch and state has a border of at least 3:1 against white (WCAG 1.4.11), so the lightest bins
 * stay visible.
 */
import { stateName } from './labels';

/* ------------------------------------------------------------------------------------------------
 * States
 */

/**
 * Census FIPS state codes (the ids in us-atlas) and USPS codes: the 50 states, DC and Puerto Rico,
 * the areas the map draws. The island areas (Guam, the Virgin Islands, American Samoa, the Northern
 * Marianas) are too small and far to draw usefully; their figures go in the table.
 */
export const MAP_STATES: readonly { fips: string; postal: string }[] = [
  { fips: '01', postal: 'AL' },
  { fips: '02', postal: 'AK' },
  { fips: '04', postal: 'AZ' },
  { fips: '05', postal: 'AR' },
  { fips: '06', postal: 'CA' },
  { fips: '08', postal: 'CO' },
  { fips: '09', postal: 'CT' },
  { fips: '10', postal: 'DE' },
  { fips: '11', postal: 'DC' },
  { fips: '12', postal: 'FL' },
  { fips: '13', postal: 'GA' },
  { fips: '15', postal: 'HI' },
  { fips: '16', postal: 'ID' },
  { fips: '17', postal: 'IL' },
  { fips: '18', postal: 'IN' },
  { fips: '19', postal: 'IA' },
  { fips: '20', postal: 'KS' },
  { fips: '21', postal: 'KY' },
  { fips: '22', postal: 'LA' },
  { fips: '23', postal: 'ME' },
  { fips: '24', postal: 'MD' },
  { fips: '25', postal: 'MA' },
  { fips: '26', postal: 'MI' },
  { fips: '27', postal: 'MN' },
  { fips: '28', postal: 'MS' },
  { fips: '29', postal: 'MO' },
  { fips: '30', postal: 'MT' },
  { fips: '31', postal: 'NE' },
  { fips: '32', postal: 'NV' },
  { fips: '33', postal: 'NH' },
  { fips: '34', postal: 'NJ' },
  { fips: '35', postal: 'NM' },
  { fips: '36', postal: 'NY' },
  { fips: '37', postal: 'NC' },
  { fips: '38', postal: 'ND' },
  { fips: '39', postal: 'OH' },
  { fips: '40', postal: 'OK' },
  { fips: '41', postal: 'OR' },
  { fips: '42', postal: 'PA' },
  { fips: '44', postal: 'RI' },
  { fips: '45', postal: 'SC' },
  { fips: '46', postal: 'SD' },
  { fips: '47', postal: 'TN' },
  { fips: '48', postal: 'TX' },
  { fips: '49', postal: 'UT' },
  { fips: '50', postal: 'VT' },
  { fips: '51', postal: 'VA' },
  { fips: '53', postal: 'WA' },
  { fips: '54', postal: 'WV' },
  { fips: '55', postal: 'WI' },
  { fips: '56', postal: 'WY' },
  { fips: '72', postal: 'PR' },
];

const POSTAL_BY_FIPS = new Map(MAP_STATES.map((s) => [s.fips, s.postal]));
const FIPS_BY_POSTAL = new Map(MAP_STATES.map((s) => [s.postal, s.fips]));

/** "48" → "TX"; null for a code the map does not draw. */
export function postalFromFips(fips: string): string | null {
  return POSTAL_BY_FIPS.get(fips) ?? null;
}

/** "TX" → "48"; null for a code the map does not draw. */
export function fipsFromPostal(postal: string): string | null {
  return FIPS_BY_POSTAL.get(postal.toUpperCase()) ?? null;
}

/**
 * States too small to point at on the map at most widths. They also get a labelled square beside
 * New England, north to south, which is part of the same control as the state's shape.
 */
export const CALLOUT_STATES: readonly string[] = ['VT', 'NH', 'MA', 'RI', 'CT', 'NJ', 'DE', 'MD', 'DC'];

/* ------------------------------------------------------------------------------------------------
 * Colour bins
 */

export type MapMode = 'sequential' | 'diverging';

/** ColorBrewer YlOrBr with 5, 6 and 7 classes. */
export const SEQUENTIAL_PALETTES: Readonly<Record<5 | 6 | 7, readonly string[]>> = {
  5: ['#ffffd4', '#fed98e', '#fe9929', '#d95f0e', '#993404'],
  6: ['#ffffd4', '#fee391', '#fec44f', '#fe9929', '#d95f0e', '#993404'],
  7: ['#ffffd4', '#fee391', '#fec44f', '#fe9929', '#ec7014', '#cc4c02', '#8c2d04'],
};

/** ColorBrewer BrBG with 6 classes, reversed: three teal bins below zero, three brown from zero. */
export const DIVERGING_PALETTE: readonly string[] = [
  '#01665e',
  '#5ab4ac',
  '#c7eae5',
  '#f6e8c3',
  '#d8b365',
  '#8c510a',
];

export interface Bins {
  /** Bin i holds values from thresholds[i] (inclusive) to thresholds[i + 1]; the last bin includes its top. */
  thresholds: number[];
  colours: string[];
  /** Some values lie below thresholds[0] (a caller's domain cut them off): the first bin takes them. */
  openStart: boolean;
  /** Some values lie above the last threshold: the last bin takes them. */
  openEnd: boolean;
}

/** Round away floating-point noise (0.1 * 3 = 0.30000000000000004) so labels read cleanly. */
function clean(n: number): number {
  const r = Number(n.toPrecision(12));
  return Object.is(r, -0) ? 0 : r;
}

/** The smallest step of the form {1, 2, 2.5, 5} × 10^k that is at least `raw` (raw > 0). */
export function niceStepAtLeast(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * power >= raw * (1 - 1e-12)) return clean(m * power);
  }
  return clean(10 * power);
}

/** Steps between bin edges, each with a small penalty for being a less round number. */
const STEP_MANTISSAS: readonly { m: number; penalty: number }[] = [
  { m: 1, penalty: 0 },
  { m: 2, penalty: 0 },
  { m: 2.5, penalty: 0.3 },
  { m: 3, penalty: 0.4 },
  { m: 4, penalty: 0.4 },
  { m: 5, penalty: 0 },
];

/**
 * Equal-width bins with round edges over [lo, hi]. Among steps m × 10^k it takes the one whose bin
 * count is 5 to 7 and nearest `count`, preferring round steps (1, 2, 5) and then the larger step.
 * A range too narrow for 5 bins of round width (integers from 3 to 7, say) gets fewer bins rather
 * than edges finer than the data.
 */
export function sequentialThresholds(lo: number, hi: number, count: number): number[] {
  const span = hi - lo > 0 ? hi - lo : Math.abs(hi) || 1;
  const top = lo + span;
  const exponent = Math.floor(Math.log10(span / count));
  let best: { step: number; bins: number; score: number } | null = null;
  for (let e = exponent - 1; e <= exponent + 1; e++) {
    for (const { m, penalty } of STEP_MANTISSAS) {
      const step = clean(m * 10 ** e);
      const start = Math.floor(clean(lo / step)) * step;
      const bins = Math.max(1, Math.ceil(clean((top - start) / step)));
      if (bins > 7) continue;
      const score = Math.abs(bins - count) + (bins < 5 ? 10 : 0) + penalty;
      if (best == null || score < best.score || (score === best.score && step > best.step)) {
        best = { step, bins, score };
      }
    }
  }
  // The loop always finds a step (the largest gives one or two bins); the fallback is for the types.
  const { step, bins } = best ?? { step: niceStepAtLeast(span), bins: 1 };
  const start = Math.floor(clean(lo / step)) * step;
  return Array.from({ length: bins + 1 }, (_, i) => clean(start + i * step));
}

/** Six bins symmetric about zero: three below, three from zero up. */
export function divergingThresholds(lo: number, hi: number): number[] {
  const extent = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  const step = niceStepAtLeast(extent / 3);
  return [-3, -2, -1, 0, 1, 2, 3].map((i) => clean(i * step));
}

/** Colours for `bins` sequential bins: the ColorBrewer set of that size, else evenly picked from 7. */
export function sequentialColours(bins: number): string[] {
  if (bins === 5 || bins === 6 || bins === 7) return [...SEQUENTIAL_PALETTES[bins]];
  const seven = SEQUENTIAL_PALETTES[7];
  if (bins <= 1) return [seven[3] as string];
  return Array.from({ length: bins }, (_, i) => seven[Math.round((i * 6) / (bins - 1))] as string);
}

/**
 * The bins for a set of values. The range is the caller's domain when given (so maps of different
 * periods can share a legend), else the values' own extent. Null when there is nothing to bin: no
 * values and no domain.
 */
export function computeBins(
  values: readonly number[],
  options: { mode: MapMode; count?: number; domain?: readonly [number, number] },
): Bins | null {
  const finite = values.filter((v) => Number.isFinite(v));
  let lo: number;
  let hi: number;
  if (options.domain) {
    lo = Math.min(options.domain[0], options.domain[1]);
    hi = Math.max(options.domain[0], options.domain[1]);
  } else if (finite.length > 0) {
    lo = Math.min(...finite);
    hi = Math.max(...finite);
  } else {
    return null;
  }
  const count = Math.min(7, Math.max(5, Math.round(options.count ?? 6)));
  const thresholds =
    options.mode === 'diverging' ? divergingThresholds(lo, hi) : sequentialThresholds(lo, hi, count);
  const colours =
    options.mode === 'diverging' ? [...DIVERGING_PALETTE] : sequentialColours(thresholds.length - 1);
  const first = thresholds[0] as number;
  const last = thresholds[thresholds.length - 1] as number;
  return {
    thresholds,
    colours,
    openStart: finite.some((v) => v < first),
    openEnd: finite.some((v) => v > last),
  };
}

/** Which bin a value falls in; values outside the range go to the end bins. */
export function binIndex(bins: Bins, value: number): number {
  const n = bins.colours.length;
  for (let i = 1; i < n; i++) {
    if (value < (bins.thresholds[i] as number)) return i - 1;
  }
  return n - 1;
}

/** The fill for a value, or null for no data (drawn hatched). */
export function colourFor(bins: Bins | null, value: number | null | undefined): string | null {
  if (bins == null || value == null || !Number.isFinite(value)) return null;
  return bins.colours[binIndex(bins, value)] ?? null;
}

/** The legend's words for each bin: "Under 100", "100 to 200", "400 or more". */
export function binLabels(bins: Bins, format: (value: number) => string): string[] {
  const t = bins.thresholds;
  const n = bins.colours.length;
  return bins.colours.map((_, i) => {
    const from = format(t[i] as number);
    const to = format(t[i + 1] as number);
    if (i === 0 && bins.openStart && n > 1) return `Under ${to}`;
    if (i === n - 1 && bins.openEnd) return `${from} or more`;
    return `${from} to ${to}`;
  });
}

/* ------------------------------------------------------------------------------------------------
 * Words
 */

/** The value as read and shown: "1,234 children a year", or "no data". */
export function valueText(
  value: number | null | undefined,
  format: (value: number) => string,
  unit?: string,
  missing?: string,
): string {
  if (value == null || !Number.isFinite(value)) return missing ?? 'no data';
  return unit ? `${format(value)} ${unit}` : format(value);
}

/**
 * A state's accessible name: "Texas: 1,234 children a year", with a note when highlighted. A state
 * whose code is written on the map ("MA" by its callout square) has the code in its name too, so
 * the name contains what is seen (WCAG 2.5.3, for people who steer by voice).
 */
export function stateLabel(
  postal: string,
  value: number | null | undefined,
  format: (value: number) => string,
  options: { unit?: string; note?: string; showsCode?: boolean; missing?: string } = {},
): string {
  const name = options.showsCode ? `${stateName(postal)}, ${postal}` : stateName(postal);
  const text = `${name}: ${valueText(value, format, options.unit, options.missing)}`;
  return options.note ? `${text} (${options.note})` : text;
}

/**
 * The rows of the table that gives the map's figures as text: every state drawn, then any other
 * code the caller gave a value for (an island area, say), so no figure is shown only as a colour or
 * lost. Sorted by name.
 */
export function tableRows(
  values: Readonly<Record<string, number | null | undefined>>,
  drawn: readonly string[],
): { postal: string; name: string; value: number | null }[] {
  const codes = new Set(drawn);
  for (const code of Object.keys(values)) codes.add(code);
  return [...codes]
    .map((postal) => ({ postal, name: stateName(postal), value: values[postal] ?? null }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-US'));
}

/* ------------------------------------------------------------------------------------------------
 * Keyboard movement
 */

export type Direction = 'left' | 'right' | 'up' | 'down';

export const ARROW_KEYS: Readonly<Record<string, Direction>> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

/**
 * The state an arrow key moves to: the nearest one lying in that direction, first within 45° of it,
 * then within 80° (so an edge state still moves somewhere sensible). Sideways distance counts double
 * so that "right" prefers the state straight across over a nearer one diagonally. Null at the edge.
 * Points are in SVG space (y grows downwards).
 */
export function findNeighbour(
  points: readonly { id: string; x: number; y: number }[],
  fromId: string,
  direction: Direction,
): string | null {
  const from = points.find((p) => p.id === fromId);
  if (!from) return null;
  const [ax, ay] =
    direction === 'left' ? [-1, 0] : direction === 'right' ? [1, 0] : direction === 'up' ? [0, -1] : [0, 1];
  for (const maxAngle of [45, 80]) {
    const slope = Math.tan((maxAngle * Math.PI) / 180);
    let best: { id: string; score: number } | null = null;
    for (const p of points) {
      if (p.id === from.id) continue;
      const dx = p.x - from.x;
      const dy = p.y - from.y;
      const along = dx * ax + dy * ay;
      const across = Math.abs(dx * ay - dy * ax);
      if (along <= 0 || across > along * slope) continue;
      const score = along + 2 * across;
      if (best == null || score < best.score) best = { id: p.id, score };
    }
    if (best) return best.id;
  }
  return null;
}
