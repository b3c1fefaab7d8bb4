/**
 * The planner's two charts: children reached quarter by quarter against the target, with the band
 * between the low and high scenarios, and the optimised plan beside the two simple policies. The
 * drawings are hidden from screen readers; each has a caption that says what it shows and a table
 * with every figure.
 */
import { useId } from 'react';
import {
  Area,
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ProjectionRow } from './planner-model';

const TEAL = '#0b5c63';
const BAND = '#8fc5c9';
const TARGET = '#8a4b0f';
const PROPORTIONAL = '#5b6fa8';
const FIRST_COME = '#7a7f85';
/** The target line is drawn when the highest line reaches at least this share of it. */
export const TARGET_ON_SCALE = 0.25;
export const animate =
  typeof window === 'undefined' || !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

export const whole = (n: number) => Math.round(n).toLocaleString('en-US');
/** Short axis figures: 12,500 -> "12.5k". */
export const compact = (n: number) =>
  Math.abs(n) >= 1000 ? `${(n / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })}k` : whole(n);

/** The target as a dashed line across a chart, labelled with its figure. */
export function targetLine(target: number) {
  return (
    <ReferenceLine
      y={target}
      stroke={TARGET}
      strokeDasharray="6 4"
      strokeWidth={1.5}
      ifOverflow="extendDomain"
      label={{ value: `Target ${whole(target)}`, position: 'insideTopLeft', fill: TARGET, fontSize: 12 }}
    />
  );
}

export function ProjectionChart({
  rows,
  target,
  summary,
}: {
  rows: readonly ProjectionRow[];
  target: number;
  summary: string;
}) {
  const captionId = useId();
  const title = 'Children reached, cumulative, by quarter';
  // A small plan's line would hug the floor under a far-off target: then the target is said in
  // words under the chart instead of squeezing the scale.
  const highest = Math.max(0, ...rows.map((r) => r.band[1]));
  const drawTarget = target > 0 && highest >= target * TARGET_ON_SCALE;
  return (
    <figure className="chart-figure planner-chart" aria-labelledby={captionId}>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={300}>
          <ComposedChart
            data={rows}
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
            <Tooltip
              formatter={(v, name) => [
                Array.isArray(v)
                  ? `${whole(Number(v[0]))} to ${whole(Number(v[1]))}`
                  : typeof v === 'number'
                    ? whole(v)
                    : '',
                name,
              ]}
            />
            <Legend wrapperStyle={{ fontSize: 13 }} />
            <Area
              type="monotone"
              dataKey="band"
              name="Low to high scenario"
              stroke="none"
              fill={BAND}
              fillOpacity={0.55}
              isAnimationActive={animate}
            />
            <Line
              type="monotone"
              dataKey="expected"
              name="Expected"
              stroke={TEAL}
              strokeWidth={2.5}
              dot={{ r: 2.5, fill: TEAL }}
              isAnimationActive={animate}
            />
            {drawTarget && targetLine(target)}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption id={captionId}>
        <span className="visually-hidden">{title}. </span>
        {summary}
        {!drawTarget && target > 0 && (
          <> The target of {whole(target)} is far above this scale, so it is not drawn.</>
        )}
      </figcaption>
      {/* A table ignores the 1 px width of .visually-hidden and would widen a phone's page. */}
      <div className="visually-hidden">
        <table>
          <caption>
            {title}, against the target of {whole(target)}
          </caption>
          <thead>
            <tr>
              <th scope="col">Quarter</th>
              <th scope="col">Low</th>
              <th scope="col">Expected</th>
              <th scope="col">High</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td>{whole(r.low)}</td>
                <td>{whole(r.expected)}</td>
                <td>{whole(r.high)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

export interface ComparisonRow {
  scenario: string;
  optimised: number;
  proportional: number;
  firstCome: number;
}

export const POLICY_LABEL = {
  optimised: 'Optimised plan',
  proportional: 'Seats in proportion to referrals',
  firstCome: 'First come, first served',
} as const;

/** Children reached over the horizon per scenario, the optimised plan beside the two policies. */
export function ComparisonChart({ rows, summary }: { rows: readonly ComparisonRow[]; summary: string }) {
  const captionId = useId();
  const title = 'Children reached over the horizon: the optimised plan and the simple policies';
  return (
    <figure className="chart-figure planner-chart" aria-labelledby={captionId}>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={rows} margin={{ top: 8, right: 12, bottom: 4, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#d3dae0" />
            <XAxis dataKey="scenario" tick={{ fill: '#39444f', fontSize: 12 }} tickLine={false} />
            <YAxis
              tickFormatter={compact}
              tick={{ fill: '#39444f', fontSize: 12 }}
              tickLine={false}
              axisLine={false}
              width={52}
            />
            <Tooltip
              cursor={{ fill: 'rgba(11, 92, 99, 0.08)' }}
              formatter={(v, name) => [typeof v === 'number' ? whole(v) : '', name]}
            />
            <Legend wrapperStyle={{ fontSize: 13 }} />
            <Bar
              dataKey="optimised"
              name={POLICY_LABEL.optimised}
              fill={TEAL}
              radius={[3, 3, 0, 0]}
              isAnimationActive={animate}
            />
            <Bar
              dataKey="proportional"
              name={POLICY_LABEL.proportional}
              fill={PROPORTIONAL}
              radius={[3, 3, 0, 0]}
              isAnimationActive={animate}
            />
            <Bar
              dataKey="firstCome"
              name={POLICY_LABEL.firstCome}
              fill={FIRST_COME}
              radius={[3, 3, 0, 0]}
              isAnimationActive={animate}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption id={captionId}>
        <span className="visually-hidden">{title}. </span>
        {summary}
      </figcaption>
    </figure>
  );
}
