import { describe, expect, it } from '@jest/globals';
import { findPersonalData } from '#privacy';

function found(text: string): { kind: string; match: string }[] {
  return findPersonalData(text).map((f) => ({ kind: f.kind, match: text.slice(f.start, f.end) }));
}
const phones = (...match: string[]) => match.map((m) => ({ kind: 'phone_number', match: m }));

describe('phone numbers', () => {
  it.each([
    ['mobile, dash and groups', '070-123 45 67'],
    ['mobile, no separators', '0701234567'],
    ['mobile, spaces', '070 123 45 67'],
    ['mobile, dash only', '073-1234567'],
    ['mobile, spaced dash', '076 - 123 45 67'],
    ['mobile, dashes everywhere', '079-123-45-67'],
    ['Stockholm', '08-123 456 78'],
    ['Stockholm, 7-digit subscriber', '08-123 45 67'],
    ['Stockholm, 6-digit subscriber', '08-12 34 56'],
    ['Stockholm, no separators', '0812345678'],
    ['3-digit area code', '031-123 45 67'],
    ['4-digit area code (Lidköping)', '0510-123 45'],
    ['4-digit area code, 6-digit subscriber', '0510-12 34 56'],
    ['area code in parentheses', '(08) 123 45 67'],
    ['+46 with spaces', '+46 70 123 45 67'],
    ['+46 without spaces', '+46701234567'],
    ['+46 landline', '+46 8 123 456 78'],
    ['+46 with (0)', '+46 (0)70-123 45 67'],
    ['+46 with a superfluous 0', '+46 070-123 45 67'],
    ['0046', '0046 70-123 45 67'],
    ['00 46', '00 46 510 123 45'],
    ['international, UK', '+44 20 7946 0958'],
    ['international, US', '+1 (555) 123-4567'],
    ['international, Finland', '+358 40 123 4567'],
    ['international, no spaces', '+4915112345678'],
    ['international, 00 prefix', '0049 151 1234 5678'],
    ['non-breaking spaces', '070\u00A0123\u00A045\u00A067'],
  ])('%s: %s', (_name, phone) => {
    for (const text of [phone, `Ring ${phone}.`, `Tel: ${phone}, kvällstid`, `(${phone})`, `tfn ${phone}\nNästa rad`]) {
      expect(found(text)).toEqual(phones(phone));
    }
  });

  it('finds several numbers, also directly after one another', () => {
    expect(found('Ring 070-123 45 67 eller 08-123 456 78.')).toEqual(phones('070-123 45 67', '08-123 456 78'));
    expect(found('070-123 45 67 08-123 456 78')).toEqual(phones('070-123 45 67', '08-123 456 78'));
    expect(found('08-12 34 56 08-98 76 54')).toEqual(phones('08-12 34 56', '08-98 76 54'));
    expect(found('0701234567/0707654321')).toEqual(phones('0701234567', '0707654321'));
  });

  it('does not swallow a following count or amount', () => {
    expect(found('Ring 08-12 34 56 12 personer såg det')).toEqual(phones('08-12 34 56'));
    expect(found('Swish 070-123 45 67 200 kr')).toEqual(phones('070-123 45 67'));
  });

  it('finds a number after a date, a postcode and a town', () => {
    expect(found('2026-11-24 0701234567')).toEqual(phones('0701234567'));
    expect(found('Storgatan 1, 531 30 Lidköping, 0510-123 45')).toEqual(phones('0510-123 45'));
    expect(found('531 30 0701234567')).toEqual(phones('0701234567'));
    expect(found('kl. 22:30 070-123 45 67')).toEqual(phones('070-123 45 67'));
  });

  it.each([
    ['mobile too short', 'Ring 070-123 45'],
    ['mobile too long', 'Ring 070-123 45 678'],
    ['national too short', 'Ring 08-123 45'],
    ['national too long', 'Ring 0510-123456789'],
    ['case number after a letter', 'Ärende 1000-K010000-10'],
    ['personnummer shape with a wrong check digit', 'pnr 050315-1238'],
    ['inside a longer digit run', 'ref 07012345678901'],
    ['glued to a longer run', 'ref 12-0701234567-99'],
    ['international too short', '+46 70 123'],
    ['two-digit area code other than 08', '05 12 34 56 78'],
    ['subscriber starting with 0', '031-012 34 56'],
    ['plus sign after a digit', '2+46701234567'],
    ['time followed by numbers', 'kl 22.08 12 34 56'],
    ['amount with a plus sign', '+1 500 000 kr'],
    ['temperature', '+12 grader'],
    ['registration number before a postcode', 'Bil ABC 012 531 30 Lidköping'],
  ])('not a phone number: %s', (_name, text) => {
    expect(found(text).filter((f) => f.kind === 'phone_number')).toEqual([]);
  });
});
