/**
 * What a plan achieves: the headline figures against the target, the quarter-by-quarter projection
 * with the scenario band, the comparison with the two simple policies, the seats on the map of the
 * states and the allocation by center and cohort, with links to download the plan as CSV or XLSX.
 * One allocation serves every scenario (see planner.ts), so the map and the table show it once,
 * with the expected scenario's outcomes.
 */
import { useMemo, useState } from 'react';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { TextField } from '../../ui/field';
import { formatDateTime } from '../../ui/format';
import { DownloadIcon } from '../../ui/icons';
import { stateName } from '../../ui/labels';
import { SortHeader, TableWrap, type SortOrder } from '../../ui/table';
import { UsStateMap } from '../../ui/us-map';
import type { Plan } from './planner-api';
import { ComparisonChart, POLICY_LABEL, ProjectionChart, type ComparisonRow } from './planner-charts';
import {
  allocationRows,
  cohortsWithSeats,
  filterAndSortRows,
  gainText,
  PARAMETER_HELP,
  projectionRows,
  quarterLabels,
  seatsByState,
  type AllocationSortKey,
} from './planner-model';

const whole = (n: number) => Math.round(n).toLocaleString('en-US');
const percent = (share: number) =>
  `${(share * 100).toLocaleString('en-US', { maximumFractionDigits: share < 0.1 ? 1 : 0 })}%`;
/** The solver's proved gap: "within 0.4% of the best possible". */
function gapText(gap: number): string {
  return gap < 0.0005
    ? 'proved the best possible'
    : `within ${(gap * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })}% of the best possible`;
}
/** Rows shown before "Show all". */
const TOP_ROWS = 50;

