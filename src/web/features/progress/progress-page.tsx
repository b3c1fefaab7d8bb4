/**
 * The progress roster: every clinician in reach (the network for administrators, their centers for
 * directors, their cohorts for trainers) against every pathway, with a summary by state and the
 * trainees at risk. Filters are kept in the address so a view can be shared.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { PATHWAY_STATE_LABEL, PATHWAY_STATES } from '../../../shared/pathways';
import { useCenters, usePathways, useProgressRoster, type RosterParams } from '../../api/queries';
import type { TRoster, TRosterRow } from '../../api/types';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { CheckboxField, SelectField, TextField } from '../../ui/field';
import { formatDate, formatNumber, plural } from '../../ui/format';
import { AlertIcon, PeopleIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { Pagination } from '../../ui/pagination';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { TableWrap } from '../../ui/table';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { useSearchState } from '../../ui/use-search-state';
import { useSession } from '../shell/session';
import { countByState, StateChart } from './progress-chart';
import { PathwayStateBadge, pathwayBarTone, ProgressBar } from './progress-ui';

const PAGE_SIZE = 25;
const DEFAULTS = { center: '', pathway: '', state: '', atRisk: '', everyone: '', q: '', page: '1' };
const STATE_OPTIONS = PATHWAY_STATES.map((s) => ({ value: s, label: PATHWAY_STATE_LABEL[s] }));

type Cell = TRosterRow['pathways'][number];

function RosterCell({ cell, pathwayName }: { cell: Cell | undefined; pathwayName: string }) {
  if (!cell)
    return (
      <td className="roster-cell roster-empty">
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">Not on this pathway</span>
      </td>
    );
  const expires = cell.credential?.expiresOn;
  const holds = cell.credential && cell.credential.status !== 'revoked';
  return (
    <td className="roster-cell">
      <PathwayStateBadge state={cell.state} />
      <div className="roster-bar">
        <ProgressBar
          value={cell.percent}
          label={pathwayName}
          valueText={`${Math.round(cell.percent)}%, ${cell.met} of ${cell.total} requirements met`}
          tone={pathwayBarTone(cell.state)}
          size="sm"
        />
        <span className="roster-percent">{Math.round(cell.percent)}%</span>
      </div>
      {holds && expires ? (
        <span className="cell-sub">
          {cell.credential!.status === 'expired' ? 'Expired' : 'Until'} {formatDate(expires)}
        </span>
      ) : (
        <span className="cell-sub">
          {cell.met} of {cell.total} met
        </span>
      )}
      {cell.risks.length > 0 && (
        <span className="cell-sub text-warning roster-risk">
          <AlertIcon size={14} /> {plural(cell.risks.length, 'risk')}
        </span>
      )}
    </td>
  );
}

function RosterTable({ roster, rows }: { roster: TRoster; rows: TRosterRow[] }) {
  // Columns: the pathways someone in this view is on.
  const present = new Set(roster.items.flatMap((r) => r.pathways.map((c) => c.pathwayId)));
  const columns = roster.pathways.filter((p) => present.has(p.id));
  return (
    <TableWrap label="Progress by clinician and pathway">
      <table className="table roster">
        <thead>
          <tr>
            <th scope="col">Clinician</th>
            {columns.map((p) => (
              <th scope="col" key={p.id} className="roster-pathway">
                {p.name}
                <span className="cell-sub">{p.code}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const byPathway = new Map(row.pathways.map((c) => [c.pathwayId, c]));
            return (
              <tr key={row.clinician.id}>
                <th scope="row" className="col-name">
                  <Link to={`/clinicians/${row.clinician.id}/progress`} className="cell-main">
                    {row.clinician.displayName}
                  </Link>
                  <span className="cell-sub">{row.clinician.centerName}</span>
                </th>
                {columns.map((p) => (
                  <RosterCell key={p.id} cell={byPathway.get(p.id)} pathwayName={p.name} />
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

function AtRiskPanel({ roster, limit }: { roster: TRoster; limit: number }) {
  const codes = new Map(roster.pathways.map((p) => [p.id, p.name]));
  const atRisk = roster.items
    .map((row) => ({ row, cells: row.pathways.filter((c) => c.risks.length > 0) }))
    .filter((x) => x.cells.length > 0);
  const shown = atRisk.slice(0, limit);
  return (
    <Card
      title="Trainees at risk"
      subtitle={
        atRisk.length > 0
          ? `${plural(atRisk.length, 'person', 'people')} with missed calls, no case started, or a consultation window about to close.`
          : 'Missed calls, no case started, or a consultation window about to close.'
      }
      headingLevel={2}
      flush
    >
      {atRisk.length === 0 ? (
        <EmptyState title="No one is at risk in this view">
          Risks appear here as soon as attendance or cases fall behind.
        </EmptyState>
      ) : (
        <ul className="risk-people">
          {shown.map(({ row, cells }) => (
            <li key={row.clinician.id}>
              <div className="row-between">
                <Link to={`/clinicians/${row.clinician.id}/progress`} className="cell-main">
                  {row.clinician.displayName}
                </Link>
                <span className="muted small">{row.clinician.centerName}</span>
              </div>
              {cells.map((c) => (
                <div key={c.pathwayId} className="risk-detail">
                  <span className="small muted">{codes.get(c.pathwayId) ?? c.pathwayCode}</span>
                  <ul>
                    {c.risks.map((r) => (
                      <li key={r.code}>{r.message}</li>
                    ))}
                  </ul>
                </div>
              ))}
            </li>
          ))}
          {atRisk.length > shown.length && (
            <li className="muted small">
              And {plural(atRisk.length - shown.length, 'more person', 'more people')}: tick “At risk only” to
              list everyone at risk below.
            </li>
          )}
        </ul>
      )}
    </Card>
  );
}

export function ProgressPage() {
  const session = useSession();
  const [state, setState] = useSearchState(DEFAULTS);
  const [search, setSearch] = useState(state.q);
  const debounced = useDebouncedValue(search, 250);
  useEffect(() => {
    if (debounced.trim() !== state.q) setState({ q: debounced.trim() });
  }, [debounced]);
  useEffect(() => {
    if (state.q !== search.trim()) setSearch(state.q);
  }, [state.q]);

  const isAdmin = session.isAdmin;
  const isTrainerOnly = session.has('trainer') && !session.has('network_admin', 'center_director');
  const centers = useCenters({ status: 'all', sort: 'name', order: 'asc', pageSize: 500 }, isAdmin);
  const pathways = usePathways();
  const params: RosterParams = {
    centerId: (isAdmin && state.center) || undefined,
    pathwayId: state.pathway || undefined,
    state: state.state || undefined,
    atRisk: state.atRisk === 'true' ? 'true' : undefined,
  };
  const roster = useProgressRoster(params);

  const filtered = Boolean(state.center || state.pathway || state.state || state.atRisk || state.q);
  const clear = () => {
    setSearch('');
    setState({ center: '', pathway: '', state: '', atRisk: '', q: '' });
  };
  const q = state.q.toLowerCase();
  const everyone = state.everyone === 'true';
  const matching = (roster.data?.items ?? []).filter(
    (r) =>
      !q ||
      r.clinician.displayName.toLowerCase().includes(q) ||
      r.clinician.centerName.toLowerCase().includes(q),
  );
  const onNone = matching.filter((r) => r.pathways.length === 0).length;
  const rows = everyone ? matching : matching.filter((r) => r.pathways.length > 0);
  const page = Math.max(1, Number(state.page) || 1);
  const pageRows = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const stateCounts = countByState(rows.flatMap((r) => r.pathways.map((c) => c.state)));

  const directed = session.centersFor('center_director');
  const lead = isAdmin
    ? 'Every clinician of the network on a certification pathway: where each stands, and who needs help.'
    : directed.length > 0
      ? `Clinicians of ${directed.map((c) => c.name).join(', ')}${session.has('trainer') ? ' and of your cohorts' : ''}: where each stands, and who needs help.`
      : 'The people in your cohorts: where each stands on their pathway, and who needs help.';

  const summary = roster.data && (
    <>
      {isTrainerOnly && <AtRiskPanel roster={{ ...roster.data, items: rows }} limit={20} />}
      <div className="grid-2 progress-summary">
        <Card title="Clinicians by state" headingLevel={2}>
          {stateCounts.length === 0 ? (
            <p className="muted">No one to count in this view.</p>
          ) : (
            <StateChart counts={stateCounts} />
          )}
        </Card>
        {!isTrainerOnly && <AtRiskPanel roster={{ ...roster.data, items: rows }} limit={4} />}
        {isTrainerOnly && (
          <Card title="In this view" headingLevel={2}>
            <dl className="totals">
              <div>
                <dt>People</dt>
                <dd>{formatNumber(rows.length)}</dd>
              </div>
              <div>
                <dt>Complete</dt>
                <dd>{formatNumber(stateCounts.find((c) => c.state === 'complete')?.count ?? 0)}</dd>
              </div>
              <div>
                <dt>Certified</dt>
                <dd>{formatNumber(stateCounts.find((c) => c.state === 'certified')?.count ?? 0)}</dd>
              </div>
            </dl>
          </Card>
        )}
      </div>
    </>
  );

  return (
    <div className="page">
      <PageHeader title="Progress" lead={lead} />
      <div className="stack">
        <Card flush>
          <form
            className="filters"
            role="search"
            aria-label="Filter progress"
            onSubmit={(e) => e.preventDefault()}
          >
            <TextField
              className="search"
              label="Search people"
              type="search"
              placeholder="Name or center"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
            {isAdmin && (
              <SelectField
                label="Center"
                value={state.center}
                onChange={(e) => setState({ center: e.target.value })}
                options={(centers.data?.items ?? []).map((c) => ({
                  value: c.id,
                  label: `${c.name} (${c.state})`,
                }))}
                placeholder="All centers"
              />
            )}
            <SelectField
              label="Pathway"
              value={state.pathway}
              onChange={(e) => setState({ pathway: e.target.value })}
              options={(pathways.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
              placeholder="All pathways"
            />
            <SelectField
              label="State"
              value={state.state}
              onChange={(e) => setState({ state: e.target.value })}
              options={STATE_OPTIONS}
              placeholder="Any state"
            />
            <div className="filters-check">
              <CheckboxField
                label="At risk only"
                checked={state.atRisk === 'true'}
                onChange={(e) => setState({ atRisk: e.target.checked ? 'true' : '' })}
              />
            </div>
            {filtered && (
              <div>
                <Button onClick={clear}>Clear filters</Button>
              </div>
            )}
          </form>
        </Card>

        {roster.isPending ? (
          <Spinner label="Computing progress…" />
        ) : roster.error ? (
          <ErrorState error={roster.error} onRetry={() => void roster.refetch()} />
        ) : (
          <>
            {summary}
            <Card
              title="Clinicians and pathways"
              subtitle="Each cell shows the state, how far along, and until when a credential is valid. Open a name for the details."
              headingLevel={2}
              flush
              actions={
                (onNone > 0 || everyone) && (
                  <CheckboxField
                    label={`Include ${plural(onNone, 'clinician')} on no pathway`}
                    checked={everyone}
                    onChange={(e) => setState({ everyone: e.target.checked ? 'true' : '' })}
                  />
                )
              }
              footer={
                <p className="muted small">
                  {plural(roster.data.clinicians, 'clinician')} evaluated in{' '}
                  {formatNumber(Math.round(roster.data.computeMs))} ms · figures as of{' '}
                  {formatDate(roster.data.asOf)}
                </p>
              }
            >
              {rows.length === 0 ? (
                <EmptyState
                  icon={<PeopleIcon />}
                  title={filtered ? 'No one matches these filters' : 'No one on a pathway yet'}
                  action={filtered && <Button onClick={clear}>Clear filters</Button>}
                >
                  {filtered
                    ? 'Try fewer filters or a shorter search.'
                    : 'Clinicians appear here once they are enrolled on a certification pathway.'}
                </EmptyState>
              ) : (
                <>
                  <div aria-busy={roster.isFetching || undefined}>
                    <RosterTable roster={roster.data} rows={pageRows} />
                  </div>
                  <Pagination
                    page={page}
                    pageSize={PAGE_SIZE}
                    total={rows.length}
                    onPage={(p) => setState({ page: String(p) })}
                    noun="clinicians"
                  />
                </>
              )}
            </Card>
          </>
        )}
      </div>
    </div>
  );
}
