/**
 * A table of invitations with their actions: re-send (a new link; the old one stops working) and
 * revoke (after confirmation).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import type { TInvitation } from '../../api/types';
import { Button } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { DateTime } from '../../ui/date-time';
import { roleLabel } from '../../ui/labels';
import { TableWrap } from '../../ui/table';
import { useToast } from '../../ui/toasts';
import { DeliveryCell, InvitationStatusBadge } from './invitation-badges';

export function InvitationsTable({
  invitations,
  showPlace = true,
  label = 'Invitations',
}: {
  invitations: TInvitation[];
  showPlace?: boolean;
  label?: string;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [revoking, setRevoking] = useState<TInvitation | null>(null);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['invitations'] });
    void queryClient.invalidateQueries({ queryKey: ['network-summary'] });
    void queryClient.invalidateQueries({ queryKey: ['outbox'] });
  };

  const resend = useMutation({
    mutationFn: (inv: TInvitation) => api.post<TInvitation>(`/invitations/${inv.id}/resend`),
    onSuccess: (inv) => {
      refresh();
      toast.success(
        inv.delivery === 'held'
          ? `A new link for ${inv.email} is in the Outbox; the old link no longer works.`
          : `A new invitation was sent to ${inv.email}; the old link no longer works.`,
      );
    },
    onError: (e) => toast.error(e.message),
  });

  const revoke = useMutation({
    mutationFn: (inv: TInvitation) => api.post<TInvitation>(`/invitations/${inv.id}/revoke`),
    onSuccess: (inv) => {
      refresh();
      setRevoking(null);
      toast.success(`The invitation for ${inv.email} was revoked.`);
    },
  });

  return (
    <>
      <TableWrap label={label}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Role</th>
              {showPlace && <th scope="col">Center or organisation</th>}
              <th scope="col">Status</th>
              <th scope="col">Delivery</th>
              <th scope="col">Invited</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invitations.map((inv) => {
              const canResend = inv.status === 'pending' || inv.status === 'expired';
              return (
                <tr key={inv.id}>
                  <th scope="row">
                    <span className="cell-main">{inv.displayName ?? inv.email}</span>
                    {inv.displayName && <span className="cell-sub email">{inv.email}</span>}
                  </th>
                  <td>{roleLabel(inv.role)}</td>
                  {showPlace && (
                    <td>
                      {inv.centerName ?? inv.partnerName ?? <span className="muted">Whole network</span>}
                    </td>
                  )}
                  <td>
                    <InvitationStatusBadge status={inv.status} />
                  </td>
                  <td>
                    {inv.status === 'pending' ? (
                      <DeliveryCell invitation={inv} />
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td className="nowrap">
                    <DateTime value={inv.createdAt} dateOnly />
                  </td>
                  <td className="nowrap">
                    {inv.status === 'accepted' ? (
                      <span className="muted">
                        Accepted <DateTime value={inv.acceptedAt} dateOnly />
                      </span>
                    ) : (
                      <DateTime value={inv.expiresAt} dateOnly />
                    )}
                  </td>
                  <td className="actions-cell">
                    {canResend && (
                      <Button
                        size="sm"
                        onClick={() => resend.mutate(inv)}
                        busy={resend.isPending && resend.variables?.id === inv.id}
                      >
                        Resend<span className="visually-hidden"> invitation to {inv.email}</span>
                      </Button>
                    )}
                    {inv.status === 'pending' && (
                      <Button
                        size="sm"
                        variant="ghost"
                        onClick={() => {
                          revoke.reset();
                          setRevoking(inv);
                        }}
                      >
                        Revoke<span className="visually-hidden"> invitation to {inv.email}</span>
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      {revoking && (
        <ConfirmDialog
          title="Revoke this invitation?"
          confirmLabel="Revoke invitation"
          danger
          busy={revoke.isPending}
          error={revoke.error}
          onConfirm={() => revoke.mutate(revoking)}
          onClose={() => setRevoking(null)}
        >
          The link sent to <strong>{revoking.email}</strong> will stop working. You can invite them again
          later.
        </ConfirmDialog>
      )}
    </>
  );
}
