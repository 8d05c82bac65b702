import { describe, expect, it } from '@jest/globals';
import { containsPersonalData, findPersonalData } from '#privacy';

// Ordinary observations from police, municipality and security staff: dates, times, postcodes,
// amounts, counts, case numbers, house numbers, registration numbers. None holds personal data.
const SENTENCES = [
  'Skadegörelse på busshållplatsen 2026-11-24 kl. 22:30.',
  'Grupp om 15-20 ungdomar vid centrumhuset kl 23:15.',
  'Rapport 24/11: tre personer vid stationen ca 22.30.',
  'Anmälan registrerad i ärende 5000-K123456-26.',
  'Se K123456-26 och K1234567-25 för bakgrund.',
  'Ärende 5000-123456/26 handläggs av kommunen.',
  'Adress: Storgatan 12, 531 30 Lidköping.',
  '531 30 Lidköping och 541 30 Skövde berörs.',
  'Stöldgods värt ca 1 500 kr återfanns.',
  'Skadan uppskattas till 12 000 kronor, inköp 45 000:- under 2025.',
  'Bidraget är 1 250 000 kr för 2026–2027.',
  '3 personer sågs springa från platsen mot Kungsgatan 5B.',
  'Bil med reg.nr ABC 123 stod parkerad, även ABC 12A.',
  'Klotter på 4 fasader mellan 2026-11-20 och 2026-11-24.',
  'Ökning med 35 % jämfört med 2025, 120 anmälningar totalt.',
  'Mellan kl. 08.00 och 17.00 var det lugnt, 2 larm kl 13:05 och 14:10.',
  'Patrull på plats 22:45, avslutat 23.55, rapport skriven 00:15.',
  'Vecka 47 genomfördes 12 trygghetsvandringar med 40 deltagare.',
  'Dnr KS 2026/0123 och BUN 2025/456 gäller ärendet.',
  'Larmet gick den 5/11 och igen 12/11 kl 02.30.',
  'Mötet 05-11-2026 flyttas till 08-12-2026 kl 18:00.',
  'Cirka 100 meter från skolan, 2 km från centrum.',
  'Temperatur -5 grader, sikt 200 m, 0-14 år gamla barn i parken.',
  'Org.nr 556012-3456 äger fastigheten Lidköping Ågården 5:12.',
  'Kostnad 2 500 kr per tillfälle, 10 tillfällen 2026.',
  'Belysningen vid gångtunneln 4 är trasig sedan 2026-10-01.',
  'Fyra bilar (ABC 123, DEF 456, GHI 789, JKL 012) inbrutna.',
  'Brand i soprum 03.15, räddningstjänst på plats 03.27.',
  'Kamera 12 visar 7 personer 22:10–22:40.',
  'Budget 2026: 3 400 000 kr, varav 850 000 kr till belysning.',
  'Polisen mottog 8 tips, 2 ledde till ingripande, 0 gripna.',
  'Lägenhet 1102 på våning 11, port 3, trappuppgång B.',
  'Ett 15-tal personer samlades, 5-6 av dem maskerade, kl. 21.40–22.05.',
  'Fakturan på 3 450 kr förföll 2026-11-30, påminnelse 2026-12-14.',
  '2026-11-24 08:30 rapporterat, åtgärdat 2026-11-25 10:15.',
];

describe('ordinary Swedish text', () => {
  it('has at least 25 sentences', () => {
    expect(SENTENCES.length).toBeGreaterThanOrEqual(25);
  });

  it.each(SENTENCES)('no personal data in: %s', (sentence) => {
    expect(findPersonalData(sentence)).toEqual([]);
    expect(containsPersonalData(sentence)).toBe(false);
  });

  it('no personal data in all sentences joined', () => {
    expect(findPersonalData(SENTENCES.join(' '))).toEqual([]);
    expect(findPersonalData(SENTENCES.join('\n'))).toEqual([]);
  });
});
