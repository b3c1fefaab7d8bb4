/**
 * How many clinicians are in each pathway state, as a bar chart with a caption and a data table for
 * screen readers (the drawing itself is hidden from them, as on the home page's charts).
 */
import { useId } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { PATHWAY_STATE_LABEL, PATHWAY_STATES, type PathwayState } from '../../../shared/pathways';
import { formatNumber } from '../../ui/format';

/** Bar colours by state; each meets 3:1 against white, and every bar is labelled with its count. */
const STATE_COLOUR: Record<PathwayState, string> = {
  not_started: '#6b7885',
  in_progress: '#0b5c63',
  complete: '#2f7f86',
  certified: '#1a5e33',
  expiring: '#a35f00',
  in_grace: '#8a4b00',
  expired: '#b3261e',
  revoked: '#7a1b14',
  withdrawn: '#8595a3',
};

const animate =
  typeof window === 'undefined' || !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

export interface StateCount {
  state: PathwayState;
  count: number;
}

export function countByState(states: PathwayState[]): StateCount[] {
  const counts = new Map<PathwayState, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  return PATHWAY_STATES.filter((s) => counts.has(s)).map((s) => ({ state: s, count: counts.get(s)! }));
}

export function StateChart({ counts }: { counts: StateCount[] }) {
  const captionId = useId();
  const data = counts.map((c) => ({ ...c, label: PATHWAY_STATE_LABEL[c.state] }));
  const total = counts.reduce((n, c) => n + c.count, 0);
  const certified = counts
    .filter((c) => c.state === 'certified' || c.state === 'expiring')
    .reduce((n, c) => n + c.count, 0);
  return (
    <figure className="chart-figure" aria-labelledby={captionId}>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={Math.max(120, data.length * 38 + 16)}>
          <BarChart
            data={data}
            layout="vertical"
            margin={{ top: 4, right: 44, bottom: 4, left: 8 }}
            accessibilityLayer={false}
          >
            <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#d3dae0" />
            <XAxis type="number" allowDecimals={false} hide />
            <YAxis
              type="category"
              dataKey="label"
              width={190}
              tick={{ fill: '#1b2631', fontSize: 13 }}
              tickLine={false}
              axisLine={false}
            />
            <Tooltip
              cursor={{ fill: 'rgba(11, 92, 99, 0.08)' }}
              formatter={(v) => [typeof v === 'number' ? formatNumber(v) : '', 'Clinicians']}
            />
            <Bar
              dataKey="count"
              name="Clinicians"
              radius={[0, 4, 4, 0]}
              maxBarSize={24}
              isAnimationActive={animate}
              label={{ position: 'right', fill: '#1b2631', fontSize: 13 }}
            >
              {data.map((d) => (
                <Cell key={d.state} fill={STATE_COLOUR[d.state]} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption id={captionId}>
        <span className="visually-hidden">Clinicians by pathway state. </span>
        {formatNumber(total)} on a pathway in this view; {formatNumber(certified)} hold a current credential.
        Someone on two pathways counts once for each.
      </figcaption>
      <table className="visually-hidden">
        <caption>Clinicians by pathway state</caption>
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col">Clinicians</th>
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.state}>
              <th scope="row">{d.label}</th>
              <td>{d.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
