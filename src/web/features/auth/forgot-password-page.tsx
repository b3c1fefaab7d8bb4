/**
 * Ask for a reset link. The answer is the same whether or not the address has an account.
 */
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { TextField, useFocusFirstInvalid } from '../../ui/field';
import { useDocumentTitle } from '../../ui/page-header';
import { PublicLayout } from '../shell/public-layout';
import { useAuthErrors } from './auth-errors';

export function ForgotPasswordPage() {
  const { t } = useI18n();
  useDocumentTitle(t('forgot.title'));
  const toErrors = useAuthErrors();
  const [email, setEmail] = useState('');
  const [missing, setMissing] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);

  const reset = useMutation({
    mutationFn: (address: string) => api.post('/auth/password-reset', { email: address }),
    onSuccess: (_r, address) => setSentTo(address),
  });

  useEffect(() => {
    if (sentTo) document.getElementById('page-title')?.focus();
  }, [sentTo]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMissing(!email.trim());
    if (email.trim()) reset.mutate(email.trim());
  };
  const errors = toErrors(reset.error, ['email']);
  useFocusFirstInvalid(reset.error, missing);

  return (
    <PublicLayout>
      {sentTo ? (
        <>
          <h1 id="page-title" tabIndex={-1}>
            {t('forgot.sentTitle')}
          </h1>
          <div className="stack" style={{ marginTop: 12 }}>
            <Alert tone="success" announce>
              {t('forgot.sent', { email: sentTo })}
            </Alert>
            <p className="muted">{t('forgot.sentHelp')}</p>
          </div>
        </>
      ) : (
        <>
          <h1 id="page-title" tabIndex={-1}>
            {t('forgot.title')}
          </h1>
          <p className="intro">{t('forgot.intro')}</p>
          <form className="form" onSubmit={submit} noValidate>
            {errors.message && <Alert tone="error">{errors.message}</Alert>}
            <TextField
              label={t('forgot.email')}
              type="email"
              name="email"
              autoComplete="email"
              inputMode="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              error={missing ? t('field.required') : errors.fields.email}
              required
            />
            <Button type="submit" variant="primary" block busy={reset.isPending}>
              {t('forgot.submit')}
            </Button>
          </form>
        </>
      )}
      <div className="public-links">
        <Link to="/login">{t('common.backToSignIn')}</Link>
      </div>
    </PublicLayout>
  );
}
