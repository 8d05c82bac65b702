import type { PersonalDataFinding } from './types.js';
import { isDigit, isWordChar, maskSpans } from './text-utils.js';

/*
 * Phone numbers are found in two steps, without any backtracking regex over the text:
 *
 * 1. A scanner cuts the text into "runs": digit groups joined by one separator each (a space,
 *    a dash, " - ", or a parenthesised group such as "(08)" or "(0)"), optionally with a
 *    leading "+". Dates are masked first so that "08-11-2026" is never a run.
 * 2. Within a run, contiguous ranges of groups are checked against the Swedish numbering plan
 *    (national: 0 + 7–9 digits, mobiles 07x exactly 10 digits) or E.164 (+/00, 7–15 digits).
 *
 * A phone number has to start where a number can start: at the beginning of a run, or right
 * after another phone number. Never right after a letter ("K010000-10"). Starting in the middle
 * of a run ("531 05 2026 …") or right after a time/decimal ("22.08 …") is only allowed for
 * unambiguous shapes: one unbroken group ("0701234567") or an area code followed by a dash or
 * in parentheses ("070-123 45 67", "(08) 123 45 67").
 */

const SPACE = new Set([' ', '\u00A0', '\u2009', '\u202F']);
const DASH = new Set(['-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2212']);
const PAREN_ATOM = /\((\d{1,4})\)/y;
const DASH_CLASS = '[-\\u2010\\u2011\\u2012\\u2013\\u2212]';
// YYYY-MM-DD and D-M-YYYY (also with leading zeros); never part of a phone number.
const DATE_SOURCE =
  `(?<!\\d)(?:(?:19|20)\\d{2}${DASH_CLASS}(?:0?[1-9]|1[0-2])${DASH_CLASS}(?:0?[1-9]|[12]\\d|3[01])` +
  `|(?:0?[1-9]|[12]\\d|3[01])${DASH_CLASS}(?:0?[1-9]|1[0-2])${DASH_CLASS}(?:19|20)\\d{2})(?!\\d)`;
// A unit right after a number means it is an amount or a measure, not a phone number.
export const UNIT = /[ \u00A0]?(?:kr|kronor|sek|tkr|mkr|:-|%|meter|m|km|mil|grader)(?![\p{L}\p{N}])/iuy;
// A registration number ("ABC 012") right before the run: its three digits are not an area code.
export const PLATE_BEFORE = /(?<![\p{L}\p{N}])(?!(?:TEL|TFN|MOB|FAX)\b)[A-ZÅÄÖ]{3} $/u;
// A count word after the last group ("… 12 personer") makes us prefer a shorter number when there is one.
export const COUNT_WORD = /[ \u00A0](?:st|stycken|styck|personer|pers|ungdomar|barn|bilar|år|gånger|timmar|minuter)(?![\p{L}\p{N}])/iuy;

interface Group {
  start: number;
  end: number;
  digits: string;
  paren: boolean;
  /** The separator text between the previous group and this one ('' for the first). */
  sep: string;
}

interface Run {
  start: number;
  end: number;
  plus: boolean;
  /**
   * What is glued to the front of the run: 'letter' (a case number such as "K010000-10": the
   * first group can never start a phone number), 'number' (a time, decimal or fraction such as
   * "22.08 …": only unambiguous shapes may start there) or null. A registration number
   * ("ABC 012 …") counts as 'letter'.
   */
  glued: 'letter' | 'number' | null;
  groups: Group[];
}

type Mode = 'fresh' | 'mid';

function parenAt(text: string, i: number): Group | null {
  PAREN_ATOM.lastIndex = i;
  const m = PAREN_ATOM.exec(text);
  return m ? { start: i, end: i + m[0].length, digits: m[1]!, paren: true, sep: '' } : null;
}

function atomAt(text: string, i: number, sep: string): Group | null {
  if (text[i] === '(') {
    const g = parenAt(text, i);
    if (g) g.sep = sep;
    return g;
  }
  if (!isDigit(text[i])) return null;
  let e = i + 1;
  while (isDigit(text[e])) e++;
  return { start: i, end: e, digits: text.slice(i, e), paren: false, sep };
}

function hasDash(sep: string): boolean {
  for (const c of sep) if (DASH.has(c)) return true;
  return false;
}

function hasSpace(sep: string): boolean {
  for (const c of sep) if (SPACE.has(c)) return true;
  return false;
}

