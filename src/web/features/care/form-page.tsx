/**
 * The family form (/form#token=<token>): a youth or caregiver answers a measure on their own phone, with
 * no account and nothing that identifies them. The token is read from the address's fragment,
 * which browsers never send to a server, and only then sent to the API. Large print and big tap
 * targets, one question per screen with its progress, a review before sending, and a thank-you
 * that shows no score. The page follows the language of the link (English or Spanish) and keeps it
 * as the device's choice; before a form is known, the visitor's own choice or the browser's language.
 *
 * Deliberately light: it imports nothing of the signed-in app (no charts, no admin pages).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import type { TPublicForm } from '../../api/types';
import { translate, useI18n, type Lang, type MessageKey } from '../../i18n';
import { Button } from '../../ui/button';
import { AlertIcon, CheckIcon, WaymarkLogo } from '../../ui/icons';
import { useDocumentTitle } from '../../ui/page-header';
import { Spinner } from '../../ui/spinner';
import { LanguageSwitch } from '../shell/public-layout';
import './form-page.css';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The token of `/form#token=<token>`: '' when the fragment holds no well-formed token. */
export function tokenFromHash(hash: string): string {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
  return TOKEN.test(token) ? token : '';
}

type Item = TPublicForm['sections'][number]['items'][number];
type Step = { kind: 'intro' } | { kind: 'question'; index: number } | { kind: 'review' } | { kind: 'done' };
type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

function FormLayout({
  lang,
  showSwitch,
  children,
}: {
  lang: Lang;
  showSwitch: boolean;
  children: ReactNode;
}) {
  const t: T = (key, vars) => translate(lang, key, vars);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <div className="public family-form">
      <a className="skip-link" href="#main-content">
        {t('common.skip')}
      </a>
      <header className="public-header">
        <span className="wordmark">
          <WaymarkLogo />
          Waymark
        </span>
        {showSwitch && <LanguageSwitch />}
      </header>
      <main id="main-content" className="public-main" tabIndex={-1}>
        <div className="public-card wide family-form-card">{children}</div>
      </main>
    </div>
  );
}

function Problem({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <div className="family-form-problem">
      <span className="family-form-problem-icon" aria-hidden="true">
        <AlertIcon size={32} />
      </span>
      <h1 id="page-title" tabIndex={-1}>
        {title}
      </h1>
      <p>{children}</p>
      {action}
    </div>
  );
}

/**
 * A link that no longer opens: the API says why (used, expired or cancelled) in the detail of its
 * 410, and each gets its own words; anything else, the general message.
 */
function GoneProblem({ t, error }: { t: T; error: unknown }) {
  const why = error instanceof ApiError ? error.details.find((d) => d.path === 'token')?.message : undefined;
  if (why === 'used') return <Problem title={t('form.usedTitle')}>{t('form.used')}</Problem>;
  if (why === 'expired') return <Problem title={t('form.expiredTitle')}>{t('form.expired')}</Problem>;
  if (why === 'revoked') return <Problem title={t('form.revokedTitle')}>{t('form.revoked')}</Problem>;
  return <Problem title={t('form.goneTitle')}>{t('form.gone')}</Problem>;
}

function formatDateTime(lang: Lang, iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(lang === 'es' ? 'es-ES' : 'en-US', { dateStyle: 'long', timeStyle: 'short' });
}

function Progress({ t, index, total, answered }: { t: T; index: number; total: number; answered: number }) {
  return (
    <div className="family-form-progress">
      <div
        className="family-form-bar"
        role="progressbar"
        aria-label={t('form.progressLabel')}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={answered}
        aria-valuetext={t('form.answered', { n: answered, total })}
      >
        <span style={{ width: `${(answered / Math.max(1, total)) * 100}%` }} />
      </div>
      <span className="family-form-count" aria-hidden="true">
        {index + 1} / {total}
      </span>
    </div>
  );
}

