/**
 * Set up two-step verification: scan the QR code (or type the key), confirm with a first code,
 * then save the ten recovery codes, which are shown only once.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { api, isApiError } from '../../api/client';
import { queryKeys, useMe } from '../../api/queries';
import type { TMfaEnrolment, TRecoveryCodes } from '../../api/types';
import { useI18n } from '../../i18n';
import { Alert } from '../../ui/alert';
import { Button, ButtonLink } from '../../ui/button';
import { TextField, useFocusFirstInvalid } from '../../ui/field';
import { useDocumentTitle } from '../../ui/page-header';
import { Spinner } from '../../ui/spinner';
import { PublicLayout } from '../shell/public-layout';
import { safeNext, withNext } from '../shell/redirects';
import { useAuthErrors } from './auth-errors';
import { RecoveryCodes } from './recovery-codes';
import { SignOutLink } from './sign-out-link';

export function MfaSetupPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const toErrors = useAuthErrors();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);
  const started = useRef(false);
  useDocumentTitle(codes ? t('setup.codesTitle') : t('setup.title'));

  const start = useMutation({ mutationFn: () => api.post<TMfaEnrolment>('/auth/mfa/enrolment') });
  const confirm = useMutation({
    mutationFn: (value: string) => api.post<TRecoveryCodes>('/auth/mfa/enrolment/confirm', { code: value }),
    onSuccess: (r) => {
      setCodes(r.recoveryCodes);
      void queryClient.invalidateQueries({ queryKey: queryKeys.me });
      void queryClient.invalidateQueries({ queryKey: queryKeys.mfa });
    },
  });

  const needsStart = Boolean(me.data && !me.data.user.mfaEnabled && me.data.session.mfaState !== 'pending');
  useEffect(() => {
    if (needsStart && !started.current) {
      started.current = true;
      start.mutate();
    }
  }, [needsStart, start]);

  useEffect(() => {
    if (codes) document.getElementById('page-title')?.focus();
  }, [codes]);
  useFocusFirstInvalid(confirm.error, missing);

  if (me.isPending)
    return (
      <PublicLayout>
        <Spinner label={t('common.loading')} />
      </PublicLayout>
    );
  if (me.error && isApiError(me.error, 'UNAUTHENTICATED'))
    return <Navigate to={withNext('/login', next)} replace state={{ notice: 'sessionEnded' }} />;
  if (me.data?.session.mfaState === 'pending' && !codes)
    return <Navigate to={withNext('/mfa', next)} replace />;

  const required = me.data?.session.mfaState === 'enrolment_required';
  const email = me.data?.user.email ?? '';

  if (codes) {
    return (
      <PublicLayout wide>
        <h1 id="page-title" tabIndex={-1}>
          {t('setup.codesTitle')}
        </h1>
        <p className="intro">{t('setup.codesIntro')}</p>
        <RecoveryCodes codes={codes} email={email} />
        <div className="public-links">
          <Button variant="primary" onClick={() => void navigate(next, { replace: true })}>
            {t('setup.saved')}
          </Button>
        </div>
      </PublicLayout>
    );
  }

  if (me.data?.user.mfaEnabled) {
    return (
      <PublicLayout>
        <h1 id="page-title" tabIndex={-1}>
          {t('setup.title')}
        </h1>
        <div className="stack" style={{ marginTop: 12 }}>
          <Alert tone="success">{t('setup.already')}</Alert>
          <ButtonLink to={next} variant="primary">
            {t('common.continue')}
          </ButtonLink>
        </div>
      </PublicLayout>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = code.replace(/\s/g, '');
    setMissing(!value);
    if (value) confirm.mutate(value);
  };
  const errors = toErrors(confirm.error, ['code']);
  const startError = start.error ? toErrors(start.error, []).message : null;

  return (
    <PublicLayout wide>
      <h1 id="page-title" tabIndex={-1}>
        {t('setup.title')}
      </h1>
      <p className="intro">{required ? t('setup.introRequired') : t('setup.intro')}</p>
      {startError && (
        <div className="stack">
          <Alert tone="error">{startError}</Alert>
          <div>
            <Button onClick={() => start.mutate()}>{t('common.continue')}</Button>
          </div>
        </div>
      )}
      {start.isPending && <Spinner label={t('setup.starting')} />}
      {start.data && (
        <ol className="steps">
          <li>
            <h2>{t('setup.step1')}</h2>
            <p className="muted">{t('setup.step1Body')}</p>
          </li>
          <li>
            <h2>{t('setup.step2')}</h2>
            <div className="stack" style={{ marginTop: 10 }}>
              <div
                className="qr"
                role="img"
                aria-label={t('setup.qrAlt')}
                // The SVG is generated by the Waymark server from the otpauth URI (trusted output).
                dangerouslySetInnerHTML={{ __html: start.data.qrSvg }}
              />
              <div>
                <p className="small">{t('setup.manual')}</p>
                <code className="secret">{start.data.secret}</code>
              </div>
            </div>
          </li>
          <li>
            <h2>{t('setup.step3')}</h2>
            <form className="form" onSubmit={submit} noValidate style={{ marginTop: 10 }}>
              {errors.message && <Alert tone="error">{errors.message}</Alert>}
              <TextField
                label={t('setup.code')}
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]*"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/[^\d]/g, ''))}
                error={missing ? t('field.required') : errors.fields.code}
                required
              />
              <div>
                <Button type="submit" variant="primary" busy={confirm.isPending}>
                  {t('setup.submit')}
                </Button>
              </div>
            </form>
          </li>
        </ol>
      )}
      <div className="public-links">
        {required ? <SignOutLink /> : <ButtonLink to={next}>{t('common.cancel')}</ButtonLink>}
      </div>
    </PublicLayout>
  );
}
