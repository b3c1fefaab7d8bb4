/**
 * Choose a new password with the link from the reset e-mail. The token is read from the address
 * fragment (#token=...) and then removed from the address bar.
 */
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api, isApiError } from '../../api/client';
import { useI18n } from '../../i18n';
import { Alert } from '../../ui/alert';
import { Button, ButtonLink } from '../../ui/button';
import { TextField, useFocusFirstInvalid } from '../../ui/field';
import { useDocumentTitle } from '../../ui/page-header';
import { PublicLayout } from '../shell/public-layout';
import { tokenFromHash } from './after-sign-in';
import { useAuthErrors } from './auth-errors';
import { PasswordRules } from './password-rules';

export function ResetPasswordPage() {
  const { t } = useI18n();
  useDocumentTitle(t('reset.title'));
  const location = useLocation();
  const navigate = useNavigate();
  const toErrors = useAuthErrors();
  const [token] = useState(() => tokenFromHash(location.hash));
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});

  useEffect(() => {
    if (location.hash) void navigate(location.pathname, { replace: true });
  }, [location.hash, location.pathname, navigate]);

  const complete = useMutation({
    mutationFn: () => api.post('/auth/password-reset/complete', { token, newPassword: password }),
  });

  useEffect(() => {
    if (complete.isSuccess) document.getElementById('page-title')?.focus();
  }, [complete.isSuccess]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!password) problems.newPassword = t('field.required');
    if (!confirm) problems.confirm = t('field.required');
    else if (password && confirm !== password) problems.confirm = t('common.passwordsDiffer');
    setLocal(problems);
    if (Object.keys(problems).length === 0) complete.mutate();
  };

  const errors = toErrors(complete.error, ['newPassword']);
  useFocusFirstInvalid(complete.error, local);
  const expired =
    isApiError(complete.error, 'GONE') ||
    (isApiError(complete.error, 'VALIDATION_FAILED') &&
      Boolean(complete.error.details.some((d) => d.path === 'token')));

  let content;
  if (!token) {
    content = (
      <>
        <h1 id="page-title" tabIndex={-1}>
          {t('reset.title')}
        </h1>
        <div className="stack" style={{ marginTop: 12 }}>
          <Alert tone="warning">{t('reset.noToken')}</Alert>
          <ButtonLink to="/forgot-password" variant="primary">
            {t('reset.askNew')}
          </ButtonLink>
        </div>
      </>
    );
  } else if (complete.isSuccess) {
    content = (
      <>
        <h1 id="page-title" tabIndex={-1}>
          {t('reset.doneTitle')}
        </h1>
        <div className="stack" style={{ marginTop: 12 }}>
          <Alert tone="success" announce>
            {t('reset.done')}
          </Alert>
          <ButtonLink to="/login" variant="primary">
            {t('reset.toSignIn')}
          </ButtonLink>
        </div>
      </>
    );
  } else {
    content = (
      <>
        <h1 id="page-title" tabIndex={-1}>
          {t('reset.title')}
        </h1>
        <p className="intro">{t('reset.intro')}</p>
        <form className="form" onSubmit={submit} noValidate>
          {expired ? (
            <Alert tone="error">
              <p>{t('reset.expired')}</p>
              <Link to="/forgot-password">{t('reset.askNew')}</Link>
            </Alert>
          ) : (
            errors.message && <Alert tone="error">{errors.message}</Alert>
          )}
          <PasswordRules id="password-rules" />
          <TextField
            label={t('reset.new')}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={local.newPassword ?? errors.fields.newPassword}
            aria-describedby="password-rules"
            required
          />
          <TextField
            label={t('reset.confirm')}
            type="password"
            autoComplete="new-password"
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            error={local.confirm}
            required
          />
          <Button type="submit" variant="primary" block busy={complete.isPending}>
            {t('reset.submit')}
          </Button>
        </form>
      </>
    );
  }

  return (
    <PublicLayout>
      {content}
      <div className="public-links">
        <Link to="/login">{t('common.backToSignIn')}</Link>
      </div>
    </PublicLayout>
  );
}
