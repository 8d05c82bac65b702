import type { PersonalDataFinding } from './types.js';
import { findEmails } from './email.js';
import { findIdentityNumbers } from './identity-number.js';
import { findPhoneNumbers } from './phone.js';
import { maskSpans } from './text-utils.js';

/**
 * Finds personal data in free text: e-mail addresses, personnummer, samordningsnummer and
 * phone numbers. The result is sorted by start and never overlaps: e-mail addresses are taken
 * first, then identity numbers, then phone numbers, each from the text with the earlier
 * findings masked out (so an identity number is never also reported as a phone number).
 */
export function findPersonalData(text: string): PersonalDataFinding[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const emails = findEmails(text);
  const withoutEmails = maskSpans(text, emails);
  const identityNumbers = findIdentityNumbers(withoutEmails);
  const phones = findPhoneNumbers(maskSpans(withoutEmails, identityNumbers));
  return [...emails, ...identityNumbers, ...phones].sort((a, b) => a.start - b.start);
}

/** True if findPersonalData would find anything. */
export function containsPersonalData(text: string): boolean {
  return findPersonalData(text).length > 0;
}
