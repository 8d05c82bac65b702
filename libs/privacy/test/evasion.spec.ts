import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { findPersonalData } from '#privacy';
import type { PersonalDataKind } from '#privacy';

/*
 * The ways around the guard an attacker reported, GENERATED: valid personnummer and samordningsnummer, Swedish phone
 * numbers and e-mail addresses, written with random separator sequences between the digits, digits of any script,
 * invisible characters anywhere, and e-mail addresses written out ("namn at domän punkt se", "namn [at] x [dot] com").
 * Every generated variant holds personal data and must be found; the same disguises applied to ordinary text must not
 * make it look like personal data.
 */

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const digitString = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));

/** Spaces of every Unicode kind, dashes of every kind, dots, slashes, brackets and other punctuation. */
const SPACES = [' ', '\u00A0', '\u1680', '\u2000', '\u2002', '\u2003', '\u2005', '\u2007', '\u2008', '\u2009', '\u200A', '\u202F', '\u205F', '\u3000', '\t', '\n', '\u2800'];
const DASHES = ['-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\u2043', '\uFE58', '\uFE63', '\uFF0D', '\u2E3A', '\u301C'];
const DOTS = ['.', '\u00B7', '\u2022', '\u2024', '\u2027', '\u2219', '\u22C5', '\u30FB', '\uFF0E', '\u3002', '\u2026'];
const OTHERS = ['/', '\\', '\u2044', '\u2215', '\uFF0F', '_', '\uFF3F', '(', ')', '[', ']', '{', '}', '|', '\u00A6', '~', '*', ':', ',', ';', "'", '\u2019', '"', '#', '+', '=', '\u00D7', '>', '\u2192'];
const SEPARATOR_CHARS = [...SPACES, ...DASHES, ...DOTS, ...OTHERS];
/** One to three separator characters (so at most three visible characters between two digits). */
const separatorRun = fc.array(pick(SEPARATOR_CHARS), { minLength: 1, maxLength: 3 }).map((a) => a.join(''));
/**
 * The gaps between n digits: how much disguise varies per value, from one unusual separator at the usual place
 * (`usual`: the gap indexes where the value is normally split, e.g. after YYMMDD) to a separator run between every
 * two digits.
 */
const gaps = (n: number, usual: number[]) =>
  fc
    .record({
      density: pick(['usual', 0.15, 0.5, 1] as const),
      rolls: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n - 1, maxLength: n - 1 }),
      runs: fc.array(separatorRun, { minLength: n - 1, maxLength: n - 1 }),
    })
    .map(({ density, rolls, runs }) =>
      runs.map((run, i) => ((density === 'usual' ? usual.includes(i) : rolls[i]! < density) ? run : '')),
    );

/** Zero-width, joiner, soft hyphen, BOM, bidi marks and isolates, word joiner, invisible operators, tags, fillers. */
const INVISIBLES = [
  '\u200B', '\u200C', '\u200D', '\u00AD', '\uFEFF', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E',
  '\u2066', '\u2067', '\u2068', '\u2069', '\u2060', '\u2061', '\u2062', '\u2063', '\u2064', '\u180E', '\u034F', '\uFE0F',
  '\uFE00', '\u061C', '\u115F', '\u3164', '\u{E0020}', '\u{E0041}', '\u{E007F}', '\u0001', '\u007F',
];

