/**
 * The password policy in words: length and "not a common password"; no composition rules.
 */
import { useI18n } from '../../i18n';

export function PasswordRules({ id }: { id?: string }) {
  const { t } = useI18n();
  return (
    <div id={id}>
      <p className="small" style={{ fontWeight: 600, marginBottom: 4 }}>
        {t('password.rulesTitle')}
      </p>
      <ul className="rules">
        <li>{t('password.ruleLength')}</li>
        <li>{t('password.ruleCommon')}</li>
        <li>{t('password.ruleFree')}</li>
      </ul>
    </div>
  );
}
