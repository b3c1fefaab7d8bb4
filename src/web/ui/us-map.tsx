/**
 * A choropleth of the US states: the 50 states, DC and (when it has a figure) Puerto Rico, coloured
 * by a value in 5 to 7 binned colours, or 6 diverging about zero for a value that can be negative.
 *
 * Usage:
 *   <UsStateMap values={{ TX: 1234, OH: null }} label="Access gap (children a year)"
 *     unit="children a year" format={formatNumber} mode="diverging"
 *     divergingLabels={{ below: 'Spare capacity', above: 'Gap' }}
 *     selected={state} onSelect={setState} highlight={['OH']} highlightLabel="your center" />
 *
 * - Everything is drawn from files the server serves: the boundaries come from the us-atlas package,
 *   loaded with d3-geo as a separate chunk on first use (us-map-geometry.ts); no tiles, no CDN.
 * - Keyboard: the map is one tab stop; the arrow keys move between neighbouring states; Enter or
 *   Space selects when `onSelect` is given; Escape hides the tooltip. Each state has an accessible
 *   name with its figure ("Texas: 1,234 children a year"), and a table gives every figure as text
 *   (visually hidden unless `showTable`), so nothing is shown only as a colour.
 * - The drawing is a `role="group"` rather than `role="img"`: an image's children are presentational
 *   in ARIA, so focusable states inside one would be hidden from assistive technology (axe reports
 *   it as nested-interactive). Each state is a `button` (toggle, with `aria-pressed`) when selectable,
 *   else an `img` with its name.
 * - The SVG scales to its container's width (viewBox); below about 560 px the callout labels for the
 *   small north-eastern states are hidden, their squares stay.
 */
import {
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  type ReactNode,
} from 'react';
import { Alert } from './alert';
import { formatNumber } from './format';
import { Spinner } from './spinner';
import { TableWrap } from './table';
import type { MapGeometry, MapShape } from './us-map-geometry';
import {
  ARROW_KEYS,
  binLabels,
  colourFor,
  computeBins,
  findNeighbour,
  stateLabel,
  tableRows,
  valueText,
  type MapMode,
} from './us-map-model';
import { stateName } from './labels';
import './us-map.css';

export interface UsStateMapProps {
  /** The figure for each state by USPS code ("TX"); null or absent: no data (drawn hatched). */
  values: Readonly<Record<string, number | null | undefined>>;
  /** What the figure is, shown over the legend and as the table's column: "Access gap (children a year)". */
  label: string;
  /** Said after a figure in the tooltip and to screen readers: "children a year". */
  unit?: string;
  /** Formats a figure for the legend, tooltip and table; en-US grouping by default. */
  format?: (value: number) => string;
  /** The map's accessible name; "<label> by state" by default. */
  title?: string;
  /** A sentence or two read after the map's name, such as the largest figures. */
  description?: string;
  /** The range the colours span, to keep colours comparable between maps; the values' range by default. */
  domain?: readonly [number, number];
  /** 'diverging' for a figure that can be negative: teal below zero, brown from zero up. */
  mode?: MapMode;
  /** Sequential bins, 5 to 7 (6 by default). A diverging map always has 6. */
  bins?: number;
  /** Words for the two sides of a diverging legend and tooltip: { below: 'Spare capacity', above: 'Gap' }. */
  divergingLabels?: { below: string; above: string };
  /** The selected state (outlined, and pressed when selectable). */
  selected?: string | null;
  /** Makes each state a button; called with its USPS code. */
  onSelect?: (postal: string) => void;
  /** States to outline, such as a director's own. */
  highlight?: readonly string[];
  /** What a highlight means, read with the state's name: "your center". */
  highlightLabel?: string;
  /** Show the table of figures under the map; otherwise it is there for screen readers only. */
  showTable?: boolean;
  /** Draw Puerto Rico's inset; by default when `values` has a PR entry. */
  includePuertoRico?: boolean;
  /**
   * Why a state's figure is missing when it is not simply "no data", by USPS code: "hidden to
   * protect small numbers". Said in the tooltip, the state's name and the table; the legend names it.
   */
  missingReasons?: Readonly<Record<string, string>>;
}

