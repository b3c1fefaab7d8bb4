/**
 * Asks before a destructive or far-reaching action. The confirm button names the action.
 */
import type { ReactNode } from 'react';
import { formErrors } from '../api/client';
import { Alert } from './alert';
import { Button } from './button';
import { Dialog } from './dialog';

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel = 'Cancel',
  danger = false,
  busy = false,
  confirmDisabled = false,
  error,
  onConfirm,
  onClose,
}: {
  title: ReactNode;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
  busy?: boolean;
  /** When the action no longer applies (for example, someone else did it meanwhile). */
  confirmDisabled?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const message = error ? formErrors(error, []).message : null;
  return (
    <Dialog
      title={title}
      onClose={onClose}
      busy={busy}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {cancelLabel}
          </Button>
          <Button
            variant={danger ? 'danger' : 'primary'}
            onClick={onConfirm}
            busy={busy}
            disabled={confirmDisabled}
          >
            {confirmLabel}
          </Button>
        </>
      }
    >
      <div className="stack">
        <div>{children}</div>
        {message && <Alert tone="error">{message}</Alert>}
      </div>
    </Dialog>
  );
}
