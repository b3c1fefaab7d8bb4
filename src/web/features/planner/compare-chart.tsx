/**
 * The comparison's chart: each plan's cumulative reach in the expected scenario, quarter by
 * quarter, against the target. Plans are told apart by their letter in the legend and by the dash
 * of their line as well as its colour. The drawing is hidden from screen readers; its caption says
 * what it shows and a table beside it gives every figure.
 */
import { useId } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CompareProjectionRow } from './compare-model';
import { animate, compact, TARGET_ON_SCALE, targetLine, whole } from './planner-charts';

/** One colour and dash per column; the colours keep 3:1 contrast against the white chart. */
const SERIES = [
  { stroke: '#0b5c63', dash: undefined },
  { stroke: '#6a3d9a', dash: '9 4' },
  { stroke: '#a3441c', dash: '3 3' },
  { stroke: '#1d4a87', dash: '12 4 3 4' },
] as const;

export function CompareChart({
  rows,
  series,
  target,
  summary,
}: {
  rows: readonly CompareProjectionRow[];
  /** The plans' names as the legend shows them ("A · Plan of Mar 3, 2026"), in the columns' order. */
  series: readonly string[];
  /** The target all plans share, or null when they differ. */
  target: number | null;
  summary: string;
}) {
  const captionId = useId();
  const title = 'Children reached, cumulative, by quarter, expected scenario';
  const data = rows.map((r) => ({
    label: r.label,
    ...Object.fromEntries(r.reached.map((v, i) => [`p${i}`, v])),
  }));
  const highest = Math.max(0, ...rows.flatMap((r) => r.reached.map((v) => v ?? 0)));
  const drawTarget = target !== null && target > 0 && highest >= target * TARGET_ON_SCALE;
  return (
    <figure className="chart-figure planner-chart" aria-labelledby={captionId}>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={320}>
          <LineChart
            data={data}
            margin={{ top: 16, right: 12, bottom: 4, left: 0 }}
            accessibilityLayer={false}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#d3dae0" />
            <XAxis
              dataKey="label"
              tick={{ fill: '#39444f', fontSize: 12 }}
              tickLine={false}
              minTickGap={12}
            />
            <YAxis
              tickFormatter={compact}
              tick={{ fill: '#39444f', fontSize: 12 }}
              tickLine={false}
              axisLine={false}
              width={52}
            />
            <Tooltip formatter={(v, name) => [typeof v === 'number' ? whole(v) : '', name]} />
            <Legend wrapperStyle={{ fontSize: 13 }} />
            {series.map((name, i) => {
              const style = SERIES[i % SERIES.length]!;
              return (
                <Line
                  key={`p${i}`}
                  type="monotone"
                  dataKey={`p${i}`}
                  name={name}
                  stroke={style.stroke}
                  strokeWidth={2.5}
                  strokeDasharray={style.dash}
                  dot={{ r: 2.5, fill: style.stroke }}
                  connectNulls={false}
                  isAnimationActive={animate}
                />
              );
            })}
            {drawTarget && targetLine(target)}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption id={captionId}>
        <span className="visually-hidden">{title}. </span>
        {summary}
        {target === null ? (
          <> The plans have different targets, so no target line is drawn.</>
        ) : (
          !drawTarget &&
          target > 0 && <> The target of {whole(target)} is far above this scale, so it is not drawn.</>
        )}
      </figcaption>
      {/* A table ignores the 1 px width of .visually-hidden and would widen a phone's page. */}
      <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Quarter</th>
              {series.map((name, i) => (
                <th key={`p${i}`} scope="col">
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                {r.reached.map((v, i) => (
                  <td key={`p${i}`}>{v === null ? 'past the horizon' : whole(v)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
