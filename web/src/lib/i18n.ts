import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Category } from '#contracts';
import { PERSONAL_DATA_LABELS, type PersonalDataKind } from '#privacy';
import { sv } from '../locales/sv.js';
import { en } from '../locales/en.js';
import { knownCategories, onCategoriesChange } from './categories.js';

export type Lang = 'sv' | 'en';
const LANG_KEY = 'lagesbild.lang';

function initialLang(): Lang {
  return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'sv';
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  lng: initialLang(),
  fallbackLng: 'sv',
  supportedLngs: ['sv', 'en'],
  resources: { sv: { translation: sv }, en: { translation: en } },
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
  initAsync: false,
});

document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  localStorage.setItem(LANG_KEY, lng);
});

export function currentLang(): Lang {
  return i18n.language === 'en' ? 'en' : 'sv';
}

/**
 * A category's label: the collaboration's (lib/categories.ts: its own, renamed and switched-off categories), which
 * are the contract's defaults until they are loaded.
 */
export function categoryLabel(code: Category | string, lang: Lang = currentLang()): string {
  return knownCategories().find((c) => c.code === code)?.[lang] ?? code;
}
// When the collaboration's labels arrive or change, every translated component draws again (as on a change of language).
onCategoriesChange(() => void i18n.changeLanguage(i18n.language));

export function personalDataLabel(kind: PersonalDataKind | string, lang: Lang = currentLang()): string {
  return PERSONAL_DATA_LABELS[kind as PersonalDataKind]?.[lang] ?? kind;
}

// Intl formatters are costly to create: one per language, reused by every row of a long list.
const dateTimeFormats = {
  sv: new Intl.DateTimeFormat('sv-SE', { dateStyle: 'medium', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }),
};
const dateFormats = {
  sv: new Intl.DateTimeFormat('sv-SE', { dateStyle: 'medium' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' }),
};
const relativeFormats = {
  sv: new Intl.RelativeTimeFormat('sv', { numeric: 'auto' }),
  en: new Intl.RelativeTimeFormat('en', { numeric: 'auto' }),
};

export function formatDateTime(iso: string, lang: Lang = currentLang()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateTimeFormats[lang].format(d);
}

/** A day without its time (a follow-up date). */
export function formatDate(iso: string, lang: Lang = currentLang()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormats[lang].format(d);
}

const monthFormats = {
  sv: new Intl.DateTimeFormat('sv-SE', { year: 'numeric', month: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'long', timeZone: 'UTC' }),
};

/** A month of the API (YYYY-MM) in words: "mars 2026". */
export function formatMonth(month: string, lang: Lang = currentLang()): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  return monthFormats[lang].format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}

export function formatRelative(iso: string, lang: Lang = currentLang(), now = Date.now()): string {
  const diff = Date.parse(iso) - now;
  const rtf = relativeFormats[lang];
  const abs = Math.abs(diff);
  if (abs < 60_000) return rtf.format(Math.round(diff / 1000), 'second');
  if (abs < 3_600_000) return rtf.format(Math.round(diff / 60_000), 'minute');
  if (abs < 86_400_000) return rtf.format(Math.round(diff / 3_600_000), 'hour');
  return rtf.format(Math.round(diff / 86_400_000), 'day');
}
