import type { PersonalDataFinding, PersonalDataKind } from './types.js';
import { identityNumberKind } from './identity-number.js';
import { COUNT_WORD, PLATE_BEFORE, UNIT, validInternationalDigits } from './phone.js';
import { isWordChar } from './text-utils.js';

/*
 * Numbers whose digits are spread over separators of any kind: "81 12 18 – 98 76", "8.1.1.2.1.8/9.8.7.6",
 * "070_123_45_67", "+46 (0) 70·123·45·67", "0 7 0 1 2 3 4 5 6 7". This is the second look, after the finders for the
 * usual ways of writing (identity-number.ts, phone.ts), and it only adds what they did not find.
 *
 * The digits are cut into groups; a group and the next one are joined when what stands between them is at most
 * MAX_PIECES runs of one character each ("-", " . ", "……", "_/_") and none of them is a letter, a digit or a sign
 * that makes a number something else (@, %, currency).
 * Groups joined without white space form a *token* ("2026-11-24", "22.30", "070.123"); tokens joined with white
 * space form a *run*. A candidate is a sequence of whole tokens of a run whose digits are a valid personnummer or
 * samordningsnummer, or a Swedish or international phone number.
 *
 * What keeps ordinary text out: a candidate is dropped when it is nothing but ordinary numbers side by side, each
 * written the way it always is (a date, a time, a day and month, a year, a range of those, a postcode, a registration
 * number, an amount or count followed by its unit, a code glued to letters, a house number after a street name):
 * "2026-11-24 22.30" holds twelve digits that may pass the check digit, but it is a date and a time. Cut a
 * personnummer anywhere else, or with any other separator, and it is no longer such a sequence.
 */

const MAX_PIECES = 5;
const MAX_DIGITS = 17; // 15 (E.164) + "00"
const MIN_DIGITS = 7; // the shortest international number
const NOT_A_SEPARATOR = /[\p{L}\p{N}\p{M}\p{Sc}@%‰‱]/u;
const SPACE = /\s/;
const LETTER = /\p{L}/u;

interface Token {
  start: number;
  end: number;
  groups: string[];
  /** The characters between the groups (never white space). */
  seps: string[];
  digits: string;
}

interface Run {
  tokens: Token[];
  /** joins[k]: the characters between token k - 1 and token k (with white space). */
  joins: string[];
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** How the group at `s` is joined to a token ending at `from`: by separators with or without white space, or not. */
function joinBetween(text: string, from: number, s: number): 'tight' | 'loose' | null {
  let pieces = 0;
  let space = false;
  for (let p = from; p < s; p++) {
    const c = text[p]!;
    if (NOT_A_SEPARATOR.test(c)) return null;
    if (c !== text[p - 1] || p === from) pieces++;
    if (pieces > MAX_PIECES) return null;
    space ||= SPACE.test(c);
  }
  return space ? 'loose' : 'tight';
}

/** The runs of the text; linear: each character is looked at a bounded number of times. */
function runsOf(text: string): Run[] {
  const runs: Run[] = [];
  let run: Run | null = null;
  let token: Token | null = null;
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (!isDigit(text[i])) {
      i++;
      continue;
    }
    const s = i;
    while (isDigit(text[i])) i++;
    const group = text.slice(s, i);
    // How this group is joined to the previous one.
    const join = token ? joinBetween(text, token.end, s) : null;
    if (join === 'tight') {
      token!.seps.push(text.slice(token!.end, s));
      token!.groups.push(group);
      token!.digits += group;
      token!.end = i;
      continue;
    }
    const next: Token = { start: s, end: i, groups: [group], seps: [], digits: group };
    if (join === 'loose') {
      run!.joins.push(text.slice(token!.end, s));
      run!.tokens.push(next);
    } else {
      run = { tokens: [next], joins: [''] };
      runs.push(run);
    }
    token = next;
  }
  return runs;
}

// ---------------------------------------------------------------------------------------------
// Ordinary numbers
// ---------------------------------------------------------------------------------------------

const between = (v: string, min: number, max: number) => Number(v) >= min && Number(v) <= max;
const isYear = (v: string) => v.length === 4 && between(v, 1900, 2099);
const isDay = (v: string) => v.length <= 2 && between(v, 1, 31);
const isMonth = (v: string) => v.length <= 2 && between(v, 1, 12);

/** A date, time, day and month, year or case number written as usual (groups and the separators between them). */
function isDateOrTime(groups: string[], seps: string[]): boolean {
  const [a, b, c] = groups as [string, string?, string?];
  if (groups.length === 1) return isYear(a);
  if (groups.length === 2) {
    const time = (seps[0] === '.' || seps[0] === ':') && a.length <= 2 && between(a, 0, 24) && b!.length === 2 && between(b!, 0, 59);
    const dayMonth = (seps[0] === '/' || seps[0] === '.') && isDay(a) && isMonth(b!);
    const caseNumber = seps[0] === '/' && isYear(a) && b!.length <= 4; // "Dnr KS 2026/0123"
    return time || dayMonth || caseNumber;
  }
  if (groups.length === 3 && seps[0] === seps[1] && ['-', '/', '.'].includes(seps[0]!)) {
    return (isYear(a) && isMonth(b!) && isDay(c!)) || (isDay(a) && isMonth(b!) && isYear(c!));
  }
  return false;
}

