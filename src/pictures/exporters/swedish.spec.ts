import { describe, expect, it } from '@jest/globals';
import type { PicturePeriod } from '#contracts';
import { monthPeriod, rangePeriod, tertialPeriod, weekPeriod, yearPeriod } from '../picture-periods.js';
import {
  coordinate, dayRange, hotspotName, localDate, localDateTime, localIso, num, percentChange, periodText, signed, typicalTime, wallClockDate,
} from './swedish.js';

// The machine running these tests is in UTC (as CI is): every expectation below is Stockholm time, which differs.
describe('Stockholm time, whatever the machine\'s zone', () => {
  it('writes local date and time, in winter (UTC+1) and summer (UTC+2)', () => {
    expect(localDateTime(new Date('2026-11-16T20:40:00Z'))).toBe('2026-11-16 21:40');
    expect(localDateTime('2026-07-04T20:30:00.000Z')).toBe('2026-07-04 22:30');
    expect(localDateTime('2026-12-31T23:30:00Z')).toBe('2027-01-01 00:30');
    expect(localDate('2026-11-15T23:00:00.000Z')).toBe('2026-11-16');
  });

  it('follows the changes to and from summer time to the minute', () => {
    // 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00 UTC); 25 October 2026: 03:00 CEST becomes 02:00 CET (01:00 UTC).
    expect(localDateTime('2026-03-29T00:59:00Z')).toBe('2026-03-29 01:59');
    expect(localDateTime('2026-03-29T01:00:00Z')).toBe('2026-03-29 03:00');
    expect(localDateTime('2026-10-25T00:59:00Z')).toBe('2026-10-25 02:59');
    expect(localDateTime('2026-10-25T01:00:00Z')).toBe('2026-10-25 02:00');
    expect(localIso('2026-10-25T00:59:59Z')).toBe('2026-10-25T02:59:59+02:00');
    expect(localIso('2026-10-25T01:00:00Z')).toBe('2026-10-25T02:00:00+01:00');
  });

  it('gives a spreadsheet the wall-clock time as a Date whose UTC fields are Stockholm\'s', () => {
    expect(wallClockDate('2026-11-16T20:40:00Z').toISOString()).toBe('2026-11-16T21:40:00.000Z');
    expect(wallClockDate(new Date('2026-07-04T20:30:15Z')).toISOString()).toBe('2026-07-04T22:30:15.000Z');
  });
});

describe('Swedish words and numbers', () => {
  it('writes numbers with a decimal comma, grouped from five digits, and changes with their sign', () => {
    expect([num(0), num(12), num(13.5), num(7.25), num(-2.5), num(1234), num(12345), num(1234567)])
      .toEqual(['0', '12', '13,5', '7,3', '-2,5', '1234', '12\u00a0345', '1\u00a0234\u00a0567']);
    expect([signed(6), signed(-3), signed(0), signed(6.5)]).toEqual(['+6', '-3', '±0', '+6,5']);
    expect([percentChange(88, 64), percentChange(21, 26), percentChange(3, 0)]).toEqual(['+38 %', '-19 %', null]);
    expect(coordinate(58.50581234)).toBe('58,505812');
  });

  it('names periods as a reader says them', () => {
    const cases: [PicturePeriod, string][] = [
      [weekPeriod(2026, 47), 'vecka 47 2026 (16–22 november 2026)'],
      [weekPeriod(2026, 49), 'vecka 49 2026 (30 november–6 december 2026)'],
      [weekPeriod(2026, 53), 'vecka 53 2026 (28 december 2026–3 januari 2027)'],
      [monthPeriod(2026, 11), 'november 2026'],
      [tertialPeriod(2026, 2), 'tertial 2 2026 (maj–augusti)'],
      [yearPeriod(2026), '2026'],
      [rangePeriod('2026-01-01', '2026-03-31'), '1 januari–31 mars 2026'],
    ];
    for (const [p, text] of cases) expect(periodText(p)).toBe(text);
    expect(dayRange('2026-11-16', '2026-11-16')).toBe('16 november 2026');
  });

  it('names a hotspot by its place, or its cell by the area it is near', () => {
    const center = { lat: 58.52123, lng: 13.14019 };
    expect(hotspotName({ place: { id: 'p', name: 'Resecentrum' }, area: { id: 'a', name: 'Centrum' }, center })).toBe('Resecentrum');
    expect(hotspotName({ place: null, area: { id: 'a', name: 'Centrum' }, center })).toBe('Ruta nära Centrum');
    expect(hotspotName({ place: null, area: null, center })).toBe('Ruta vid 58,5212 N, 13,1402 Ö');
    expect(typicalTime({ typicalWeekday: 7, typicalHour: 0 })).toBe('söndag kl. 00');
  });
});
