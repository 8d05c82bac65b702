import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { findPersonalData, isValidIdentityNumber } from '#privacy';
import type { PersonalDataKind } from '#privacy';

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

const digit = fc.integer({ min: 0, max: 9 }).map(String);
const nonZeroDigit = fc.integer({ min: 1, max: 9 }).map(String);
const digits = (min: number, max = min) =>
  fc.array(digit, { minLength: min, maxLength: max }).map((a) => a.join(''));
const pad2 = (n: number) => String(n).padStart(2, '0');

const WORDS = [
  'Ungdomar', 'samlades', 'vid', 'skolan', 'och', 'kastade', 'sten', 'mot', 'bussen', 'Polisen',
  'kontaktades', 'av', 'en', 'boende', 'i', 'området', 'som', 'såg', 'händelsen', 'från',
  'balkongen', 'Trygghetsvandring', 'genomfördes', 'längs', 'gång-', 'och', 'cykelvägen', 'där',
  'belysningen', 'är', 'trasig', 'Klotter', 'på', 'fasaden', 'anmält', 'till', 'kommunen',
  'Väktare', 'rapporterar', 'oro', 'utanför', 'köpcentret', 'ärende', 'kl.', 'ca', 'Lidköping',
  'Skövde', 'Göteborg', 'Åsa', 'Östermalm', 'pnr', 'tel', 'tfn', 'mobil', 'kontakt', 'uppgiven',
];
const word = fc.constantFrom(...WORDS);
// After a value, a count word would make "08-100 000 10 ungdomar" genuinely ambiguous (the library
// then reads "10 ungdomar" as a count), so the word right after the value is never one.
const trailWord = fc.constantFrom(...WORDS.filter((w) => !/^(ungdomar|personer|barn|år|gånger)$/i.test(w)));

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
const date = fc
  .record({ year: fc.integer({ min: 1890, max: 2026 }), month: fc.integer({ min: 1, max: 12 }), day: fc.nat() })
  .map(({ year, month, day }) => ({ year, month, day: (day % daysIn(year, month)) + 1 }));

// Ordinary tokens: dates, times, postcodes, amounts, counts, years, case numbers, addresses.
const isoDate = fc
  .record({ y: fc.integer({ min: 1990, max: 2030 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}-${pad2(m)}-${pad2(d)}`);
const dmyDate = fc
  .record({ y: fc.integer({ min: 1990, max: 2030 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${pad2(d)}-${pad2(m)}-${y}`);
const dayMonth = fc
  .record({ m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }), prefix: fc.constantFrom('', 'den ') })
  .map(({ m, d, prefix }) => `${prefix}${d}/${m}`);
const time = fc
  .record({
    h: fc.integer({ min: 0, max: 23 }),
    m: fc.integer({ min: 0, max: 59 }),
    sep: fc.constantFrom(':', '.'),
    prefix: fc.constantFrom('', 'kl ', 'kl. '),
  })
  .map(({ h, m, sep, prefix }) => `${prefix}${pad2(h)}${sep}${pad2(m)}`);
const timeRange = fc.tuple(time, time).map(([a, b]) => `${a}–${b.replace(/^kl\.? /, '')}`);
const postcode = fc
  .record({ a: fc.integer({ min: 100, max: 984 }), b: fc.integer({ min: 0, max: 99 }), town: fc.constantFrom('', ' Lidköping', ' Skövde') })
  .map(({ a, b, town }) => `${a} ${pad2(b)}${town}`);
function swedishThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}
const amount = fc
  .record({ n: fc.integer({ min: 1, max: 9_999_999 }), unit: fc.constantFrom(' kr', ' kronor', ':-', ' SEK') })
  .map(({ n, unit }) => `${swedishThousands(n)}${unit}`);
