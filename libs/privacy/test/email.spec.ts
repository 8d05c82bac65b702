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
    // "at" inside the local part is no written-out at sign (found by the property test, seed 553680324).
    'a.at@a.se',
    'kalle.at.hemma@x.se',
    'at@x.se',
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
    ['a mention with dots', 'följ @polisen.vast för info'],
    ['a web address after "at"', 'Read more at www.polisen.se'],
    ['"@" and a sentence ending', 'Vi ses @ torget. Se upp för bilar'],
    ['a sentence ending after "at"', 'Meet at Stortorget. Se kartan'],
    ['"punkt" in prose', 'Samling vid punkt 3 at kl 18, punkt slut'],
    ['list letters', 'Se punkt (a) och (b) nedan.'],
    ['"at" without a domain', 'Vi var at home igår'],
  ])('not an e-mail: %s', (_name, text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('e-mail addresses written out', () => {
  it.each([
    ['anna at example punkt se', 'anna at example punkt se'],
    ['namn at domän punkt se', 'namn at domän punkt se'],
    ['namn [at] domain [dot] com', 'namn [at] domain [dot] com'],
    ['namn(at)x.se', 'namn(at)x.se'],
    ['namn (at) x (punkt) se', 'namn (at) x (punkt) se'],
    ['namn snabel-a x.se', 'namn snabel-a x.se'],
    ['namn snabel a x punkt se', 'namn snabel a x punkt se'],
    ['namn @ x . se', 'namn @ x . se'],
    ['namn@ x.se', 'namn@ x.se'],
    ['anna.berg AT polisen DOT se', 'anna.berg AT polisen DOT se'],
    ['anna{at}polisen{dot}se', 'anna{at}polisen{dot}se'],
    ['anna<at>polisen<dot>se', 'anna<at>polisen<dot>se'],
    ['anna(a)polisen.se', 'anna(a)polisen.se'],
    ['anna@polisen[.]se', 'anna@polisen[.]se'],
    ['anna&#64;polisen.se', 'anna&#64;polisen.se'],
    ['full-width', 'ａｎｎａ＠ｐｏｌｉｓｅｎ．ｓｅ'],
    ['small commercial at', 'anna﹫polisen.se'],
    ['ideographic full stop', 'anna@polisen。se'],
    ['invisible characters', 'an\u200Bna@pol\u00ADisen\u200D.se'],
    ['a line break for the space', 'anna at\npolisen punkt se'],
  ])('%s', (_name, email) => {
    for (const text of [email, `Mejla ${email}.`, `(${email})`, `Kontakt: ${email}, tack`]) {
      expect(found(text)).toEqual([{ kind: 'email', match: email }]);
    }
  });
});
