import { describe, expect, it } from '@jest/globals';
import { CATEGORIES } from '#contracts';
import { effectiveCategories, isDefaultCategory, labelTakenBy, nextLabel, type CategoryRow } from './category.rules.js';

const row = (over: Partial<CategoryRow> & Pick<CategoryRow, 'code'>): CategoryRow => ({
  labelSv: null, labelEn: null, active: true, custom: false, version: 2, createdAt: new Date('2026-12-01T10:00:00Z'), ...over,
});

describe('effectiveCategories', () => {
  it('without rows: every default, active, version 1, with its default labels', () => {
    const list = effectiveCategories([]);
    expect(list.map((c) => c.code)).toEqual(CATEGORIES.map((c) => c.code));
    expect(list.every((c) => c.active && !c.custom && c.version === 1)).toBe(true);
    expect(list.find((c) => c.code === 'vandalism')).toEqual({
      code: 'vandalism', sv: 'Skadegörelse', en: 'Vandalism', active: true, custom: false, defaultLabels: { sv: 'Skadegörelse', en: 'Vandalism' }, version: 1,
    });
  });

  it("a default the collaboration renamed or switched off keeps its place, with the collaboration's label where it gave one", () => {
    const list = effectiveCategories([row({ code: 'littering', labelSv: 'Skräp', active: false, version: 3 })]);
    const littering = list.find((c) => c.code === 'littering')!;
    expect(littering).toEqual({ code: 'littering', sv: 'Skräp', en: 'Littering', active: false, custom: false, defaultLabels: { sv: 'Nedskräpning', en: 'Littering' }, version: 3 });
    expect(list.indexOf(littering)).toBe(CATEGORIES.findIndex((c) => c.code === 'littering'));
  });

  it('its own categories follow the defaults, in the order they were added', () => {
    const list = effectiveCategories([
      row({ code: 'zz_late', labelSv: 'Sen', labelEn: 'Late', custom: true, version: 1, createdAt: new Date('2026-12-02T00:00:00Z') }),
      row({ code: 'aa_early', labelSv: 'Tidig', labelEn: 'Early', custom: true, version: 1, createdAt: new Date('2026-12-01T00:00:00Z') }),
    ]);
    expect(list.slice(-2).map((c) => [c.code, c.sv, c.custom, c.defaultLabels])).toEqual([['aa_early', 'Tidig', true, null], ['zz_late', 'Sen', true, null]]);
    expect(list).toHaveLength(CATEGORIES.length + 2);
  });
});

describe('labels', () => {
  const list = effectiveCategories([row({ code: 'moped', labelSv: 'Mopedbuskörning', labelEn: 'Mopeds', custom: true })]);
  it('finds another category with the same label, whatever the case and spaces', () => {
    expect(labelTakenBy(list, 'new_one', ' skadegörelse ', 'sv')?.code).toBe('vandalism');
    expect(labelTakenBy(list, 'new_one', 'MOPEDS', 'en')?.code).toBe('moped');
    expect(labelTakenBy(list, 'vandalism', 'Skadegörelse', 'sv')).toBeUndefined();
    expect(labelTakenBy(list, 'new_one', 'Klotter', 'sv')).toBeUndefined();
  });
  it('undefined keeps a label, null takes the default back', () => {
    expect(nextLabel(undefined, 'Skräp')).toBe('Skräp');
    expect(nextLabel(null, 'Skräp')).toBeNull();
    expect(nextLabel('Nytt', null)).toBe('Nytt');
  });
  it('knows the default codes', () => {
    expect(isDefaultCategory('vandalism')).toBe(true);
    expect(isDefaultCategory('moped')).toBe(false);
  });
});
