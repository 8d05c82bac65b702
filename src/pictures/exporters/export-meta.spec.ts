import { describe, expect, it } from '@jest/globals';
import { monthPeriod, tertialPeriod, weekPeriod } from '../picture-periods.js';
import { audienceText, exportHeaders, exportMeta, exportedText, filterText, pictureTitle } from './export-meta.js';
import { META, ORGS } from './fixtures.js';

describe('the export\'s meta', () => {
  it('states the filter in Swedish', () => {
    expect(filterText({ area: null, categories: null })).toBe('Område: alla · Kategorier: alla');
    expect(filterText({ area: { id: 'a', name: 'Centrum' }, categories: [] })).toBe('Område: Centrum · Kategorier: alla');
    expect(filterText({ area: { id: 'a', name: 'Centrum' }, categories: ['drug_dealing', 'vandalism'] }))
      .toBe('Område: Centrum · Kategorier: Narkotikaförsäljning, Skadegörelse');
  });

  it('titles the picture and the analyses', () => {
    expect(pictureTitle(weekPeriod(2026, 47))).toBe('Lägesbild vecka 47 2026');
    expect(pictureTitle(weekPeriod(2026, 3))).toBe('Lägesbild vecka 3 2026');
    expect(pictureTitle(monthPeriod(2026, 11))).toBe('Periodanalys november 2026');
    expect(pictureTitle(tertialPeriod(2026, 2))).toBe('Periodanalys tertial 2 2026');
  });

  it('says who exported it and when, in Stockholm time', () => {
    expect(exportedText(META)).toBe('Exporterad av Trygghetssamordnare Maria (Lidköpings kommun – trygghetssamordning) 2026-11-23 08:15');
    const meta = exportMeta({ period: weekPeriod(2026, 47), filter: { area: null, categories: null } }, META.exportedBy, META.exportedAt);
    expect(meta).toEqual(META);
  });

  it('says whose view the figures are', () => {
    expect(audienceText({ organisation: ORGS.polis, joint: false })).toBe('Det som Polisen Lidköping får se');
    expect(audienceText({ organisation: null, joint: true })).toBe('Gemensam bild: det som alla parter får se');
  });

  it('gives HTTP headers in ASCII that decode to the same words', () => {
    const headers = exportHeaders(META);
    for (const v of Object.values(headers)) expect(v).toMatch(/^[\x20-\x7e]*$/);
    expect(decodeURIComponent(headers['X-Lagesbild-Filter'])).toBe(META.filterText);
    expect(decodeURIComponent(headers['X-Lagesbild-Exported-By'])).toBe('Trygghetssamordnare Maria (Lidköpings kommun – trygghetssamordning)');
    expect(headers['X-Lagesbild-Exported-At']).toBe('2026-11-23T07:15:00.000Z');
    expect(decodeURIComponent(headers['X-Lagesbild-Exported-At-Local'])).toBe('2026-11-23 08:15 (Europe/Stockholm)');
  });
});
