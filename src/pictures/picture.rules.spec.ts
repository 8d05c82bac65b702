import { describe, expect, it } from '@jest/globals';
import { rankAreas } from './picture.builder.js';
import { countChange, hotspotClass, isHotspot } from './picture.rules.js';

describe('picture rules', () => {
  it('classes a hotspot against its earlier average: a change counts from two reports and half the level', () => {
    expect(hotspotClass(3, [0, 0, 0, 0])).toBe('new');
    expect(hotspotClass(3, [1, 1, 1, 1])).toBe('intensifying'); // 2 over an average of 1
    expect(hotspotClass(2, [1, 1, 1, 1])).toBe('persistent'); // 1 over: no trend
    expect(hotspotClass(9, [6, 6, 6, 6])).toBe('intensifying'); // 3 = half of 6
    expect(hotspotClass(8, [6, 6, 6, 6])).toBe('persistent');
    expect(hotspotClass(1, [3, 3, 3, 3])).toBe('diminishing');
    expect(hotspotClass(0, [2, 2, 2, 2])).toBe('diminishing');
    expect(hotspotClass(2, [2, 2, 1, 3])).toBe('persistent');
    expect(hotspotClass(5, [2])).toBe('intensifying'); // a period against a year earlier
  });

  it('lists a place busy now or busy on average before', () => {
    expect(isHotspot(2, [0, 0, 0, 0])).toBe(true);
    expect(isHotspot(1, [0, 0, 0, 0])).toBe(false);
    expect(isHotspot(0, [2, 2, 2, 2])).toBe(true);
    expect(isHotspot(1, [2, 2, 1, 2])).toBe(false);
  });

  it('calls a change a trend only from two reports and a fifth of the comparison', () => {
    expect(countChange(10, 7, [6, 6, 5, 7])).toEqual({ current: 10, previous: 7, average: 6, vsPrevious: 3, vsAverage: 4, trend: 'up' });
    expect(countChange(6, 7, [6, 6, 5, 7])).toMatchObject({ vsAverage: 0, trend: 'steady' });
    expect(countChange(40, 50, null)).toMatchObject({ average: null, vsAverage: null, vsPrevious: -10, trend: 'down' });
    expect(countChange(45, 50, null)).toMatchObject({ trend: 'steady' }); // 5 < 50 / 5
  });

  it('ranks areas by volume, rise, severity and repeat places, naming each reason', () => {
    const names = new Map([['a', 'Centrum'], ['b', 'Hamnen'], ['c', 'Landsbygd']]);
    const ranked = rankAreas([
      { areaId: 'a', count: 40, severe: 2, repeatPlaces: 3 },
      { areaId: 'b', count: 30, severe: 6, repeatPlaces: 1 },
      { areaId: 'c', count: 5, severe: 0, repeatPlaces: 0 },
    ], new Map([['a', 40], ['b', 10], ['c', 5]]), names);
    // Hamnen tripled and has the most severe reports: above Centrum's steady, larger volume.
    expect(ranked.map((r) => r.area?.name)).toEqual(['Hamnen', 'Centrum', 'Landsbygd']);
    expect(ranked[0]).toMatchObject({ rank: 1, count: 30, previous: 10 });
    expect(ranked[0].reasons.map((r) => r.text)).toEqual([
      '30 rapporter (+200 % mot samma period året innan)', 'ökning med 20 rapporter mot året innan',
      '6 allvarliga rapporter (nivå 4–5)', '1 plats med minst 3 rapporter',
    ]);
    expect(ranked[1].reasons.map((r) => r.kind)).toEqual(['volume', 'severity', 'repeat_places']);
    expect(ranked[2].reasons).toEqual([{ kind: 'volume', value: 5, text: '5 rapporter (0 % mot samma period året innan)' }]);
  });
});
