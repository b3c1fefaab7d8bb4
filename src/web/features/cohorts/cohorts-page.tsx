/**
 * The cohorts list: network administrators see every cohort and start new ones; trainers start
 * with the cohorts they train; directors and clinicians with the cohorts open for enrolment.
 * Filters are kept in the address so a view can be shared.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { CheckboxField, SelectField, TextField } from '../../ui/field';
import { PageHeader } from '../../ui/page-header';
import { Pagination } from '../../ui/pagination';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { TableWrap } from '../../ui/table';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { useSearchState } from '../../ui/use-search-state';
import { CalendarIcon, PlusIcon } from '../../ui/icons';
import { useSession } from '../shell/session';
import { CohortFormDialog } from './cohort-form-dialog';
import { CohortStatusBadge, Dates, Region, Seats } from './cohort-badges';
import { COHORT_STATUS_LABEL, MODALITY_LABEL, useCohorts, type CohortListParams } from './learning-api';
import './cohorts.css';

const PAGE_SIZE = 25;
const STATUS_OPTIONS = (Object.keys(COHORT_STATUS_LABEL) as (keyof typeof COHORT_STATUS_LABEL)[]).map(
  (s) => ({ value: s, label: COHORT_STATUS_LABEL[s] }),
);

export function CohortsPage() {
  const session = useSession();
  const isAdmin = session.isAdmin;
  const isTrainer = session.has('trainer') && !isAdmin;
  // Where each role starts: everything, the cohorts they train, or what is open for enrolment.
  const defaults = {
    q: '',
    status: isAdmin || isTrainer ? 'any' : 'open',
    mine: isTrainer ? 'true' : '',
    page: '1',
  };
  const [state, setState] = useSearchState(defaults);
  const [search, setSearch] = useState(state.q);
  const debounced = useDebouncedValue(search, 300);
  const [adding, setAdding] = useState(false);
  useEffect(() => {
    if (debounced.trim() !== state.q) setState({ q: debounced.trim() });
  }, [debounced]);
  useEffect(() => {
    if (state.q !== search.trim()) setSearch(state.q);
  }, [state.q]);

  const page = Math.max(1, Number(state.page) || 1);
  const params: CohortListParams = {
    q: state.q || undefined,
    status: state.status === 'any' ? undefined : (state.status as CohortListParams['status']),
    mine: state.mine === 'true' ? 'true' : undefined,
    page,
    pageSize: PAGE_SIZE,
  };
  const list = useCohorts(params);
  const items = list.data?.items ?? [];
  const filtered = state.q !== '' || state.status !== defaults.status || state.mine !== defaults.mine;
  const clear = () => {
    setSearch('');
    setState({ q: '', status: defaults.status, mine: defaults.mine });
  };

  const lead = isAdmin
    ? 'Every cohort and learning collaborative of the network: seats, waitlists, trainers and sessions.'
    : isTrainer
      ? 'The cohorts you train: their rosters, sessions and calls, attendance and the trainees who need help.'
      : session.has('center_director')
        ? 'Cohorts open for enrolment, and the places your clinicians hold in them.'
        : 'Cohorts open for enrolment, and the ones you take part in.';
  const mineLabel = session.has('trainer')
    ? 'Only cohorts I train or take part in'
    : 'Only cohorts I take part in';
  const newCohort = isAdmin && (
    <Button variant="primary" icon={<PlusIcon />} onClick={() => setAdding(true)}>
      New cohort
    </Button>
  );

  return (
    <div className="page">
      <PageHeader title="Cohorts" lead={lead} actions={newCohort} />
      <Card flush>
        <form
          className="filters"
          role="search"
          aria-label="Filter cohorts"
          onSubmit={(e) => e.preventDefault()}
        >
          <TextField
            className="search"
            label="Search cohorts"
            type="search"
            placeholder="Title"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <SelectField
            label="Status"
            value={state.status}
            onChange={(e) => setState({ status: e.target.value })}
            options={[{ value: 'any', label: 'Any status' }, ...STATUS_OPTIONS]}
          />
          {!isAdmin && (
            <div className="filters-check">
              <CheckboxField
                label={mineLabel}
                checked={state.mine === 'true'}
                onChange={(e) => setState({ mine: e.target.checked ? 'true' : 'false' })}
              />
            </div>
          )}
          {filtered && (
            <div>
              <Button onClick={clear}>Clear filters</Button>
            </div>
          )}
        </form>
        {list.isPending ? (
          <Spinner label="Loading cohorts…" />
        ) : list.error ? (
          <div className="card-body">
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          </div>
        ) : items.length === 0 ? (
          <EmptyState
            headingLevel={2}
            icon={<CalendarIcon />}
            title={filtered ? 'No cohorts match these filters' : 'No cohorts here yet'}
            action={filtered ? <Button onClick={clear}>Clear filters</Button> : newCohort}
          >
            {filtered
              ? 'Try a shorter search or another status.'
              : isTrainer
                ? 'Cohorts appear here once the network administrator names you as a trainer.'
                : 'Cohorts appear here once the network administrator opens them.'}
          </EmptyState>
        ) : (
          <>
            <TableWrap label="Cohorts">
              <table className="table cohorts-table" aria-busy={list.isFetching || undefined}>
                <caption className="visually-hidden">
                  Cohorts, with their dates, modality, region, trainers, seats and status
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Cohort</th>
                    <th scope="col">Dates</th>
                    <th scope="col">Modality</th>
                    <th scope="col">Region</th>
                    <th scope="col" className="col-trainers">
                      Trainers
                    </th>
                    <th scope="col" className="num">
                      Seats used, waitlist
                    </th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((c) => (
                    <tr key={c.id}>
                      <th scope="row" className="col-name">
                        <Link to={`/cohorts/${c.id}`} className="cell-main">
                          {c.title}
                        </Link>
                        <span className="cell-sub">
                          {c.course ? (
                            <>
                              <span className="mono">{c.course.code}</span> · {c.course.title}
                            </>
                          ) : (
                            'Learning collaborative'
                          )}
                        </span>
                      </th>
                      <td className="nowrap">
                        <Dates cohort={c} />
                      </td>
                      <td>{MODALITY_LABEL[c.modality]}</td>
                      <td>
                        <Region states={c.states} />
                      </td>
                      <td className="col-trainers">
                        {c.trainers.length === 0 ? (
                          <span className="muted">None yet</span>
                        ) : (
                          c.trainers.map((t) => (
                            <span key={t.id} className="cohort-trainer">
                              {t.displayName}
                            </span>
                          ))
                        )}
                      </td>
                      <td className="num">
                        <Seats cohort={c} />
                        <span className="cell-sub">
                          {c.waitlistCount === 0 ? 'no waitlist' : `${c.waitlistCount} waiting`}
                        </span>
                      </td>
                      <td>
                        <CohortStatusBadge status={c.status} />
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
              noun="cohorts"
            />
          </>
        )}
      </Card>
      {adding && <CohortFormDialog onClose={() => setAdding(false)} />}
    </div>
  );
}
