/**
 * State shapes for the US map, built from the Census Bureau's 1:10,000,000 cartographic boundaries
 * as packaged by us-atlas (states-10m.json, longitude and latitude). Loaded on first use together
 * with the atlas, so neither d3-geo nor the 114 kB of boundaries sit in a page's own chunk.
 *
 * Why the unprojected file: us-atlas's pre-projected states-albers-10m.json leaves out Puerto Rico
 * (d3's Albers USA projection has no place for it), and Waymark's centers include Puerto Rico's. So
 * the 50 states and DC are projected here as us-atlas projects its own file (d3's Albers USA, scale
 * 1300, centred in 975 × 610), and Puerto Rico at twice that scale in an inset by Florida.
 *
 * Why not d3's geoAlbersUsa itself: it sends every point through all three of its projections
 * (lower 48, Alaska, Hawaii) and each of path, bounds and centroid projects again; on a busy laptop
 * that took about a second. Each state here goes through its one projection, once, with the same
 * parameters and clip boxes as geoAlbersUsa (the unit test compares the result with us-atlas's
 * file), and bounds and centroid come from the projected rings.
 */
import {
  geoAlbers,
  geoConicEqualArea,
  geoMercator,
  geoPath,
  type GeoContext,
  type GeoPermissibleObjects,
  type GeoProjection,
} from 'd3-geo';
import { feature } from 'topojson-client';
import { CALLOUT_STATES, postalFromFips } from './us-map-model';

export interface Point {
  x: number;
  y: number;
}

export interface MapShape {
  postal: string;
  /** SVG path data in map units. */
  d: string;
  /** Where arrow-key movement measures from: the shape's centroid, or its callout square's centre. */
  centre: Point;
  /** Where the tooltip points on focus: the top middle of the shape, or of its callout square. */
  anchor: Point;
  /** The labelled square beside New England for a state too small to point at. */
  callout: { x: number; y: number; size: number } | null;
}

export interface MapGeometry {
  viewBox: { x: number; y: number; width: number; height: number };
  shapes: MapShape[];
}

type Topology = Parameters<typeof feature>[0];

/** The frame us-atlas projects into; kept so shapes line up with other us-atlas based drawings. */
const WIDTH = 975;
const HEIGHT = 610;
const SCALE = 1300;

/** Puerto Rico's inset: east of Florida's tip, level with it; the box it is fitted into. */
const PR_INSET: [[number, number], [number, number]] = [
  [862, 560],
  [938, 588],
];

/** The column of callout squares, right of Cape Cod, north to south. */
const CALLOUT = { x: 944, top: 166, size: 14, gap: 5 };
/** Room right of each square for its two-letter label. */
const CALLOUT_LABEL_WIDTH = 26;

/** Tenths of a map unit (1/9750 of the width) are finer than any screen shows. */
const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The three parts of d3's geoAlbersUsa (d3-geo 3, src/projection/albersUsa.js) with its scale,
 * offsets and clip boxes, so that a state can be projected by its own part alone.
 */
function albersUsaParts(): { lower48: GeoProjection; alaska: GeoProjection; hawaii: GeoProjection } {
  const k = SCALE;
  const x = WIDTH / 2;
  const y = HEIGHT / 2;
  const e = 1e-6;
  return {
    lower48: geoAlbers()
      .scale(k)
      .translate([x, y])
      .clipExtent([
        [x - 0.455 * k, y - 0.238 * k],
        [x + 0.455 * k, y + 0.238 * k],
      ]),
    alaska: geoConicEqualArea()
      .rotate([154, 0])
      .center([-2, 58.5])
      .parallels([55, 65])
      .scale(k * 0.35)
      .translate([x - 0.307 * k, y + 0.201 * k])
      .clipExtent([
        [x - 0.425 * k + e, y + 0.12 * k + e],
        [x - 0.214 * k - e, y + 0.234 * k - e],
      ]),
    hawaii: geoConicEqualArea()
      .rotate([157, 0])
      .center([-3, 19.9])
      .parallels([8, 18])
      .scale(k)
      .translate([x - 0.205 * k, y + 0.212 * k])
      .clipExtent([
        [x - 0.214 * k + e, y + 0.166 * k + e],
        [x - 0.115 * k - e, y + 0.234 * k - e],
      ]),
  };
}

/** A projected shape: SVG path data, and its bounds and area-weighted centroid in map units. */
interface Planar {
  d: string;
  bounds: [[number, number], [number, number]];
  centroid: [number, number];
}

