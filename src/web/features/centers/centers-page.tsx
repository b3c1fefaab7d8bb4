/**
 * The directory of centers: search, filters, sorting and pages, all kept in the address so a view
 * can be shared. Administrators add centers here.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useCenters, useChapters, type CenterListParams } from '../../api/queries';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { SelectField, TextField } from '../../ui/field';
import { BuildingIcon } from '../../ui/icons';
import { MEMBER_TYPE_OPTIONS, memberTypeLabel, STATE_OPTIONS, stateName } from '../../ui/labels';
import { PageHeader } from '../../ui/page-header';
import { Pagination } from '../../ui/pagination';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { SortHeader, TableWrap, type SortOrder } from '../../ui/table';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { useSearchState } from '../../ui/use-search-state';
import { useSession } from '../shell/session';
import { ACCREDITATION_FILTERS, AccreditationBadge, AccreditationExpiry } from './accreditation';
import { CenterFormDialog } from './center-form-dialog';

const PAGE_SIZE = 25;
const DEFAULTS = {
  q: '',
  state: '',
  memberType: '',
  chapterId: '',
  status: 'active',
  accreditation: '',
  sort: 'name',
  order: 'asc',
  page: '1',
};
type SortKey = 'name' | 'state' | 'accreditationExpiresOn';

export function CentersPage() {
  const session = useSession();
  const [state, setState] = useSearchState(DEFAULTS);
  const [search, setSearch] = useState(state.q);
  const debounced = useDebouncedValue(search, 300);
  const [adding, setAdding] = useState(false);
  const chapters = useChapters();

  useEffect(() => {
    // The typed text drives the address; the address drives the box on back and forward.
    if (debounced.trim() !== state.q) setState({ q: debounced.trim() });
  }, [debounced]);
  useEffect(() => {
    if (state.q !== search.trim()) setSearch(state.q);
  }, [state.q]);

  const page = Math.max(1, Number(state.page) || 1);
  const params: CenterListParams = {
    q: state.q || undefined,
    state: state.state || undefined,
    memberType: state.memberType || undefined,
    chapterId: state.chapterId || undefined,
    status: state.status as CenterListParams['status'],
    accreditation: (state.accreditation || undefined) as CenterListParams['accreditation'],
    sort: state.sort as CenterListParams['sort'],
    order: state.order as SortOrder,
    page,
    pageSize: PAGE_SIZE,
  };
  const list = useCenters(params);

  const sortBy = (key: SortKey) =>
    setState({ sort: key, order: state.sort === key && state.order === 'asc' ? 'desc' : 'asc' });
  const filtered =
    Boolean(state.q || state.state || state.memberType || state.chapterId || state.accreditation) ||
    state.status !== 'active';
  const clear = () => {
    setSearch('');
    setState({ q: '', state: '', memberType: '', chapterId: '', status: 'active', accreditation: '' });
  };
  const items = list.data?.items ?? [];
  const showStatus = state.status !== 'active';

  return (
    <div className="page">
      <PageHeader
        title="Centers"
        lead="The Children’s Advocacy Centers of the network: where they are, their membership and accreditation."
        actions={
          session.isAdmin && (
            <Button variant="primary" onClick={() => setAdding(true)}>
              Add center
            </Button>
          )
        }
      />
      <Card flush>
        <form
          className="filters"
          role="search"
          aria-label="Filter centers"
          onSubmit={(e) => e.preventDefault()}
        >
          <TextField
            className="search"
            label="Search centers"
            type="search"
            placeholder="Name, county or 3-digit ZIP"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <SelectField
            label="State"
            value={state.state}
            onChange={(e) => setState({ state: e.target.value })}
            options={STATE_OPTIONS}
            placeholder="All states"
          />
          <SelectField
            label="Member type"
            value={state.memberType}
            onChange={(e) => setState({ memberType: e.target.value })}
            options={MEMBER_TYPE_OPTIONS}
            placeholder="All types"
          />
          <SelectField
            label="Chapter"
            value={state.chapterId}
            onChange={(e) => setState({ chapterId: e.target.value })}
            options={(chapters.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            placeholder="All chapters"
          />
          <SelectField
            label="Status"
            value={state.status}
            onChange={(e) => setState({ status: e.target.value })}
            options={[
              { value: 'active', label: 'Active' },
              { value: 'inactive', label: 'Inactive' },
              { value: 'all', label: 'All' },
            ]}
          />
          <SelectField
            label="Accreditation"
            value={state.accreditation}
            onChange={(e) => setState({ accreditation: e.target.value })}
            options={ACCREDITATION_FILTERS}
            placeholder="Any accreditation"
          />
          {filtered && (
            <div>
              <Button onClick={clear}>Clear filters</Button>
            </div>
          )}
        </form>
        {list.isPending ? (
          <Spinner label="Loading centers…" />
        ) : list.error ? (
          <div className="card-body">
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          </div>
        ) : items.length === 0 ? (
          <EmptyState
            headingLevel={2}
            icon={<BuildingIcon />}
            title={filtered ? 'No centers match these filters' : 'No centers yet'}
            action={
              filtered ? (
                <Button onClick={clear}>Clear filters</Button>
              ) : (
                session.isAdmin && (
                  <Button variant="primary" onClick={() => setAdding(true)}>
                    Add center
                  </Button>
                )
              )
            }
          >
            {filtered
              ? 'Try a shorter search or fewer filters.'
              : 'Centers appear here once they are added or imported from a CSV file.'}
          </EmptyState>
        ) : (
          <>
            <TableWrap label="Centers">
              <table className="table" aria-busy={list.isFetching || undefined}>
                <thead>
                  <tr>
                    <SortHeader
                      label="Name"
                      active={state.sort === 'name'}
                      order={state.order as SortOrder}
                      onSort={() => sortBy('name')}
                    />
                    <SortHeader
                      label="State"
                      active={state.sort === 'state'}
                      order={state.order as SortOrder}
                      onSort={() => sortBy('state')}
                    />
                    <th scope="col">Member type</th>
                    <th scope="col" className="hide-narrow">
                      Chapter
                    </th>
                    <SortHeader
                      label="Accreditation expires"
                      active={state.sort === 'accreditationExpiresOn'}
                      order={state.order as SortOrder}
                      onSort={() => sortBy('accreditationExpiresOn')}
                    />
                    {showStatus && <th scope="col">Status</th>}
                  </tr>
                </thead>
                <tbody>
                  {items.map((c) => (
                    <tr key={c.id}>
                      <th scope="row" className="col-name">
                        <Link to={`/centers/${c.id}`} className="cell-main">
                          {c.name}
                        </Link>
                        <span className="cell-sub">
                          {c.county} County · ZIP {c.zip3}xx
                        </span>
                      </th>
                      <td>
                        <abbr title={stateName(c.state)}>{c.state}</abbr>
                      </td>
                      <td>{memberTypeLabel(c.memberType)}</td>
                      <td className="hide-narrow">{c.chapterName ?? <span className="muted">—</span>}</td>
                      <td className="nowrap">
                        <AccreditationExpiry expiresOn={c.accreditationExpiresOn} compact />
                        <span className="cell-sub">
                          <AccreditationBadge expiresOn={c.accreditationExpiresOn} />
                        </span>
                      </td>
                      {showStatus && (
                        <td>{c.active ? <Badge tone="success">Active</Badge> : <Badge>Inactive</Badge>}</td>
                      )}
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
              noun="centers"
            />
          </>
        )}
      </Card>
      {adding && <CenterFormDialog onClose={() => setAdding(false)} />}
    </div>
  );
}
