/**
 * Bar charts of the outcomes dashboard: one bar per clinician, center or state. Each chart has a
 * caption and a data table for screen readers; the drawing itself is hidden from them.
 */
import { useId } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const TEAL = '#0b5c63';
const animate =
  typeof window === 'undefined' || !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

export interface BarRow {
  label: string;
  /** null: not enough data (drawn as no bar, written as "—"). */
  value: number | null;
}

export function HorizontalBarChart({
  title,
  summary,
  rows,
  categoryLabel,
  valueLabel,
  format,
  max,
  colour = TEAL,
}: {
  title: string;
  summary: string;
  rows: BarRow[];
  categoryLabel: string;
  valueLabel: string;
  format: (v: number) => string;
  /** The end of the value axis (1 for shares); the data's largest value when absent. */
  max?: number;
  colour?: string;
}) {
  const captionId = useId();
  const data = rows.map((r) => ({ label: r.label, value: r.value ?? 0, missing: r.value == null }));
  return (
    <figure className="chart-figure" aria-labelledby={captionId}>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={Math.max(120, data.length * 34 + 24)}>
          <BarChart
            data={data}
            layout="vertical"
            margin={{ top: 4, right: 56, bottom: 4, left: 8 }}
            accessibilityLayer={false}
          >
            <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#d3dae0" />
            <XAxis type="number" domain={[0, max ?? 'auto']} hide />
            <YAxis
              type="category"
              dataKey="label"
              width={170}
              tick={{ fill: '#1b2631', fontSize: 12 }}
              tickLine={false}
              axisLine={false}
            />
            <Tooltip
              cursor={{ fill: 'rgba(11, 92, 99, 0.08)' }}
              formatter={(v, _n, item) => {
                const missing = (item?.payload as { missing?: boolean } | undefined)?.missing;
                return [missing ? '—' : typeof v === 'number' ? format(v) : '', valueLabel];
              }}
            />
            <Bar
              dataKey="value"
              name={valueLabel}
              fill={colour}
              radius={[0, 4, 4, 0]}
              maxBarSize={22}
              isAnimationActive={animate}
              label={{
                position: 'right',
                fill: '#1b2631',
                fontSize: 12,
                formatter: (v: unknown) => (typeof v === 'number' ? format(v) : ''),
              }}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption id={captionId}>
        <span className="visually-hidden">{title}. </span>
        {summary}
      </figcaption>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{categoryLabel}</th>
            <th scope="col">{valueLabel}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>{r.value == null ? '—' : format(r.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
