/**
 * Sign in with e-mail and password; then on to two-step verification or the page asked for.
 */
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { TLoginResponse } from '../../api/types';
import { useI18n } from '../../i18n';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { TextField, useFocusFirstInvalid } from '../../ui/field';
import { useDocumentTitle } from '../../ui/page-header';
import { PublicLayout } from '../shell/public-layout';
import type { LoginNotice } from '../shell/redirects';
import { useAfterSignIn } from './after-sign-in';
import { useAuthErrors } from './auth-errors';

export function LoginPage() {
  const { t } = useI18n();
  useDocumentTitle(t('login.title'));
  const [params] = useSearchParams();
  const location = useLocation();
  const notice = (location.state as { notice?: LoginNotice } | null)?.notice;
  const afterSignIn = useAfterSignIn();
  const toErrors = useAuthErrors();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<Record<string, boolean>>({});

  const login = useMutation({
    mutationFn: (body: { email: string; password: string }) => api.post<TLoginResponse>('/auth/login', body),
    onSuccess: (r) => afterSignIn(r, params.get('next')),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const m = { email: !email.trim(), password: !password };
    setMissing(m);
    if (m.email || m.password) return;
    login.mutate({ email: email.trim(), password });
  };

  const errors = toErrors(login.error, ['email', 'password']);
  useFocusFirstInvalid(login.error, missing);
  const required = t('field.required');
  const noticeText =
    notice === 'sessionEnded'
      ? t('login.sessionEnded')
      : notice === 'signedOut'
        ? t('login.signedOut')
        : notice === 'passwordChanged'
          ? t('login.passwordChanged')
          : null;

  return (
    <PublicLayout>
      <h1 id="page-title" tabIndex={-1}>
        {t('login.title')}
      </h1>
      <p className="intro">{t('login.intro')}</p>
      <form className="form" onSubmit={submit} noValidate>
        {noticeText && !login.error && (
          <Alert tone={notice === 'sessionEnded' ? 'warning' : 'info'} announce>
            {noticeText}
          </Alert>
        )}
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        <TextField
          label={t('login.email')}
          type="email"
          name="email"
          autoComplete="username"
          inputMode="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={missing.email ? required : errors.fields.email}
          required
        />
        <TextField
          label={t('login.password')}
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={missing.password ? required : errors.fields.password}
          required
        />
        <Button type="submit" variant="primary" block busy={login.isPending}>
          {t('login.submit')}
        </Button>
      </form>
      <div className="public-links">
        <Link to="/forgot-password">{t('login.forgot')}</Link>
      </div>
    </PublicLayout>
  );
}