/** The zero of each script whose ten decimal digits follow it; plus superscripts and circled digits (compatibility forms). */
const DIGIT_ZEROS = [0x30, 0xff10, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xe50, 0xed0, 0xf20, 0x1040, 0x17e0, 0x1810, 0x1946, 0x1bb0, 0xa8d0, 0xa9d0, 0x104a0, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e950];
const SUPERSCRIPT = ['\u2070', '\u00B9', '\u00B2', '\u00B3', '\u2074', '\u2075', '\u2076', '\u2077', '\u2078', '\u2079'];
const SUBSCRIPT = [...'\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089'];
type Script = (d: number) => string;
const SCRIPTS: Script[] = [
  ...DIGIT_ZEROS.map((zero) => (d: number) => String.fromCodePoint(zero + d)),
  (d) => SUPERSCRIPT[d]!,
  (d) => SUBSCRIPT[d]!,
  (d) => (d === 0 ? '\u24EA' : String.fromCodePoint(0x2460 + d - 1)), // circled digits
  (d) => `${d}\u20E3`, // keycap
  (d) => `${d}\u0336`, // struck through
];
const ascii: Script = (d) => String(d);
/** How the digits of one value are written: all ASCII, all in one other script, or each digit in a random script. */
const digitWriting = fc.oneof(
  { weight: 2, arbitrary: fc.constant<(n: number) => fc.Arbitrary<Script[]>>((n) => fc.constant(Array<Script>(n).fill(ascii))) },
  { weight: 2, arbitrary: pick(SCRIPTS).map((s) => (n: number) => fc.constant(Array<Script>(n).fill(s))) },
  { weight: 1, arbitrary: fc.constant((n: number) => fc.array(pick(SCRIPTS), { minLength: n, maxLength: n })) },
);

/** Digits written in the given scripts with the given gaps between them ("" before the first). */
function interleave(digits: string, scripts: Script[], gaps: string[]): string[] {
  return [...digits].flatMap((d, i) => [...(i > 0 && gaps[i - 1] ? [gaps[i - 1]!] : []), scripts[i]!(Number(d))]);
}

/** Inserts 0–4 invisible characters between the pieces (never inside a surrogate pair or a digit with its mark). */
const withInvisibles = (pieces: string[]) =>
  fc.array(fc.tuple(fc.nat({ max: pieces.length }), pick(INVISIBLES)), { maxLength: 4 }).map((ins) => {
    const out = [...pieces];
    for (const [at, ch] of [...ins].sort((a, b) => b[0] - a[0])) out.splice(at, 0, ch);
    return out.join('');
  });

/** Digits in random scripts, with separator runs between them (see `gaps`; none for `together`). */
const disguisedDigits = (digits: string, usual: number[] | 'together') =>
  fc
    .tuple(
      usual === 'together' ? fc.constant(Array<string>(digits.length - 1).fill('')) : gaps(digits.length, usual),
      digitWriting.chain((writing) => writing(digits.length)),
    )
    .map(([between, scripts]) => interleave(digits, scripts, between));

// ---------------------------------------------------------------------------------------------
// Personal data, disguised
// ---------------------------------------------------------------------------------------------

export interface Variant {
  cls: string;
  value: string;
  /** The kinds a finding covering the value may have (a 10-digit number starting with 0 may be both). */
  kinds: PersonalDataKind[];
}

function luhn(nine: string): number {
  const sum = [...nine].reduce((acc, d, i) => {
    const p = Number(d) * (i % 2 === 0 ? 2 : 1);
    return acc + (p > 9 ? p - 9 : p);
  }, 0);
  return (10 - (sum % 10)) % 10;
}