/** "2026–2027", "22:10–22:40", "15-20": two ordinary numbers joined by one dash (small counts rising). */
function isRange(t: Token): boolean {
  const dash = t.seps.indexOf('-');
  if (dash === -1 || t.seps.indexOf('-', dash + 1) !== -1) return false;
  const [lg, rg] = [t.groups.slice(0, dash + 1), t.groups.slice(dash + 1)];
  const [ls, rs] = [t.seps.slice(0, dash), t.seps.slice(dash + 1)];
  if (isDateOrTime(lg, ls) && isDateOrTime(rg, rs)) return true;
  const count = (g: string[]) => g.length === 1 && g[0]!.length <= 3 && (g[0] === '0' || g[0]![0] !== '0');
  return count(lg) && count(rg) && Number(lg[0]) < Number(rg[0]);
}

function followedBy(re: RegExp, text: string, at: number): boolean {
  re.lastIndex = at;
  return re.test(text);
}

/** An amount or a count: followed by a unit ("kr", "%", "m") or a count word ("personer", "st"). */
function hasUnit(text: string, t: Token): boolean {
  return followedBy(UNIT, text, t.end) || followedBy(COUNT_WORD, text, t.end);
}

/** A letter at `p`, or a dash or slash there and a letter beyond it (direction `d`): the number is part of a code. */
function gluedToWord(text: string, p: number, d: 1 | -1): boolean {
  const letter = (c: string | undefined) => c !== undefined && LETTER.test(c);
  return letter(text[p]) || ((text[p] === '-' || text[p] === '/') && letter(text[p + d]));
}

const single = (t: Token | undefined, len: number) => t !== undefined && t.groups.length === 1 && t.digits.length === len;

interface Ordinary {
  /** The token index (exclusive) where it ends. */
  end: number;
  /** An amount or measure (followed by its unit). */
  amount: boolean;
}

/**
 * The ordinary numbers of one run, worked out only where a candidate needs them (most runs never have one).
 * Single-token ones: dates, times, years, ranges, registration numbers, amounts and counts with their unit, codes
 * glued to letters, house numbers after a word. Several tokens: a postcode ("531 30"), an amount in thousands
 * ("1 500 000 kr").
 */
class OrdinaryNumbers {
  private readonly ends: (Ordinary[] | undefined)[] = [];
  private readonly chainEnds: number[] = [];

  constructor(
    private readonly text: string,
    private readonly run: Run,
  ) {}

  /**
   * Tokens i..j are nothing but ordinary numbers side by side, or i or j + 1 falls inside one. After a "+" only an
   * amount or measure is ordinary ("+1 500 000 kr", "+12 grader"), never a date or a range ("+46-522").
   */
  covers(i: number, j: number, plus: boolean): boolean {
    if (this.cut(i) || this.cut(j + 1)) return true;
    const reach = new Uint8Array(j - i + 2);
    reach[0] = 1;
    for (let k = i; k <= j; k++) {
      if (!reach[k - i]) continue;
      for (const o of this.startingAt(k)) if (o.end <= j + 1 && (o.amount || !plus || k > i)) reach[o.end - i] = 1;
    }
    return reach[j + 1 - i] === 1;
  }

  /** An ordinary number of several tokens goes on across the boundary before token b ("531 | 30", "1 500 | 000 kr"). */
  private cut(b: number): boolean {
    const { tokens, joins } = this.run;
    if (b <= 0 || b >= tokens.length || joins[b] !== ' ') return false;
    const [before, after] = [tokens[b - 1]!, tokens[b]!];
    if (single(before, 3) && before.digits[0] !== '0' && single(after, 2)) return true;
    return single(after, 3) && before.groups.length === 1 && before.digits.length <= 3 && hasUnit(this.text, tokens[this.chainEnd(b - 1) - 1]!);
  }

  /** Where the chain of " 123" tokens after token k ends (exclusive); each token is walked once. */
  private chainEnd(k: number): number {
    const { tokens, joins } = this.run;
    const walked: number[] = [];
    let e = k;
    while (this.chainEnds[e] === undefined && single(tokens[e + 1], 3) && joins[e + 1] === ' ') walked.push(e++);
    const end = this.chainEnds[e] ?? e + 1;
    for (const w of [...walked, e]) this.chainEnds[w] = end;
    return end;
  }

