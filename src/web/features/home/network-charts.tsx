/**
 * Charts of the network's centers (by state, by member type). Each chart has a caption and a
 * data table for screen readers; the drawing itself is hidden from them.
 */
import { useId, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TNetworkSummary } from '../../api/types';
import { formatNumber } from '../../ui/format';
import { memberTypeLabel, stateName } from '../../ui/labels';

const TEAL = '#0b5c63';
/** Bars grow in unless the person asked for less motion. */
const animate =
  typeof window === 'undefined' || !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
const MEMBER_COLOURS: Record<string, string> = {
  accredited: '#0b5c63',
  associate: '#2f7f86',
  affiliate: '#5b6fa8',
  satellite: '#8a5a9e',
};

function ChartFigure({
  title,
  summary,
  rows,
  valueLabel,
  categoryLabel,
  children,
}: {
  title: string;
  summary: string;
  rows: { label: string; value: number }[];
  categoryLabel: string;
  valueLabel: string;
  children: ReactNode;
}) {
  const captionId = useId();
  return (
    <figure className="chart-figure" aria-labelledby={captionId}>
      <div aria-hidden="true">{children}</div>
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
              <td>{r.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export function CentersByStateChart({ summary }: { summary: TNetworkSummary }) {
  const data = [...summary.centers.byState].sort(
    (a, b) => b.count - a.count || a.state.localeCompare(b.state),
  );
  const top = data[0];
  return (
    <ChartFigure
      title="Centers by state"
      summary={
        top
          ? `${formatNumber(summary.centers.total)} centers in ${summary.centers.states} states; the most in ${stateName(top.state)} (${top.count}).`
          : 'No centers yet.'
      }
      rows={data.map((d) => ({ label: stateName(d.state), value: d.count }))}
      categoryLabel="State"
      valueLabel="Centers"
    >
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#d3dae0" />
          <XAxis dataKey="state" tick={{ fill: '#39444f', fontSize: 12 }} interval={0} tickLine={false} />
          <YAxis
            allowDecimals={false}
            tick={{ fill: '#39444f', fontSize: 12 }}
            tickLine={false}
            axisLine={false}
          />
          <Tooltip
            cursor={{ fill: 'rgba(11, 92, 99, 0.08)' }}
            formatter={(v) => [typeof v === 'number' ? formatNumber(v) : '', 'Centers']}
            labelFormatter={(s) => (typeof s === 'string' ? stateName(s) : '')}
          />
          <Bar
            dataKey="count"
            name="Centers"
            fill={TEAL}
            radius={[4, 4, 0, 0]}
            maxBarSize={40}
            isAnimationActive={animate}
          />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

export function MemberTypeChart({ summary }: { summary: TNetworkSummary }) {
  const data = summary.centers.byMemberType
    .map((m) => ({ ...m, label: memberTypeLabel(m.memberType) }))
    .sort((a, b) => b.count - a.count);
  return (
    <ChartFigure
      title="Centers by member type"
      summary={data.map((d) => `${d.label}: ${d.count}`).join(' · ')}
      rows={data.map((d) => ({ label: d.label, value: d.count }))}
      categoryLabel="Member type"
      valueLabel="Centers"
    >
      <ResponsiveContainer width="100%" height={Math.max(140, data.length * 52)}>
        <BarChart
          data={data}
          layout="vertical"
          margin={{ top: 4, right: 40, bottom: 4, left: 8 }}
          accessibilityLayer={false}
        >
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#d3dae0" />
          <XAxis type="number" allowDecimals={false} tick={{ fill: '#39444f', fontSize: 12 }} hide />
          <YAxis
            type="category"
            dataKey="label"
            width={150}
            tick={{ fill: '#1b2631', fontSize: 13 }}
            tickLine={false}
            axisLine={false}
          />
          <Tooltip
            cursor={{ fill: 'rgba(11, 92, 99, 0.08)' }}
            formatter={(v) => [typeof v === 'number' ? formatNumber(v) : '', 'Centers']}
          />
          <Bar
            dataKey="count"
            name="Centers"
            radius={[0, 4, 4, 0]}
            maxBarSize={28}
            isAnimationActive={animate}
            label={{ position: 'right', fill: '#1b2631', fontSize: 13 }}
          >
            {data.map((d) => (
              <Cell key={d.memberType} fill={MEMBER_COLOURS[d.memberType] ?? TEAL} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