const identityDigits = fc
  .record({
    year: fc.integer({ min: 1900, max: 2026 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    coordination: fc.boolean(),
    serial: digitString(3),
    twelve: fc.boolean(),
  })
  .map(({ year, month, day, coordination, serial, twelve }) => {
    const p2 = (n: number) => String(n).padStart(2, '0');
    const nine = `${p2(year % 100)}${p2(month)}${p2(day + (coordination ? 60 : 0))}${serial}`;
    const ten = `${nine}${luhn(nine)}`;
    const kind: PersonalDataKind = coordination ? 'coordination_number' : 'personal_identity_number';
    return { digits: twelve ? `${Math.floor(year / 100)}${ten}` : ten, kind };
  });

const identityVariant: fc.Arbitrary<Variant> = identityDigits.chain(({ digits, kind }) =>
  disguisedDigits(digits, [digits.length - 5])
    .chain(withInvisibles)
    // Born 2000–2009, ten digits: also shaped like a Swedish number beginning with 0, and may be read as one.
    .map((value) => ({ cls: 'identity number', value, kinds: digits.startsWith('0') ? [kind, 'phone_number'] : [kind] })),
);

const PLUS = ['+', '\uFF0B', '\uFE62'];
/** National significant number: mobile 7x + 8 digits, Stockholm 8 + 6–8, other areas 2–3 digits + 5–7. */
const nsn = fc.oneof(
  fc.tuple(pick(['70', '72', '73', '76', '79']), digitString(7)).map(([a, s]) => ({ area: a, subscriber: s, mobile: true })),
  fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 5, max: 7 }).chain(digitString)).map(([f, rest]) => ({ area: '8', subscriber: `${f}${rest}`, mobile: false })),
  fc
    .tuple(pick(['31', '40', '46', '90', '13', '19', '21', '510', '500', '501', '511', '522', '910']), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 4, max: 5 }).chain(digitString))
    .map(([a, f, rest]) => ({ area: a, subscriber: `${f}${rest}`.slice(0, 9 - a.length), mobile: false })),
);

const phoneVariant: fc.Arbitrary<Variant> = fc
  .record({ n: nsn, form: pick(['national', '+46', '0046', '+46 (0)'] as const), plus: pick(PLUS), zero: pick(['(0)', ' (0)', '(0) ']), afterPrefix: fc.oneof(fc.constant(''), separatorRun) })
  .chain(({ n, form, plus, zero, afterPrefix }) => {
    const number = n.area + n.subscriber;
    const kinds: PersonalDataKind[] =
      form === 'national' && isTenDigitIdentity(`0${number}`) ? ['phone_number', 'personal_identity_number', 'coordination_number'] : ['phone_number'];
    const cls = `phone number (${form === 'national' ? (n.mobile ? 'mobile' : 'landline') : form})`;
    let pieces: fc.Arbitrary<string[]>;
    if (form === 'national' && !n.mobile) {
      // A landline keeps its area code together: a leading "05" or a lone "0" is not how Swedish numbers are written
      // (and "05 12 34 56 78" is deliberately not a phone number: see phone.spec.ts).
      pieces = fc
        .tuple(disguisedDigits(`0${n.area}`, 'together'), separatorRun, disguisedDigits(n.subscriber, pairsFromTheRight(n.subscriber.length)))
        .map(([area, sep, subscriber]) => [...area, sep, ...subscriber]);
    } else if (form === 'national' || form === '0046') {
      const digits = form === 'national' ? `0${number}` : `0046${number}`;
      pieces = disguisedDigits(digits, [digits.length - n.subscriber.length - 1, ...pairsFromTheRight(n.subscriber.length).map((i) => i + digits.length - n.subscriber.length)]);
    } else {
      pieces = fc
        .tuple(disguisedDigits('46', 'together'), disguisedDigits(number, [n.area.length - 1, ...pairsFromTheRight(n.subscriber.length).map((i) => i + n.area.length)]))
        .map(([cc, rest]) => [plus, ...cc, ...(form === '+46 (0)' ? [zero] : []), afterPrefix, ...rest]);
    }
    return pieces.chain(withInvisibles).map((value) => ({ cls, value, kinds }));
  });

/** The gap indexes of a subscriber number grouped as usual: "123 45 67", "12 34 56", "123 456 78". */
function pairsFromTheRight(length: number): number[] {
  const out: number[] = [];
  for (let i = length - 3; i >= 1; i -= 2) out.push(i);
  return out;
}

function isTenDigitIdentity(ten: string): boolean {
  const month = Number(ten.slice(2, 4));
  const day = Number(ten.slice(4, 6));
  return month >= 1 && month <= 12 && ((day >= 1 && day <= 31) || (day >= 61 && day <= 91)) && luhn(ten.slice(0, 9)) === Number(ten[9]);
}

