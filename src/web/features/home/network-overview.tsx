/**
 * The network at a glance, from /network/summary: figures, charts and (for administrators) people
 * and recent activity. Funders see the same aggregates without people.
 */
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useNetworkSummary, useRecentAudit } from '../../api/queries';
import type { TNetworkSummary } from '../../api/types';
import { Badge } from '../../ui/badge';
import { Card } from '../../ui/card';
import { DateTime } from '../../ui/date-time';
import { EmptyState } from '../../ui/empty-state';
import { formatNumber } from '../../ui/format';
import { roleLabel } from '../../ui/labels';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { TableWrap } from '../../ui/table';
import { auditActionLabel } from '../audit/audit-actions';

// The chart library is large: load it only when a chart is shown.
const loadCharts = () => import('./network-charts');
const CentersByStateChart = lazy(() => loadCharts().then((m) => ({ default: m.CentersByStateChart })));
const MemberTypeChart = lazy(() => loadCharts().then((m) => ({ default: m.MemberTypeChart })));

/** Starts loading the charts while the figures load. */
function usePreloadCharts(): void {
  useEffect(() => {
    void loadCharts();
  }, []);
}

function Charts({ summary }: { summary: TNetworkSummary }) {
  return (
    <div className="grid-2">
      <Card title="Centers by state" headingLevel={3}>
        <Suspense fallback={<Spinner label="Loading chart…" />}>
          <CentersByStateChart summary={summary} />
        </Suspense>
      </Card>
      <Card title="Centers by member type" headingLevel={3}>
        <Suspense fallback={<Spinner label="Loading chart…" />}>
          <MemberTypeChart summary={summary} />
        </Suspense>
      </Card>
    </div>
  );
}

function Kpi({
  label,
  value,
  note,
  attention = false,
}: {
  label: string;
  value: number;
  note?: ReactNode;
  attention?: boolean;
}) {
  return (
    <div className={`kpi${attention ? ' attention' : ''}`}>
      <dt>{label}</dt>
      <dd>
        {formatNumber(value)}
        {note && <span className="kpi-note">{note}</span>}
      </dd>
    </div>
  );
}

function CenterKpis({ summary, linkExpiring }: { summary: TNetworkSummary; linkExpiring: boolean }) {
  const c = summary.centers;
  return (
    <>
      <Kpi label="Active centers" value={c.active} note={`of ${formatNumber(c.total)} in the directory`} />
      <Kpi label="States" value={c.states} note="with at least one center" />
      <Kpi label="Chapters" value={summary.chapters} note="state chapters" />
      <Kpi
        label="Accreditations expiring within a year"
        value={c.accreditationExpiringWithinYear}
        attention={c.accreditationExpiringWithinYear > 0}
        note={
          linkExpiring && c.accreditationExpiringWithinYear > 0 ? (
            <Link to="/centers?accreditation=expiring">Review these centers</Link>
          ) : (
            'in the next 12 months'
          )
        }
      />
    </>
  );
}

function PeopleByRole({ summary }: { summary: TNetworkSummary }) {
  const rows = [...(summary.people?.byRole ?? [])].sort((a, b) => b.count - a.count);
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <Card title="People by role" subtitle="Active roles across the network." headingLevel={3}>
      {rows.length === 0 ? (
        <p className="muted">No one holds a role yet.</p>
      ) : (
        <ul className="bar-list">
          {rows.map((r) => (
            <li key={r.role}>
              <span>{roleLabel(r.role)}</span>
              <span className="bar-track" aria-hidden="true">
                <span className="bar-fill" style={{ display: 'block', width: `${(r.count / max) * 100}%` }} />
              </span>
              <span className="num" style={{ textAlign: 'right' }}>
                {formatNumber(r.count)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function RecentActivity() {
  const events = useRecentAudit(8);
  return (
    <Card
      title="Recent activity"
      subtitle="The latest entries in the audit log."
      headingLevel={3}
      actions={<Link to="/audit">Open the audit log</Link>}
      flush
    >
      {events.isPending ? (
        <Spinner label="Loading activity…" />
      ) : events.error ? (
        <div className="card-body">
          <ErrorState error={events.error} onRetry={() => void events.refetch()} />
        </div>
      ) : events.data.length === 0 ? (
        <EmptyState title="No activity yet" />
      ) : (
        <TableWrap label="Recent activity">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {events.data.map((e) => (
                <tr key={e.seq}>
                  <td className="nowrap">
                    <DateTime value={e.occurredAt} />
                  </td>
                  <td>{e.actorName ?? (e.actorKind === 'system' ? 'System' : 'Not signed in')}</td>
                  <th scope="row">
                    {auditActionLabel(e.action)}
                    {e.centerName && <span className="cell-sub">{e.centerName}</span>}
                  </th>
                  <td>
                    {e.outcome === 'success' ? (
                      <Badge tone="success">Success</Badge>
                    ) : (
                      <Badge tone="danger">Failure</Badge>
                    )}
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

export function AdminOverview() {
  const summary = useNetworkSummary();
  usePreloadCharts();
  return (
    <section className="stack" aria-labelledby="home-network">
      <h2 id="home-network">Network overview</h2>
      {summary.isPending ? (
        <Spinner label="Loading the network summary…" />
      ) : summary.error ? (
        <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />
      ) : (
        <>
          <dl className="kpis">
            <CenterKpis summary={summary.data} linkExpiring />
            {summary.data.people && (
              <>
                <Kpi
                  label="Pending invitations"
                  value={summary.data.people.pendingInvitations}
                  note={<Link to="/invitations?status=pending">See invitations</Link>}
                />
                <Kpi
                  label="Accounts without two-step verification"
                  value={summary.data.people.withoutMfa}
                  attention={summary.data.people.withoutMfa > 0}
                  note={<Link to="/users">See people</Link>}
                />
              </>
            )}
          </dl>
          <Charts summary={summary.data} />
          <div className="grid-1-2">
            {summary.data.people && <PeopleByRole summary={summary.data} />}
            <RecentActivity />
          </div>
        </>
      )}
    </section>
  );
}

export function FunderOverview() {
  const summary = useNetworkSummary();
  usePreloadCharts();
  return (
    <section className="stack" aria-labelledby="home-funder">
      <h2 id="home-funder">Network at a glance</h2>
      <p className="muted">
        As a funder you see figures for the network as a whole. Records of individual people and any
        child-level data are not shown to funder accounts.
      </p>
      {summary.isPending ? (
        <Spinner label="Loading the network summary…" />
      ) : summary.error ? (
        <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />
      ) : (
        <>
          <dl className="kpis">
            <CenterKpis summary={summary.data} linkExpiring={false} />
            <Kpi
              label="Accreditations expired"
              value={summary.data.centers.accreditationExpired}
              attention={summary.data.centers.accreditationExpired > 0}
              note="awaiting re-accreditation"
            />
          </dl>
          <Charts summary={summary.data} />
          <Card title="Training and outcome figures" headingLevel={3}>
            <EmptyState title="Coming in a later release">
              Progress toward training targets, certifications and outcome measures will appear here, with
              small numbers suppressed to protect privacy.
            </EmptyState>
          </Card>
        </>
      )}
    </section>
  );
}
