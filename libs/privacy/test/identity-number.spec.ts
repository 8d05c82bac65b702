import { describe, expect, it } from '@jest/globals';
import { findPersonalData, identityNumberKind, isValidIdentityNumber } from '#privacy';

/** Independent Luhn (weights 2,1,2,… over YYMMDDNNN) so the tests do not just echo the implementation. */
function checkDigit(nine: string): string {
  const sum = [...nine]
    .map((d, i) => Number(d) * (i % 2 === 0 ? 2 : 1))
    .reduce((acc, p) => acc + Math.floor(p / 10) + (p % 10), 0);
  return String((10 - (sum % 10)) % 10);
}
const withCheck = (nine: string): string => nine + checkDigit(nine);
const wrongCheck = (nine: string): string => nine + String((Number(checkDigit(nine)) + 3) % 10);

function found(text: string): { kind: string; match: string }[] {
  return findPersonalData(text).map((f) => ({ kind: f.kind, match: text.slice(f.start, f.end) }));
}

describe('personnummer', () => {
  it.each([
    ['10 digits with -', 'Pnr 811218-9876 uppgavs.', '811218-9876'],
    ['10 digits with + (100 years or older)', 'Född 121212+1212, hittad.', '121212+1212'],
    ['10 digits without separator', 'pnr: 8112189876', '8112189876'],
    ['10 digits with a space', 'pnr 811218 9876.', '811218 9876'],
    ['12 digits with -', 'Personnummer 19811218-9876.', '19811218-9876'],
    ['12 digits without separator', '(198112189876)', '198112189876'],
    ['12 digits with a space', 'pnr 19811218 9876', '19811218 9876'],
    ['born in the 2000s, 12 digits', 'pnr 20121212-1212', '20121212-1212'],
    ['at the start of the text', '121212-1212 anträffad', '121212-1212'],
    ['at the end of the text', 'anträffad 121212-1212', '121212-1212'],
  ])('%s', (_name, text, match) => {
    expect(found(text)).toEqual([{ kind: 'personal_identity_number', match }]);
  });

  it('finds several in one text', () => {
    expect(found('Två personer: 811218-9876 och 19121212-1212.')).toEqual([
      { kind: 'personal_identity_number', match: '811218-9876' },
      { kind: 'personal_identity_number', match: '19121212-1212' },
    ]);
  });

  it('accepts every month and days 01–31', () => {
    for (const mmdd of ['0101', '0131', '0615', '1201', '1231']) {
      const nr = withCheck(`90${mmdd}123`);
      expect(found(`pnr ${nr}`)).toEqual([{ kind: 'personal_identity_number', match: nr }]);
    }
  });

  it('never reports a wrong check digit', () => {
    for (const nine of ['811218987', '121212121', '900101123', '050315123']) {
      const bad = wrongCheck(nine);
      expect(found(`pnr ${bad.slice(0, 6)}-${bad.slice(6)}`)).toEqual([]);
      expect(found(`pnr 19${bad.slice(0, 6)}-${bad.slice(6)}`)).toEqual([]);
    }
    expect(found('pnr 121212-1213')).toEqual([]);
  });

  it('rejects impossible dates even with a correct check digit', () => {
    for (const nine of ['901301123', '900001123', '900100123', '900132123', '900160123', '900192123']) {
      const nr = withCheck(nine);
      expect(found(`nr ${nr.slice(0, 6)}-${nr.slice(6)}`)).toEqual([]);
    }
  });

  it('does not match inside a longer digit run', () => {
    expect(found('kortnummer 5555191212121212 spärrat')).toEqual([]);
    expect(found('kortnummer 1212121212345678 spärrat')).toEqual([]);
    expect(found('referens 81121898761')).toEqual([]);
    expect(found('referens 9811218-9876')).toEqual([]);
    expect(found('referens 811218-98761')).toEqual([]);
  });

  it('leaves digits after a plus sign to the phone number finder', () => {
    expect(found('+4612745382')).toEqual([{ kind: 'phone_number', match: '+4612745382' }]);
  });

  it('does not take organisationsnummer for personnummer', () => {
    expect(found('Bolaget 556012-3456 (org.nr 212000-1355)')).toEqual([]);
  });

  it('reports a personnummer that also looks like a phone number as a personnummer only', () => {
    const nr = withCheck('050315123'); // 10 digits starting with 0: also a valid landline shape
    expect(found(`Ring ${nr}`)).toEqual([{ kind: 'personal_identity_number', match: nr }]);
    expect(found(`Pojken (${nr.slice(0, 6)}-${nr.slice(6)}) och ${nr}`)).toEqual([
      { kind: 'personal_identity_number', match: `${nr.slice(0, 6)}-${nr.slice(6)}` },
      { kind: 'personal_identity_number', match: nr },
    ]);
  });
});

describe('samordningsnummer', () => {
  it.each([
    ['10 digits with -', 'Samordningsnummer 701063-2391.', '701063-2391'],
    ['10 digits without separator', 'snr 7010632391', '7010632391'],
    ['12 digits with -', 'snr 19701063-2391', '19701063-2391'],
    ['12 digits without separator', 'snr 197010632391', '197010632391'],
  ])('%s', (_name, text, match) => {
    expect(found(text)).toEqual([{ kind: 'coordination_number', match }]);
  });

  it('accepts days 61–91 (day + 60)', () => {
    for (const dd of ['61', '75', '91']) {
      const nr = withCheck(`8505${dd}234`);
      expect(found(`snr ${nr}`)).toEqual([{ kind: 'coordination_number', match: nr }]);
    }
  });

  it('never reports a wrong check digit', () => {
    expect(found('snr 701063-2392')).toEqual([]);
    expect(found('snr 19701063-2390')).toEqual([]);
  });
});

describe('isValidIdentityNumber / identityNumberKind', () => {
  it('accepts 10 and 12 digits with a correct check digit', () => {
    expect(isValidIdentityNumber('8112189876')).toBe(true);
    expect(isValidIdentityNumber('198112189876')).toBe(true);
    expect(isValidIdentityNumber('7010632391')).toBe(true);
    expect(isValidIdentityNumber('197010632391')).toBe(true);
    expect(identityNumberKind('8112189876')).toBe('personal_identity_number');
    expect(identityNumberKind('197010632391')).toBe('coordination_number');
  });

  it('rejects separators, wrong lengths, wrong check digits, bad dates and bad centuries', () => {
    for (const bad of [
      '811218-9876',
      '811218+9876',
      '81121898',
      '81121898761',
      '8112189877',
      '198112189877',
      withCheck('901301123'),
      withCheck('900132123'),
      withCheck('900160123'),
      withCheck('900192123'),
      `21${withCheck('811218987')}`,
      '',
      'abcdefghij',
    ]) {
      expect(isValidIdentityNumber(bad)).toBe(false);
    }
  });
});
