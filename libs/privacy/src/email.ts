import type { PersonalDataFinding } from './types.js';

/*
 * E-mail addresses, also written out: "anna@x.se", "anna @ x . se", "anna(at)x.se", "anna [at] x [dot] se",
 * "anna at x punkt se", "anna snabel-a x.se", "anna&#64;x.se" (the text is already normalised: full-width and small
 * forms of @ and . are plain, white space is single). The shape is always local part, an at sign, then labels
 * joined by dots ending in a top-level domain of letters; only the way the at sign and the dots are written varies.
 */

const LOCAL_CHAR = /[\p{L}\p{N}._%+-]/u;
const SPACE = /[ \n]/;
// The at sign: the symbol or an HTML entity; "at", "a", "snabel-a" in brackets; "at", "snabel-a" as a word.
const AT =
  /@|&#0*64;|&#x0*40;|&commat;|[([{<] ?(?:at|a|snabel-? ?a) ?[)\]}>]|(?<![\p{L}\p{N}_])(?:at|snabel-? ?a)(?![\p{L}\p{N}_])/giu;
// A dot, tried right after a label: "." before the next label, " . ", " .", "(dot)", "[punkt]", " punkt ", "&#46;".
const DOT = /\.(?=[\p{L}\p{N}])| \. ?| ?[([{<] ?(?:dot|punkt|prick|\.) ?[)\]}>] ?| (?:dot|punkt|prick) |&#0*46;|&period;/iuy;
// Letters/digits/hyphens, not at the ends; bounded, so it never backtracks far.
const LABEL = /[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?/uy;
const TLD = /^\p{L}{2,63}$/u;
const LABEL_CHAR = /[\p{L}\p{N}-]/u;

interface Domain {
  /** End of the top-level domain, or -1 if there is none. */
  end: number;
  /**
   * Where the last label read begins. When there is no top-level domain, no at sign before this can begin an address
   * (only a word "at" can stand among the labels, and what follows it is read the same way), so the search for the
   * next at sign resumes here: each part of the text is read a bounded number of times.
   */
  resume: number;
}

/** Labels joined by dots from `p`; the address ends at the last label that is a top-level domain. */
function domainAt(text: string, p: number, maxTld: number): Domain {
  const ends: number[] = [];
  const tlds: boolean[] = [];
  let pos = p;
  let resume = p;
  for (;;) {
    LABEL.lastIndex = pos;
    const label = LABEL.exec(text);
    if (!label) break;
    resume = pos;
    pos += label[0].length;
    ends.push(pos);
    tlds.push(label[0].length <= maxTld && TLD.test(label[0]) && !LABEL_CHAR.test(text[pos] ?? ''));
    DOT.lastIndex = pos;
    const dot = DOT.exec(text);
    if (!dot) break;
    LABEL.lastIndex = pos + dot[0].length;
    if (!LABEL.test(text)) break;
    pos += dot[0].length;
  }
  for (let k = ends.length - 1; k >= 1; k--) if (tlds[k]) return { end: ends[k]!, resume };
  return { end: -1, resume };
}

/**
 * Finds e-mail addresses (internal; use findPersonalData). Works outward from each at sign instead of running one
 * big regex over the text, so the cost is linear.
 */
export function findEmails(text: string): PersonalDataFinding[] {
  const out: PersonalDataFinding[] = [];
  const at = new RegExp(AT.source, AT.flags);
  let floor = 0;
  let m: RegExpExecArray | null;
  while ((m = at.exec(text)) !== null) {
    const [ms, me] = [m.index, m.index + m[0].length];
    const word = /^[a-z]/i.test(m[0]);
    const spaceBefore = SPACE.test(text[ms - 1] ?? '');
    const spaceAfter = SPACE.test(text[me] ?? '');
    // A word needs spaces round it; "anna @x.se" is a mention, not an address.
    const ok = word ? spaceBefore && spaceAfter : !(m[0] === '@' && spaceBefore && !spaceAfter);
    const localEnd = spaceBefore ? ms - 1 : ms;
    let start = localEnd;
    if (ok) {
      while (start > floor && LOCAL_CHAR.test(text[start - 1]!)) start--;
      while (start < localEnd && text[start] === '.') start++;
    }
    const domainStart = spaceAfter ? me + 1 : me;
    // "Läs mer at www.polisen.se" is a web address.
    const domain = ok && start < localEnd && !(word && /^www\./i.test(text.slice(domainStart, domainStart + 4)))
      ? domainAt(text, domainStart, word ? 6 : 63)
      : { end: -1, resume: me };
    if (domain.end !== -1) {
      out.push({ kind: 'email', start, end: domain.end });
      floor = at.lastIndex = domain.end;
    } else {
      // A word that was no at sign ("at") may still begin the local part of the next address; one without spaces round
      // it ("a.at@x.se") was never read as one, so the local part may reach back past it.
      if (ok || !word) floor = Math.max(floor, word ? ms : me);
      at.lastIndex = Math.max(me, domain.resume);
    }
  }
  return out;
}
