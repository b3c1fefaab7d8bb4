/**
 * Invite a person to a role: e-mail, optional name, role, and the center or partner organisation
 * the role belongs to. Directors invite center staff to their own centers; administrators may
 * invite to any role. Afterwards it says how the message travels (sent, or held in the Outbox).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { DIRECTOR_INVITABLE_ROLES, ROLES, ROLE_SCOPE, type Role } from '../../../shared/roles';
import { api, formErrors } from '../../api/client';
import type { TInvitation } from '../../api/types';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { SelectField, TextField, useFocusFirstInvalid } from '../../ui/field';
import { formatDay } from '../../ui/format';
import { roleLabel, roleOptions } from '../../ui/labels';
import { useToast } from '../../ui/toasts';
import { CenterPicker } from '../centers/center-picker';
import { PartnerPicker } from '../partners/partner-picker';
import { useSession, type Place } from '../shell/session';

function InvitationResult({ invitation, onClose }: { invitation: TInvitation; onClose: () => void }) {
  const held = invitation.delivery === 'held';
  return (
    <Dialog
      title={held ? 'Invitation ready to pass on' : 'Invitation sent'}
      onClose={onClose}
      footer={
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      }
    >
      <div className="stack">
        <p>
          <strong>{invitation.displayName ?? invitation.email}</strong> is invited as{' '}
          {roleLabel(invitation.role)}
          {invitation.centerName
            ? ` at ${invitation.centerName}`
            : invitation.partnerName
              ? ` at ${invitation.partnerName}`
              : ''}
          . The link is valid until {formatDay(invitation.expiresAt)}.
        </p>
        {held ? (
          <Alert tone="info" title="The message is kept in the Outbox">
            <p>
              No mail server is configured, so Waymark keeps the invitation message, with its link, in the
              Outbox. Open it there and pass the link on to {invitation.email} yourself, for example by a
              secure message.
            </p>
            <Link to="/outbox?status=held">Open the Outbox</Link>
          </Alert>
        ) : (
          <p className="muted">The invitation e-mail is on its way to {invitation.email}.</p>
        )}
      </div>
    </Dialog>
  );
}

export function InviteDialog({
  fixedCenter,
  onClose,
}: {
  /** Invite to this center (the center page); otherwise a center is chosen. */
  fixedCenter?: Place;
  onClose: () => void;
}) {
  const session = useSession();
  const queryClient = useQueryClient();
  const toast = useToast();
  const isAdmin = session.isAdmin;
  const directorCenters = session.centersFor('center_director');
  const allowedRoles: readonly Role[] = isAdmin ? ROLES : DIRECTOR_INVITABLE_ROLES;

  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('clinician');
  const [centerId, setCenterId] = useState(
    fixedCenter?.id ?? (directorCenters.length === 1 ? directorCenters[0]!.id : ''),
  );
  const [partnerId, setPartnerId] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<TInvitation | null>(null);

  const scope = ROLE_SCOPE[role];
  const directorPartners = session.partnersFor('partner_admin');

  const invite = useMutation({
    mutationFn: () =>
      api.post<TInvitation>('/invitations', {
        email: email.trim(),
        ...(name.trim() ? { displayName: name.trim() } : {}),
        role,
        centerId: scope === 'center' ? centerId : null,
        partnerId: scope === 'partner' ? partnerId : null,
      }),
    onSuccess: (inv) => {
      void queryClient.invalidateQueries({ queryKey: ['invitations'] });
      void queryClient.invalidateQueries({ queryKey: ['network-summary'] });
      void queryClient.invalidateQueries({ queryKey: ['outbox'] });
      toast.success(`Invitation for ${inv.email} created.`);
      setCreated(inv);
    },
  });

  useFocusFirstInvalid(local, invite.error);

  if (created) return <InvitationResult invitation={created} onClose={onClose} />;

  const submit = () => {
    const problems: Record<string, string> = {};
    if (!email.trim()) problems.email = 'is required';
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) problems.email = 'must be an e-mail address';
    if (scope === 'center' && !centerId) problems.centerId = 'choose a center';
    if (scope === 'partner' && !partnerId) problems.partnerId = 'choose a partner organisation';
    setLocal(problems);
    if (Object.keys(problems).length === 0) invite.mutate();
  };

  const errors = formErrors(invite.error, ['email', 'displayName', 'role', 'centerId', 'partnerId']);
  const fixedScopeMismatch = fixedCenter && scope !== 'center';

  return (
    <Dialog
      title="Invite staff"
      description={
        fixedCenter
          ? `Invite a person to ${fixedCenter.name}. They receive a link to create their account or add the role to an existing one.`
          : 'The person receives a link to create their account, or to add the role to the account they have.'
      }
      onClose={onClose}
      onSubmit={submit}
      busy={invite.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={invite.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={invite.isPending}>
            Send invitation
          </Button>
        </>
      }
    >
      <div className="form">
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <TextField
          label="Email"
          type="email"
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={local.email ?? errors.fields.email}
          required
        />
        <TextField
          label="Name (optional)"
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.fields.displayName}
          hint="Used to greet them; they can change it."
        />
        <SelectField
          label="Role"
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          options={roleOptions(allowedRoles)}
          error={errors.fields.role}
          required
        />
        {scope === 'center' && !fixedCenter && (
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
            choices={isAdmin ? undefined : directorPartners}
            error={local.partnerId ?? errors.fields.partnerId}
            required
          />
        )}
        {fixedScopeMismatch && (
          <Alert tone="info">
            {scope === 'network'
              ? `${roleLabel(role)} is a network-wide role: this invitation is not tied to ${fixedCenter.name}.`
              : `${roleLabel(role)} belongs to a partner organisation, not to ${fixedCenter.name}.`}
          </Alert>
        )}
      </div>
    </Dialog>
  );
}
