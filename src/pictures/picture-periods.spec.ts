import { describe, expect, it } from '@jest/globals';
import { hasEnded, isoWeeksInYear, parsePeriod, parseWeek, pictureFileName, seriesSteps, weekOf, weeksBefore, yearEarlier } from './picture-periods.js';

describe('picture periods (Europe/Stockholm)', () => {
  it('knows which years have 53 ISO weeks', () => {
    expect(isoWeeksInYear(2026)).toBe(53); // begins on a Thursday
    expect(isoWeeksInYear(2020)).toBe(53); // a leap year beginning on a Wednesday
    expect(isoWeeksInYear(2025)).toBe(52);
    expect(isoWeeksInYear(2027)).toBe(52);
  });

  it('bounds a week by local midnights, in winter time', () => {
    expect(parseWeek('2026-W47')).toEqual({
      kind: 'week', label: '2026-W47', from: '2026-11-15T23:00:00.000Z', to: '2026-11-22T23:00:00.000Z', firstDay: '2026-11-16', lastDay: '2026-11-22',
    });
  });

  it('makes the weeks over a summer-time change 167 and 169 hours long', () => {
    const spring = parseWeek('2026-W13'); // clocks forward on Sunday 29 March
    expect(spring.from).toBe('2026-03-22T23:00:00.000Z');
    expect(spring.to).toBe('2026-03-29T22:00:00.000Z');
    const autumn = parseWeek('2026-W43'); // clocks back on Sunday 25 October
    expect((Date.parse(autumn.to) - Date.parse(autumn.from)) / 3_600_000).toBe(169);
  });

  it('puts week 53 of 2026 across the new year, and 1 January 2027 in it', () => {
    const w53 = parseWeek('2026-W53');
    expect([w53.firstDay, w53.lastDay]).toEqual(['2026-12-28', '2027-01-03']);
    expect(weekOf(new Date('2027-01-01T12:00:00+01:00')).label).toBe('2026-W53');
    expect(weekOf(new Date('2027-01-04T00:30:00+01:00')).label).toBe('2027-W01');
    // Late on Sunday evening in Stockholm is still that week, though it is Monday nowhere yet in UTC terms reversed:
    expect(weekOf(new Date('2026-11-22T22:59:59Z')).label).toBe('2026-W47');
    expect(weekOf(new Date('2026-11-22T23:00:00Z')).label).toBe('2026-W48');
  });

  it('refuses impossible weeks with the field named', () => {
    for (const bad of ['2026-W99', '2026-47', '2025-W53', '2026-W00', '1999-W10', 'W47']) {
      expect(() => parseWeek(bad)).toThrow(/^week /);
    }
  });

  it('lists the weeks before a week, oldest first, across a year end', () => {
    expect(weeksBefore(parseWeek('2027-W02'), 4).map((w) => w.label)).toEqual(['2026-W51', '2026-W52', '2026-W53', '2027-W01']);
  });

  it('names months, tertials, years and ranges, and refuses what is not one', () => {
    expect(parsePeriod({ month: '2026-02' })).toMatchObject({ firstDay: '2026-02-01', lastDay: '2026-02-28', from: '2026-01-31T23:00:00.000Z' });
    expect(parsePeriod({ tertial: '2026-T2' })).toMatchObject({ firstDay: '2026-05-01', lastDay: '2026-08-31', from: '2026-04-30T22:00:00.000Z' });
    expect(parsePeriod({ tertial: '2026-T3' })).toMatchObject({ lastDay: '2026-12-31', to: '2026-12-31T23:00:00.000Z' });
    expect(parsePeriod({ year: '2026' })).toMatchObject({ label: '2026', firstDay: '2026-01-01', lastDay: '2026-12-31' });
    expect(parsePeriod({ from: '2026-01-01', to: '2030-12-31' })).toMatchObject({ kind: 'range', lastDay: '2030-12-31' });
    expect(() => parsePeriod({ from: '2026-01-01', to: '2031-01-01' })).toThrow(/^to must lie within 5 years/);
    expect(() => parsePeriod({ from: '2026-02-30', to: '2026-03-01' })).toThrow(/^from /);
    expect(() => parsePeriod({ from: '2026-03-01', to: '2026-02-01' })).toThrow(/^to must not lie before/);
    expect(() => parsePeriod({ tertial: '2026-T4' })).toThrow(/^tertial /);
    expect(() => parsePeriod({ month: '2026-13' })).toThrow(/^month /);
    expect(() => parsePeriod({})).toThrow(/^period /);
    expect(() => parsePeriod({ month: '2026-11', year: '2026' })).toThrow(/^period /);
    expect(() => parsePeriod({ to: '2026-11-01' })).toThrow(/^from is required/);
    expect(() => parsePeriod({ from: '2026-11-01' })).toThrow(/^to is required/);
  });

  it('compares with the same period a year earlier', () => {
    expect(yearEarlier(parsePeriod({ tertial: '2026-T2' })).label).toBe('2025-T2');
    expect(yearEarlier(parseWeek('2026-W53')).label).toBe('2025-W52');
    expect(yearEarlier(parsePeriod({ from: '2024-02-29', to: '2024-03-10' })).label).toBe('2023-02-28--2023-03-10');
  });

  it('steps a short period by weeks clipped to it and a long one by months', () => {
    const month = seriesSteps(parsePeriod({ month: '2026-11' }));
    expect(month.map((s) => s.label)).toEqual(['2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49']);
    expect(month[0].from).toBe('2026-10-31T23:00:00.000Z');
    expect(month.at(-1)!.to).toBe('2026-11-30T23:00:00.000Z');
    expect(seriesSteps(parsePeriod({ year: '2026' })).map((s) => s.label)).toHaveLength(12);
  });

  it('knows when a week has ended and names its files in ASCII', () => {
    const w = parseWeek('2026-W47');
    expect(hasEnded(w, new Date('2026-11-22T22:59:00Z'))).toBe(false);
    expect(hasEnded(w, new Date('2026-11-22T23:00:00Z'))).toBe(true);
    expect(pictureFileName('lagesbild', w, 'Centrum Östra', 'pdf')).toBe('lagesbild-2026-W47-centrum-ostra.pdf');
    expect(pictureFileName('analys', parsePeriod({ from: '2026-01-01', to: '2026-03-31' }), null, 'csv')).toBe('analys-2026-01-01_2026-03-31.csv');
  });
});