export function PlanResults({ plan }: { plan: Plan }) {
  const { input, result, summary } = plan;
  const expected = result.scenarios.expected;
  const labels = useMemo(
    () => quarterLabels(input.cohorts, result.horizonQuarters),
    [input.cohorts, result.horizonQuarters],
  );
  const projection = useMemo(() => projectionRows(result, labels), [result, labels]);
  const target = result.targetReached;
  const low = result.scenarios.low.reachedTotal;
  const high = result.scenarios.high.reachedTotal;

  const comparison: ComparisonRow[] = (['low', 'expected', 'high'] as const).map((s) => ({
    scenario: s === 'low' ? 'Low' : s === 'expected' ? 'Expected' : 'High',
    optimised: result.scenarios[s].comparison.optimised.reachedTotal,
    proportional: result.scenarios[s].comparison.proportional.reachedTotal,
    firstCome: result.scenarios[s].comparison.firstComeFirstServed.reachedTotal,
  }));
  const exp = expected.comparison;
  const gainProportional = gainText(
    exp.optimised.reachedTotal,
    exp.proportional.reachedTotal,
    'seats in proportion to referrals',
  );
  const gainFirstCome = gainText(
    exp.optimised.reachedTotal,
    exp.firstComeFirstServed.reachedTotal,
    'first come, first served',
  );

  const last = projection[projection.length - 1];
  const projectionSummary = last
    ? `By ${last.label}, the plan reaches ${whole(last.expected)} children in the expected scenario (${whole(last.low)} to ${whole(last.high)} from low to high), ${percent(expected.shareOfTarget)} of the target of ${whole(target)}.`
    : 'The plan has no quarters to show.';

  return (
    <div className="stack planner-results">
      <dl className="kpis planner-kpis">
        <div className="kpi">
          <dt>Children reached over the horizon (expected)</dt>
          <dd>
            <span className="planner-kpi-value">{whole(expected.reachedTotal)}</span>
            <span className="kpi-note">
              {percent(expected.shareOfTarget)} of the target of {whole(target)}
            </span>
          </dd>
        </div>
        <div className="kpi">
          <dt>Range, low to high scenario</dt>
          <dd>
            <span className="planner-kpi-value">
              {whole(low)}–{whole(high)}
            </span>
            <span className="kpi-note">
              {percent(low / Math.max(1, target))} to {percent(high / Math.max(1, target))} of the target
            </span>
          </dd>
        </div>
        <div className="kpi">
          <dt>Unmet demand remaining</dt>
          <dd>
            <span className="planner-kpi-value">{whole(expected.unmetDemandRemaining)}</span>
            <span className="kpi-note">children a year at the end of the horizon</span>
          </dd>
        </div>
        <div className="kpi">
          <dt>Trained clinicians at the end</dt>
          <dd>
            <span className="planner-kpi-value">{whole(expected.trainedAtEnd)}</span>
            <span className="kpi-note">
              {whole(expected.seatsAllocated)} of {whole(result.seatBudget)} seats allocated
            </span>
          </dd>
        </div>
        <div className="kpi">
          <dt>Solver</dt>
          <dd>
            <span className="planner-kpi-value">
              {result.solver.status === 'optimal' ? 'Optimal' : result.solver.status}
            </span>
            <span className="kpi-note">
              {gapText(result.solver.mipGap)}, {(result.solver.timeMs / 1000).toFixed(1)} s
            </span>
          </dd>
        </div>
        <div className="kpi">
          <dt>Plan</dt>
          <dd className="planner-kpi-text">
            <span className="planner-kpi-value">{summary.name}</span>
            <span className="kpi-note">
              {formatDateTime(summary.createdAt)} by {summary.createdBy}
            </span>
          </dd>
        </div>
      </dl>

      <PlanDownloads planId={summary.id} />

      <Card
        title="Children reached by quarter"
        subtitle={`Cumulative, from the first cohort to the end of the ${result.horizonQuarters}-quarter horizon. ${PARAMETER_HELP.target}`}
      >
        <ProjectionChart rows={projection} target={target} summary={projectionSummary} />
      </Card>

      <Card
        title="Against the simple policies"
        subtitle="The same seats shared out two simple ways, scored with the same formulas."
      >
        <div className="stack">
          <p className="planner-gain">
            <strong>{gainProportional}</strong> {gainFirstCome}
          </p>
          <ComparisonChart
            rows={comparison}
            summary="Children reached over the horizon in each scenario; the table below gives every figure."
          />
          <TableWrap label="Children reached by policy">
            <table className="table">
              <caption className="visually-hidden">
                Children reached over the horizon by policy and scenario
              </caption>
              <thead>
                <tr>
                  <th scope="col">Policy</th>
                  {comparison.map((c) => (
                    <th key={c.scenario} scope="col" className="num">
                      {c.scenario}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {(['optimised', 'proportional', 'firstCome'] as const).map((p) => (
                  <tr key={p}>
                    <th scope="row">{POLICY_LABEL[p]}</th>
                    {comparison.map((c) => (
                      <td key={c.scenario} className="num">
                        {whole(c[p])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </div>
      </Card>

      <AllocationSection plan={plan} />
    </div>
  );
}

/**
 * The saved plan as files: the allocation as CSV, or the whole plan (summary, allocation, reach by
 * quarter, centers) as an XLSX workbook. Plain links, so the browser's own download handles them.
 */
function PlanDownloads({ planId }: { planId: string }) {
  const base = `/api/v1/plans/${encodeURIComponent(planId)}/export`;
  return (
    <div className="row" role="group" aria-label="Download this plan">
      <a className="btn btn-secondary" href={`${base}?format=csv`} download>
        <DownloadIcon />
        Download CSV
      </a>
      <a className="btn btn-secondary" href={`${base}?format=xlsx`} download>
        <DownloadIcon />
        Download XLSX
      </a>
    </div>
  );
}

/** The seats on the map by state, and the table by center and cohort. */
function AllocationSection({ plan }: { plan: Plan }) {
  const { input, result } = plan;
  const expected = result.scenarios.expected;
  const values = useMemo(() => seatsByState(input.centers, expected.allocation), [input.centers, expected]);
  const rows = useMemo(() => allocationRows(input, expected), [input, expected]);
  const columns = useMemo(
    () => cohortsWithSeats(input.cohorts, expected.allocation),
    [input.cohorts, expected.allocation],
  );
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<{ key: AllocationSortKey; order: SortOrder }>({
    key: 'total',
    order: 'desc',
  });
  const [showAll, setShowAll] = useState(false);
  const shown = useMemo(
    () => filterAndSortRows(rows, filter, sort.key, sort.order, stateName),
    [rows, filter, sort],
  );
  const visible = showAll ? shown : shown.slice(0, TOP_ROWS);
  const toggle = (key: AllocationSortKey) =>
    setSort((s) =>
      s.key === key
        ? { key, order: s.order === 'asc' ? 'desc' : 'asc' }
        : { key, order: key === 'name' || key === 'state' ? 'asc' : 'desc' },
    );
  const header = (key: AllocationSortKey, label: string, num = true) => (
    <SortHeader
      label={label}
      active={sort.key === key}
      order={sort.order}
      onSort={() => toggle(key)}
      className={num ? 'num' : undefined}
    />
  );

  const top = Object.entries(values)
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([s, v]) => `${stateName(s)} (${whole(v)})`);

  return (
    <>
      <Card
        title="Seats by state"
        subtitle="Seats the plan gives the centers of each state, over all cohorts."
      >
        <UsStateMap
          values={values}
          label="Seats"
          unit="seats"
          format={whole}
          mode="sequential"
          title="Training seats by state"
          description={top.length > 0 ? `Most seats: ${top.join(', ')}.` : 'No state receives seats.'}
        />
      </Card>

      <Card
        title="Allocation by center"
        subtitle="Seats per cohort (only cohorts with seats), children reached over the horizon and unmet demand left, in the expected scenario."
        flush
        footer={
          <div className="row-between">
            <p className="small muted" aria-live="polite">
              {shown.length === 0
                ? 'No center matches the filter.'
                : `Showing ${visible.length.toLocaleString('en-US')} of ${shown.length.toLocaleString('en-US')} centers.`}
            </p>
            {shown.length > TOP_ROWS && (
              <Button size="sm" onClick={() => setShowAll((v) => !v)}>
                {showAll ? `Show the top ${TOP_ROWS}` : `Show all ${shown.length.toLocaleString('en-US')}`}
              </Button>
            )}
          </div>
        }
      >
        <div className="filters">
          <TextField
            label="Filter by center or state"
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            className="search"
          />
        </div>
        <TableWrap label="Allocation by center">
          <table className="table planner-allocation-table">
            <caption className="visually-hidden">
              Allocation by center: seats per cohort, total, children reached and unmet demand remaining
            </caption>
            <thead>
              <tr>
                {header('name', 'Center', false)}
                {header('state', 'State', false)}
                {columns.map((c) => (
                  <th key={c.id} scope="col" className="num planner-cohort-col">
                    {c.label}
                  </th>
                ))}
                {header('total', 'Total seats')}
                {header('reached', 'Children reached')}
                {header('unmetDemandRemaining', 'Unmet demand left (a year)')}
              </tr>
            </thead>
            <tbody>
              {visible.map((r) => (
                <tr key={r.centerId}>
                  <th scope="row">{r.name}</th>
                  <td>{r.state}</td>
                  {columns.map((c) => (
                    <td key={c.id} className="num">
                      {r.seats[c.id] ? whole(r.seats[c.id]!) : <span className="muted">–</span>}
                    </td>
                  ))}
                  <td className="num">
                    <strong>{whole(r.total)}</strong>
                  </td>
                  <td className="num">{whole(r.reached)}</td>
                  <td className="num">{whole(r.unmetDemandRemaining)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </Card>
    </>
  );
}
