import type { TFunction } from 'i18next';
import { HttpError, NetworkError } from './api.js';
import { i18n, personalDataLabel } from './i18n.js';

export interface FormErrors {
  /** Messages by field name (the API's `field`, e.g. "description", "body"). */
  fields: Record<string, string>;
  /** Messages that belong to no single field. */
  general: string[];
}

const FIELD_PREFIX = /^([a-zA-Z.]+)\s/;

/** Turns an API error into messages next to the fields they are about; personal data in words the user knows. */
export function formErrors(e: unknown, t: TFunction, knownFields: string[]): FormErrors {
  const out: FormErrors = { fields: {}, general: [] };
  if (e instanceof NetworkError) {
    out.general.push(t('errors.network'));
    return out;
  }
  if (!(e instanceof HttpError)) {
    out.general.push(t('errors.unknown'));
    return out;
  }
  const b = e.body;
  if (b.code === 'PERSONAL_DATA') {
    const msg = t('privacy.serverRefused', { kind: personalDataLabel(b.kind ?? '') });
    if (b.field && knownFields.includes(b.field)) out.fields[b.field] = msg;
    else out.general.push(msg);
    return out;
  }
  // A refusal the API names with a code of its own (e.g. NOT_YET_SHAREABLE): the words for it, by its field.
  const coded = codedMessage(b.code, t);
  if (coded) {
    if (b.field && knownFields.includes(b.field)) out.fields[b.field] = coded;
    else out.general.push(coded);
    return out;
  }
  if (e.status === 409) {
    out.general.push(t('errors.conflict'));
    return out;
  }
  if (e.status === 403) {
    out.general.push(t('errors.forbidden'));
    return out;
  }
  if (e.status === 404) {
    out.general.push(t('errors.notFound'));
    return out;
  }
  if (e.status === 429) {
    out.general.push(t('errors.rateLimited'));
    return out;
  }
  if (e.status >= 500) {
    out.general.push(t('errors.server'));
    return out;
  }
  const messages = Array.isArray(b.message) ? b.message : [String(b.message)];
  for (const m of messages) {
    const field = b.field ?? FIELD_PREFIX.exec(m)?.[1]?.split('.')[0];
    const text = `${t('errors.invalid')} (${m})`;
    if (field && knownFields.includes(field) && !out.fields[field]) out.fields[field] = text;
    else out.general.push(text);
  }
  return out;
}

/**
 * The words for a refusal the API names with a code of its own (`errors.codes.*`, and those of the admin screens and
 * plausible reports, `manage.codes.*`), or '' for a code without words.
 */
export function codedMessage(code: string | undefined, t: TFunction): string {
  if (!code) return '';
  for (const key of [`errors.codes.${code}`, `manage.codes.${code}`]) if (i18n.exists(key)) return t(key);
  return '';
}