/** " - ", "– " …: also how ranges and lists are written ("kl 22.00 – 23.00"), so only trusted after the area code. */
function isSpacedDash(sep: string): boolean {
  return hasDash(sep) && hasSpace(sep);
}

/** Spaced dashes are allowed only as the first separator, and then only at a clean start. */
function spacedDashesOk(groups: Group[], mode: Mode): boolean {
  for (let i = 1; i < groups.length; i++) {
    if (isSpacedDash(groups[i]!.sep) && (i > 1 || mode === 'mid')) return false;
  }
  return true;
}

function parseRun(text: string, start: number): Run {
  let p = start;
  let plus = false;
  if (text[p] === '+') {
    plus = true;
    p++;
  }
  const prev = text[start - 1];
  const glued = isWordChar(prev)
    ? 'letter'
    : prev !== undefined && '.,:/+'.includes(prev) && isDigit(text[start - 2])
      ? 'number'
      : null;
  const groups: Group[] = [];
  let sep = '';
  for (;;) {
    const g = atomAt(text, p, sep);
    if (!g) break;
    groups.push(g);
    p = g.end;
    let q = p;
    if (SPACE.has(text[q]!)) q++;
    if (DASH.has(text[q]!)) {
      q++;
      if (SPACE.has(text[q]!)) q++;
    }
    const next = text[q];
    if (q === p && !g.paren && next !== '(') break;
    if (!(isDigit(next) || (next === '(' && parenAt(text, q)))) break;
    sep = text.slice(p, q);
    p = q;
  }
  const end = groups.length > 0 ? groups[groups.length - 1]!.end : start + 1;
  const plate =
    !plus && groups[0]?.paren === false && groups[0].digits.length === 3 && PLATE_BEFORE.test(text.slice(Math.max(0, start - 5), start));
  return { start, end, plus, glued: plate ? 'letter' : glued, groups };
}

function validInternational(groups: Group[], plus: boolean): boolean {
  let digits = '';
  groups.forEach((g, i) => {
    if (!(i > 0 && g.paren && g.digits === '0')) digits += g.digits; // "+46 (0)70 …"
  });
  return validInternationalDigits(plus ? digits : digits.slice(2)); // "00"
}

/** The digits after "+" or "00": a Swedish number after 46 (a superfluous 0 allowed), otherwise 7–15 digits (E.164). */
export function validInternationalDigits(digits: string): boolean {
  if (!/^[1-9]/.test(digits)) return false;
  if (digits.startsWith('46')) {
    let nsn = digits.slice(2);
    if (nsn.startsWith('0')) nsn = nsn.slice(1); // "+46 070-…" is a common slip, "+46 (0)70" a common form
    return /^[1-9]\d{6,8}$/.test(nsn) && (nsn[0] !== '7' || nsn.length === 9);
  }
  return digits.length >= 7 && digits.length <= 15;
}

function validNational(groups: Group[], mode: Mode): boolean {
  const digits = groups.map((g) => g.digits).join('');
  if (!/^0[1-9]\d{6,8}$/.test(digits)) return false;
  if (digits[1] === '7' && digits.length !== 10) return false; // 07x: mobiles, always 10 digits
  const first = groups[0]!;
  if (groups.length > 1) {
    const f = first.digits;
    // Shaped like a personnummer (YYMMDD-NNNC) with a wrong check digit: not a phone number either.
    if (groups.length === 2 && (f.length === 6 || f.length === 8) && groups[1]!.digits.length === 4) return false;
    // When the first group is the area code it is 08, or 0 + two or three digits …
    if (f.length === 1) return false;
    if (f.length === 2 && f !== '08') return false;
    // … and a subscriber number never starts with 0.
    if (f.length <= 4 && f[1] !== '7' && groups[1]!.digits[0] === '0') return false;
    // Dashes: after the area code only, or between all groups ("08-123-45-67"), not "08-10 15-20".
    const dashes = groups.slice(1).map((g) => hasDash(g.sep));
    if (dashes.some((d, i) => d && i > 0) && !dashes.every(Boolean)) return false;
  }
  if (mode === 'mid' && groups.length > 1) {
    const areaCode = first.digits.length >= 2 && first.digits.length <= 4;
    if (!(first.paren || (areaCode && hasDash(groups[1]!.sep)))) return false;
  }
  return true;
}

function trailingOk(text: string, run: Run, j: number): boolean {
  const end = run.groups[j]!.end;
  if (j === run.groups.length - 1) {
    const c = text[end];
    if (isWordChar(c)) return false;
    if ((c === '.' || c === ',' || c === ':') && isDigit(text[end + 1])) return false;
  }
  UNIT.lastIndex = end;
  return !UNIT.test(text);
}