function Question({
  t,
  item,
  index,
  total,
  value,
  answered,
  returning,
  onAnswer,
  onBack,
  onNext,
}: {
  t: T;
  item: Item;
  index: number;
  total: number;
  value: number | undefined;
  answered: number;
  returning: boolean;
  onAnswer: (v: number) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const [missing, setMissing] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value === undefined) {
      setMissing(true);
      return;
    }
    onNext();
  };
  const last = index === total - 1;
  return (
    <form onSubmit={submit} noValidate className="family-form-step">
      <Progress t={t} index={index} total={total} answered={answered} />
      <h2 id="form-step" tabIndex={-1}>
        {t('form.progress', { n: index + 1, total })}
      </h2>
      <fieldset className="family-form-question" aria-describedby={missing ? 'form-missing' : undefined}>
        <legend>{item.text}</legend>
        <div className="family-form-options">
          {item.options.map((o) => (
            <label key={o.value} className="family-form-option">
              <input
                type="radio"
                name={`item-${item.id}`}
                value={o.value}
                checked={value === o.value}
                aria-invalid={missing ? true : undefined}
                onChange={() => {
                  setMissing(false);
                  onAnswer(o.value);
                }}
              />
              <span>{o.label}</span>
            </label>
          ))}
        </div>
        {missing && (
          <p id="form-missing" className="family-form-error" role="alert">
            <AlertIcon size={22} />
            {t('form.chooseAnswer')}
          </p>
        )}
      </fieldset>
      <div className="family-form-nav">
        <Button onClick={onBack}>{t('form.back')}</Button>
        <Button type="submit" variant="primary">
          {last || returning ? t('form.toReview') : t('form.next')}
        </Button>
      </div>
    </form>
  );
}

