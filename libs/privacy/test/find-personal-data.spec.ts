import { describe, expect, it } from '@jest/globals';
import { PERSONAL_DATA_LABELS, containsPersonalData, findPersonalData } from '#privacy';
import type { PersonalDataFinding, PersonalDataKind } from '#privacy';

describe('findPersonalData', () => {
  it('returns offsets into the text, sorted and non-overlapping', () => {
    const text =
      'Tips från anna@example.se: pojken 121212-1212 ringde från 070-123 45 67, ' +
      'hans mamma har snr 701063-2391 och nås på +46 8 123 456 78.';
    const findings = findPersonalData(text);
    expect(findings.map((f) => [f.kind, text.slice(f.start, f.end)])).toEqual([
      ['email', 'anna@example.se'],
      ['personal_identity_number', '121212-1212'],
      ['phone_number', '070-123 45 67'],
      ['coordination_number', '701063-2391'],
      ['phone_number', '+46 8 123 456 78'],
    ]);
    for (let i = 1; i < findings.length; i++) {
      expect(findings[i]!.start).toBeGreaterThanOrEqual(findings[i - 1]!.end);
    }
  });

  it('uses UTF-16 offsets with end exclusive', () => {
    const text = 'Åsa 👮 ring 0701234567';
    const [f] = findPersonalData(text) as [PersonalDataFinding];
    expect(f).toEqual({ kind: 'phone_number', start: text.indexOf('07'), end: text.length });
  });

  it('handles empty input', () => {
    expect(findPersonalData('')).toEqual([]);
    expect(containsPersonalData('')).toBe(false);
  });

  it('containsPersonalData agrees', () => {
    expect(containsPersonalData('Ring 08-123 45 67')).toBe(true);
    expect(containsPersonalData('pnr 121212-1212')).toBe(true);
    expect(containsPersonalData('kl 22:30 vid 531 30 Lidköping')).toBe(false);
  });
});

describe('PERSONAL_DATA_LABELS', () => {
  it('names every kind in Swedish and English', () => {
    const expected: Record<PersonalDataKind, { sv: string; en: string }> = {
      personal_identity_number: { sv: 'personnummer', en: 'personal identity number' },
      coordination_number: { sv: 'samordningsnummer', en: 'coordination number' },
      phone_number: { sv: 'telefonnummer', en: 'phone number' },
      email: { sv: 'e-postadress', en: 'e-mail address' },
    };
    expect(PERSONAL_DATA_LABELS).toEqual(expected);
  });
});

describe('performance', () => {
  const realistic = (() => {
    const parts = [
      'Grupp om 15-20 ungdomar vid 531 30 Lidköping 2026-11-24 kl. 22:30, skada 12 000 kr.',
      'Ring 070-123 45 67 eller mejla anna@example.se, pnr 121212-1212.',
      'Ärende 5000-K123456-26, reg.nr ABC 123, 3 personer, +46 8 123 456 78.',
    ];
    let s = '';
    for (let i = 0; s.length < 4000; i++) s += parts[i % parts.length] + ' ';
    return s.slice(0, 4000);
  })();
  const inputs: [string, string][] = [
    ['realistic text', realistic],
    ['digits only', '0'.repeat(4000)],
    ['digits and spaces', '1 '.repeat(2000)],
    ['zeros and dashes', '0-'.repeat(2000)],
    ['mobile prefixes', '070 '.repeat(1000)],
    ['parentheses', '(0)'.repeat(1333)],
    ['plus signs', '+4'.repeat(2000)],
    ['separated digit pairs', '12 34-'.repeat(666)],
    ['identity-like digits', '121212-'.repeat(571)],
    ['one long word before @', 'a'.repeat(3999) + '@'],
    ['many @', 'a@'.repeat(2000)],
    ['long domain without TLD', 'x@' + 'a.'.repeat(1998) + '1'],
    ['long labels', 'x@' + ('a'.repeat(62) + '-').repeat(63)],
    ['dots and @', '.@'.repeat(2000)],
  ];

  // No absolute timings (the machines are shared and noisy): the cost of each input (doubled, so that joins between
  // repeats are already present) is compared with the cost of the same input four times as long, in the same run. Linear work grows about 4x; catastrophic
  // backtracking or quadratic scans grow 16x or far more. Each figure is the fastest of several batches.
  const bestOf = (input: string) => {
    for (let i = 0; i < 3; i++) findPersonalData(input); // warm up the JIT
    let best = Infinity;
    for (let batch = 0; batch < 8; batch++) {
      const t0 = performance.now();
      for (let i = 0; i < 3; i++) findPersonalData(input);
      best = Math.min(best, (performance.now() - t0) / 3);
    }
    return best;
  };

  it.each(inputs)('grows linearly with the length of the text (%s)', (_name, input) => {
    expect(input.length).toBeGreaterThanOrEqual(3900);
    // The best of three comparisons: a burst of load on the shared machine during one of them can double a figure,
    // but quadratic work stays at 16x or more in every one.
    let ratio = Infinity;
    for (let attempt = 0; attempt < 3 && ratio >= 9; attempt++) {
      ratio = Math.min(ratio, bestOf(input.repeat(8)) / Math.max(bestOf(input.repeat(2)), 0.01));
    }
    expect(ratio).toBeLessThan(9);
  });
});