const count = fc.oneof(
  fc.record({ n: fc.integer({ min: 0, max: 500 }), what: fc.constantFrom(' personer', ' ungdomar', ' st', ' %') }).map(({ n, what }) => `${n}${what}`),
  fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 2, max: 60 })).map(([a, b]) => `${a}-${a + b} ungdomar`),
);
const year = fc.integer({ min: 1950, max: 2035 }).map(String);
const caseNumber = fc.oneof(
  fc.tuple(digits(6, 7), fc.integer({ min: 10, max: 30 })).map(([n, yy]) => `K${n}-${yy}`),
  fc.tuple(fc.constantFrom('1000', '3000', '5000', '7000'), digits(6, 7), fc.integer({ min: 10, max: 30 })).map(
    ([unit, n, yy]) => `${unit}-K${n}-${yy}`,
  ),
  fc.tuple(fc.constantFrom('KS', 'BUN', 'SBN'), year, fc.integer({ min: 1, max: 999 })).map(([b, y, n]) => `Dnr ${b} ${y}/${n}`),
);
const address = fc
  .tuple(fc.constantFrom('Storgatan', 'Kungsgatan', 'Nya vägen'), fc.integer({ min: 1, max: 140 }), fc.constantFrom('', 'A', 'B'))
  .map(([street, n, letter]) => `${street} ${n}${letter}`);
const registration = fc
  .tuple(fc.constantFrom('ABC', 'XYZ', 'KLM'), fc.integer({ min: 0, max: 999 }))
  .map(([letters, n]) => `${letters} ${String(n).padStart(3, '0')}`);

const ordinaryToken = fc.oneof(
  { arbitrary: word, weight: 6 },
  { arbitrary: isoDate, weight: 2 },
  { arbitrary: dmyDate, weight: 1 },
  { arbitrary: dayMonth, weight: 1 },
  { arbitrary: time, weight: 2 },
  { arbitrary: timeRange, weight: 1 },
  { arbitrary: postcode, weight: 2 },
  { arbitrary: amount, weight: 2 },
  { arbitrary: count, weight: 2 },
  { arbitrary: year, weight: 1 },
  { arbitrary: caseNumber, weight: 1 },
  { arbitrary: address, weight: 1 },
  { arbitrary: registration, weight: 1 },
);
const joiner = fc.constantFrom(' ', ' ', ' ', ', ', '. ', ' och ', ' – ', '\n');
const ordinaryText = (maxTokens: number) =>
  fc
    .array(fc.tuple(ordinaryToken, joiner), { minLength: 0, maxLength: maxTokens })
    .map((parts) => parts.map(([t, j]) => t + j).join(''));

/** Puts `inner` into Swedish-looking text: ordinary text, a word, then the value, then punctuation, a word and more text. */
const embed = (inner: fc.Arbitrary<string>) =>
  fc
    .record({
      before: ordinaryText(6),
      lead: word,
      open: fc.constantFrom(' ', ': ', ' (', ' nr '),
      inner,
      close: fc.constantFrom('', '.', ',', ')', ';', '!'),
      trail: trailWord,
      after: ordinaryText(6),
    })
    .map(({ before, lead, open, inner, close, trail, after }) => {
      const prefix = before + lead + open;
      return { text: `${prefix}${inner}${close} ${trail} ${after}`, start: prefix.length, end: prefix.length + inner.length };
    });

// Identity numbers.
function luhn(nine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const p = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    sum += p > 9 ? p - 9 : p;
  }
  return (10 - (sum % 10)) % 10;
}
const ID_FORMATS = ['10-dash', '10-plus', '10-none', '10-space', '12-dash', '12-none', '12-space'] as const;
const identityNumber = fc
  .record({
    date,
    coordination: fc.boolean(),
    serial: digits(3),
    format: fc.constantFrom(...ID_FORMATS),
    wrongBy: fc.integer({ min: 1, max: 9 }),
  })
  .map(({ date: { year, month, day }, coordination, serial, format, wrongBy }) => {
    const nine = `${String(year % 100).padStart(2, '0')}${pad2(month)}${pad2(day + (coordination ? 60 : 0))}${serial}`;
    const check = luhn(nine);
    const render = (c: number) => {
      const ten = nine + c;
      const [head, tail] = [ten.slice(0, 6), ten.slice(6)];
      const century = String(Math.floor(year / 100));
      switch (format) {
        case '10-dash': return `${head}-${tail}`;
        case '10-plus': return `${head}+${tail}`;
        case '10-none': return ten;
        case '10-space': return `${head} ${tail}`;
        case '12-dash': return `${century}${head}-${tail}`;
        case '12-none': return `${century}${ten}`;
        case '12-space': return `${century}${head} ${tail}`;
      }
    };
    const kind: PersonalDataKind = coordination ? 'coordination_number' : 'personal_identity_number';
    return { valid: render(check), invalid: render((check + wrongBy) % 10), kind };
  });

