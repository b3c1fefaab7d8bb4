/**
 * One person: account, current roles and role history. Administrators deactivate or reactivate the
 * account, reset two-step verification, add roles and end any role; directors add and end roles
 * at the centers they direct. Nobody ends their own roles here.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { useUser } from '../../api/queries';
import type { TMembership, TUserDetail } from '../../api/types';
import { Alert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { DateTime } from '../../ui/date-time';
import { EmptyState } from '../../ui/empty-state';
import { formatDay } from '../../ui/format';
import { roleLabel } from '../../ui/labels';
import { PageHeader } from '../../ui/page-header';
import { NotFoundPage, PageQuery } from '../../ui/query-state';
import { TableWrap } from '../../ui/table';
import { useToast } from '../../ui/toasts';
import { useSession, type Session } from '../shell/session';
import { AddRoleDialog } from './add-role-dialog';

function Place({
  m,
}: {
  m: { centerId: string | null; centerName: string | null; partnerName: string | null };
}) {
  if (m.centerId && m.centerName) return <Link to={`/centers/${m.centerId}`}>{m.centerName}</Link>;
  if (m.partnerName) return <span>{m.partnerName}</span>;
  return <span className="muted">Whole network</span>;
}

/** Where a role applies, in words: "at Riverside CAC", "at Acme Corp", "across the whole network". */
function placeText(m: TMembership): string {
  if (m.centerName) return `at ${m.centerName}`;
  if (m.partnerName) return `at ${m.partnerName}`;
  return 'across the whole network';
}

/**
 * Whether the viewer may end this role: administrators any role, directors roles at the centers
 * they direct; nobody their own.
 */
function canEndRole(session: Session, user: TUserDetail, m: TMembership): boolean {
  if (user.id === session.me.user.id) return false;
  if (session.isAdmin) return true;
  return m.centerId !== null && session.centersFor('center_director').some((c) => c.id === m.centerId);
}

