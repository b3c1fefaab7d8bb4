/**
 * Give an existing person a further role: administrators any role (with its center or partner
 * organisation); directors a center role at a center they direct.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { CENTER_ROLES, ROLES, ROLE_SCOPE, type Role } from '../../../shared/roles';
import { api, formErrors } from '../../api/client';
import type { TUserDetail } from '../../api/types';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { SelectField } from '../../ui/field';
import { roleLabel, roleOptions } from '../../ui/labels';
import { useToast } from '../../ui/toasts';
import { CenterPicker } from '../centers/center-picker';
import { PartnerPicker } from '../partners/partner-picker';
import { useSession } from '../shell/session';

export function AddRoleDialog({ user, onClose }: { user: TUserDetail; onClose: () => void }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const toast = useToast();
  const isAdmin = session.isAdmin;
  const directorCenters = session.centersFor('center_director');
  const allowed: readonly Role[] = isAdmin ? ROLES : CENTER_ROLES;
  const [role, setRole] = useState<Role>('clinician');
  const [centerId, setCenterId] = useState(
    directorCenters.length === 1 && !isAdmin ? directorCenters[0]!.id : '',
  );
  const [partnerId, setPartnerId] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const scope = ROLE_SCOPE[role];

  const add = useMutation({
    mutationFn: () =>
      api.post<TUserDetail>(`/users/${user.id}/memberships`, {
        role,
        centerId: scope === 'center' ? centerId : null,
        partnerId: scope === 'partner' ? partnerId : null,
      }),
    onSuccess: (u) => {
      queryClient.setQueryData(['user', u.id], u);
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      void queryClient.invalidateQueries({ queryKey: ['staff'] });
      void queryClient.invalidateQueries({ queryKey: ['network-summary'] });
      toast.success(`${u.displayName} is now also ${roleLabel(role).toLowerCase()}.`);
      onClose();
    },
  });

  const submit = () => {
    const problems: Record<string, string> = {};
    if (scope === 'center' && !centerId) problems.centerId = 'choose a center';
    if (scope === 'partner' && !partnerId) problems.partnerId = 'choose a partner organisation';
    setLocal(problems);
    if (Object.keys(problems).length === 0) add.mutate();
  };
  const errors = formErrors(add.error, ['role', 'centerId', 'partnerId']);

  return (
    <Dialog
      title={`Add a role for ${user.displayName}`}
      description="The person keeps their existing roles and gains this one at once."
      onClose={onClose}
      onSubmit={submit}
      busy={add.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={add.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={add.isPending}>
            Add role
          </Button>
        </>
      }
    >
      <div className="form">
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <SelectField
          label="Role"
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          options={roleOptions(allowed)}
          error={errors.fields.role}
        />
        {scope === 'center' && (
          <CenterPicker
            value={centerId}
            onChange={setCenterId}
            choices={isAdmin ? undefined : directorCenters}
            error={local.centerId ?? errors.fields.centerId}
          />
        )}
        {scope === 'partner' && (
          <PartnerPicker
            value={partnerId}
            onChange={setPartnerId}
            error={local.partnerId ?? errors.fields.partnerId}
            required
          />
        )}
        {scope === 'network' && (
          <p className="muted small">{roleLabel(role)} is a network-wide role, not tied to a center.</p>
        )}
      </div>
    </Dialog>
  );
}
