/**
 * The audit log: who did what, when, with what outcome. Filters live in the address; older events
 * load on demand. Administrators can verify the hash chain of the whole log.
 */
import { useMutation } from '@tanstack/react-query';
import { Fragment, useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { useAuditEvents, useCenters, type AuditFilters } from '../../api/queries';
import type { TAuditEvent, TAuditVerification } from '../../api/types';
import { Alert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { DateTime } from '../../ui/date-time';
import { EmptyState } from '../../ui/empty-state';
import { SelectField, TextField } from '../../ui/field';
import { formatNumber } from '../../ui/format';
import { ListIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { TableWrap } from '../../ui/table';
import { useSearchState } from '../../ui/use-search-state';
import { useSession } from '../shell/session';
import { AUDIT_ACTION_OPTIONS, auditActionLabel } from './audit-actions';

const DEFAULTS = { action: '', outcome: '', actor: '', center: '', from: '', to: '' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Local calendar days to instants, so "to" includes the whole local day. */
function localDayStart(day: string): string {
  return new Date(`${day}T00:00:00`).toISOString();
}
function localDayEnd(day: string): string {
  return new Date(`${day}T23:59:59.999`).toISOString();
}

function Actor({ event }: { event: TAuditEvent }) {
  if (event.actorKind === 'system') return <span className="muted">System</span>;
  if (event.actorKind === 'anonymous' && !event.actorName)
    return <span className="muted">Not signed in</span>;
  return <span>{event.actorName ?? event.actorUserId ?? 'Unknown'}</span>;
}

function Target({ event }: { event: TAuditEvent }) {
  if (!event.targetType) return <span className="muted">—</span>;
  const id = event.targetId ?? '';
  const short = id.length > 12 ? `${id.slice(0, 8)}…` : id;
  const link =
    event.targetType === 'user' && id
      ? `/users/${id}`
      : event.targetType === 'center' && id
        ? `/centers/${id}`
        : null;
  return (
    <span>
      {event.targetType.replace(/_/g, ' ')}{' '}
      {id &&
        (link ? (
          <Link to={link} title={id} className="mono">
            {short}
          </Link>
        ) : (
          <span className="mono" title={id}>
            {short}
          </span>
        ))}
    </span>
  );
}

function Details({ event }: { event: TAuditEvent }) {
  const entries = Object.entries(event.details);
  return (
    <ul className="kv-list">
      {entries.map(([k, v]) => (
        <li key={k}>
          <span>{k}:</span> {typeof v === 'string' ? v : JSON.stringify(v)}
        </li>
      ))}
      {event.ip && (
        <li>
          <span>ip:</span> {event.ip}
        </li>
      )}
      {event.actorUserId && (
        <li>
          <span>actor id:</span> {event.actorUserId}
        </li>
      )}
      {event.targetId && (
        <li>
          <span>target id:</span> {event.targetId}
        </li>
      )}
      <li>
        <span>sequence:</span> {event.seq}
      </li>
      <li>
        <span>hash:</span> {event.hash}
      </li>
    </ul>
  );
}

function Verification() {
  const verify = useMutation({
    mutationFn: () => api.post<TAuditVerification>('/audit-events/verification'),
  });
  const r = verify.data;
  return (
    <div className="stack">
      <div>
        <Button onClick={() => verify.mutate()} busy={verify.isPending}>
          Verify integrity
        </Button>
      </div>
      <div aria-live="polite">
        {verify.error && <Alert tone="error">{verify.error.message}</Alert>}
        {r && r.ok && (
          <Alert tone="success" title="The audit log is intact">
            <p>
              {formatNumber(r.checked)} events checked; each one links to the one before it.
              {r.head && (
                <>
                  {' '}
                  Latest event #{r.head.seq}, hash <span className="hash">{r.head.hash}</span>
                </>
              )}
            </p>
          </Alert>
        )}
        {r && !r.ok && (
          <Alert tone="error" title="The audit log has been altered">
            <p>
              {formatNumber(r.checked)} events checked.
              {r.broken && (
                <>
                  {' '}
                  The chain breaks at event #{r.broken.seq}: {r.broken.reason}
                </>
              )}
            </p>
          </Alert>
        )}
      </div>
    </div>
  );
}

export function AuditPage() {
  const session = useSession();
  const [state, setState] = useSearchState(DEFAULTS);
  const [draft, setDraft] = useState(state);
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const [actorError, setActorError] = useState<string | null>(null);
  const stateKey = JSON.stringify(state);
  useEffect(() => setDraft(JSON.parse(stateKey) as typeof DEFAULTS), [stateKey]);
  const adminCenters = useCenters({ status: 'all', sort: 'name', pageSize: 500 }, session.isAdmin);
  const centerChoices = session.isAdmin
    ? (adminCenters.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.state})` }))
    : session.centersFor('center_director').map((c) => ({ value: c.id, label: c.name }));

  const filters: AuditFilters = {
    action: state.action || undefined,
    outcome: (state.outcome || undefined) as AuditFilters['outcome'],
    actorUserId: state.actor || undefined,
    centerId: state.center || undefined,
    from: state.from ? localDayStart(state.from) : undefined,
    to: state.to ? localDayEnd(state.to) : undefined,
  };
  const events = useAuditEvents(filters, 50);
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.values(state).some(Boolean);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (draft.actor && !UUID.test(draft.actor.trim())) {
      setActorError('must be a person’s identifier (a UUID), as shown on their People page');
      return;
    }
    setActorError(null);
    setState({ ...draft, actor: draft.actor.trim() });
  };
  const clear = () => {
    setDraft(DEFAULTS);
    setActorError(null);
    setState(DEFAULTS);
  };
  const toggle = (seq: number) =>
    setExpanded((s) => {
      const next = new Set(s);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });

  return (
    <div className="page">
      <PageHeader
        title="Audit log"
        lead={
          session.isAdmin
            ? 'Every sign-in and change in Waymark, in an append-only, hash-chained log.'
            : 'Sign-ins and changes that concern the centers you direct.'
        }
      />
      <div className="stack">
        {session.isAdmin && (
          <Card
            title="Integrity"
            subtitle="Checks that no event has been changed or removed since it was recorded."
          >
            <Verification />
          </Card>
        )}
        <Card flush>
          <form className="filters" onSubmit={apply} aria-label="Filter the audit log">
            <SelectField
              label="Action"
              value={draft.action}
              onChange={(e) => setDraft({ ...draft, action: e.target.value })}
              options={AUDIT_ACTION_OPTIONS}
              placeholder="Any action"
            />
            <SelectField
              label="Outcome"
              value={draft.outcome}
              onChange={(e) => setDraft({ ...draft, outcome: e.target.value })}
              options={[
                { value: 'success', label: 'Success' },
                { value: 'failure', label: 'Failure' },
              ]}
              placeholder="Any outcome"
            />
            <TextField
              label="Actor ID"
              value={draft.actor}
              onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
              placeholder="Person identifier"
              spellCheck={false}
              error={actorError}
            />
            <SelectField
              label="Center"
              value={draft.center}
              onChange={(e) => setDraft({ ...draft, center: e.target.value })}
              options={centerChoices}
              placeholder="Any center"
            />
            <TextField
              label="From"
              type="date"
              value={draft.from}
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            />
            <TextField
              label="To"
              type="date"
              value={draft.to}
              onChange={(e) => setDraft({ ...draft, to: e.target.value })}
            />
            <div className="row">
              <Button type="submit" variant="primary">
                Apply filters
              </Button>
              {filtered && <Button onClick={clear}>Clear</Button>}
            </div>
          </form>
          {events.isPending ? (
            <Spinner label="Loading events…" />
          ) : events.error ? (
            <div className="card-body">
              <ErrorState error={events.error} onRetry={() => void events.refetch()} />
            </div>
          ) : items.length === 0 ? (
            <EmptyState
              headingLevel={2}
              icon={<ListIcon />}
              title={filtered ? 'No events match these filters' : 'No events yet'}
            >
              {filtered
                ? 'Try a wider date range or fewer filters.'
                : 'Sign-ins and changes are recorded here.'}
            </EmptyState>
          ) : (
            <>
              <TableWrap label="Audit events">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Time</th>
                      <th scope="col">Actor</th>
                      <th scope="col">Action</th>
                      <th scope="col">Outcome</th>
                      <th scope="col">Target</th>
                      <th scope="col">Center</th>
                      <th scope="col">
                        <span className="visually-hidden">Details</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((ev) => {
                      const open = expanded.has(ev.seq);
                      return (
                        <Fragment key={ev.seq}>
                          <tr>
                            <td className="nowrap">
                              <DateTime value={ev.occurredAt} />
                            </td>
                            <td>
                              <Actor event={ev} />
                            </td>
                            <th scope="row">
                              {auditActionLabel(ev.action)}
                              <span className="cell-sub mono">{ev.action}</span>
                            </th>
                            <td>
                              {ev.outcome === 'success' ? (
                                <Badge tone="success">Success</Badge>
                              ) : (
                                <Badge tone="danger">Failure</Badge>
                              )}
                            </td>
                            <td>
                              <Target event={ev} />
                            </td>
                            <td>
                              {ev.centerId && ev.centerName ? (
                                <Link to={`/centers/${ev.centerId}`}>{ev.centerName}</Link>
                              ) : (
                                <span className="muted">—</span>
                              )}
                            </td>
                            <td className="actions-cell">
                              <Button
                                size="sm"
                                variant="ghost"
                                aria-expanded={open}
                                onClick={() => toggle(ev.seq)}
                              >
                                {open ? 'Hide details' : 'Details'}
                                <span className="visually-hidden"> of event {ev.seq}</span>
                              </Button>
                            </td>
                          </tr>
                          {open && (
                            <tr className="detail-row">
                              <td colSpan={7}>
                                <Details event={ev} />
                              </td>
                            </tr>
                          )}
                        </Fragment>
                      );
                    })}
                  </tbody>
                </table>
              </TableWrap>
              <div className="pagination">
                <span>
                  {formatNumber(items.length)} event{items.length === 1 ? '' : 's'} shown
                  {events.hasNextPage ? '' : ' (all)'}
                </span>
                {events.hasNextPage && (
                  <Button
                    size="sm"
                    onClick={() => void events.fetchNextPage()}
                    busy={events.isFetchingNextPage}
                  >
                    Load more
                  </Button>
                )}
              </div>
            </>
          )}
        </Card>
      </div>
    </div>
  );
}
