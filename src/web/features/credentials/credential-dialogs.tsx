/**
 * The actions on credentials, each in a dialog: revoke (with a reason the public page shows),
 * renew (refused with the unmet renewal requirements when they are not met) and issue (refused with
 * the unmet requirements when the pathway is not complete).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, ApiError, formErrors } from '../../api/client';
import type { TCredential } from '../../api/types';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { formatDate } from '../../ui/format';
import { useFocusFirstInvalid } from '../../ui/field';
import { useToast } from '../../ui/toasts';
import { TextAreaField } from '../pathways/textarea-field';

/** Everything these actions change. */
function useRefreshCredentials() {
  const queryClient = useQueryClient();
  return () => {
    for (const key of ['credentials', 'progress-roster', 'clinician-progress', 'signing-keys', 'pathways'])
      void queryClient.invalidateQueries({ queryKey: [key] });
  };
}

/** A refusal from the server with its list of what is missing (409 details). */
export function RefusalDetails({ error, title }: { error: unknown; title: string }) {
  if (!error) return null;
  const details = error instanceof ApiError ? error.details : [];
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  return (
    <Alert tone="error" title={title}>
      <p>{message}</p>
      {details.length > 0 && (
        <ul className="unmet-list">
          {details.map((d, i) => (
            <li key={`${d.path}-${i}`}>{d.message}</li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

export function RevokeDialog({ credential, onClose }: { credential: TCredential; onClose: () => void }) {
  const toast = useToast();
  const refresh = useRefreshCredentials();
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<string | null>(null);
  const revoke = useMutation({
    mutationFn: () =>
      api.post<TCredential>(`/credentials/${credential.id}/revoke`, { reason: reason.trim() }),
    onSuccess: (c) => {
      refresh();
      toast.success(`${c.number} was revoked.`);
      onClose();
    },
  });
  const errors = formErrors(revoke.error, ['reason']);
  useFocusFirstInvalid(local, revoke.error);

  return (
    <Dialog
      title={`Revoke ${credential.number}`}
      description={`${credential.recipientName} · ${credential.pathwayName}`}
      onClose={onClose}
      busy={revoke.isPending}
      onSubmit={() => {
        const trimmed = reason.trim();
        const problem = trimmed.length < 3 ? 'must be at least 3 characters' : null;
        setLocal(problem);
        if (!problem) revoke.mutate();
      }}
      footer={
        <>
          <Button onClick={onClose} disabled={revoke.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" busy={revoke.isPending}>
            Revoke credential
          </Button>
        </>
      }
    >
      <div className="stack">
        <p>
          Anyone checking this credential will see it as <strong>revoked</strong>, with the reason and today’s
          date. This cannot be undone; a new credential would have to be issued.
        </p>
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <TextAreaField
          label="Reason"
          hint="Shown on the public verification page. 3 to 300 characters."
          rows={3}
          maxLength={300}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={local ?? errors.fields.reason}
          required
        />
      </div>
    </Dialog>
  );
}

export function RenewDialog({ credential, onClose }: { credential: TCredential; onClose: () => void }) {
  const toast = useToast();
  const refresh = useRefreshCredentials();
  const renew = useMutation({
    mutationFn: () => api.post<TCredential>(`/credentials/${credential.id}/renew`),
    onSuccess: (c) => {
      refresh();
      toast.success(`${c.number} was issued to ${c.recipientName}, replacing ${credential.number}.`);
      onClose();
    },
  });
  return (
    <ActionDialog
      title={`Renew ${credential.number}`}
      description={`${credential.recipientName} · ${credential.pathwayName}`}
      confirmLabel="Renew credential"
      busy={renew.isPending}
      refused={renew.error}
      refusedTitle="Not renewed"
      onConfirm={() => renew.mutate()}
      onClose={onClose}
    >
      <p>
        A new credential is issued and linked to this one
        {credential.expiresOn ? (
          <>
            ; its validity starts where this one ends ({formatDate(credential.expiresOn)}) if it has not
            expired yet
          </>
        ) : null}
        . Renewal needs the pathway’s renewal requirements to be met; if they are not, you will see what is
        missing.
      </p>
    </ActionDialog>
  );
}

export function IssueDialog({
  clinician,
  pathway,
  onClose,
}: {
  clinician: { id: string; displayName: string };
  pathway: { id: string; name: string };
  onClose: () => void;
}) {
  const toast = useToast();
  const refresh = useRefreshCredentials();
  const issue = useMutation({
    mutationFn: () => api.post<TCredential>('/credentials', { userId: clinician.id, pathwayId: pathway.id }),
    onSuccess: (c) => {
      refresh();
      toast.success(`${c.number} was issued to ${c.recipientName}.`);
      onClose();
    },
  });
  return (
    <ActionDialog
      title="Issue credential"
      description={`${clinician.displayName} · ${pathway.name}`}
      confirmLabel="Issue credential"
      busy={issue.isPending}
      refused={issue.error}
      refusedTitle="Not issued"
      onConfirm={() => issue.mutate()}
      onClose={onClose}
    >
      <p>
        Waymark checks every requirement again, then signs the credential and sends {clinician.displayName} an
        e-mail with the certificate and the link anyone can use to verify it.
      </p>
    </ActionDialog>
  );
}

function ActionDialog({
  title,
  description,
  confirmLabel,
  busy,
  refused,
  refusedTitle,
  onConfirm,
  onClose,
  children,
}: {
  title: string;
  description: string;
  confirmLabel: string;
  busy: boolean;
  refused: unknown;
  refusedTitle: string;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const closeRef = useRef<HTMLSpanElement>(null);
  // The confirm button goes away once refused: keep focus in the dialog, on "Close".
  useEffect(() => {
    if (refused) closeRef.current?.querySelector('button')?.focus();
  }, [refused]);
  return (
    <Dialog
      title={title}
      description={description}
      onClose={onClose}
      busy={busy}
      footer={
        <>
          <span ref={closeRef} className="contents">
            <Button onClick={onClose} disabled={busy}>
              {refused ? 'Close' : 'Cancel'}
            </Button>
          </span>
          {!refused && (
            <Button variant="primary" onClick={onConfirm} busy={busy}>
              {confirmLabel}
            </Button>
          )}
        </>
      }
    >
      <div className="stack">
        {children}
        <RefusalDetails error={refused} title={refusedTitle} />
      </div>
    </Dialog>
  );
}