type LoadState = { status: 'loading' } | { status: 'ready'; geometry: MapGeometry } | { status: 'failed' };

let geometryRequest: Promise<MapGeometry> | null = null;

/** Loads the atlas and builds the shapes once per page; a failed load may be retried by a later mount. */
function loadGeometry(): Promise<MapGeometry> {
  geometryRequest ??= Promise.all([import('./us-map-geometry'), import('us-atlas/states-10m.json')])
    .then(([geometry, atlas]) =>
      geometry.buildMapGeometry(atlas.default as unknown as Parameters<typeof geometry.buildMapGeometry>[0]),
    )
    .catch((error: unknown) => {
      geometryRequest = null;
      throw error;
    });
  return geometryRequest;
}

function useMapGeometry(): LoadState {
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    loadGeometry().then(
      (geometry) => live && setState({ status: 'ready', geometry }),
      () => live && setState({ status: 'failed' }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}

/** Where the tooltip points, in percent of the drawing's box. */
interface TipPosition {
  postal: string;
  left: number;
  top: number;
  /** Placed by a tap: kept after the finger lifts, until the next tap or focus leaves. */
  touch?: boolean;
}

function stateOf(target: EventTarget | null): string | null {
  if (!(target instanceof Element)) return null;
  return target.closest<SVGElement>('[data-state]')?.dataset['state'] ?? null;
}

export function UsStateMap({
  values,
  label,
  unit,
  format = formatNumber,
  title,
  description,
  domain,
  mode = 'sequential',
  bins: binCount,
  divergingLabels,
  selected = null,
  onSelect,
  highlight,
  highlightLabel = 'highlighted',
  showTable = false,
  includePuertoRico,
  missingReasons,
}: UsStateMapProps) {
  const id = useId();
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const hatchId = `${id}-hatch`;
  const legendId = `${id}-legend`;
  const load = useMapGeometry();
  const svgRef = useRef<SVGSVGElement>(null);

  const [active, setActive] = useState<string | null>(null);
  const [focusVisible, setFocusVisible] = useState(false);
  const [hover, setHover] = useState<TipPosition | null>(null);
  const [dismissed, setDismissed] = useState(false);

  const withPuertoRico = includePuertoRico ?? Object.hasOwn(values, 'PR');
  const geometry = load.status === 'ready' ? load.geometry : null;
  const shapes = useMemo(
    () => geometry?.shapes.filter((s) => withPuertoRico || s.postal !== 'PR') ?? [],
    [geometry, withPuertoRico],
  );
  const drawn = useMemo(() => {
    const codes = shapes.map((s) => s.postal);
    if (codes.length > 0) return codes;
    // Before the shapes load, the legend and table still cover the same states.
    return Object.keys(values).filter((p) => withPuertoRico || p !== 'PR');
  }, [shapes, values, withPuertoRico]);

  const bins = useMemo(() => {
    const figures = drawn.map((p) => values[p]).filter((v): v is number => v != null);
    return computeBins(figures, { mode, count: binCount, domain });
  }, [drawn, values, mode, binCount, domain]);
  const legend = useMemo(() => (bins ? binLabels(bins, format) : []), [bins, format]);
  const missingDrawn = drawn.filter((p) => values[p] == null || !Number.isFinite(values[p]));
  const hasNoData = missingDrawn.length > 0;
  // The legend's word for the hatching: "No data", the one reason every missing state shares, or both.
  const missingLegend = [...new Set(missingDrawn.map((p) => missingReasons?.[p] ?? 'no data'))]
    .map((reason, i) => (i === 0 ? reason.charAt(0).toUpperCase() + reason.slice(1) : reason.toLowerCase()))
    .join(' or ');
  const highlighted = useMemo(() => new Set(highlight ?? []), [highlight]);
  const interactive = onSelect != null;

  const noteFor = useCallback(
    (postal: string): string | undefined => {
      const notes: string[] = [];
      if (highlighted.has(postal)) notes.push(highlightLabel);
      if (!interactive && postal === selected) notes.push('selected');
      return notes.length > 0 ? notes.join(', ') : undefined;
    },
    [highlighted, highlightLabel, interactive, selected],
  );

  // One tab stop: the state last focused, else the selected one, else the first by name.
  const tabStop = useMemo(() => {
    const codes = shapes.map((s) => s.postal);
    if (active && codes.includes(active)) return active;
    if (selected && codes.includes(selected)) return selected;
    return [...codes].sort((a, b) => stateName(a).localeCompare(stateName(b)))[0] ?? null;
  }, [shapes, active, selected]);

  // The shapes change only with the data, so hovering re-renders the overlay and tooltip alone.
  const stateLayer = useMemo(
    () =>
      shapes.map((shape) => {
        const value = values[shape.postal];
        const fill = colourFor(bins, value) ?? `url(#${hatchId})`;
        return (
          <g
            key={shape.postal}
            className="us-map-state"
            data-state={shape.postal}
            role={interactive ? 'button' : 'img'}
            tabIndex={shape.postal === tabStop ? 0 : -1}
            aria-label={stateLabel(shape.postal, value, format, {
              unit,
              missing: missingReasons?.[shape.postal],
              note: noteFor(shape.postal),
              showsCode: shape.callout != null,
            })}
            aria-pressed={interactive ? shape.postal === selected : undefined}
          >
            <path d={shape.d} fill={fill} />
            {shape.callout && (
              <>
                <rect
                  x={shape.callout.x}
                  y={shape.callout.y}
                  width={shape.callout.size}
                  height={shape.callout.size}
                  fill={fill}
                />
                <text
                  className="us-map-callout-label"
                  x={shape.callout.x + shape.callout.size + 4}
                  y={shape.callout.y + shape.callout.size / 2}
                >
                  {shape.postal}
                </text>
              </>
            )}
          </g>
        );
      }),
    [shapes, values, bins, hatchId, interactive, tabStop, format, unit, noteFor, selected, missingReasons],
  );

  const shapeBy = useMemo(() => new Map(shapes.map((s) => [s.postal, s])), [shapes]);
  const points = useMemo(() => shapes.map((s) => ({ id: s.postal, ...s.centre })), [shapes]);

  const focusState = (postal: string) => {
    svgRef.current?.querySelector<SVGGElement>(`[data-state="${postal}"]`)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    const postal = stateOf(event.target);
    if (postal == null) return;
    const direction = ARROW_KEYS[event.key];
    if (direction) {
      event.preventDefault();
      const next = findNeighbour(points, postal, direction);
      if (next) focusState(next);
    } else if ((event.key === 'Enter' || event.key === ' ') && onSelect) {
      event.preventDefault();
      onSelect(postal);
    } else if (event.key === 'Escape') {
      setDismissed(true);
    }
  };

  const onFocus = (event: FocusEvent<SVGSVGElement>) => {
    const postal = stateOf(event.target);
    if (postal == null) return;
    setActive(postal);
    setFocusVisible(event.target.matches(':focus-visible'));
    setDismissed(false);
  };

  const onBlur = () => {
    setFocusVisible(false);
    if (hover?.touch) setHover(null);
  };

  // A mouse shows the tooltip while it hovers; a finger has no hover, so a tap shows it and it
  // stays after the finger lifts.
  const onPointer = (event: PointerEvent<SVGSVGElement>) => {
    const touch = event.pointerType === 'touch';
    if (touch && event.type === 'pointermove') return;
    const postal = stateOf(event.target);
    if (postal == null) {
      setHover(null);
      return;
    }
    const box = event.currentTarget.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    if (postal !== hover?.postal) setDismissed(false);
    setHover({
      postal,
      left: ((event.clientX - box.left) / box.width) * 100,
      top: ((event.clientY - box.top) / box.height) * 100,
      touch,
    });
  };

  const onPointerLeave = (event: PointerEvent<SVGSVGElement>) => {
    if (event.pointerType !== 'touch') setHover(null);
  };

  const onClick = (event: MouseEvent<SVGSVGElement>) => {
    const postal = stateOf(event.target);
    if (postal != null && onSelect) onSelect(postal);
  };

  // The pointer's state wins over the focused one; a keyboard user sees the focused one's.
  let tip: TipPosition | null = hover;
  if (tip == null && focusVisible && active && geometry) {
    const shape = shapeBy.get(active);
    if (shape) {
      const vb = geometry.viewBox;
      tip = {
        postal: active,
        left: ((shape.anchor.x - vb.x) / vb.width) * 100,
        top: ((shape.anchor.y - vb.y) / vb.height) * 100,
      };
    }
  }
  if (dismissed) tip = null;

  const rows = tableRows(values, drawn);
  const mapTitle = title ?? `${label} by state`;
  const tableVisible = showTable || load.status === 'failed';

  return (
    <div className="us-map">
      <div className="us-map-canvas">
        {geometry ? (
          <svg
            ref={svgRef}
            className={`us-map-svg${interactive ? ' is-interactive' : ''}`}
            viewBox={`${geometry.viewBox.x} ${geometry.viewBox.y} ${geometry.viewBox.width} ${geometry.viewBox.height}`}
            role="group"
            aria-labelledby={titleId}
            aria-describedby={descId}
            onKeyDown={onKeyDown}
            onFocus={onFocus}
            onBlur={onBlur}
            onPointerMove={onPointer}
            onPointerDown={onPointer}
            onPointerLeave={onPointerLeave}
            onClick={onClick}
          >
            <title id={titleId}>{mapTitle}</title>
            <desc id={descId}>
              {describeMap({
                withPuertoRico,
                hasNoData,
                missingLegend,
                mode,
                interactive,
                tableVisible,
                description,
              })}
            </desc>
            <defs>
              <pattern
                id={hatchId}
                patternUnits="userSpaceOnUse"
                width="6"
                height="6"
                patternTransform="rotate(45)"
              >
                <rect width="6" height="6" className="us-map-hatch-bg" />
                <line x1="0" y1="0" x2="0" y2="6" className="us-map-hatch-line" />
              </pattern>
            </defs>
            <g>{stateLayer}</g>
            <g aria-hidden="true" className="us-map-overlay">
              {[...highlighted].map((p) => (
                <Outline key={`h-${p}`} shape={shapeBy.get(p)} kind="highlight" />
              ))}
              {selected && <Outline shape={shapeBy.get(selected)} kind="selected" />}
              {tip && tip === hover && <Outline shape={shapeBy.get(hover.postal)} kind="hover" />}
              {focusVisible && active && <Outline shape={shapeBy.get(active)} kind="focus" />}
            </g>
          </svg>
        ) : load.status === 'loading' ? (
          <div className="us-map-placeholder">
            <Spinner label="Loading the map…" />
          </div>
        ) : (
          <Alert tone="warning" title="The map could not be loaded">
            The figures are in the table below.
          </Alert>
        )}
        {tip && (
          <MapTooltip position={tip}>
            <strong>{stateName(tip.postal)}</strong>
            <span>{valueText(values[tip.postal], format, unit, missingReasons?.[tip.postal])}</span>
            {mode === 'diverging' && divergingLabels && values[tip.postal] != null && (
              <span className="us-map-tooltip-sub">
                {(values[tip.postal] as number) < 0 ? divergingLabels.below : divergingLabels.above}
              </span>
            )}
            {highlighted.has(tip.postal) && <span className="us-map-tooltip-sub">{highlightLabel}</span>}
          </MapTooltip>
        )}
      </div>

      <div className="us-map-legend">
        <p className="us-map-legend-title" id={legendId}>
          {label}
        </p>
        <div className="us-map-legend-row">
          {bins && (
            <div className="us-map-legend-scale">
              {mode === 'diverging' && divergingLabels && (
                <div className="us-map-legend-sides">
                  <span>
                    <span aria-hidden="true">← </span>
                    {divergingLabels.below}
                  </span>
                  <span>
                    {divergingLabels.above}
                    <span aria-hidden="true"> →</span>
                  </span>
                </div>
              )}
              <ul
                className="us-map-legend-bins"
                aria-labelledby={legendId}
                style={
                  {
                    '--us-map-bins': legend.length,
                    '--us-map-rows': Math.ceil(legend.length / 2),
                  } as CSSProperties
                }
              >
                {legend.map((text, i) => (
                  <li key={text}>
                    <span
                      className="us-map-swatch"
                      style={{ background: bins.colours[i] }}
                      aria-hidden="true"
                    />
                    <span>{text}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {hasNoData && (
            <ul className="us-map-legend-bins us-map-legend-nodata" aria-label={missingLegend}>
              <li>
                <span className="us-map-swatch is-no-data" aria-hidden="true" />
                <span>{missingLegend}</span>
              </li>
            </ul>
          )}
        </div>
      </div>

      {(() => {
        const table = (
          <table className="table us-map-table">
            <caption className="visually-hidden">{mapTitle}</caption>
            <thead>
              <tr>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  {label}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.postal}>
                  <th scope="row">
                    {r.name}
                    {highlighted.has(r.postal) && <span className="cell-sub">{highlightLabel}</span>}
                  </th>
                  <td className="num">
                    {r.value == null ? (missingReasons?.[r.postal] ?? 'No data') : format(r.value)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        );
        return tableVisible ? (
          <TableWrap label={mapTitle}>{table}</TableWrap>
        ) : (
          <div className="visually-hidden">{table}</div>
        );
      })()}
    </div>
  );
}

/** The sentence read after the map's name: what is drawn, how to read it, how to use it. */
function describeMap(o: {
  withPuertoRico: boolean;
  hasNoData: boolean;
  missingLegend: string;
  mode: MapMode;
  interactive: boolean;
  tableVisible: boolean;
  description: string | undefined;
}): string {
  const parts = [
    o.withPuertoRico
      ? 'Map of the 50 states, the District of Columbia and Puerto Rico.'
      : 'Map of the 50 states and the District of Columbia.',
    o.mode === 'diverging'
      ? 'Teal is below zero, brown zero and above; darker is further from zero.'
      : 'Darker colours are higher figures.',
    o.hasNoData ? `Hatched states: ${o.missingLegend.toLowerCase()}.` : '',
    `Arrow keys move between states${o.interactive ? '; Enter or Space selects one' : ''}.`,
    `Every figure is also in the table ${o.tableVisible ? 'below the map' : 'after the map'}.`,
  ];
  if (o.description) parts.push(o.description);
  return parts.filter(Boolean).join(' ');
}

/** An outline over a state: a white halo under a dark or blue line, visible on every fill. */
function Outline({
  shape,
  kind,
}: {
  shape: MapShape | undefined;
  kind: 'highlight' | 'selected' | 'hover' | 'focus';
}) {
  if (!shape) return null;
  const square = shape.callout && (
    <rect x={shape.callout.x} y={shape.callout.y} width={shape.callout.size} height={shape.callout.size} />
  );
  return (
    <g className={`us-map-outline is-${kind}`}>
      <g className="us-map-halo">
        <path d={shape.d} />
        {square}
      </g>
      <g className="us-map-line">
        <path d={shape.d} />
        {square}
      </g>
    </g>
  );
}

function MapTooltip({ position, children }: { position: TipPosition; children: ReactNode }) {
  // Above the point, or below it near the top edge; kept inside the box near the sides.
  const below = position.top < 22;
  const align = position.left < 16 ? 'start' : position.left > 84 ? 'end' : 'middle';
  return (
    <div
      className={`us-map-tooltip is-${below ? 'below' : 'above'} is-${align}`}
      style={{ left: `${position.left}%`, top: `${position.top}%` }}
      // The same words are each state's accessible name; read once, not twice.
      aria-hidden="true"
    >
      {children}
    </div>
  );
}
