import { useTranslation } from 'react-i18next';
import { useKnownCategories } from '../lib/categories.js';
import { categoryLabel } from '../lib/i18n.js';

/**
 * The category filter of the live picture, the triage queue and the pictures: a folded list of checkboxes, none
 * chosen meaning all. `onChange` gets the codes chosen after a change.
 */
export function CategoryFilter({ value, onChange }: { value: readonly string[]; onChange: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const categories = useKnownCategories();
  const toggle = (code: string) => onChange(value.includes(code) ? value.filter((c) => c !== code) : [...value, code]);
  return (
    <details className="category-filter">
      <summary>
        {t('live.categories')}: {value.length ? t('live.categoriesChosen', { count: value.length }) : t('live.allCategories')}
      </summary>
      <fieldset>
        <legend className="visually-hidden">{t('live.categories')}</legend>
        <div className="checkbox-grid">
          {categories.map((c) => (
            <label key={c.code} className="checkbox">
              <input type="checkbox" checked={value.includes(c.code)} onChange={() => toggle(c.code)} />
              {categoryLabel(c.code)}
            </label>
          ))}
        </div>
        {value.length > 0 && (
          <button type="button" className="button secondary small" onClick={() => onChange([])}>
            {t('live.clearCategories')}
          </button>
        )}
      </fieldset>
    </details>
  );
}
