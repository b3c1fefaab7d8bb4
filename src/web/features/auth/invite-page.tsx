/**
 * Accept an invitation: a new person gives a name and chooses a password; someone with an
 * account confirms with its password. The token comes from the address fragment.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api, isApiError } from '../../api/client';
import type { TInvitationPreview, TLoginResponse } from '../../api/types';
import { useI18n } from '../../i18n';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { TextField, useFocusFirstInvalid } from '../../ui/field';
import { useDocumentTitle } from '../../ui/page-header';
import { Spinner } from '../../ui/spinner';
import { PublicLayout } from '../shell/public-layout';
import { tokenFromHash, useAfterSignIn } from './after-sign-in';
import { useAuthErrors } from './auth-errors';
import { PasswordRules } from './password-rules';

function formatExpiry(iso: string, lang: string): string {
  return new Date(iso).toLocaleDateString(lang === 'es' ? 'es-US' : 'en-US', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });
}

function AcceptForm({ token, preview }: { token: string; preview: TInvitationPreview }) {
  const { t } = useI18n();
  const toErrors = useAuthErrors();
  const afterSignIn = useAfterSignIn();
  const isNew = !preview.accountExists;
  const [name, setName] = useState(preview.displayName ?? '');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});

  const accept = useMutation({
    mutationFn: () =>
      api.post<TLoginResponse>('/invitations/accept', {
        token,
        password,
        ...(isNew ? { displayName: name.trim() } : {}),
      }),
    onSuccess: (r) => afterSignIn(r, '/'),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (isNew && !name.trim()) problems.displayName = t('field.required');
    if (!password) problems.password = t('field.required');
    if (isNew) {
      if (!confirm) problems.confirm = t('field.required');
      else if (password && confirm !== password) problems.confirm = t('common.passwordsDiffer');
    }
    setLocal(problems);
    if (Object.keys(problems).length === 0) accept.mutate();
  };

  const errors = toErrors(accept.error, ['displayName', 'password']);
  useFocusFirstInvalid(accept.error, local);
  const gone = isApiError(accept.error, 'GONE');

  return (
    <form className="form" onSubmit={submit} noValidate>
      <p>{isNew ? t('invite.newAccount') : t('invite.existingAccount')}</p>
      {gone ? (
        <Alert tone="error">{t('invite.gone')}</Alert>
      ) : (
        errors.message && <Alert tone="error">{errors.message}</Alert>
      )}
      {isNew && (
        <TextField
          label={t('invite.name')}
          hint={t('invite.nameHint')}
          autoComplete="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={local.displayName ?? errors.fields.displayName}
          required
        />
      )}
      {isNew && <PasswordRules id="invite-password-rules" />}
      <TextField
        label={isNew ? t('invite.password') : t('invite.existingPassword')}
        type="password"
        autoComplete={isNew ? 'new-password' : 'current-password'}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={local.password ?? errors.fields.password}
        aria-describedby={isNew ? 'invite-password-rules' : undefined}
        required
      />
      {isNew && (
        <TextField
          label={t('invite.confirm')}
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          error={local.confirm}
          required
        />
      )}
      <Button type="submit" variant="primary" block busy={accept.isPending}>
        {t('invite.submit')}
      </Button>
    </form>
  );
}

export function InvitePage() {
  const { t, lang, roleLabel } = useI18n();
  useDocumentTitle(t('invite.title'));
  const location = useLocation();
  const navigate = useNavigate();
  const [token] = useState(() => tokenFromHash(location.hash));

  useEffect(() => {
    if (location.hash) void navigate(location.pathname, { replace: true });
  }, [location.hash, location.pathname, navigate]);

  const preview = useQuery({
    queryKey: ['invitation-preview', token],
    queryFn: () => api.post<TInvitationPreview>('/invitations/preview', { token }),
    enabled: Boolean(token),
    retry: false,
    staleTime: Infinity,
  });

  let body;
  if (!token) body = <Alert tone="warning">{t('invite.noToken')}</Alert>;
  else if (preview.isPending) body = <Spinner label={t('invite.loading')} />;
  else if (preview.error) {
    const invalid =
      isApiError(preview.error, 'GONE') ||
      isApiError(preview.error, 'NOT_FOUND') ||
      isApiError(preview.error, 'VALIDATION_FAILED');
    body = <Alert tone="error">{invalid ? t('invite.invalid') : preview.error.message}</Alert>;
  } else if (preview.data) {
    const p = preview.data;
    const place = p.centerName ?? p.partnerName;
    body = (
      <div className="stack">
        <div className="alert alert-info">
          <div>
            <p style={{ fontWeight: 650 }}>
              {place
                ? t('invite.offerCenter', { place, role: roleLabel(p.role) })
                : t('invite.offerNetwork', { role: roleLabel(p.role) })}
            </p>
            <p>
              {t('invite.for')} <strong>{p.email}</strong>.{' '}
              {t('invite.expires', { date: formatExpiry(p.expiresAt, lang) })}
            </p>
          </div>
        </div>
        <AcceptForm token={token} preview={p} />
      </div>
    );
  }

  return (
    <PublicLayout>
      <h1 id="page-title" tabIndex={-1}>
        {t('invite.title')}
      </h1>
      <div style={{ marginTop: 12 }}>{body}</div>
      <div className="public-links">
        <Link to="/login">{t('common.backToSignIn')}</Link>
      </div>
    </PublicLayout>
  );
}
