/**
 * The monthly trend of an area or a center: children referred against what trained clinicians can
 * treat (children a month), and children waiting at each month's end. The drawing is hidden from
 * screen readers; the caption says what it shows and a table gives every month. A month without
 * data (or hidden to protect small numbers) is a break in the line, never a 0.
 */
import { useId } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { GapRow } from './access-api';
import { formatCount, monthLabel } from './access-model';

const REFERRED = '#8a4b0f';
const CAPACITY = '#0b5c63';
const WAITING = '#5b6fa8';
const animate =
  typeof window === 'undefined' || !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

type Trend = GapRow['trend'];

/** One sentence on the trend: the averages over its months with data and the last waiting figure. */
export function summariseTrend(trend: Trend): string {
  const withReferrals = trend.filter((p) => p.referred !== null);
  const withCapacity = trend.filter((p) => p.capacity !== null);
  if (withReferrals.length === 0 && withCapacity.length === 0)
    return 'No monthly figures can be shown for this period.';
  const avg = (points: Trend, pick: (p: Trend[number]) => number | null) =>
    points.reduce((s, p) => s + (pick(p) ?? 0), 0) / Math.max(1, points.length);
  const capacity = formatCount(avg(withCapacity, (p) => p.capacity));
  let text =
    withReferrals.length === 0
      ? `Trained clinicians could treat ${capacity} children a month on average; no referral figures can be shown.`
      : `Over the ${withReferrals.length} months with data, ${formatCount(avg(withReferrals, (p) => p.referred))} children were referred a month on average, against ${capacity} a month that trained clinicians could treat.`;
  const lastWaiting = [...trend].reverse().find((p) => p.waitingEnd !== null);
  if (lastWaiting)
    text += ` ${formatCount(lastWaiting.waitingEnd!)} children were waiting at the end of ${monthLabel(lastWaiting.month)}.`;
  return text;
}

export function TrendChart({ title, trend }: { title: string; trend: Trend }) {
  const captionId = useId();
  const data = trend.map((p) => ({
    month: monthLabel(p.month),
    referred: p.referred,
    capacity: p.capacity === null ? null : Math.round(p.capacity * 10) / 10,
    waitingEnd: p.waitingEnd,
  }));
  const cell = (v: number | null) => (v === null ? 'No data' : formatCount(v));
  return (
    <figure className="chart-figure access-trend" aria-labelledby={captionId}>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={280}>
          <LineChart
            data={data}
            margin={{ top: 8, right: 12, bottom: 4, left: -8 }}
            accessibilityLayer={false}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#d3dae0" />
            <XAxis
              dataKey="month"
              tick={{ fill: '#39444f', fontSize: 12 }}
              tickLine={false}
              minTickGap={16}
            />
            <YAxis
              allowDecimals={false}
              tick={{ fill: '#39444f', fontSize: 12 }}
              tickLine={false}
              axisLine={false}
              width={56}
            />
            <Tooltip formatter={(v, name) => [typeof v === 'number' ? formatCount(v) : 'No data', name]} />
            <Legend wrapperStyle={{ fontSize: 13 }} />
            <Line
              type="linear"
              dataKey="referred"
              name="Referred"
              stroke={REFERRED}
              strokeWidth={2.5}
              dot={false}
              connectNulls={false}
              isAnimationActive={animate}
            />
            <Line
              type="stepAfter"
              dataKey="capacity"
              name="Trained capacity"
              stroke={CAPACITY}
              strokeWidth={2.5}
              strokeDasharray="7 4"
              dot={false}
              connectNulls={false}
              isAnimationActive={animate}
            />
            <Line
              type="linear"
              dataKey="waitingEnd"
              name="Waiting at month end"
              stroke={WAITING}
              strokeWidth={2}
              dot={{ r: 2.5, fill: WAITING }}
              connectNulls={false}
              isAnimationActive={animate}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption id={captionId}>
        <span className="visually-hidden">{title}. </span>
        {summariseTrend(trend)}
      </figcaption>
      <table className="visually-hidden">
        <caption>{title}, children a month</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Referred</th>
            <th scope="col">Trained capacity</th>
            <th scope="col">Waiting at month end</th>
          </tr>
        </thead>
        <tbody>
          {trend.map((p) => (
            <tr key={p.month}>
              <th scope="row">{monthLabel(p.month)}</th>
              <td>{cell(p.referred)}</td>
              <td>{cell(p.capacity)}</td>
              <td>{cell(p.waitingEnd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