  /** The ordinary numbers that start at token k. */
  private startingAt(k: number): Ordinary[] {
    const known = this.ends[k];
    if (known) return known;
    const { text } = this;
    const { tokens, joins } = this.run;
    const t = tokens[k]!;
    const out: Ordinary[] = [];
    const glued = gluedToWord(text, t.start - 1, -1) || gluedToWord(text, t.end, 1); // "K123456-26", "5B", "7000-K12", "ABC12"
    const plate = single(t, 3) && PLATE_BEFORE.test(text.slice(Math.max(0, t.start - 5), t.start));
    const unit = t.groups.length <= 2 && hasUnit(text, t);
    // A house number or the like right after a word: "Storgatan 12", "Kamera 7", "våning 11" (never 0…: "tel 031").
    const afterWord =
      t.groups.length === 1 && t.digits.length <= 3 && t.digits[0] !== '0' && text[t.start - 1] === ' ' && LETTER.test(text[t.start - 2] ?? '');
    if (unit) out.push({ end: k + 1, amount: true });
    else if (glued || plate || afterWord || isDateOrTime(t.groups, t.seps) || isRange(t)) out.push({ end: k + 1, amount: false });
    if (single(t, 3) && t.digits[0] !== '0' && single(tokens[k + 1], 2) && joins[k + 1] === ' ') out.push({ end: k + 2, amount: false }); // a postcode
    if (t.groups.length === 1 && t.digits.length <= 3) {
      const e = this.chainEnd(k);
      if (e > k + 1 && hasUnit(text, tokens[e - 1]!)) out.push({ end: e, amount: true }); // an amount in thousands
    }
    this.ends[k] = out;
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Candidates
// ---------------------------------------------------------------------------------------------

/** A "+" right before the token (a space or an opening bracket may stand between): an international number. */
function plusBefore(text: string, t: Token): boolean {
  let p = t.start - 1;
  for (let k = 0; k < 3 && (text[p] === ' ' || text[p] === '(' || text[p] === '['); k++) p--;
  return text[p] === '+' && !isWordChar(text[p - 1]) && !isDigit(text[p - 1]);
}

function validNational(groups: string[]): boolean {
  if (groups.every((g) => g.length === 1)) return true; // written digit by digit
  const f = groups[0]!;
  if (f.length < 3 && f !== '08') return false; // the area code (08, 0 + 2–3 digits) is written together
  if (f.length <= 4 && groups.length > 1 && groups[1]![0] === '0') return false; // a subscriber number never starts with 0
  // Shaped like a personnummer (YYMMDD-NNNC) with a wrong check digit: not a phone number either.
  return !(groups.length === 2 && (f.length === 6 || f.length === 8) && groups[1]!.length === 4);
}

const NATIONAL = /^0[1-9]\d{6,8}$/;

/** What the digits of tokens i..j are, if anything; cheap checks first, as this runs for every candidate. */
function kindOf(text: string, tokens: Token[], i: number, j: number, digits: string, plus: boolean): PersonalDataKind | null {
  if (!plus && (digits.length === 10 || digits.length === 12)) {
    const kind = identityNumberKind(digits);
    if (kind) return kind;
  }
  let ok: boolean;
  if (plus) ok = validInternationalDigits(digits);
  else if (digits[0] !== '0') return null;
  else if (digits[1] === '0') ok = validInternationalDigits(digits.slice(2));
  else if (!NATIONAL.test(digits)) return null;
  else ok = digits[1] === '7' ? digits.length === 10 : validNational(tokens.slice(i, j + 1).flatMap((t) => t.groups)); // 07x: any grouping
  return ok && !followedBy(UNIT, text, tokens[j]!.end) ? 'phone_number' : null; // not an amount or a measure
}

/**
 * The longest candidates, left to right, that are not just ordinary numbers side by side; an identity number before
 * a phone number of the same digits. Internal; use findPersonalData.
 */
export function findSeparatedNumbers(text: string): PersonalDataFinding[] {
  const out: PersonalDataFinding[] = [];
  for (const run of runsOf(text)) {
    const { tokens } = run;
    // The run's digits, and where each token's begin.
    const at = [0];
    let all = '';
    for (const t of tokens) at.push((all += t.digits).length);
    if (all.length < MIN_DIGITS) continue;
    const ordinary = new OrdinaryNumbers(text, run);
    for (let i = 0; i < tokens.length; ) {
      const plus = plusBefore(text, tokens[i]!);
      // A candidate has 10 or 12 digits (an identity number) or begins with "+" or 0 (a phone number).
      const max = plus || all.startsWith('00', at[i]) ? MAX_DIGITS : 12;
      let best: { j: number; kind: PersonalDataKind } | null = null;
      const phoneFirst = plus || all[at[i]!] === '0';
      for (let j = i; j < tokens.length && at[j + 1]! - at[i]! <= max; j++) {
        const length = at[j + 1]! - at[i]!;
        if (length < MIN_DIGITS || !(phoneFirst || length === 10 || length === 12)) continue;
        const kind = kindOf(text, tokens, i, j, all.slice(at[i], at[j + 1]), plus);
        if (kind && !ordinary.covers(i, j, plus)) best = { j, kind };
      }
      if (best) {
        const start = plus ? text.lastIndexOf('+', tokens[i]!.start) : tokens[i]!.start;
        out.push({ kind: best.kind, start, end: tokens[best.j]!.end });
        i = best.j + 1;
      } else {
        i++;
      }
    }
  }
  return out;
}