const AT_FORMS = [
  '@', ' @ ', '@ ', '\uFF20', '\uFE6B', '(at)', ' (at) ', '[at]', ' [at] ', '{at}', ' {at} ', '<at>', ' at ', ' AT ', ' At ',
  ' snabel-a ', ' snabela ', ' snabel a ', '(snabel-a)', ' [snabel-a] ', ' (a) ', '(a)', '[a]', '&#64;', '&commat;', ' ( at ) ',
];
const DOT_FORMS = [
  '.', ' . ', '\uFF0E', '\u3002', '\uFF61', '(dot)', ' (dot) ', '[dot]', ' [dot] ', '{dot}', ' dot ', ' DOT ', ' punkt ',
  ' (punkt) ', '[punkt]', ' prick ', '[.]', '(.)', ' [.] ', '&#46;', ' Punkt ',
];
const TLDS = ['se', 'com', 'nu', 'org', 'net', 'eu', 'info', 'io', 'dk', 'fi', 'no', 'de'];
const word = (chars: string, max: number) => fc.array(pick([...chars]), { minLength: 1, maxLength: max }).map((a) => a.join(''));
const LETTERS = 'abcdefghijklmnopqrstuvwxyzåäö';

const emailVariant: fc.Arbitrary<Variant> = fc
  .record({
    local: fc.array(word(`${LETTERS}0123456789`, 8), { minLength: 1, maxLength: 2 }),
    localSep: pick(['.', '_', '-']),
    labels: fc.array(word(LETTERS, 10).chain((w) => word(`${LETTERS}0123456789`, 3).map((x) => w + x)), { minLength: 1, maxLength: 2 }),
    tld: pick(TLDS),
    at: pick(AT_FORMS),
    dots: fc.array(pick(DOT_FORMS), { minLength: 2, maxLength: 2 }),
    casing: pick(['lower', 'upper', 'capital', 'fullwidth'] as const),
  })
  .chain(({ local, localSep, labels, tld, at, dots, casing }) => {
    const parts = [local.join(localSep), at, ...labels.flatMap((l, i) => [l, dots[i]!]), tld];
    const cased = parts.map((p) =>
      casing === 'upper' ? p.toUpperCase() : casing === 'fullwidth' ? p.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)) : p,
    );
    if (casing === 'capital') cased[0] = cased[0]![0]!.toUpperCase() + cased[0]!.slice(1);
    // Invisible characters go between the parts and inside the words.
    return withInvisibles(cased.flatMap((p) => [...p])).map((value) => ({ cls: 'e-mail address', value, kinds: ['email'] as PersonalDataKind[] }));
  });

const variant = fc.oneof(
  { weight: 4, arbitrary: identityVariant },
  { weight: 4, arbitrary: phoneVariant },
  { weight: 2, arbitrary: emailVariant },
);

/** The value inside a sentence: a word before it, punctuation or a word after it. */
const embedded = (v: fc.Arbitrary<Variant>) =>
  fc
    .record({
      v,
      before: pick(['Pojken uppgav ', 'Kontakt: ', 'Tips från ', 'Uppgiven kontakt (', 'Mamman, ', '']),
      after: pick(['.', ' igår.', ', tack', ')', '', ' och försvann', '\nNästa rad']),
    })
    .map(({ v, before, after }) => ({ ...v, text: `${before}${v.value}${after}`, start: before.length, end: before.length + v.value.length }));

function detected({ text, start, end, kinds }: { text: string; start: number; end: number; kinds: PersonalDataKind[] }): boolean {
  return findPersonalData(text).some((f) => f.start < end && f.end > start && kinds.includes(f.kind));
}

// ---------------------------------------------------------------------------------------------
// Ordinary text, disguised in the same ways
// ---------------------------------------------------------------------------------------------