export function FormPage() {
  const { hash } = useLocation();
  const token = tokenFromHash(hash);
  const valid = token !== '';
  const i18n = useI18n();
  const form = useQuery({
    queryKey: ['public-form', token],
    queryFn: ({ signal }) => api.get<TPublicForm>(`/forms/${token}`, undefined, signal),
    enabled: valid,
    retry: false,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  const lang: Lang = form.data?.language ?? i18n.lang;
  // The device keeps the link's language, so opening it again (used or expired) speaks it too.
  const formLanguage = form.data?.language;
  const { setLang } = i18n;
  useEffect(() => {
    if (formLanguage) setLang(formLanguage);
  }, [formLanguage, setLang]);
  const t: T = (key, vars) => translate(lang, key, vars);
  const [step, setStep] = useState<Step>({ kind: 'intro' });
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [returnToReview, setReturnToReview] = useState(false);
  const send = useMutation({
    mutationFn: () => api.post<{ ok: true }>(`/forms/${token}`, { responses: answers }),
    onSuccess: () => setStep({ kind: 'done' }),
  });
  useDocumentTitle(form.data?.title ?? t('form.title'));

  // Each new screen starts at its heading, so a screen reader reads the new question.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const frame = requestAnimationFrame(() => {
      window.scrollTo(0, 0);
      (document.getElementById('form-step') ?? document.getElementById('page-title'))?.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [step]);

  const items: Item[] = (form.data?.sections ?? []).flatMap((s) => s.items);
  const answered = items.filter((i) => answers[i.id] !== undefined).length;
  let body: ReactNode;

  if (!valid) {
    body = <Problem title={t('form.noTokenTitle')}>{t('form.noToken')}</Problem>;
  } else if (form.isPending) {
    body = <Spinner label={t('form.loading')} />;
  } else if (form.error) {
    const status = form.error instanceof ApiError ? form.error.status : 0;
    const retry = (
      <Button variant="primary" className="family-form-big" onClick={() => void form.refetch()}>
        {t('form.retry')}
      </Button>
    );
    body =
      status === 410 ? (
        <GoneProblem t={t} error={form.error} />
      ) : status === 404 || status === 400 ? (
        <Problem title={t('form.unknownTitle')}>{t('form.unknown')}</Problem>
      ) : status === 429 ? (
        <Problem title={t('form.rateTitle')} action={retry}>
          {t('form.rateLimited')}
        </Problem>
      ) : (
        <Problem title={t('form.title')} action={retry}>
          {status === 0 ? t('common.networkError') : t('form.error')}
        </Problem>
      );
  } else if (step.kind === 'done') {
    body = (
      <div className="family-form-done">
        <span className="family-form-done-icon" aria-hidden="true">
          <CheckIcon size={40} />
        </span>
        <h1 id="page-title" tabIndex={-1}>
          {t('form.doneTitle')}
        </h1>
        <p>{t('form.done')}</p>
      </div>
    );
  } else {
    const f = form.data;
    const title = (
      <h1
        id="page-title"
        tabIndex={-1}
        className={step.kind === 'intro' ? undefined : 'family-form-title-small'}
      >
        {f.title}
      </h1>
    );
    if (step.kind === 'intro') {
      body = (
        <div className="family-form-step">
          {title}
          {f.instructions && <p>{f.instructions}</p>}
          {f.recall && <p>{t('form.recall', { recall: f.recall })}</p>}
          <p>{t('form.intro', { count: items.length })}</p>
          <p className="family-form-note">
            {t('form.privacy')} {t('form.expires', { date: formatDateTime(lang, f.expiresAt) })}
          </p>
          <Button
            variant="primary"
            className="family-form-big"
            onClick={() => setStep(items.length > 0 ? { kind: 'question', index: 0 } : { kind: 'review' })}
          >
            {t('form.start')}
          </Button>
        </div>
      );
    } else if (step.kind === 'question') {
      const item = items[step.index];
      body = item ? (
        <>
          {title}
          <Question
            key={item.id}
            t={t}
            item={item}
            index={step.index}
            total={items.length}
            value={answers[item.id]}
            answered={answered}
            returning={returnToReview}
            onAnswer={(v) => setAnswers((a) => ({ ...a, [item.id]: v }))}
            onBack={() =>
              setStep(step.index === 0 ? { kind: 'intro' } : { kind: 'question', index: step.index - 1 })
            }
            onNext={() => {
              if (returnToReview || step.index === items.length - 1) {
                setReturnToReview(false);
                setStep({ kind: 'review' });
              } else setStep({ kind: 'question', index: step.index + 1 });
            }}
          />
        </>
      ) : null;
    } else {
      const left = items.length - answered;
      const sendError =
        send.error instanceof ApiError && send.error.status === 410
          ? t('form.submitGone')
          : send.error instanceof ApiError && send.error.status === 429
            ? t('form.rateLimited')
            : send.error
              ? t('form.submitError')
              : null;
      body = (
        <div className="family-form-step">
          {title}
          <Progress t={t} index={items.length - 1} total={items.length} answered={answered} />
          <h2 id="form-step" tabIndex={-1}>
            {t('form.reviewTitle')}
          </h2>
          <p>{t('form.reviewIntro')}</p>
          <ol className="family-form-review">
            {items.map((item, i) => {
              const chosen = item.options.find((o) => o.value === answers[item.id]);
              return (
                <li key={item.id}>
                  <div>
                    <p className="family-form-review-q">
                      <span className="family-form-review-n">{t('form.question', { n: i + 1 })}. </span>
                      {item.text}
                    </p>
                    <p className={chosen ? 'family-form-review-a' : 'family-form-review-a missing'}>
                      {chosen ? chosen.label : t('form.notAnswered')}
                    </p>
                  </div>
                  <Button
                    aria-label={t('form.changeLabel', { n: i + 1 })}
                    onClick={() => {
                      setReturnToReview(true);
                      setStep({ kind: 'question', index: i });
                    }}
                  >
                    {t('form.change')}
                  </Button>
                </li>
              );
            })}
          </ol>
          {left > 0 && (
            <p className="family-form-error" role="status">
              <AlertIcon size={22} />
              {t('form.missing', { count: left })}
            </p>
          )}
          {sendError && (
            <p className="family-form-error" role="alert">
              <AlertIcon size={22} />
              {sendError}
            </p>
          )}
          <Button
            variant="primary"
            className="family-form-big"
            busy={send.isPending}
            disabled={left > 0 || (send.error instanceof ApiError && send.error.status === 410)}
            onClick={() => send.mutate()}
          >
            {t('form.submit')}
          </Button>
        </div>
      );
    }
  }

  return (
    <FormLayout lang={lang} showSwitch={!form.data}>
      {body}
    </FormLayout>
  );
}
