/**
 * The US map's pure parts: the FIPS table against the atlas itself, the projection against
 * us-atlas's own pre-projected file, the colour bins and their words, and keyboard movement.
 */
import { geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import albersAtlas from 'us-atlas/states-albers-10m.json';
import atlas from 'us-atlas/states-10m.json';
import { describe, expect, it } from 'vitest';
import { formatNumber } from './format';
import { stateName } from './labels';
import { buildMapGeometry, type MapGeometry } from './us-map-geometry';
import {
  binIndex,
  binLabels,
  CALLOUT_STATES,
  colourFor,
  computeBins,
  DIVERGING_PALETTE,
  divergingThresholds,
  findNeighbour,
  fipsFromPostal,
  MAP_STATES,
  postalFromFips,
  SEQUENTIAL_PALETTES,
  sequentialColours,
  sequentialThresholds,
  stateLabel,
  tableRows,
  type Direction,
} from './us-map-model';

type Topology = Parameters<typeof feature>[0];
const topology = atlas as unknown as Topology;
const albersTopology = albersAtlas as unknown as Topology;

function statesOf(t: Topology) {
  const states = t.objects['states'];
  if (states?.type !== 'GeometryCollection') throw new Error('no states');
  return feature(t, states).features;
}

type Box = [[number, number], [number, number]];

/** Bounds of an SVG path made of M/L/Z commands, read from the path text itself. */
function pathBounds(d: string): Box {
  const numbers = (d.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
  const xs = numbers.filter((_, i) => i % 2 === 0);
  const ys = numbers.filter((_, i) => i % 2 === 1);
  return [
    [Math.min(...xs), Math.min(...ys)],
    [Math.max(...xs), Math.max(...ys)],
  ];
}

function overlaps(a: Box, b: Box): boolean {
  return a[0][0] < b[1][0] && b[0][0] < a[1][0] && a[0][1] < b[1][1] && b[0][1] < a[1][1];
}

/** WCAG relative luminance of "#rrggbb". */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

describe('FIPS and postal codes', () => {
  it('covers the 50 states, DC and Puerto Rico once each', () => {
    expect(MAP_STATES).toHaveLength(52);
    expect(new Set(MAP_STATES.map((s) => s.fips)).size).toBe(52);
    expect(new Set(MAP_STATES.map((s) => s.postal)).size).toBe(52);
    expect(postalFromFips('48')).toBe('TX');
    expect(postalFromFips('11')).toBe('DC');
    expect(postalFromFips('72')).toBe('PR');
    expect(postalFromFips('66')).toBeNull(); // Guam: in the atlas, not drawn
    expect(fipsFromPostal('tx')).toBe('48');
    expect(fipsFromPostal('ZZ')).toBeNull();
  });

  it('pairs each code with the state the atlas gives that FIPS id', () => {
    const names = new Map(
      statesOf(topology).map((f) => [String(f.id), (f.properties as { name: string }).name]),
    );
    for (const { fips, postal } of MAP_STATES) {
      expect(names.get(fips), `${postal} (${fips})`).toBe(stateName(postal));
    }
    // The atlas's other areas are the island areas, which the map leaves to the table.
    const others = [...names.keys()].filter((id) => postalFromFips(id) == null).sort();
    expect(others).toEqual(['60', '66', '69', '78']);
  });
});

describe('map geometry', () => {
  let cached: MapGeometry | null = null;
  const geometry = () => (cached ??= buildMapGeometry(topology));

  it('draws one shape per state, DC and Puerto Rico, inside the view box', () => {
    const { shapes, viewBox } = geometry();
    expect(shapes.map((s) => s.postal).sort()).toEqual(MAP_STATES.map((s) => s.postal).sort());
    for (const s of shapes) {
      expect(s.d, s.postal).toMatch(/^M-?\d/);
      const [[x0, y0], [x1, y1]] = pathBounds(s.d);
      expect(x0, s.postal).toBeGreaterThanOrEqual(viewBox.x);
      expect(y0, s.postal).toBeGreaterThanOrEqual(viewBox.y);
      expect(x1, s.postal).toBeLessThanOrEqual(viewBox.x + viewBox.width);
      expect(y1, s.postal).toBeLessThanOrEqual(viewBox.y + viewBox.height);
    }
  });

  it('projects the states as us-atlas projects its own Albers file', () => {
    const reference = new Map(statesOf(albersTopology).map((f) => [String(f.id), geoPath().bounds(f)]));
    const ours = new Map(geometry().shapes.map((s) => [s.postal, pathBounds(s.d)]));
    for (const postal of MAP_STATES.map((s) => s.postal).filter((p) => p !== 'PR')) {
      const expected = reference.get(fipsFromPostal(postal) ?? '');
      const actual = ours.get(postal);
      expect(expected, postal).toBeDefined();
      expect(actual, postal).toBeDefined();
      for (const corner of [0, 1] as const) {
        for (const axis of [0, 1] as const) {
          // us-atlas quantised its file after projecting; 1 unit is 1/975 of the width.
          expect(Math.abs(actual![corner][axis] - expected![corner][axis]), postal).toBeLessThan(1);
        }
      }
    }
  });

  it('places Puerto Rico and the callout squares on open water, clear of every state', () => {
    const { shapes } = geometry();
    const bounds = new Map(shapes.map((s) => [s.postal, pathBounds(s.d)]));
    const pr = bounds.get('PR')!;
    for (const [postal, box] of bounds) {
      if (postal !== 'PR') expect(overlaps(pr, box), `PR over ${postal}`).toBe(false);
    }
    const squares = shapes.filter((s) => s.callout).map((s) => s.postal);
    expect(squares).toEqual(expect.arrayContaining([...CALLOUT_STATES]));
    expect(squares).toHaveLength(CALLOUT_STATES.length);
    for (const s of shapes) {
      if (!s.callout) continue;
      const c = s.callout;
      const square: Box = [
        [c.x, c.y],
        [c.x + c.size, c.y + c.size],
      ];
      for (const [postal, box] of bounds)
        expect(overlaps(square, box), `${s.postal} over ${postal}`).toBe(false);
    }
  });

  it('lets the arrow keys reach every state from any other', () => {
    const points = geometry().shapes.map((s) => ({ id: s.postal, ...s.centre }));
    const directions: Direction[] = ['left', 'right', 'up', 'down'];
    const reached = new Set(['TX']);
    const queue = ['TX'];
    while (queue.length > 0) {
      const from = queue.shift()!;
      for (const d of directions) {
        const next = findNeighbour(points, from, d);
        if (next && !reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      }
    }
    expect([...reached].sort()).toEqual(points.map((p) => p.id).sort());
    // And the moves are the geographic ones a person expects.
    expect(findNeighbour(points, 'TX', 'up')).toBe('OK');
    expect(findNeighbour(points, 'KS', 'right')).toBe('MO');
    expect(findNeighbour(points, 'WA', 'down')).toBe('OR');
  });
});

describe('colour bins', () => {
  it('picks round edges and 5 to 7 bins', () => {
    expect(sequentialThresholds(0, 1234, 6)).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400]);
    expect(sequentialThresholds(12, 87, 6)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(sequentialThresholds(-35, 140, 6)).toEqual([-40, 0, 40, 80, 120, 160]);
    expect(sequentialThresholds(0.1, 0.9, 6)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    // Integers from 3 to 7: four whole-number bins rather than edges at halves.
    expect(sequentialThresholds(3, 7, 6)).toEqual([3, 4, 5, 6, 7]);
  });

  it('makes diverging edges symmetric about zero', () => {
    expect(divergingThresholds(-120, 460)).toEqual([-600, -400, -200, 0, 200, 400, 600]);
    expect(divergingThresholds(-30, 10)).toEqual([-30, -20, -10, 0, 10, 20, 30]);
    expect(divergingThresholds(0, 0)).toEqual([-1.5, -1, -0.5, 0, 0.5, 1, 1.5]);
  });

  it('puts each value in its bin, edges in the upper one, the top edge in the last', () => {
    const bins = computeBins([0, 1234], { mode: 'sequential' })!;
    expect(bins.thresholds).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400]);
    expect(binIndex(bins, 0)).toBe(0);
    expect(binIndex(bins, 199.9)).toBe(0);
    expect(binIndex(bins, 200)).toBe(1);
    expect(binIndex(bins, 1400)).toBe(6);
    expect(binIndex(bins, -5)).toBe(0);
    expect(binIndex(bins, 9999)).toBe(6);
    expect(colourFor(bins, 1234)).toBe(SEQUENTIAL_PALETTES[7][6]);
    expect(colourFor(bins, null)).toBeNull();
    expect(colourFor(bins, Number.NaN)).toBeNull();
    expect(colourFor(null, 5)).toBeNull();
  });

  it('says which values a caller’s domain cut off, in the legend words', () => {
    const bins = computeBins([-10, 300, 1500], { mode: 'sequential', domain: [0, 1000] })!;
    expect(bins.thresholds).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(bins.openStart).toBe(true);
    expect(bins.openEnd).toBe(true);
    expect(binLabels(bins, formatNumber)).toEqual([
      'Under 200',
      '200 to 400',
      '400 to 600',
      '600 to 800',
      '800 or more',
    ]);
    const inside = computeBins([1200, 1234], { mode: 'sequential', domain: [0, 2000] })!;
    expect(binLabels(inside, formatNumber)[0]).toBe('0 to 400');
  });

  it('has nothing to bin without values or a domain', () => {
    expect(computeBins([], { mode: 'sequential' })).toBeNull();
    expect(computeBins([], { mode: 'sequential', domain: [0, 10] })?.thresholds[0]).toBe(0);
  });

  it('uses the diverging palette, teal below zero and brown from zero', () => {
    const bins = computeBins([-250, 40, 90], { mode: 'diverging' })!;
    expect(bins.thresholds).toEqual([-300, -200, -100, 0, 100, 200, 300]);
    expect(colourFor(bins, -250)).toBe('#01665e');
    expect(colourFor(bins, -1)).toBe('#c7eae5');
    expect(colourFor(bins, 0)).toBe('#f6e8c3');
    expect(colourFor(bins, 90)).toBe('#f6e8c3');
  });

  it('keeps the palettes readable by lightness alone', () => {
    for (const palette of Object.values(SEQUENTIAL_PALETTES)) {
      const l = palette.map(luminance);
      for (let i = 1; i < l.length; i++) expect(l[i]).toBeLessThan(l[i - 1]!);
    }
    const d = DIVERGING_PALETTE.map(luminance);
    expect(d[0]).toBeLessThan(d[1]!);
    expect(d[1]).toBeLessThan(d[2]!);
    expect(d[3]).toBeGreaterThan(d[4]!);
    expect(d[4]).toBeGreaterThan(d[5]!);
    expect(sequentialColours(4)).toEqual(['#ffffd4', '#fec44f', '#ec7014', '#8c2d04']);
    expect(sequentialColours(1)).toEqual(['#fe9929']);
  });
});

describe('words', () => {
  it('names a state with its figure, its unit and any note', () => {
    expect(stateLabel('TX', 1234, formatNumber, { unit: 'children a year' })).toBe(
      'Texas: 1,234 children a year',
    );
    expect(stateLabel('TX', null, formatNumber, { unit: 'children a year' })).toBe('Texas: no data');
    expect(
      stateLabel('TX', null, formatNumber, {
        unit: 'children a year',
        missing: 'hidden to protect small numbers',
      }),
    ).toBe('Texas: hidden to protect small numbers');
    // A reason is for a missing figure only: a figure that is there is said as it is.
    expect(stateLabel('TX', 0, formatNumber, { missing: 'hidden to protect small numbers' })).toBe(
      'Texas: 0',
    );
    expect(stateLabel('OH', -12, formatNumber, { note: 'your center' })).toBe('Ohio: -12 (your center)');
    expect(stateLabel('RI', 7, formatNumber, { showsCode: true })).toBe('Rhode Island, RI: 7');
  });

  it('lists every drawn state and every other code given, by name', () => {
    expect(tableRows({ TX: 5, GU: 3 }, ['TX', 'AL'])).toEqual([
      { postal: 'AL', name: 'Alabama', value: null },
      { postal: 'GU', name: 'Guam', value: 3 },
      { postal: 'TX', name: 'Texas', value: 5 },
    ]);
  });
});

describe('arrow keys on a plain grid', () => {
  const grid = [
    { id: 'A', x: 0, y: 0 },
    { id: 'B', x: 10, y: 0 },
    { id: 'C', x: 10, y: 10 },
    { id: 'D', x: 0, y: 10 },
    { id: 'E', x: 9, y: 3 },
  ];

  it('moves to the nearest point in the direction, straight across before diagonal', () => {
    expect(findNeighbour(grid, 'A', 'right')).toBe('B');
    expect(findNeighbour(grid, 'A', 'down')).toBe('D');
    expect(findNeighbour(grid, 'C', 'up')).toBe('E');
    expect(findNeighbour(grid, 'A', 'left')).toBeNull();
    expect(findNeighbour(grid, 'A', 'up')).toBeNull();
  });

  it('widens to 80° at an edge and never moves backwards', () => {
    expect(
      findNeighbour(
        [
          { id: 'A', x: 0, y: 0 },
          { id: 'F', x: 3, y: 10 },
        ],
        'A',
        'right',
      ),
    ).toBe('F');
    expect(
      findNeighbour(
        [
          { id: 'A', x: 0, y: 0 },
          { id: 'G', x: -1, y: 10 },
        ],
        'A',
        'right',
      ),
    ).toBeNull();
    expect(findNeighbour(grid, 'Z', 'right')).toBeNull();
  });
});
