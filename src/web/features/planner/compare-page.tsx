/**
 * "Compare plans" (network administrators): two to four saved plans side by side, chosen on the
 * planner page and named in the address (`/access/planner/compare?plans=ID1,ID2`), so a
 * comparison can be bookmarked or sent to a colleague.
 *
 * Each plan is fetched on its own. An id that is not a plan, or a plan deleted since, is named in a
 * message and the others are still compared; with fewer than two left there is nothing to compare,
 * and the page says so and links back.
 */
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { Alert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { formatDateTime } from '../../ui/format';
import { stateName } from '../../ui/labels';
import { PageHeader } from '../../ui/page-header';
import { Spinner } from '../../ui/spinner';
import { SortHeader, TableWrap, type SortOrder } from '../../ui/table';
import { CompareChart } from './compare-chart';
import {
  commonTarget,
  compareProjection,
  compareSeatsByState,
  metricRows,
  MIN_COMPARED,
  parseCompareIds,
  signedSeats,
  sortStateRows,
  type StateSortKey,
} from './compare-model';
import { usePlansById, type Plan } from './planner-api';
import './planner.css';

const PLANNER_PATH = '/access/planner';
const whole = (n: number) => Math.round(n).toLocaleString('en-US');
/** Columns are lettered, so two plans of the same name are still told apart in the chart and tables. */
const letter = (i: number) => String.fromCharCode(65 + i);

export function PlanComparePage() {
  const [params] = useSearchParams();
  const { ids, issues } = useMemo(() => parseCompareIds(params.get('plans')), [params]);
  const queries = usePlansById(ids);
  const loading = queries.some((q) => q.isPending);
  const plans = useMemo(() => queries.flatMap((q) => (q.data ? [q.data] : [])), [queries]);
  const missing = ids.filter((_, i) => isApiError(queries[i]?.error) && queries[i]?.error.status === 404);
  const failed = ids.flatMap((id, i) => {
    const q = queries[i];
    return q?.error && !(isApiError(q.error) && q.error.status === 404) ? [{ id, query: q }] : [];
  });

  return (
    <div className="page">
      <PageHeader
        title="Compare plans"
        breadcrumb={<Link to={PLANNER_PATH}>Plan the next trainings</Link>}
        lead="Saved plans side by side: what each reaches against the target, quarter by quarter, and where their seats differ. Figures are the expected scenario unless a row says otherwise."
      />
      {loading ? (
        <Spinner label="Loading the plans…" />
      ) : (
        <div className="stack planner-compare">
          {(issues.length > 0 || missing.length > 0 || failed.length > 0) && (
            <Alert tone="warning" title="Some plans are not compared">
              <ul className="planner-compare-issues">
                {issues.map((i) => (
                  <li key={`issue-${i.id}`}>{i.message}</li>
                ))}
                {missing.map((id) => (
                  <li key={`missing-${id}`}>No saved plan has the id {id}: it may have been deleted.</li>
                ))}
                {failed.map(({ id, query }) => (
                  <li key={`failed-${id}`}>
                    The plan {id} could not be loaded
                    {query.error instanceof Error ? `: ${query.error.message}` : '.'}{' '}
                    <Button size="sm" onClick={() => void query.refetch()}>
                      Try again
                    </Button>
                  </li>
                ))}
              </ul>
            </Alert>
          )}
          {plans.length < MIN_COMPARED ? (
            <Alert tone="info" title="Not enough plans to compare">
              <p>
                A comparison needs at least {MIN_COMPARED} saved plans;{' '}
                {plans.length === 0 ? 'none of the plans asked for' : 'only one of them'} could be shown.
                Choose the plans to compare from the saved plans on the planner page.
              </p>
              <p>
                <Link to={PLANNER_PATH}>Back to the saved plans</Link>
              </p>
            </Alert>
          ) : (
            <Comparison plans={plans} />
          )}
        </div>
      )}
    </div>
  );
}

function Comparison({ plans }: { plans: Plan[] }) {
  const metrics = useMemo(() => metricRows(plans), [plans]);
  const projection = useMemo(() => compareProjection(plans), [plans]);
  const target = commonTarget(plans);
  const names = plans.map((p, i) => `${letter(i)} · ${p.summary.name}`);

  const reachSummary = plans
    .map((p, i) => {
      const e = p.result.scenarios.expected;
      return `${names[i]} reaches ${whole(e.reachedTotal)} children over its ${p.result.horizonQuarters} quarters`;
    })
    .join('; ');

  return (
    <>
      <Card
        title="Side by side"
        subtitle="“Best” marks the best value of each outcome: the most children reached and clinicians trained, the least unmet demand. Rows about the request itself are not marked."
        flush
      >
        <TableWrap label="Plans side by side">
          <table className="table planner-compare-table">
            <caption className="visually-hidden">
              The compared plans, one column each, with the best value of each outcome marked
            </caption>
            <thead>
              <tr>
                <th scope="col">Figure</th>
                {plans.map((p, i) => (
                  <th key={p.summary.id} scope="col" className="num planner-compare-plan">
                    <span className="planner-compare-letter">{letter(i)}</span>{' '}
                    <span className="planner-compare-name">{p.summary.name}</span>
                    <span className="cell-sub">
                      {formatDateTime(p.summary.createdAt)}, by {p.summary.createdBy}
                    </span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {metrics.map((m) => (
                <tr key={m.key} data-metric={m.key}>
                  <th scope="row">
                    {m.label}
                    {(m.hint || m.better) && (
                      <span className="cell-sub">
                        {[
                          m.hint,
                          m.better && (m.better === 'higher' ? 'Higher is better.' : 'Lower is better.'),
                        ]
                          .filter(Boolean)
                          .join(' ')}
                      </span>
                    )}
                  </th>
                  {m.text.map((t, i) => (
                    <td key={plans[i]!.summary.id} className="num">
                      <span className="planner-compare-value">{t}</span>
                      {m.best[i] && (
                        <>
                          {' '}
                          <Badge tone="success">Best</Badge>
                        </>
                      )}
                      {m.sub[i] && <span className="cell-sub">{m.sub[i]}</span>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </Card>

      <Card
        title="Children reached by quarter"
        subtitle="Cumulative, in the expected scenario, from each plan’s first quarter to the end of its horizon."
      >
        <CompareChart rows={projection} series={names} target={target} summary={`${reachSummary}.`} />
      </Card>

      <StateSeats plans={plans} names={names} />
    </>
  );
}

/** Seats per state per plan, the states where the plans differ most first. */
function StateSeats({ plans, names }: { plans: Plan[]; names: string[] }) {
  const { rows, withoutSeats } = useMemo(() => compareSeatsByState(plans), [plans]);
  const [sort, setSort] = useState<{ key: StateSortKey; order: SortOrder }>({ key: 'spread', order: 'desc' });
  const shown = useMemo(() => sortStateRows(rows, sort.key, sort.order, stateName), [rows, sort]);
  const two = plans.length === 2;
  const toggle = (key: StateSortKey) =>
    setSort((s) =>
      s.key === key
        ? { key, order: s.order === 'asc' ? 'desc' : 'asc' }
        : { key, order: key === 'state' ? 'asc' : 'desc' },
    );
  const differenceLabel = two ? `Difference (${letter(1)} − ${letter(0)})` : 'Difference (most − fewest)';

  return (
    <Card
      title="Seats by state"
      subtitle={`Seats each plan gives the centers of each state, over all cohorts; the states where the plans differ most come first.${
        withoutSeats > 0
          ? ` ${whole(withoutSeats)} ${withoutSeats === 1 ? 'state' : 'states'} with centers but no seats in any plan ${withoutSeats === 1 ? 'is' : 'are'} not listed.`
          : ''
      }`}
      flush
    >
      {rows.length === 0 ? (
        <p className="card-body muted">No plan gives any state a seat.</p>
      ) : (
        <TableWrap label="Seats by state and plan">
          <table className="table planner-compare-states">
            <caption className="visually-hidden">
              Seats by state for each plan, with the difference between the plans
            </caption>
            <thead>
              <tr>
                <SortHeader
                  label="State"
                  active={sort.key === 'state'}
                  order={sort.order}
                  onSort={() => toggle('state')}
                />
                {names.map((name, i) => (
                  <SortHeader
                    key={plans[i]!.summary.id}
                    label={name}
                    active={sort.key === i}
                    order={sort.order}
                    onSort={() => toggle(i)}
                    className="num"
                  />
                ))}
                <SortHeader
                  label={differenceLabel}
                  active={sort.key === 'spread'}
                  order={sort.order}
                  onSort={() => toggle('spread')}
                  className="num"
                />
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.state}>
                  <th scope="row">
                    {stateName(r.state)} <span className="muted">({r.state})</span>
                  </th>
                  {r.seats.map((n, i) => (
                    <td key={plans[i]!.summary.id} className="num">
                      {n === null ? (
                        <>
                          <span aria-hidden="true">–</span>
                          <span className="visually-hidden">no centers in this plan</span>
                        </>
                      ) : (
                        whole(n)
                      )}
                    </td>
                  ))}
                  <td className="num">
                    <strong>{two ? signedSeats(r.difference ?? 0) : whole(r.spread)}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Card>
  );
}
