import type { PersonalDataFinding } from './types.js';

const LOCAL_CHAR = /[\p{L}\p{N}._%+-]/u;
// Labels of letters/digits/hyphens (not at the ends), then a TLD of 2+ letters. Anchored
// (sticky) right after the '@'; every label is bounded, so backtracking stays linear.
const DOMAIN = /(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,63}(?![\p{L}\p{N}-])/uy;

/**
 * Finds e-mail addresses (internal; use findPersonalData). Works outward from each '@'
 * instead of running one big regex over the text, so the cost is linear in the text length.
 */
export function findEmails(text: string): PersonalDataFinding[] {
  const out: PersonalDataFinding[] = [];
  let floor = 0;
  let at = text.indexOf('@');
  while (at !== -1) {
    let start = at;
    while (start > floor && LOCAL_CHAR.test(text[start - 1]!)) start--;
    while (start < at && text[start] === '.') start++;
    if (start < at) {
      DOMAIN.lastIndex = at + 1;
      const m = DOMAIN.exec(text);
      if (m) {
        const end = at + 1 + m[0].length;
        out.push({ kind: 'email', start, end });
        floor = end;
        at = text.indexOf('@', end);
        continue;
      }
    }
    floor = at + 1;
    at = text.indexOf('@', at + 1);
  }
  return out;
}
