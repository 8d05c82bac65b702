import { useTranslation } from 'react-i18next';

/** Swedish first; English as a switch. The label is written in the language it switches to. */
export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  const toEn = i18n.language !== 'en';
  return (
    <button
      type="button"
      className="button secondary small lang-switch"
      lang={toEn ? 'en' : 'sv'}
      onClick={() => void i18n.changeLanguage(toEn ? 'en' : 'sv')}
      data-testid="language-switch"
      title={t('common.switchLanguage')}
    >
      {toEn ? 'English' : 'Svenska'}
    </button>
  );
}
