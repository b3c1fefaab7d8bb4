/**
 * The frame of the public pages (sign-in, password reset, invitations, two-step verification):
 * wordmark, language switch, one centred card.
 */
import { useEffect, type ReactNode } from 'react';
import { LANGS, useI18n } from '../../i18n';
import { WaymarkLogo } from '../../ui/icons';
import { useFocusOnNavigate } from './focus';

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {LANGS.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={lang === l} onClick={() => setLang(l)}>
          {t(`lang.${l}`)}
        </button>
      ))}
    </div>
  );
}

export function PublicLayout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const { lang, t } = useI18n();
  useFocusOnNavigate();
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <div className="public">
      <a className="skip-link" href="#main-content">
        {t('common.skip')}
      </a>
      <header className="public-header">
        <span className="wordmark">
          <WaymarkLogo />
          Waymark
        </span>
        <LanguageSwitch />
      </header>
      <main id="main-content" className="public-main" tabIndex={-1}>
        <div className={`public-card${wide ? ' wide' : ''}`}>{children}</div>
      </main>
      <footer className="public-footer">
        <p>{t('common.footer')}</p>
      </footer>
    </div>
  );
}