const ORDINARY = [
  'Storgatan 12, 531 30 Lidköping.',
  'Samling kl. 22.30 vid Storgatan 12.',
  'Klotter anmält 2026-11-14, 3 personer sågs.',
  'Postnummer 531 30, 531 32 och 533 30 berörs.',
  '2026-11-24 08:30 rapporterat, åtgärdat 2026-11-25 10:15.',
  'Kamera 12 visar 7 personer 22:10–22:40.',
  'Öppettider 08.00–17.00, lördag 10-14. Höjd 2,5 meter.',
  'Mötet 05-11-2026 flyttas till 08-12-2026 kl 18:00.',
  'Dnr KS 2026/0123 och ärende 5000-K123456-26.',
  'Budget 2026: 3 400 000 kr, varav 850 000 kr till belysning.',
  'Fyra bilar (ABC 123, DEF 456, GHI 789, JKL 012) inbrutna.',
  'Temperatur -5 grader, sikt 200 m, 0-14 år gamla barn i parken.',
  'Org.nr 556012-3456 äger fastigheten Lidköping Ågården 5:12.',
  'Ett 15-tal personer samlades, 5-6 av dem maskerade, kl. 21.40–22.05.',
];

/** Only what normalises back to the same text: digit scripts, kinds of space and dash, invisibles, full-width letters. */
const disguisedOrdinary = fc
  .record({
    sentences: fc.array(pick(ORDINARY), { minLength: 1, maxLength: 4 }),
    writing: digitWriting,
    spaces: fc.array(pick(SPACES.filter((c) => c !== '\n')), { minLength: 64, maxLength: 64 }),
    dashes: fc.array(pick(DASHES), { minLength: 64, maxLength: 64 }),
    fullWidthLetters: fc.boolean(),
  })
  .chain(({ sentences, writing, spaces, dashes, fullWidthLetters }) => {
    const text = sentences.join(' ');
    const digitCount = text.replace(/\D/g, '').length;
    return writing(digitCount).chain((scripts) => {
      let d = 0;
      let k = 0;
      const pieces = [...text].map((c) => {
        if (/\d/.test(c)) return scripts[d++]!(Number(c));
        if (c === ' ') return spaces[k++ % spaces.length]!;
        if (c === '-' || c === '–') return dashes[k++ % dashes.length]!;
        if (fullWidthLetters && /[A-Za-z]/.test(c)) return String.fromCharCode(c.charCodeAt(0) + 0xfee0);
        return c;
      });
      return withInvisibles(pieces);
    });
  });

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const RUNS = { numRuns: 1000 };

describe('disguised personal data is found', () => {
  it.each([
    ['personnummer and samordningsnummer with any separators, digit scripts and invisible characters', identityVariant],
    ['phone numbers (07x, 0xx, +46, 0046, +46 (0)) with mixed separators, digit scripts and invisible characters', phoneVariant],
    ['e-mail addresses written out (at/snabel-a, dot/punkt, brackets, full-width) with invisible characters', emailVariant],
  ])('%s', (_name, arb) => {
    fc.assert(
      fc.property(embedded(arb), (e) => {
        expect(detected(e)).toBe(true);
      }),
      RUNS,
    );
  });

  it('ordinary text disguised the same ways (digit scripts, spaces, dashes, invisible characters) gives no finding', () => {
    fc.assert(
      fc.property(disguisedOrdinary, (text) => {
        expect(findPersonalData(text)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('the rate of missed variants over a fixed sample is 0', () => {
    const sample = fc.sample(embedded(variant), { seed: 20261124, numRuns: 5000 });
    const missed = sample.filter((e) => !detected(e));
    const byClass = new Map<string, number>();
    for (const m of missed) byClass.set(m.cls, (byClass.get(m.cls) ?? 0) + 1);
    const rate = ((100 * missed.length) / sample.length).toFixed(2);
    console.log(
      `privacy guard: missed ${missed.length} of ${sample.length} generated variants (${rate}%)` +
        (byClass.size ? ` — ${[...byClass].map(([c, n]) => `${c}: ${n}`).join(', ')}` : ''),
    );
    // Every generated class is one the guard is meant to catch, so nothing may be missed: a single miss is a way around it.
    expect(missed.slice(0, 5).map((m) => JSON.stringify(m.text))).toEqual([]);
  });
});
