import type { PersonalDataFinding } from './types.js';
import { findEmails } from './email.js';
import { findIdentityNumbers } from './identity-number.js';
import { normalizeForDetection, originalSpan } from './normalize.js';
import { findPhoneNumbers } from './phone.js';
import { findSeparatedNumbers } from './separated-numbers.js';
import { maskSpans } from './text-utils.js';

type Finder = (text: string) => PersonalDataFinding[];

/**
 * In this order, each on the text with the earlier findings masked out: e-mail addresses (also written out), identity
 * numbers and phone numbers as they are usually written, then identity numbers and phone numbers with their digits
 * spread over any separators. So nothing is reported twice, and the second look only adds to the first.
 */
const FINDERS: Finder[] = [findEmails, findIdentityNumbers, findPhoneNumbers, findSeparatedNumbers];

/**
 * Finds personal data in free text: e-mail addresses, personnummer, samordningsnummer and phone numbers, however
 * they are written (see normalize.ts: full-width and other scripts' digits, invisible characters, any spaces and
 * dashes). The offsets are into the text as given (UTF-16, end exclusive); the result is sorted by start and never
 * overlaps.
 */
export function findPersonalData(text: string): PersonalDataFinding[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const norm = normalizeForDetection(text);
  const found: PersonalDataFinding[] = [];
  let masked = norm.text;
  for (const find of FINDERS) {
    const more = find(masked);
    found.push(...more);
    masked = maskSpans(masked, more);
  }
  return found
    .sort((a, b) => a.start - b.start)
    .map((f) => ({ kind: f.kind, ...originalSpan(norm, f.start, f.end) }));
}

/** True if findPersonalData would find anything. */
export function containsPersonalData(text: string): boolean {
  return findPersonalData(text).length > 0;
}
