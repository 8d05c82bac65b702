import type { PersonalDataFinding } from './types.js';

export type IdentityNumberKind = 'personal_identity_number' | 'coordination_number';

/**
 * Luhn check digit for the first nine digits of the 10-digit form (YYMMDDNNN):
 * weights 2,1,2,1,... from the left, digit sums of the products.
 */
export function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < nineDigits.length; i++) {
    let p = (nineDigits.charCodeAt(i) - 48) * (i % 2 === 0 ? 2 : 1);
    if (p > 9) p -= 9;
    sum += p;
  }
  return (10 - (sum % 10)) % 10;
}

const TEN_OR_TWELVE = /^(?:\d{10}|\d{12})$/;

/**
 * Classifies 10 or 12 digits (no separators) as a personnummer or a samordningsnummer,
 * or returns null: month 01–12, day 01–31 (personnummer) or 61–91 (samordningsnummer),
 * century 18/19/20 in the 12-digit form, and a correct Luhn check digit.
 */
export function identityNumberKind(digits: string): IdentityNumberKind | null {
  if (typeof digits !== 'string' || !TEN_OR_TWELVE.test(digits)) return null;
  let ten = digits;
  if (digits.length === 12) {
    const century = digits.slice(0, 2);
    if (century !== '18' && century !== '19' && century !== '20') return null;
    ten = digits.slice(2);
  }
  const month = Number(ten.slice(2, 4));
  const day = Number(ten.slice(4, 6));
  if (month < 1 || month > 12) return null;
  let kind: IdentityNumberKind;
  if (day >= 1 && day <= 31) kind = 'personal_identity_number';
  else if (day >= 61 && day <= 91) kind = 'coordination_number';
  else return null;
  if (luhnCheckDigit(ten.slice(0, 9)) !== ten.charCodeAt(9) - 48) return null;
  return kind;
}

/** True for a valid personnummer or samordningsnummer given as 10 or 12 digits without separators. */
export function isValidIdentityNumber(digits: string): boolean {
  return identityNumberKind(digits) !== null;
}

// YYYYMMDD or YYMMDD, an optional separator (-, + or a single space), NNNC; never part of a
// longer digit run, and never right after a '+' ("+4612745382" is an international phone number).
const IDENTITY_SOURCE = '(?<![\\d+])(?:((?:18|19|20)\\d{6})|(\\d{6}))([-+\\u2010\\u2011\\u2013\\u2212 \\u00A0]?)(\\d{4})(?!\\d)';

/** Finds personnummer and samordningsnummer (internal; use findPersonalData). */
export function findIdentityNumbers(text: string): PersonalDataFinding[] {
  const re = new RegExp(IDENTITY_SOURCE, 'g');
  const out: PersonalDataFinding[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const kind = identityNumberKind((m[1] ?? m[2]) + m[4]);
    if (kind) out.push({ kind, start: m.index, end: m.index + m[0].length });
    else re.lastIndex = m.index + 1;
  }
  return out;
}
