/**
 * The caseload: de-identified treatment episodes (a clinician's own, a director's center, every
 * center for administrators), with what is due, open alerts and whether each child is on track.
 * Filters are kept in the address so a view can be shared.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useStaff } from '../../api/queries';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { CheckboxField, SelectField, TextField } from '../../ui/field';
import { formatDate, plural } from '../../ui/format';
import { AlertIcon, ClipboardIcon, PlusIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { Pagination } from '../../ui/pagination';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { TableWrap } from '../../ui/table';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { useSearchState } from '../../ui/use-search-state';
import { useSession } from '../shell/session';
import { CaseloadAlerts } from './alerts';
import { DueText, EpisodeStatusBadge, NotOnTrackBadge } from './care-badges';
import { options, STATUS_LABEL, useEpisodes, type EpisodeListParams, type EpisodeStatus } from './care-api';
import { EpisodeFormDialog } from './episode-form-dialog';
import './care.css';

const PAGE_SIZE = 25;

export function CaseloadPage() {
  const session = useSession();
  const directed = session.centersFor('center_director');
  const onlyOwn = !session.isAdmin && directed.length === 0;
  const [state, setState] = useSearchState({
    q: '',
    status: 'any',
    attention: '',
    clinician: '',
    page: '1',
  });
  const [search, setSearch] = useState(state.q);
  const debounced = useDebouncedValue(search, 300);
  const [adding, setAdding] = useState(false);
  useEffect(() => {
    if (debounced.trim() !== state.q) setState({ q: debounced.trim() });
  }, [debounced]);
  useEffect(() => {
    if (state.q !== search.trim()) setSearch(state.q);
  }, [state.q]);

  // A director can narrow the list to one of their center's clinicians.
  const staff = useStaff(directed[0]?.id, false, directed.length > 0);
  const clinicians = (staff.data ?? []).filter((s) => s.role === 'clinician' && !s.endedAt);

  const page = Math.max(1, Number(state.page) || 1);
  const params: EpisodeListParams = {
    q: state.q || undefined,
    status: state.status === 'any' ? undefined : (state.status as EpisodeStatus),
    attention: state.attention === 'true' ? 'true' : undefined,
    clinicianId: state.clinician || undefined,
    page,
    pageSize: PAGE_SIZE,
  };
  const list = useEpisodes(params);
  const items = list.data?.items ?? [];
  const filtered =
    state.q !== '' || state.status !== 'any' || state.attention !== '' || state.clinician !== '';
  const clear = () => {
    setSearch('');
    setState({ q: '', status: 'any', attention: '', clinician: '' });
  };

  const lead = onlyOwn
    ? 'The children you treat, by case code: sessions, measures due and anything that needs attention.'
    : session.isAdmin
      ? 'Treatment episodes across the network, by case code.'
      : 'Your center’s treatment episodes, by case code: what is due and what needs attention.';
  const newEpisode = (
    <Button variant="primary" icon={<PlusIcon />} onClick={() => setAdding(true)}>
      New episode
    </Button>
  );

  return (
    <div className="page">
      <PageHeader title="Caseload" lead={lead} actions={newEpisode} />
      <div className="stack" style={{ gap: 24 }}>
        <CaseloadAlerts />
        <Card flush title="Episodes" subtitle={list.data ? plural(list.data.total, 'episode') : undefined}>
          <form
            className="filters"
            role="search"
            aria-label="Filter episodes"
            onSubmit={(e) => e.preventDefault()}
          >
            <TextField
              className="search"
              label="Search by case code"
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              maxLength={32}
              autoComplete="off"
            />
            <SelectField
              label="Status"
              value={state.status}
              onChange={(e) => setState({ status: e.target.value })}
              options={[{ value: 'any', label: 'Any status' }, ...options(STATUS_LABEL)]}
            />
            {directed.length > 0 && (
              <SelectField
                label="Clinician"
                value={state.clinician}
                onChange={(e) => setState({ clinician: e.target.value })}
                options={clinicians.map((c) => ({ value: c.userId, label: c.displayName }))}
                placeholder="All clinicians"
              />
            )}
            <div className="filters-check">
              <CheckboxField
                label="Needs attention"
                hint="A measure due or an open alert"
                checked={state.attention === 'true'}
                onChange={(e) => setState({ attention: e.target.checked ? 'true' : '' })}
              />
            </div>
            {filtered && (
              <div>
                <Button onClick={clear}>Clear filters</Button>
              </div>
            )}
          </form>
          {list.isPending ? (
            <Spinner label="Loading episodes…" />
          ) : list.error ? (
            <div className="card-body">
              <ErrorState error={list.error} onRetry={() => void list.refetch()} />
            </div>
          ) : items.length === 0 ? (
            <EmptyState
              icon={<ClipboardIcon />}
              title={filtered ? 'No episodes match these filters' : 'No episodes yet'}
              action={filtered ? <Button onClick={clear}>Clear filters</Button> : newEpisode}
            >
              {filtered
                ? 'Try another status, or clear the search.'
                : 'Record an episode when a child starts treatment or joins the waiting list.'}
            </EmptyState>
          ) : (
            <>
              <TableWrap label="Episodes">
                <table className="table caseload-table" aria-busy={list.isFetching || undefined}>
                  <caption className="visually-hidden">
                    Episodes by case code, with age, model, status, sessions, what is due, open alerts and
                    whether the child is on track
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Case code</th>
                      {!onlyOwn && <th scope="col">Clinician</th>}
                      <th scope="col" className="num">
                        Age
                      </th>
                      <th scope="col">Model</th>
                      <th scope="col">Status</th>
                      <th scope="col" className="num">
                        Sessions
                      </th>
                      <th scope="col">Last session</th>
                      <th scope="col">Due</th>
                      <th scope="col">Attention</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((e) => (
                      <tr key={e.id}>
                        <th scope="row">
                          <Link to={`/episodes/${e.id}`} className="cell-main mono">
                            {e.caseCode}
                          </Link>
                          {session.isAdmin && <span className="cell-sub">{e.centerName}</span>}
                        </th>
                        {!onlyOwn && <td>{e.clinicianName}</td>}
                        <td className="num">{e.ageYears}</td>
                        <td>{e.modelCode}</td>
                        <td>
                          <EpisodeStatusBadge status={e.status} />
                        </td>
                        <td className="num">{e.sessionCount}</td>
                        <td className="nowrap">{formatDate(e.lastSessionOn)}</td>
                        <td>
                          {e.status === 'closed' ? <span className="muted">—</span> : <DueText due={e.due} />}
                        </td>
                        <td>
                          <div className="care-attention">
                            {e.openAlerts > 0 && (
                              <Badge tone="danger">
                                <AlertIcon size={13} />
                                {e.openAlerts === 1 ? '1 open alert' : `${e.openAlerts} open alerts`}
                              </Badge>
                            )}
                            {e.notOnTrack && <NotOnTrackBadge />}
                            {e.openAlerts === 0 && !e.notOnTrack && <span className="muted">None</span>}
                          </div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              <Pagination
                page={page}
                pageSize={PAGE_SIZE}
                total={list.data?.total ?? 0}
                onPage={(p) => setState({ page: String(p) })}
                noun="episodes"
              />
            </>
          )}
        </Card>
      </div>
      {adding && <EpisodeFormDialog onClose={() => setAdding(false)} />}
    </div>
  );
}