function UserView({ user }: { user: TUserDetail }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [confirm, setConfirm] = useState<'status' | 'mfa' | null>(null);
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<TMembership | null>(null);
  const isSelf = user.id === session.me.user.id;
  const deactivated = user.status === 'deactivated';

  const refresh = (u?: TUserDetail) => {
    if (u) queryClient.setQueryData(['user', u.id], u);
    else void queryClient.invalidateQueries({ queryKey: ['user', user.id] });
    void queryClient.invalidateQueries({ queryKey: ['users'] });
    void queryClient.invalidateQueries({ queryKey: ['staff'] });
    void queryClient.invalidateQueries({ queryKey: ['network-summary'] });
  };

  const setStatus = useMutation({
    mutationFn: () =>
      api.patch<TUserDetail>(`/users/${user.id}`, { status: deactivated ? 'active' : 'deactivated' }),
    onSuccess: (u) => {
      refresh(u);
      setConfirm(null);
      toast.success(
        u.status === 'active'
          ? `${u.displayName}'s account is active again.`
          : `${u.displayName}'s account was deactivated.`,
      );
    },
  });
  const resetMfa = useMutation({
    mutationFn: () => api.post(`/users/${user.id}/mfa-reset`),
    onSuccess: () => {
      refresh();
      setConfirm(null);
      toast.success(`Two-step verification was reset for ${user.displayName}.`);
    },
  });

  const endRole = useMutation({
    mutationFn: (m: TMembership) => api.delete<TUserDetail>(`/users/${user.id}/memberships/${m.id}`),
    onSuccess: (u, m) => {
      refresh(u);
      void queryClient.invalidateQueries({ queryKey: ['center'] });
      void queryClient.invalidateQueries({ queryKey: ['partner-organizations'] });
      setEnding(null);
      toast.success(`${u.displayName} is no longer ${roleLabel(m.role).toLowerCase()} ${placeText(m)}.`);
    },
    // The role may have changed meanwhile (ended elsewhere): show the person as they are now.
    onError: () => void queryClient.invalidateQueries({ queryKey: ['user', user.id] }),
  });

  const history = [...user.membershipHistory].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const canAddRole = session.isAdmin || session.has('center_director');
  const endable = new Set(user.roles.filter((m) => canEndRole(session, user, m)).map((m) => m.id));

  return (
    <div className="page">
      <PageHeader
        breadcrumb={<Link to="/users">People</Link>}
        title={user.displayName}
        lead={
          <>
            {user.email} ·{' '}
            {deactivated ? <Badge tone="danger">Deactivated</Badge> : <Badge tone="success">Active</Badge>}{' '}
            {user.mfaEnabled ? (
              <Badge tone="success">Two-step verification on</Badge>
            ) : (
              <Badge tone="warning">Two-step verification off</Badge>
            )}
          </>
        }
        actions={
          <>
            {canAddRole && !deactivated && <Button onClick={() => setAdding(true)}>Add role</Button>}
            {session.isAdmin && (
              <Button onClick={() => setConfirm('mfa')} disabled={!user.mfaEnabled}>
                Reset two-step verification
              </Button>
            )}
            {session.isAdmin && !isSelf && (
              <Button variant={deactivated ? 'primary' : 'danger'} onClick={() => setConfirm('status')}>
                {deactivated ? 'Reactivate account' : 'Deactivate account'}
              </Button>
            )}
          </>
        }
      />
      <div className="stack">
        {deactivated && (
          <Alert tone="warning" title="This account is deactivated">
            {user.displayName} cannot sign in. Their roles and history are kept.
          </Alert>
        )}
        <div className="grid-2">
          <Card title="Account">
            <dl className="details">
              <dt>Email</dt>
              <dd>{user.email}</dd>
              <dt>Status</dt>
              <dd>{deactivated ? 'Deactivated' : 'Active'}</dd>
              <dt>Two-step verification</dt>
              <dd>{user.mfaEnabled ? 'On' : 'Off'}</dd>
              <dt>Last sign-in</dt>
              <dd>
                <DateTime value={user.lastLoginAt} empty="Never" />
              </dd>
              <dt>Account created</dt>
              <dd>{formatDay(user.createdAt)}</dd>
            </dl>
          </Card>
          <Card title="Current roles" flush>
            {user.roles.length === 0 ? (
              session.isAdmin ? (
                <EmptyState title="No active role">
                  This person cannot see anything in Waymark until given a role.
                </EmptyState>
              ) : (
                <EmptyState title="No active role at your centers">
                  Roles this person may hold elsewhere in the network are not shown to you.
                </EmptyState>
              )
            ) : (
              <TableWrap label="Current roles">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Role</th>
                      <th scope="col">Where</th>
                      {endable.size > 0 && (
                        <th scope="col">
                          <span className="visually-hidden">Actions</span>
                        </th>
                      )}
                    </tr>
                  </thead>
                  <tbody>
                    {user.roles.map((m) => (
                      <tr key={m.id}>
                        <th scope="row">{roleLabel(m.role)}</th>
                        <td>
                          <Place m={m} />
                        </td>
                        {endable.size > 0 && (
                          <td className="actions-cell">
                            {endable.has(m.id) && (
                              <Button
                                size="sm"
                                variant="ghost"
                                onClick={() => {
                                  endRole.reset();
                                  setEnding(m);
                                }}
                              >
                                End role
                                <span className="visually-hidden">
                                  {' '}
                                  {roleLabel(m.role)} {placeText(m)}
                                </span>
                              </Button>
                            )}
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            )}
          </Card>
        </div>
        <Card title="Role history" subtitle="Every role this person has held, including ended ones." flush>
          {history.length === 0 ? (
            <EmptyState title="No roles recorded" />
          ) : (
            <TableWrap label="Role history">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Role</th>
                    <th scope="col">Where</th>
                    <th scope="col">From</th>
                    <th scope="col">Until</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {history.map((m) => (
                    <tr key={m.id}>
                      <th scope="row">{roleLabel(m.role)}</th>
                      <td>
                        <Place m={m} />
                      </td>
                      <td className="nowrap">{formatDay(m.createdAt)}</td>
                      <td className="nowrap">
                        {m.endedAt ? formatDay(m.endedAt) : <span className="muted">—</span>}
                      </td>
                      <td>{m.endedAt ? <Badge>Ended</Badge> : <Badge tone="success">Current</Badge>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </Card>
      </div>
      {confirm === 'status' && (
        <ConfirmDialog
          title={
            deactivated
              ? `Reactivate ${user.displayName}'s account?`
              : `Deactivate ${user.displayName}'s account?`
          }
          confirmLabel={deactivated ? 'Reactivate account' : 'Deactivate account'}
          danger={!deactivated}
          busy={setStatus.isPending}
          error={setStatus.error}
          onConfirm={() => setStatus.mutate()}
          onClose={() => {
            setStatus.reset();
            setConfirm(null);
          }}
        >
          {deactivated
            ? 'They can sign in again with their existing password and roles.'
            : 'They are signed out everywhere at once and cannot sign in until reactivated. Their roles and history are kept.'}
        </ConfirmDialog>
      )}
      {confirm === 'mfa' && (
        <ConfirmDialog
          title={`Reset two-step verification for ${user.displayName}?`}
          confirmLabel="Reset two-step verification"
          danger
          busy={resetMfa.isPending}
          error={resetMfa.error}
          onConfirm={() => resetMfa.mutate()}
          onClose={() => {
            resetMfa.reset();
            setConfirm(null);
          }}
        >
          Use this when someone has lost their phone and their recovery codes. Their authenticator and
          recovery codes stop working; {user.displayName} sets up two-step verification again at their next
          sign-in (if their role requires it) or from their account page. Confirm who is asking before you do
          this.
        </ConfirmDialog>
      )}
      {ending && (
        <ConfirmDialog
          title={`End ${user.displayName}'s role as ${roleLabel(ending.role).toLowerCase()} ${placeText(ending)}?`}
          confirmLabel="End role"
          danger
          busy={endRole.isPending}
          confirmDisabled={!user.roles.some((r) => r.id === ending.id)}
          error={endRole.error}
          onConfirm={() => endRole.mutate(ending)}
          onClose={() => {
            endRole.reset();
            setEnding(null);
          }}
        >
          <p>
            {user.displayName} will no longer be {roleLabel(ending.role).toLowerCase()} {placeText(ending)}{' '}
            and loses the access this role gives straight away.{' '}
            {!session.isAdmin
              ? 'Any roles they hold elsewhere in the network are not affected.'
              : user.roles.length > 1
                ? 'Their other roles are not affected.'
                : 'It is their only role: they can still sign in, but will see nothing until given a new one.'}
          </p>
          <p>The role stays in their role history and can be given again later.</p>
        </ConfirmDialog>
      )}
      {adding && <AddRoleDialog user={user} onClose={() => setAdding(false)} />}
    </div>
  );
}

export function UserDetailPage() {
  const { userId } = useParams();
  const valid = Boolean(userId && /^[0-9a-f-]{36}$/i.test(userId));
  const user = useUser(valid ? userId : undefined);
  const notFound = (
    <NotFoundPage title="Person not found" backTo="/users" backLabel="Back to people">
      This person does not exist, or is not visible to your account.
    </NotFoundPage>
  );
  if (!valid) return notFound;
  return (
    <PageQuery query={user} loadingLabel="Loading…" notFound={notFound}>
      {(u) => <UserView user={u} />}
    </PageQuery>
  );
}
