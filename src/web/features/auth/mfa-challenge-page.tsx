/**
 * The second step of signing in: a 6-digit code from the authenticator app, or a recovery code.
 */
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router-dom';
import { api, isApiError } from '../../api/client';
import { useMe } from '../../api/queries';
import type { TLoginResponse } from '../../api/types';
import { useI18n } from '../../i18n';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { TextField, useFocusFirstInvalid } from '../../ui/field';
import { useDocumentTitle } from '../../ui/page-header';
import { Spinner } from '../../ui/spinner';
import { PublicLayout } from '../shell/public-layout';
import { safeNext, withNext } from '../shell/redirects';
import { useAfterSignIn } from './after-sign-in';
import { useAuthErrors } from './auth-errors';
import { SignOutLink } from './sign-out-link';

export function MfaChallengePage() {
  const { t } = useI18n();
  useDocumentTitle(t('mfa.title'));
  const [params] = useSearchParams();
  const next = params.get('next');
  const me = useMe();
  const afterSignIn = useAfterSignIn();
  const toErrors = useAuthErrors();
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);

  const verify = useMutation({
    mutationFn: (body: { code: string } | { recoveryCode: string }) =>
      api.post<TLoginResponse>('/auth/mfa/verify', body),
    onSuccess: (r) => afterSignIn(r, next),
  });
  useFocusFirstInvalid(verify.error, missing);

  if (me.isPending)
    return (
      <PublicLayout>
        <Spinner label={t('common.loading')} />
      </PublicLayout>
    );
  if (me.error && isApiError(me.error, 'UNAUTHENTICATED'))
    return <Navigate to={withNext('/login', safeNext(next))} replace state={{ notice: 'sessionEnded' }} />;
  if (me.data?.session.mfaState === 'enrolment_required')
    return <Navigate to={withNext('/mfa/setup', safeNext(next))} replace />;
  if (me.data && me.data.session.mfaState !== 'pending') return <Navigate to={safeNext(next)} replace />;

  const field = useRecovery ? 'recoveryCode' : 'code';
  const errors = toErrors(verify.error, [field]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = code.trim();
    setMissing(!value);
    if (!value) return;
    verify.mutate(useRecovery ? { recoveryCode: value } : { code: value.replace(/\s/g, '') });
  };

  const toggle = () => {
    setUseRecovery((r) => !r);
    setCode('');
    setMissing(false);
    verify.reset();
  };

  return (
    <PublicLayout>
      <h1 id="page-title" tabIndex={-1}>
        {t('mfa.title')}
      </h1>
      <p className="intro">{useRecovery ? t('mfa.introRecovery') : t('mfa.intro')}</p>
      <form className="form" onSubmit={submit} noValidate>
        {errors.message && <Alert tone="error">{errors.message}</Alert>}
        {useRecovery ? (
          <TextField
            key="recovery"
            label={t('mfa.recoveryCode')}
            hint={t('mfa.recoveryHint')}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={missing ? t('field.required') : errors.fields.recoveryCode}
            required
          />
        ) : (
          <TextField
            key="code"
            label={t('mfa.code')}
            className=""
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/[^\d]/g, ''))}
            error={missing ? t('field.required') : errors.fields.code}
            required
          />
        )}
        <Button type="submit" variant="primary" block busy={verify.isPending}>
          {t('mfa.submit')}
        </Button>
        <button type="button" className="link-button" onClick={toggle}>
          {useRecovery ? t('mfa.useCode') : t('mfa.useRecovery')}
        </button>
      </form>
      <div className="public-links stack">
        <p className="muted small">{t('mfa.lost')}</p>
        <div>
          <SignOutLink />
        </div>
      </div>
    </PublicLayout>
  );
}
