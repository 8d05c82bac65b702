import { describe, expect, it } from '@jest/globals';
import { findPersonalData, isValidIdentityNumber } from '#privacy';

// The guard normalises before it looks: these are the ways around the old guard, one by one, and the ordinary
// numbers that must still pass however they are written.

function found(text: string): { kind: string; match: string }[] {
  return findPersonalData(text).map((f) => ({ kind: f.kind, match: text.slice(f.start, f.end) }));
}

describe('personnummer written with other separators, digits and invisible characters', () => {
  it.each([
    ['spaces between pairs', '81 12 18 98 76'],
    ['dots between every digit', '8.1.1.2.1.8.9.8.7.6'],
    ['a slash', '811218/9876'],
    ['an underscore', '811218_9876'],
    ['a spaced dot', '811218 . 9876'],
    ['an em dash', '19811218\u20149876'],
    ['a figure dash', '811218\u20129876'],
    ['the date as a date', '1981-12-18-9876'],
    ['parentheses', '81(12)18 9876'],
    ['a middle dot and a bullet', '811\u00B7218\u20229876'],
    ['an ideographic space', '811218\u30009876'],
    ['full-width digits and hyphen', '\uFF18\uFF11\uFF11\uFF12\uFF11\uFF18\uFF0D\uFF19\uFF18\uFF17\uFF16'],
    ['Arabic-Indic digits', '\u0668\u0661\u0661\u0662\u0661\u0668-\u0669\u0668\u0667\u0666'],
    ['Devanagari digits', '\u096E\u0967\u0967\u0968\u0967\u096E-\u096F\u096E\u096D\u096C'],
    ['mathematical bold digits', '\u{1D7D6}\u{1D7CF}\u{1D7CF}\u{1D7D0}\u{1D7CF}\u{1D7D6}-9876'],
    ['a zero-width space inside', '8112\u200B18-9876'],
    ['a soft hyphen and a word joiner', '811\u00AD218\u2060-9876'],
    ['bidi marks', '81\u202A1218\u202C-\u200F9876'],
    ['struck-through digits', '8\u03361\u03361\u03362\u03361\u03368\u0336-9876'],
  ])('%s: %s', (_name, value) => {
    for (const text of [value, `Pojken uppgav ${value} igår.`, `pnr: ${value}`, `(${value})`]) {
      expect(found(text)).toEqual([{ kind: 'personal_identity_number', match: value }]);
    }
  });

  it('a samordningsnummer the same way', () => {
    expect(found('snr 70 10 63 – 23 91')).toEqual([{ kind: 'coordination_number', match: '70 10 63 – 23 91' }]);
  });

  it('still needs a valid check digit and date', () => {
    expect(found('ref 81 12 18 98 77')).toEqual([]);
    expect(found('ref 8.1.1.2.1.8.9.8.7.7')).toEqual([]);
    expect(found('ref 81 13 18 98 76')).toEqual([]);
  });
});

describe('phone numbers written with other separators, digits and invisible characters', () => {
  it.each([
    ['dots', '070.123.45.67'],
    ['a slash', '070/123 45 67'],
    ['underscores', '070_123_45_67'],
    ['digit by digit', '0 7 0 1 2 3 4 5 6 7'],
    ['in pairs', '07 01 23 45 67'],
    ['em dashes', '070\u2014123\u201445\u201467'],
    ['+46 (0) and middle dots', '+46 (0) 70\u00B7123\u00B745\u00B767'],
    ['+46 and dots', '+46.70.123.45.67'],
    ['a space after the plus', '+ 46 70 123 45 67'],
    ['0046 and dashes', '0046-70-123-45-67'],
    ['full-width', '\uFF0B\uFF14\uFF16 \uFF17\uFF10 \uFF11\uFF12\uFF13 \uFF14\uFF15 \uFF16\uFF17'],
    ['Stockholm, em dash', '08 \u2014 123 456 78'],
    ['Göteborg, slash', '031/123 45 67'],
    ['Lidköping, dots', '0510.123.45'],
    ['landline digit by digit', '0 5 1 0 1 2 3 4 5'],
    ['invisible characters', '070\u200B-123\u200C 45\u00AD 67'],
    ['Thai digits', '\u0E50\u0E57\u0E50-\u0E51\u0E52\u0E53 \u0E54\u0E55 \u0E56\u0E57'],
  ])('%s: %s', (_name, value) => {
    for (const text of [value, `Ring ${value}.`, `Tel: ${value}, kvällstid`, `(${value})`]) {
      expect(found(text)).toEqual([{ kind: 'phone_number', match: value }]);
    }
  });
});

describe('ordinary numbers still pass, however they are written', () => {
  it.each([
    'Storgatan 12',
    'kl. 22.30',
    '2026-11-14',
    '3 personer',
    '531 30',
    'Storgatan 12, 531 30 Lidköping, kl. 22.30 den 2026-11-14, 3 personer.',
    // Numbers side by side in ways the stress run found: each is ordinary, together they hold 10 or 12 digits that
    // may pass the check digit.
    'Storgatan 99 12-05-2017',
    'Kungsgatan 85, 06-09-2009',
    'Nya vägen 22\n05.15–20:24',
    'Nya vägen 100 – 6 737 231 kr',
    'Kungsgatan 130 1 107 114:-',
    'Dnr KS 2002/118 849 45',
    '2002 04:09 7000-K000000-10',
    '100 00 09-01-1990',
    'samlades 2001-09-15 1 571 000 kr',
    'Bil ABC 012 531 30 Lidköping',
    '+1 500 000 kr',
    // The same in other digits and with unusual spaces and dashes.
    'Storgatan \uFF11\uFF12, \uFF15\uFF13\uFF11\u3000\uFF13\uFF10 Lidköping',
    'kl.\u00A0\u0662\u0662.\u0663\u0660 den \u0662\u0660\u0662\u0666\u2013\u0661\u0661\u2013\u0661\u0664',
    '3\u200B personer vid 531\u2009\u200C30',
  ])('%s', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('a date and a time whose twelve digits pass the check digit are still a date and a time', () => {
    const times = Array.from({ length: 24 * 60 }, (_, m) => `${String(Math.floor(m / 60)).padStart(2, '0')}.${String(m % 60).padStart(2, '0')}`);
    const time = times.find((t) => isValidIdentityNumber(`20261124${t.replace('.', '')}`))!;
    expect(time).toBeDefined();
    for (const text of [`2026-11-24 ${time}`, `2026-11-24, kl. ${time}`, `2026-11-24\n${time}`, `2026\u201311\u201324 ${time}`]) {
      expect(found(text)).toEqual([]);
    }
    // Written as one number, or with other separators, they are a personnummer.
    expect(found(`20261124-${time.replace('.', '')}`)).toHaveLength(1);
    expect(found(`2026 11 24 ${time.replace('.', ' ')}`)).toHaveLength(1);
  });
});

describe('offsets point into the text as written', () => {
  it('spans cover the original characters, invisible and wide ones included', () => {
    const value = '\uFF10\uFF17\uFF10\u200B-\uFF11\uFF12\uFF13 \uFF14\uFF15 \uFF16\uFF17';
    const text = `Åsa 👮 ring ${value}!`;
    expect(findPersonalData(text)).toEqual([{ kind: 'phone_number', start: text.indexOf(value), end: text.indexOf(value) + value.length }]);
  });

  it('a letter and its combining mark stay together', () => {
    const text = 'O\u0308rjan.A\u030Akesson@lidko\u0308ping.se';
    expect(findPersonalData(text)).toEqual([{ kind: 'email', start: 0, end: text.length }]);
  });
});