// Phone numbers.
/** Swedish grouping of a subscriber number, from the right in pairs. */
const subscriberGrouping = (s: string) =>
  fc.constantFrom(
    s.length === 7 ? `${s.slice(0, 3)} ${s.slice(3, 5)} ${s.slice(5)}` : s.length === 8 ? `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}` : s.length === 6 ? `${s.slice(0, 2)} ${s.slice(2, 4)} ${s.slice(4)}` : s.length === 5 ? `${s.slice(0, 3)} ${s.slice(3)}` : `${s.slice(0, 2)} ${s.slice(2)}`,
    s.length === 6 ? `${s.slice(0, 3)} ${s.slice(3)}` : s.length === 8 ? `${s.slice(0, 2)} ${s.slice(2, 4)} ${s.slice(4, 6)} ${s.slice(6)}` : s,
  );
const mobile = fc
  .tuple(fc.constantFrom('070', '072', '073', '076', '079'), digits(7))
  .map(([area, subscriber]) => ({ area, subscriber }));
const landline = fc.oneof(
  fc.tuple(nonZeroDigit, digits(5, 7)).map(([f, rest]) => ({ area: '08', subscriber: f + rest })),
  fc.tuple(fc.constantFrom('1', '2', '3', '4', '5', '6', '9'), digit, nonZeroDigit, digits(4, 6)).map(([a, b, f, rest]) => ({ area: `0${a}${b}`, subscriber: f + rest })),
  fc.tuple(fc.constantFrom('1', '2', '3', '4', '5', '6', '9'), digits(2), nonZeroDigit, digits(3, 5)).map(([a, bc, f, rest]) => ({ area: `0${a}${bc}`, subscriber: f + rest })),
);
const PHONE_FORMATS = [
  'dash-grouped', 'space-grouped', 'dash-plain', 'plain', 'paren', 'spaced-dash', 'all-dashes',
  'intl-spaces', 'intl-plain', 'intl-dash', 'intl-zero-paren', '0046', 'nbsp',
] as const;
const swedishPhone = fc
  .record({ number: fc.oneof(mobile, landline), format: fc.constantFrom(...PHONE_FORMATS) })
  .chain(({ number: { area, subscriber }, format }) =>
    subscriberGrouping(subscriber).map((grouped) => {
      const nsnArea = area.slice(1);
      switch (format) {
        case 'dash-grouped': return `${area}-${grouped}`;
        case 'space-grouped': return `${area} ${grouped}`;
        case 'dash-plain': return `${area}-${subscriber}`;
        case 'plain': return `${area}${subscriber}`;
        case 'paren': return `(${area}) ${grouped}`;
        case 'spaced-dash': return `${area} - ${grouped}`;
        case 'all-dashes': return `${area}-${grouped.replaceAll(' ', '-')}`;
        case 'intl-spaces': return `+46 ${nsnArea} ${grouped}`;
        case 'intl-plain': return `+46${nsnArea}${subscriber}`;
        case 'intl-dash': return `+46 ${nsnArea}-${grouped}`;
        case 'intl-zero-paren': return `+46 (0)${nsnArea}-${grouped}`;
        case '0046': return `0046 ${nsnArea}-${grouped}`;
        case 'nbsp': return `${area}-${grouped.replaceAll(' ', '\u00A0')}`;
      }
    }),
  );
const internationalPhone = fc
  // Always a separator after the first three digits: a bare 10-digit run could be a valid identity number.
  .tuple(fc.constantFrom('1', '44', '47', '49', '358', '33'), nonZeroDigit, digits(6, 9), fc.constantFrom(' ', '-'))
  .map(([cc, first, rest, sep]) => `+${cc} ${first}${rest.slice(0, 2)}${sep}${rest.slice(2)}`);

// E-mail addresses.
const LOCAL_CHARS = [...'abcdefghijklmnopqrstuvwxyzåäö0123456789'];
const DOMAIN_CHARS = [...'abcdefghijklmnopqrstuvwxyzåäö0123456789'];
const chunk = (chars: string[], max: number) =>
  fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: max }).map((a) => a.join(''));
