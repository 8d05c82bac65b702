/**
 * The text as the finders read it, with a map back to the original (internal).
 *
 * Personal data is looked for in a normalised copy, so that the way it is written does not matter:
 * - Unicode compatibility normalisation (NFKC): full-width letters, digits and signs (＋４６, ａｎｎａ＠ｘ．ｓｅ),
 *   superscripts, circled digits, ligatures and the like become their plain forms; decomposed letters are composed;
 * - invisible characters are dropped: format characters (zero-width space, joiner and non-joiner, soft hyphen, BOM,
 *   bidi marks, embeddings and isolates, word joiner, invisible operators, tags), every other default-ignorable code
 *   point (variation selectors, fillers) and control characters other than line breaks and tabs;
 * - combining marks on anything but a letter are dropped (a keycap or a strike-through on a digit);
 * - decimal digits of every script (Arabic-Indic, Devanagari, Thai …, \p{Nd}) become 0–9;
 * - dashes of every kind (hyphen, en and em dash, minus sign …) become "-", the ideographic full stop becomes ".";
 * - every run of white space becomes one space, or one line break if it holds one.
 *
 * `start[i]` and `end[i]` are the original offsets (UTF-16, end exclusive) of what became character i, so that a
 * finding in the normalised text is reported where the user wrote it.
 */
export interface NormalizedText {
  text: string;
  start: Int32Array;
  end: Int32Array;
}

const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cc}]/u;
const KEPT_CONTROL = /[\t\n\v\f\r\u0085]/;
const MARK = /\p{M}/u;
const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const SPACE = /[\s\p{Z}\u2800]/u;
const LINE_BREAK = /[\n\v\f\r\u0085\u2028\u2029]/;
const DASH = /[\p{Pd}\u2212\u2043\u02D7\u2796\uFE63]/u;
const FULL_STOP = /[\u3002]/;

const digitValues = new Map<number, string>();

/** The value of a decimal digit of any script: \p{Nd} comes in runs of ten starting at zero. */
function digitValue(cp: number): string {
  let v = digitValues.get(cp);
  if (v === undefined) {
    let k = 0;
    while (DIGIT.test(String.fromCodePoint(cp - k - 1))) k++;
    v = String(k % 10);
    digitValues.set(cp, v);
  }
  return v;
}

function isInvisible(c: string): boolean {
  return INVISIBLE.test(c) && !KEPT_CONTROL.test(c);
}

const UTF16 = new TextDecoder('utf-16le');

export function normalizeForDetection(input: string): NormalizedText {
  // Typed arrays that grow by doubling: plain arrays of this size made the garbage collector's work grow faster
  // than the text.
  let units = new Uint16Array(input.length + 16);
  let start = new Int32Array(units.length);
  let end = new Int32Array(units.length);
  let length = 0;
  let spaceAt = -1; // index of the last unit put out if it stands for a run of white space

  const grow = () => {
    const more = <T extends Uint16Array | Int32Array>(a: T, b: T) => (b.set(a), b);
    units = more(units, new Uint16Array(units.length * 2));
    start = more(start, new Int32Array(units.length));
    end = more(end, new Int32Array(units.length));
  };
  const putUnit = (u: number, from: number, to: number) => {
    if (length === units.length) grow();
    units[length] = u;
    start[length] = from;
    end[length++] = to;
  };
  const put = (c: string, from: number, to: number) => {
    spaceAt = -1;
    for (let k = 0; k < c.length; k++) putUnit(c.charCodeAt(k), from, to);
  };
  const putSpace = (lineBreak: boolean, from: number, to: number) => {
    if (spaceAt !== -1) {
      if (lineBreak) units[spaceAt] = 0x0a;
      end[spaceAt] = to;
      return;
    }
    putUnit(lineBreak ? 0x0a : 0x20, from, to);
    spaceAt = length - 1;
  };

  /** One base character with its marks (original offsets from–to), normalised. */
  const segment = (seg: string, from: number, to: number) => {
    let baseIsLetter: boolean | null = null;
    for (const c of seg.normalize('NFKC')) {
      baseIsLetter ??= LETTER.test(c);
      if (isInvisible(c) || (!baseIsLetter && MARK.test(c))) continue;
      const cp = c.codePointAt(0)!;
      if (SPACE.test(c)) putSpace(LINE_BREAK.test(c), from, to);
      else if (cp > 0x7f && DIGIT.test(c)) put(digitValue(cp), from, to);
      else if (c !== '-' && DASH.test(c)) put('-', from, to);
      else if (FULL_STOP.test(c)) put('.', from, to);
      else put(c, from, to);
    }
  };

  const n = input.length;
  for (let i = 0; i < n; ) {
    const code = input.charCodeAt(i);
    // Printable ASCII with no combining mark after it stays as it is (most text: keep this fast).
    if (code >= 0x20 && code < 0x7f && !(input.charCodeAt(i + 1) >= 0x300)) {
      if (code === 0x20) {
        putSpace(false, i, i + 1);
      } else {
        spaceAt = -1;
        putUnit(code, i, i + 1);
      }
      i++;
      continue;
    }
    const c = String.fromCodePoint(input.codePointAt(i)!);
    if (isInvisible(c) || MARK.test(c)) {
      i += c.length; // invisible, or a mark with no base character
      continue;
    }
    const from = i;
    let seg = c;
    i += c.length;
    // The marks that belong to this base character (invisible characters between them are dropped).
    while (i < n && input.charCodeAt(i) >= 0x300) {
      const m = String.fromCodePoint(input.codePointAt(i)!);
      if (MARK.test(m)) seg += m;
      else if (!isInvisible(m)) break;
      i += m.length;
    }
    segment(seg, from, i);
  }
  return { text: UTF16.decode(units.subarray(0, length)), start: start.subarray(0, length), end: end.subarray(0, length) };
}

/** The original span of the normalised span [s, e). */
export function originalSpan(norm: NormalizedText, s: number, e: number): { start: number; end: number } {
  return { start: norm.start[s]!, end: norm.end[e - 1]! };
}
