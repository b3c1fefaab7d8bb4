/**
 * One instrument's scores over an episode: a line over the severity bands (shaded by severity)
 * with the clinical cut-off as a dashed line. The drawing is hidden from screen readers; the
 * caption says what it shows and a table gives every point.
 */
import { useId } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { TSeriesOutcome } from '../../api/types';
import { formatDate } from '../../ui/format';
import { shortBand } from './care-badges';
import { PHASE_LABEL } from './care-api';

/** Light fills by severity 0-4, the same order as the badges' tones. */
const BAND_FILL = ['#cfe8d6', '#d6e4f7', '#fbe3b0', '#f6c9c4', '#eeb0aa'];
const LINE = '#0b5c63';
const animate =
  typeof window === 'undefined' || !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

export function ScoreChart({ series }: { series: TSeriesOutcome }) {
  const captionId = useId();
  const data = series.points.map((p, i) => ({
    key: String(i),
    label: formatDate(p.administeredOn),
    total: p.total,
    phase: PHASE_LABEL[p.phase],
    band: series.bands.find((b) => b.code === p.band)?.label ?? null,
  }));
  const bands = [...series.bands].sort((a, b) => a.min - b.min);
  const first = series.points[0];
  const last = series.points[series.points.length - 1];
  const summary =
    first && last && series.points.length > 1
      ? `From ${first.total} on ${formatDate(first.administeredOn)} to ${last.total} on ${formatDate(last.administeredOn)}; lower scores mean fewer symptoms. The clinical cut-off is ${series.clinicalCutoff}.`
      : first
        ? `One score so far: ${first.total} on ${formatDate(first.administeredOn)}. The clinical cut-off is ${series.clinicalCutoff}.`
        : 'No scores yet.';
  const title = `${series.instrument} scores over time`;

  return (
    <figure className="chart-figure care-chart" aria-labelledby={captionId}>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={240}>
          <LineChart
            data={data}
            margin={{ top: 12, right: 16, bottom: 4, left: -12 }}
            accessibilityLayer={false}
          >
            {bands.map((b, i) => (
              <ReferenceArea
                key={b.code}
                y1={b.min}
                y2={bands[i + 1]?.min ?? series.scoreMax}
                fill={BAND_FILL[Math.min(4, Math.max(0, b.severity))]}
                fillOpacity={0.7}
                stroke="none"
                ifOverflow="hidden"
              />
            ))}
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#b9c3cc" />
            <XAxis dataKey="label" tick={{ fill: '#39444f', fontSize: 12 }} tickLine={false} />
            <YAxis
              domain={[series.scoreMin, series.scoreMax]}
              allowDecimals={false}
              tick={{ fill: '#39444f', fontSize: 12 }}
              tickLine={false}
              axisLine={false}
            />
            <ReferenceLine
              y={series.clinicalCutoff}
              stroke="#8a1c14"
              strokeDasharray="6 4"
              strokeWidth={1.5}
              label={{
                value: `Clinical cut-off ${series.clinicalCutoff}`,
                position: 'insideTopRight',
                fill: '#8a1c14',
                fontSize: 12,
              }}
            />
            <Tooltip
              formatter={(v) => [typeof v === 'number' ? String(v) : '', 'Score']}
              labelFormatter={(label, payload) => {
                const p = payload?.[0]?.payload as { phase?: string } | undefined;
                return `${typeof label === 'string' ? label : ''}${p?.phase ? ` · ${p.phase}` : ''}`;
              }}
            />
            <Line
              type="linear"
              dataKey="total"
              name="Score"
              stroke={LINE}
              strokeWidth={2.5}
              dot={{ r: 5, fill: LINE, stroke: '#fff', strokeWidth: 2 }}
              activeDot={{ r: 7 }}
              isAnimationActive={animate}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ul className="care-chart-legend" aria-hidden="true">
        {bands.map((b) => (
          <li key={b.code}>
            <span
              className="care-swatch"
              style={{ background: BAND_FILL[Math.min(4, Math.max(0, b.severity))] }}
            />
            {b.min}–{b.max}: {shortBand(b.label)}
          </li>
        ))}
        <li>
          <span className="care-swatch care-swatch-line" />
          Clinical cut-off
        </li>
      </ul>
      <figcaption id={captionId}>
        <span className="visually-hidden">{title}. </span>
        {summary}
      </figcaption>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Time point</th>
            <th scope="col">Score</th>
            <th scope="col">Band</th>
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.key}>
              <th scope="row">{d.label}</th>
              <td>{d.phase}</td>
              <td>{d.total}</td>
              <td>{d.band ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