function validCandidate(text: string, run: Run, k: number, j: number, mode: Mode, intl: boolean): boolean {
  const groups = run.groups.slice(k, j + 1);
  if (j > k && groups[groups.length - 1]!.digits.length < 2) return false;
  if (!spacedDashesOk(groups, mode)) return false;
  const ok = intl ? validInternational(groups, run.plus && k === 0) : validNational(groups, mode);
  return ok && trailingOk(text, run, j);
}

const MAX_DIGITS = 17; // 15 (E.164) + "00" or a "(0)"

/** All j such that groups k..j form a phone number; cheap rejections first, as this runs for every group. */
function validEnds(text: string, run: Run, k: number, mode: Mode): number[] {
  const first = run.groups[k]!;
  const f = first.digits;
  const intl = (run.plus && k === 0) || (!first.paren && f.startsWith('00'));
  if (intl) {
    if (mode === 'mid' && !(run.plus && k === 0) && f.length < 4) return [];
  } else if (f[0] !== '0' || f.length === 1 || (f.length === 2 && f !== '08')) {
    return []; // national numbers start with 0 and an area code of 08 or 0 + 2–3 digits
  }
  const [min, max] = intl ? [7, MAX_DIGITS] : [8, 10];
  const ends: number[] = [];
  let count = 0;
  for (let j = k; j < run.groups.length; j++) {
    count += run.groups[j]!.digits.length;
    if (count > max) break;
    if (count >= min && validCandidate(text, run, k, j, mode, intl)) ends.push(j);
  }
  return ends;
}

/** The best end for a number starting at group k: the longest, unless a shorter one lets the next number start. */
function bestEnd(text: string, run: Run, k: number, mode: Mode): number {
  let ends = validEnds(text, run, k, mode);
  if (ends.length === 0) return -1;
  // "Ring 08-12 34 56 12 personer": the last group reads as a count (no leading zero), so stop before it.
  const notCounts = ends.filter((j) => {
    const last = run.groups[j]!;
    if (j === k || last.digits.length > 3 || last.digits[0] === '0') return true;
    COUNT_WORD.lastIndex = last.end;
    return !COUNT_WORD.test(text);
  });
  if (notCounts.length > 0) ends = notCounts;
  for (let t = ends.length - 1; t >= 0; t--) {
    const j = ends[t]!;
    if (j + 1 < run.groups.length && validEnds(text, run, j + 1, 'fresh').length > 0) return j;
  }
  return ends[ends.length - 1]!;
}

function collect(text: string, run: Run, out: PersonalDataFinding[]): void {
  const groups = run.groups;
  let afterFinding = false;
  for (let k = 0; k < groups.length; ) {
    let mode: Mode | null;
    if (k === 0) mode = run.glued === 'letter' ? null : run.glued === 'number' ? 'mid' : 'fresh';
    else if (afterFinding) mode = 'fresh';
    else mode = hasSpace(groups[k]!.sep) ? 'mid' : null;
    if (mode) {
      const j = bestEnd(text, run, k, mode);
      if (j >= 0) {
        out.push({ kind: 'phone_number', start: k === 0 && run.plus ? run.start : groups[k]!.start, end: groups[j]!.end });
        k = j + 1;
        afterFinding = true;
        continue;
      }
    }
    afterFinding = false;
    k++;
  }
}

/** Start/end of dates that must not be read as phone numbers (internal). */
export function findDateSpans(text: string): { start: number; end: number }[] {
  const re = new RegExp(DATE_SOURCE, 'g');
  const out: { start: number; end: number }[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/** Finds phone numbers (internal; use findPersonalData, which also gives identity numbers priority). */
export function findPhoneNumbers(text: string): PersonalDataFinding[] {
  const masked = maskSpans(text, findDateSpans(text));
  const out: PersonalDataFinding[] = [];
  const n = masked.length;
  for (let i = 0; i < n; ) {
    const c = masked[i];
    const startable =
      isDigit(c) ||
      (c === '+' && isDigit(masked[i + 1]) && !isWordChar(masked[i - 1])) ||
      (c === '(' && parenAt(masked, i) !== null);
    if (!startable) {
      i++;
      continue;
    }
    const run = parseRun(masked, i);
    collect(masked, run, out);
    i = Math.max(run.end, i + 1);
  }
  return out;
}
