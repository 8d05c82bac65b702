import { describe, expect, it } from '@jest/globals';
import { findPersonalData } from '#privacy';

function found(text: string): { kind: string; match: string }[] {
  return findPersonalData(text).map((f) => ({ kind: f.kind, match: text.slice(f.start, f.end) }));
}

describe('e-mail addresses', () => {
  it.each([
    'anna@example.se',
    'anna.andersson@polisen.se',
    'ANNA.ANDERSSON@POLISEN.SE',
    'Örjan.Åkesson@Lidköping.se',
    'namn@domän.se',
    'förnamn_efternamn+tips@kommun.lidkoping.se',
    'a-b@sub-domain.example.com',
    'x@y.nu',
    'info123@trygghet2026.org',
    'kontakt@xn--lidkping-07a.se',
  ])('%s', (email) => {
    for (const text of [email, `Mejla ${email}.`, `<${email}>`, `(${email})`, `mailto:${email}, tack`]) {
      expect(found(text)).toEqual([{ kind: 'email', match: email }]);
    }
  });

  it('finds several addresses', () => {
    expect(found('a@b.se, c@d.se och e.f@g.com')).toEqual([
      { kind: 'email', match: 'a@b.se' },
      { kind: 'email', match: 'c@d.se' },
      { kind: 'email', match: 'e.f@g.com' },
    ]);
  });

  it('reports an address holding digits as one e-mail, not as a number', () => {
    expect(found('0701234567@sms.example.se')).toEqual([{ kind: 'email', match: '0701234567@sms.example.se' }]);
    expect(found('pnr121212-1212@x.se')).toEqual([{ kind: 'email', match: 'pnr121212-1212@x.se' }]);
  });

  it.each([
    ['no domain', 'skriv @polisen'],
    ['no TLD', 'anna@localhost'],
    ['one-letter TLD', 'anna@example.s'],
    ['numeric TLD', 'anna@10.0.0.1'],
    ['a lone @', 'Möte @ kl 18'],
    ['twitter handle', '@polisen_vast'],
    ['obfuscated (deliberately not caught)', 'anna at example punkt se'],
  ])('not an e-mail: %s', (_name, text) => {
    expect(found(text)).toEqual([]);
  });
});
