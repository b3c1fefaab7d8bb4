/**
 * Recovery codes, shown once: copy them, download them as a text file, confirm they are saved.
 */
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { downloadText } from '../../ui/download';

export function RecoveryCodes({ codes, email }: { codes: string[]; email: string }) {
  const { t } = useI18n();
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');

  const text = [
    t('setup.codesFileHeader'),
    email,
    new Date().toISOString().slice(0, 10),
    '',
    ...codes,
    '',
    t('setup.codesFileNote'),
    '',
  ].join('\n');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      setCopyState('copied');
    } catch {
      setCopyState('failed');
    }
  };

  return (
    <div className="stack">
      <ul className="recovery-codes" aria-label={t('setup.codesTitle')}>
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div className="row">
        <Button onClick={() => void copy()}>{t('setup.copy')}</Button>
        <Button onClick={() => downloadText('waymark-recovery-codes.txt', text)}>
          {t('setup.download')}
        </Button>
      </div>
      <div aria-live="polite">
        {copyState === 'copied' && <Alert tone="success">{t('setup.copied')}</Alert>}
        {copyState === 'failed' && <Alert tone="warning">{t('setup.copyFailed')}</Alert>}
      </div>
    </div>
  );
}
