/**
 * People: everyone for administrators, the staff of their centers for directors. Search, filters
 * and pages live in the address.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useUsers, type UserListParams } from '../../api/queries';
import { Badge } from '../../ui/badge';
import { Card } from '../../ui/card';
import { DateTime } from '../../ui/date-time';
import { EmptyState } from '../../ui/empty-state';
import { SelectField, TextField } from '../../ui/field';
import { PeopleIcon } from '../../ui/icons';
import { membershipText, ROLE_OPTIONS } from '../../ui/labels';
import { PageHeader } from '../../ui/page-header';
import { Pagination } from '../../ui/pagination';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { TableWrap } from '../../ui/table';
import { Button } from '../../ui/button';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { useSearchState } from '../../ui/use-search-state';
import { useSession } from '../shell/session';

const PAGE_SIZE = 25;

export function UsersPage() {
  const session = useSession();
  const [state, setState] = useSearchState({ q: '', role: '', status: '', page: '1' });
  const [search, setSearch] = useState(state.q);
  const debounced = useDebouncedValue(search, 300);
  useEffect(() => {
    if (debounced.trim() !== state.q) setState({ q: debounced.trim() });
  }, [debounced]);
  useEffect(() => {
    if (state.q !== search.trim()) setSearch(state.q);
  }, [state.q]);

  const page = Math.max(1, Number(state.page) || 1);
  const params: UserListParams = {
    q: state.q || undefined,
    role: state.role || undefined,
    status: (state.status || undefined) as UserListParams['status'],
    page,
    pageSize: PAGE_SIZE,
  };
  const list = useUsers(params);
  const items = list.data?.items ?? [];
  const filtered = Boolean(state.q || state.role || state.status);
  const clear = () => {
    setSearch('');
    setState({ q: '', role: '', status: '' });
  };

  return (
    <div className="page">
      <PageHeader
        title="People"
        lead={
          session.isAdmin
            ? 'Everyone with a Waymark account: their roles, status and sign-in security.'
            : 'The staff of the centers you direct.'
        }
      />
      <Card flush>
        <form
          className="filters"
          role="search"
          aria-label="Filter people"
          onSubmit={(e) => e.preventDefault()}
        >
          <TextField
            className="search"
            label="Search people"
            type="search"
            placeholder="Name or e-mail address"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <SelectField
            label="Role"
            value={state.role}
            onChange={(e) => setState({ role: e.target.value })}
            options={ROLE_OPTIONS}
            placeholder="All roles"
          />
          <SelectField
            label="Account status"
            value={state.status}
            onChange={(e) => setState({ status: e.target.value })}
            options={[
              { value: 'active', label: 'Active' },
              { value: 'deactivated', label: 'Deactivated' },
            ]}
            placeholder="All"
          />
          {filtered && (
            <div>
              <Button onClick={clear}>Clear filters</Button>
            </div>
          )}
        </form>
        {list.isPending ? (
          <Spinner label="Loading people…" />
        ) : list.error ? (
          <div className="card-body">
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          </div>
        ) : items.length === 0 ? (
          <EmptyState
            headingLevel={2}
            icon={<PeopleIcon />}
            title={filtered ? 'No one matches these filters' : 'No people yet'}
          >
            {filtered
              ? 'Try a shorter search or fewer filters.'
              : 'People appear here once they accept an invitation.'}
          </EmptyState>
        ) : (
          <>
            <TableWrap label="People">
              <table className="table" aria-busy={list.isFetching || undefined}>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Roles</th>
                    <th scope="col">Status</th>
                    <th scope="col">Two-step verification</th>
                    <th scope="col">Last sign-in</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((u) => (
                    <tr key={u.id}>
                      <th scope="row" className="col-name">
                        <Link to={`/users/${u.id}`} className="cell-main">
                          {u.displayName}
                        </Link>
                        <span className="cell-sub email">{u.email}</span>
                      </th>
                      <td>
                        {u.roles.length === 0 ? (
                          <span className="muted">No active role</span>
                        ) : (
                          <ul className="role-list">
                            {u.roles.map((m) => (
                              <li key={m.id}>{membershipText(m)}</li>
                            ))}
                          </ul>
                        )}
                      </td>
                      <td>
                        {u.status === 'active' ? (
                          <Badge tone="success">Active</Badge>
                        ) : (
                          <Badge tone="danger">Deactivated</Badge>
                        )}
                      </td>
                      <td>
                        {u.mfaEnabled ? <Badge tone="success">On</Badge> : <Badge tone="warning">Off</Badge>}
                      </td>
                      <td className="nowrap">
                        <DateTime value={u.lastLoginAt} empty="Never" dateOnly />
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
              noun="people"
            />
          </>
        )}
      </Card>
    </div>
  );
}
