/**
 * Staff of one center: who holds which role, whether they use two-step verification, and (for the
 * center's director and administrators) changing a role or ending it.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { CENTER_ROLES, type CenterRole } from '../../../shared/roles';
import { api, formErrors, isApiError } from '../../api/client';
import { useStaff } from '../../api/queries';
import type { TStaffMember } from '../../api/types';
import { Alert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { DateTime } from '../../ui/date-time';
import { Dialog } from '../../ui/dialog';
import { EmptyState } from '../../ui/empty-state';
import { CheckboxField, SelectField } from '../../ui/field';
import { formatDay } from '../../ui/format';
import { PeopleIcon } from '../../ui/icons';
import { roleLabel, roleOptions } from '../../ui/labels';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { TableWrap } from '../../ui/table';
import { useToast } from '../../ui/toasts';
import { useSession } from '../shell/session';

export function staffSummary(staff: TStaffMember[]): string {
  const active = staff.filter((s) => !s.endedAt);
  const counts = CENTER_ROLES.map((r) => ({ r, n: active.filter((s) => s.role === r).length })).filter(
    (x) => x.n > 0,
  );
  return counts.map((x) => `${x.n} ${roleLabel(x.r).toLowerCase()}${x.n === 1 ? '' : 's'}`).join(', ');
}

function ChangeRoleDialog({
  centerId,
  member,
  onClose,
}: {
  centerId: string;
  member: TStaffMember;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [role, setRole] = useState<CenterRole>(
    (CENTER_ROLES as readonly string[]).includes(member.role) ? (member.role as CenterRole) : 'clinician',
  );
  const change = useMutation({
    mutationFn: () => api.patch<TStaffMember>(`/centers/${centerId}/staff/${member.membershipId}`, { role }),
    onSuccess: (m) => {
      void queryClient.invalidateQueries({ queryKey: ['staff', centerId] });
      void queryClient.invalidateQueries({ queryKey: ['user', m.userId] });
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      toast.success(`${m.displayName} is now ${roleLabel(m.role).toLowerCase()}.`);
      onClose();
    },
  });
  const errors = formErrors(change.error, ['role']);
  return (
    <Dialog
      title={`Change the role of ${member.displayName}`}
      description="The person keeps their account and history; their access follows the new role."
      onClose={onClose}
      busy={change.isPending}
      onSubmit={() => (role === member.role ? onClose() : change.mutate())}
      footer={
        <>
          <Button onClick={onClose} disabled={change.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={change.isPending}>
            Change role
          </Button>
        </>
      }
    >
      <div className="form">
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <p>
          Current role: <strong>{roleLabel(member.role)}</strong>
        </p>
        <SelectField
          label="New role"
          value={role}
          onChange={(e) => setRole(e.target.value as CenterRole)}
          options={roleOptions(CENTER_ROLES)}
          error={errors.fields.role}
        />
      </div>
    </Dialog>
  );
}

export function StaffSection({
  centerId,
  centerName,
  canManage,
  canOpenPeople,
}: {
  centerId: string;
  centerName: string;
  canManage: boolean;
  canOpenPeople: boolean;
}) {
  const { me } = useSession();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [showFormer, setShowFormer] = useState(false);
  const staff = useStaff(centerId, showFormer);
  const [changing, setChanging] = useState<TStaffMember | null>(null);
  const [ending, setEnding] = useState<TStaffMember | null>(null);

  const end = useMutation({
    mutationFn: (m: TStaffMember) => api.delete(`/centers/${centerId}/staff/${m.membershipId}`),
    onSuccess: (_r, m) => {
      void queryClient.invalidateQueries({ queryKey: ['staff', centerId] });
      void queryClient.invalidateQueries({ queryKey: ['center', centerId] });
      void queryClient.invalidateQueries({ queryKey: ['user', m.userId] });
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      toast.success(`${m.displayName}'s role as ${roleLabel(m.role).toLowerCase()} has ended.`);
      setEnding(null);
    },
  });

  // The API answers 404 to anyone who is not staff of this center: say so plainly.
  if (staff.error && isApiError(staff.error) && staff.error.status === 404) return null;

  const items = staff.data ?? [];
  const active = items.filter((s) => !s.endedAt);
  // Sign-in details of colleagues (two-step verification, last sign-in, former staff) are for the
  // center's managers only; the API leaves them out for everyone else.
  const withoutMfa = canManage ? active.filter((s) => s.mfaEnabled === false).length : 0;

  return (
    <Card
      title="Staff"
      subtitle={
        staff.data
          ? active.length === 0
            ? 'No active staff.'
            : `${staffSummary(items)}${withoutMfa > 0 ? ` · ${withoutMfa} without two-step verification` : ''}`
          : undefined
      }
      actions={
        canManage && (
          <CheckboxField
            label="Show former staff"
            checked={showFormer}
            onChange={(e) => setShowFormer(e.target.checked)}
          />
        )
      }
      flush
    >
      {staff.isPending ? (
        <Spinner label="Loading staff…" />
      ) : staff.error ? (
        <div className="card-body">
          <ErrorState error={staff.error} onRetry={() => void staff.refetch()} />
        </div>
      ) : items.length === 0 ? (
        <EmptyState icon={<PeopleIcon />} title="No staff yet">
          {canManage
            ? 'Invite the center’s clinicians, trainers and directors to get started.'
            : 'No one works here yet.'}
        </EmptyState>
      ) : (
        <TableWrap label={`Staff of ${centerName}`}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                {canManage && <th scope="col">Two-step verification</th>}
                {canManage && <th scope="col">Last sign-in</th>}
                <th scope="col">{showFormer ? 'Period' : 'Since'}</th>
                {canManage && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((m) => {
                // Nobody changes or ends their own role (the server refuses it too).
                const isSelf = m.userId === me.user.id;
                return (
                  <tr key={m.membershipId}>
                    <th scope="row" className="col-name">
                      {canOpenPeople ? (
                        <Link to={`/users/${m.userId}`} className="cell-main">
                          {m.displayName}
                        </Link>
                      ) : (
                        <span className="cell-main">{m.displayName}</span>
                      )}
                      {isSelf && (
                        <>
                          {' '}
                          <Badge tone="info">You</Badge>
                        </>
                      )}
                      <span className="cell-sub email">{m.email}</span>
                    </th>
                    <td>
                      {roleLabel(m.role)}
                      {m.endedAt && (
                        <>
                          {' '}
                          <Badge>Former</Badge>
                        </>
                      )}
                      {m.status === 'deactivated' && (
                        <>
                          {' '}
                          <Badge tone="danger">Account deactivated</Badge>
                        </>
                      )}
                    </td>
                    {canManage && (
                      <td>
                        {m.mfaEnabled ? <Badge tone="success">On</Badge> : <Badge tone="warning">Off</Badge>}
                      </td>
                    )}
                    {canManage && (
                      <td className="nowrap">
                        <DateTime value={m.lastLoginAt} empty="Never" dateOnly />
                      </td>
                    )}
                    <td>
                      <span className="nowrap">{formatDay(m.since)}</span>
                      {m.endedAt && (
                        <>
                          {' –'} <span className="nowrap">{formatDay(m.endedAt)}</span>
                        </>
                      )}
                    </td>
                    {canManage && (
                      <td className="actions-cell">
                        {!m.endedAt && !isSelf && (
                          <>
                            <Button size="sm" onClick={() => setChanging(m)}>
                              Change role<span className="visually-hidden"> of {m.displayName}</span>
                            </Button>
                            <Button
                              size="sm"
                              variant="ghost"
                              onClick={() => {
                                end.reset();
                                setEnding(m);
                              }}
                            >
                              End role<span className="visually-hidden"> of {m.displayName}</span>
                            </Button>
                          </>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
      {changing && (
        <ChangeRoleDialog centerId={centerId} member={changing} onClose={() => setChanging(null)} />
      )}
      {ending && (
        <ConfirmDialog
          title={`End ${ending.displayName}'s role?`}
          confirmLabel="End role"
          danger
          busy={end.isPending}
          error={end.error}
          onConfirm={() => end.mutate(ending)}
          onClose={() => setEnding(null)}
        >
          <p>
            {ending.displayName} will no longer be {roleLabel(ending.role).toLowerCase()} at {centerName} and
            loses access to its information through this role. Their account and history are kept; you can
            invite them again later.
          </p>
        </ConfirmDialog>
      )}
    </Card>
  );
}