/**
 * Projects a feature once, collecting the rings d3 emits (after clipping and resampling), and
 * derives the path text, bounds and centroid from those rings.
 */
function projectOnce(projection: GeoProjection, f: GeoPermissibleObjects): Planar | null {
  const rings: [number, number][][] = [];
  let ring: [number, number][] = [];
  const context: GeoContext = {
    beginPath() {},
    moveTo(px: number, py: number) {
      ring = [[px, py]];
      rings.push(ring);
    },
    lineTo(px: number, py: number) {
      ring.push([px, py]);
    },
    closePath() {},
    arc() {},
  };
  geoPath(projection, context)(f);
  if (rings.length === 0) return null;

  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  let area = 0;
  let cx = 0;
  let cy = 0;
  const parts: string[] = [];
  for (const r of rings) {
    parts.push(r.map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${round1(px)},${round1(py)}`).join('') + 'Z');
    for (let i = 0; i < r.length; i++) {
      const [ax, ay] = r[i] as [number, number];
      const [bx, by] = r[(i + 1) % r.length] as [number, number];
      x0 = Math.min(x0, ax);
      y0 = Math.min(y0, ay);
      x1 = Math.max(x1, ax);
      y1 = Math.max(y1, ay);
      // Shoelace: holes wind the other way, so they subtract.
      const cross = ax * by - bx * ay;
      area += cross;
      cx += (ax + bx) * cross;
      cy += (ay + by) * cross;
    }
  }
  const centroid: [number, number] =
    area === 0 ? [(x0 + x1) / 2, (y0 + y1) / 2] : [cx / (3 * area), cy / (3 * area)];
  return {
    d: parts.join(''),
    bounds: [
      [x0, y0],
      [x1, y1],
    ],
    centroid,
  };
}

/**
 * All 52 shapes (the 50 states, DC, Puerto Rico), in the atlas's order. Shapes the atlas has but the
 * map does not draw (the island areas) are left out.
 */
export function buildMapGeometry(topology: Topology): MapGeometry {
  const statesObject = topology.objects['states'];
  if (statesObject?.type !== 'GeometryCollection') {
    throw new Error('The atlas has no collection of states.');
  }
  const collection = feature(topology, statesObject);

  const parts = albersUsaParts();
  const puertoRico = collection.features.find((f) => String(f.id) === '72');
  const inset = geoMercator();
  if (puertoRico) inset.fitExtent(PR_INSET, puertoRico);
  const projectionFor = (postal: string) =>
    postal === 'AK' ? parts.alaska : postal === 'HI' ? parts.hawaii : postal === 'PR' ? inset : parts.lower48;

  const calloutIndex = new Map(CALLOUT_STATES.map((postal, i) => [postal, i]));
  const shapes: MapShape[] = [];
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;

  for (const f of collection.features) {
    const postal = postalFromFips(String(f.id));
    if (postal == null) continue;
    const planar = projectOnce(projectionFor(postal), f);
    if (planar == null) continue;
    const { d } = planar;
    const [[bx0, by0], [bx1, by1]] = planar.bounds;
    const [cx, cy] = planar.centroid;
    x0 = Math.min(x0, bx0);
    y0 = Math.min(y0, by0);
    x1 = Math.max(x1, bx1);
    y1 = Math.max(y1, by1);

    const slot = calloutIndex.get(postal);
    if (slot == null) {
      shapes.push({
        postal,
        d,
        centre: { x: round1(cx), y: round1(cy) },
        anchor: { x: round1((bx0 + bx1) / 2), y: round1(by0) },
        callout: null,
      });
    } else {
      const y = CALLOUT.top + slot * (CALLOUT.size + CALLOUT.gap);
      const callout = { x: CALLOUT.x, y, size: CALLOUT.size };
      shapes.push({
        postal,
        d,
        centre: { x: CALLOUT.x + CALLOUT.size / 2, y: y + CALLOUT.size / 2 },
        anchor: { x: CALLOUT.x + CALLOUT.size / 2, y },
        callout,
      });
      x1 = Math.max(x1, CALLOUT.x + CALLOUT.size + CALLOUT_LABEL_WIDTH);
      y1 = Math.max(y1, y + CALLOUT.size);
    }
  }

  // A small margin so the outermost borders and the focus ring are not clipped.
  const margin = 4;
  return {
    viewBox: {
      x: Math.floor(x0 - margin),
      y: Math.floor(y0 - margin),
      width: Math.ceil(x1 - x0 + 2 * margin),
      height: Math.ceil(y1 - y0 + 2 * margin),
    },
    shapes,
  };
}
