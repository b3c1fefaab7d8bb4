/**
 * Your account: name and language, password, two-step verification and active sessions.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, formErrors } from '../../api/client';
import { queryKeys, useMfaStatus, useSessions } from '../../api/queries';
import type { TSession } from '../../api/types';
import { setLang, type Lang } from '../../i18n';
import { Alert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button, ButtonLink } from '../../ui/button';
import { Card } from '../../ui/card';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { DateTime } from '../../ui/date-time';
import { Dialog } from '../../ui/dialog';
import { SelectField, TextField, useFocusFirstInvalid } from '../../ui/field';
import { formatDay } from '../../ui/format';
import { membershipText } from '../../ui/labels';
import { PageHeader } from '../../ui/page-header';
import { ErrorState } from '../../ui/query-state';
import { Spinner } from '../../ui/spinner';
import { TableWrap } from '../../ui/table';
import { useToast } from '../../ui/toasts';
import { RecoveryCodes } from '../auth/recovery-codes';
import { useSession } from '../shell/session';

function Profile() {
  const { me } = useSession();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState(me.user.displayName);
  const [locale, setLocale] = useState<Lang>(me.user.locale);
  const changed = name.trim() !== me.user.displayName || locale !== me.user.locale;

  const save = useMutation({
    mutationFn: () =>
      api.patch('/me', {
        ...(name.trim() !== me.user.displayName ? { displayName: name.trim() } : {}),
        ...(locale !== me.user.locale ? { locale } : {}),
      }),
    onSuccess: () => {
      setLang(locale);
      void queryClient.invalidateQueries({ queryKey: queryKeys.me });
      toast.success('Your profile was saved.');
    },
  });
  const errors = formErrors(save.error, ['displayName', 'locale']);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (changed && name.trim()) save.mutate();
  };

  return (
    <Card title="Profile">
      <form className="form" onSubmit={submit} noValidate>
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <TextField
          label="Display name"
          autoComplete="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={!name.trim() ? 'is required' : errors.fields.displayName}
          required
        />
        <TextField
          label="Email address"
          value={me.user.email}
          readOnly
          hint="Ask an administrator to change it."
        />
        <SelectField
          label="Language"
          hint="Used for the messages Waymark sends you and for the sign-in pages."
          value={locale}
          onChange={(e) => setLocale(e.target.value as Lang)}
          options={[
            { value: 'en', label: 'English' },
            { value: 'es', label: 'Español' },
          ]}
          error={errors.fields.locale}
        />
        <div>
          <Button type="submit" variant="primary" disabled={!changed || !name.trim()} busy={save.isPending}>
            Save profile
          </Button>
        </div>
      </form>
    </Card>
  );
}

function PasswordForm() {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});

  const change = useMutation({
    mutationFn: () => api.post('/me/password', { currentPassword: current, newPassword: next }),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setConfirm('');
      void queryClient.invalidateQueries({ queryKey: queryKeys.sessions });
      void queryClient.invalidateQueries({ queryKey: queryKeys.me });
      toast.success('Your password was changed. Your other sessions were signed out.');
    },
  });
  const errors = formErrors(change.error, ['currentPassword', 'newPassword']);
  useFocusFirstInvalid(local, change.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p: Record<string, string> = {};
    if (!current) p.currentPassword = 'is required';
    if (!next) p.newPassword = 'is required';
    if (!confirm) p.confirm = 'is required';
    else if (next && confirm !== next) p.confirm = 'does not match the new password';
    setLocal(p);
    if (Object.keys(p).length === 0) change.mutate();
  };

  return (
    <Card title="Password">
      <form className="form" onSubmit={submit} noValidate>
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={local.currentPassword ?? errors.fields.currentPassword}
          required
        />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters, and not a commonly used password. Any characters are fine; a long phrase works well."
          value={next}
          onChange={(e) => setNext(e.target.value)}
          error={local.newPassword ?? errors.fields.newPassword}
          required
        />
        <TextField
          label="Confirm new password"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          error={local.confirm}
          required
        />
        <div>
          <Button type="submit" variant="primary" busy={change.isPending}>
            Change password
          </Button>
        </div>
      </form>
    </Card>
  );
}

function PasswordDialog({
  title,
  description,
  confirmLabel,
  danger,
  onClose,
  onDone,
  action,
}: {
  title: string;
  description: string;
  confirmLabel: string;
  danger?: boolean;
  onClose: () => void;
  onDone: (result: unknown) => void;
  action: (password: string) => Promise<unknown>;
}) {
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  const run = useMutation({ mutationFn: () => action(password), onSuccess: onDone });
  const errors = formErrors(run.error, ['password']);
  return (
    <Dialog
      title={title}
      description={description}
      onClose={onClose}
      busy={run.isPending}
      onSubmit={() => {
        setMissing(!password);
        if (password) run.mutate();
      }}
      footer={
        <>
          <Button onClick={onClose} disabled={run.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant={danger ? 'danger' : 'primary'} busy={run.isPending}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <div className="form">
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <TextField
          label="Your password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={missing ? 'is required' : errors.fields.password}
          required
        />
      </div>
    </Dialog>
  );
}

function TwoStep() {
  const { me } = useSession();
  const queryClient = useQueryClient();
  const toast = useToast();
  const status = useMfaStatus();
  const [dialog, setDialog] = useState<'disable' | 'codes' | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.mfa });
    void queryClient.invalidateQueries({ queryKey: queryKeys.me });
  };

  let body;
  if (status.isPending) body = <Spinner label="Loading…" inline />;
  else if (status.error) body = <ErrorState error={status.error} onRetry={() => void status.refetch()} />;
  else {
    const s = status.data;
    body = s.enabled ? (
      <div className="stack">
        <p>
          <Badge tone="success" dot>
            On
          </Badge>{' '}
          {s.enabledAt && <span className="muted">since {formatDay(s.enabledAt)}</span>}
        </p>
        <p>
          When you sign in, Waymark asks for a code from your authenticator app. You have{' '}
          <strong>{s.recoveryCodesLeft}</strong> unused recovery code{s.recoveryCodesLeft === 1 ? '' : 's'}.
        </p>
        {s.recoveryCodesLeft <= 3 && (
          <Alert tone="warning">
            You are running out of recovery codes. Create new ones and keep them safe.
          </Alert>
        )}
        {s.requiredForYou && (
          <p className="muted small">Your role requires two-step verification, so it cannot be turned off.</p>
        )}
        <div className="row">
          <Button onClick={() => setDialog('codes')}>New recovery codes</Button>
          {!s.requiredForYou && (
            <Button variant="ghost" onClick={() => setDialog('disable')}>
              Turn off two-step verification
            </Button>
          )}
        </div>
      </div>
    ) : (
      <div className="stack">
        <p>
          <Badge tone="warning" dot>
            Off
          </Badge>
        </p>
        <p>
          Protect your account with a code from an authenticator app on your phone, in addition to your
          password.
          {s.requiredForYou && ' Your role requires it.'}
        </p>
        <div>
          <ButtonLink to="/mfa/setup?next=%2Faccount" variant="primary">
            Set up two-step verification
          </ButtonLink>
        </div>
      </div>
    );
  }

  return (
    <Card title="Two-step verification">
      {body}
      {dialog === 'disable' && (
        <PasswordDialog
          title="Turn off two-step verification?"
          description="Your account will then be protected by your password alone. Confirm with your password."
          confirmLabel="Turn off"
          danger
          onClose={() => setDialog(null)}
          action={(password) => api.post('/auth/mfa/disable', { password })}
          onDone={() => {
            refresh();
            setDialog(null);
            toast.success('Two-step verification is off.');
          }}
        />
      )}
      {dialog === 'codes' && (
        <PasswordDialog
          title="Create new recovery codes?"
          description="Your current recovery codes stop working. Confirm with your password."
          confirmLabel="Create new codes"
          onClose={() => setDialog(null)}
          action={(password) =>
            api.post<{ recoveryCodes: string[] }>('/auth/mfa/recovery-codes', { password })
          }
          onDone={(r) => {
            refresh();
            setDialog(null);
            setCodes((r as { recoveryCodes: string[] }).recoveryCodes);
          }}
        />
      )}
      {codes && (
        <Dialog
          title="Your new recovery codes"
          description="Each code lets you sign in once without your phone. They are shown only now: save them somewhere safe."
          onClose={() => setCodes(null)}
          footer={
            <Button variant="primary" onClick={() => setCodes(null)}>
              I have saved them
            </Button>
          }
        >
          <RecoveryCodes codes={codes} email={me.user.email} />
        </Dialog>
      )}
    </Card>
  );
}

function describeAgent(ua: string | null): string {
  if (!ua) return 'Unknown device';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /HeadlessChrome/.test(ua)
        ? 'Headless Chrome'
        : /Chrome\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : /curl|node|undici/i.test(ua)
              ? 'Command-line client'
              : 'Browser';
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Mac OS X/.test(ua)
        ? 'macOS'
        : /Android/.test(ua)
          ? 'Android'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  return os ? `${browser} on ${os}` : browser;
}

function Sessions() {
  const queryClient = useQueryClient();
  const toast = useToast();
  const sessions = useSessions();
  const [ending, setEnding] = useState<TSession | null>(null);
  const revoke = useMutation({
    mutationFn: (s: TSession) => api.delete(`/me/sessions/${s.id}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.sessions });
      setEnding(null);
      toast.success('That session was signed out.');
    },
  });

  return (
    <Card title="Active sessions" subtitle="Where your account is signed in now." flush>
      {sessions.isPending ? (
        <Spinner label="Loading sessions…" />
      ) : sessions.error ? (
        <div className="card-body">
          <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />
        </div>
      ) : (
        <TableWrap label="Active sessions">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">IP address</th>
                <th scope="col">Signed in</th>
                <th scope="col">Last active</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    {describeAgent(s.userAgent)} {s.current && <Badge tone="info">This session</Badge>}
                  </th>
                  <td>{s.ip ?? <span className="muted">—</span>}</td>
                  <td className="nowrap">
                    <DateTime value={s.createdAt} />
                  </td>
                  <td className="nowrap">
                    <DateTime value={s.lastSeenAt} />
                  </td>
                  <td className="actions-cell">
                    {!s.current && (
                      <Button
                        size="sm"
                        onClick={() => {
                          revoke.reset();
                          setEnding(s);
                        }}
                      >
                        Sign out
                        <span className="visually-hidden"> the session on {describeAgent(s.userAgent)}</span>
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {ending && (
        <ConfirmDialog
          title="Sign out this session?"
          confirmLabel="Sign out session"
          busy={revoke.isPending}
          error={revoke.error}
          onConfirm={() => revoke.mutate(ending)}
          onClose={() => setEnding(null)}
        >
          {describeAgent(ending.userAgent)}
          {ending.ip ? ` (${ending.ip})` : ''} will be signed out and must sign in again.
        </ConfirmDialog>
      )}
    </Card>
  );
}

export function AccountPage() {
  const { me } = useSession();
  return (
    <div className="page">
      <PageHeader
        title="Account"
        lead={
          me.memberships.length > 0
            ? `Your roles: ${me.memberships.map(membershipText).join('; ')}.`
            : 'You have no active role yet.'
        }
      />
      <div className="grid-2" style={{ alignItems: 'start' }}>
        <div className="stack">
          <Profile />
          <TwoStep />
        </div>
        <PasswordForm />
      </div>
      <div style={{ marginTop: 20 }}>
        <Sessions />
      </div>
    </div>
  );
}