const email = fc
  .record({
    local: fc.array(chunk(LOCAL_CHARS, 10), { minLength: 1, maxLength: 3 }),
    localSep: fc.constantFrom('.', '_', '-', '+'),
    labels: fc.array(chunk(DOMAIN_CHARS, 10), { minLength: 1, maxLength: 3 }),
    hyphen: fc.boolean(),
    tld: fc.constantFrom('se', 'com', 'nu', 'org', 'net', 'eu', 'info', 'museum'),
    casing: fc.constantFrom('lower', 'upper', 'capital'),
  })
  .map(({ local, localSep, labels, hyphen, tld, casing }) => {
    const domainLabels = labels.map((l) => (hyphen && l.length > 1 ? `${l[0]}-${l.slice(1)}` : l));
    const address = `${local.join(localSep)}@${domainLabels.join('.')}.${tld}`;
    if (casing === 'upper') return address.toUpperCase();
    if (casing === 'capital') return address[0]!.toUpperCase() + address.slice(1);
    return address;
  });

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const RUNS = { numRuns: 500 };

describe('properties', () => {
  it('valid personnummer and samordningsnummer are always found, with the right kind', () => {
    fc.assert(
      fc.property(identityNumber.chain(({ valid, kind }) => embed(fc.constant(valid)).map((e) => ({ ...e, kind }))), ({ text, start, end, kind }) => {
        expect(findPersonalData(text)).toContainEqual({ kind, start, end });
      }),
      RUNS,
    );
  });

  it('the same numbers with a wrong check digit are never reported as identity numbers', () => {
    fc.assert(
      fc.property(identityNumber.chain(({ invalid }) => embed(fc.constant(invalid))), ({ text }) => {
        const identity = findPersonalData(text).filter((f) => f.kind === 'personal_identity_number' || f.kind === 'coordination_number');
        expect(identity).toEqual([]);
      }),
      RUNS,
    );
  });

  it('valid Swedish mobile and landline numbers are found in any usual format', () => {
    fc.assert(
      fc.property(embed(swedishPhone), ({ text, start, end }) => {
        const findings = findPersonalData(text);
        // A bare 10-digit number may also be a valid personnummer; identity numbers win then.
        const digitsOnly = text.slice(start, end).replace(/\D/g, '');
        const finding = findings.find((f) => f.start === start && f.end === end);
        expect(finding).toBeDefined();
        const expected = /^\d{10}$/.test(text.slice(start, end)) && isValidIdentityNumber(digitsOnly)
          ? ['phone_number', 'personal_identity_number', 'coordination_number']
          : ['phone_number'];
        expect(expected).toContain(finding!.kind);
      }),
      RUNS,
    );
  });

  it('international numbers (+country code, 7–15 digits) are found', () => {
    fc.assert(
      fc.property(embed(internationalPhone), ({ text, start, end }) => {
        expect(findPersonalData(text)).toContainEqual({ kind: 'phone_number', start, end });
      }),
      RUNS,
    );
  });

  it('e-mail addresses are found', () => {
    fc.assert(
      fc.property(embed(email), ({ text, start, end }) => {
        expect(findPersonalData(text)).toContainEqual({ kind: 'email', start, end });
      }),
      RUNS,
    );
  });

  it('ordinary text (dates, times, postcodes, amounts, counts, case numbers, words) gives no finding', () => {
    fc.assert(
      fc.property(ordinaryText(30), (text) => {
        expect(findPersonalData(text)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('findings are always sorted, non-overlapping and inside the text', () => {
    const mixed = fc
      .array(fc.oneof(ordinaryToken, swedishPhone, email, identityNumber.map((i) => i.valid), identityNumber.map((i) => i.invalid)), { maxLength: 20 })
      .chain((tokens) => fc.array(joiner, { minLength: tokens.length, maxLength: tokens.length }).map((js) => tokens.map((t, i) => t + js[i]).join('')));
    fc.assert(
      fc.property(mixed, (text) => {
        const findings = findPersonalData(text);
        let previousEnd = 0;
        for (const f of findings) {
          expect(f.start).toBeGreaterThanOrEqual(previousEnd);
          expect(f.end).toBeGreaterThan(f.start);
          expect(f.end).toBeLessThanOrEqual(text.length);
          previousEnd = f.end;
        }
      }),
      RUNS,
    );
  });
});
