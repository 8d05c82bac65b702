import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/domain-error.js';
import { assertInside, assertNotTooOld, assertPlaceOrLocation, outsideBox } from './report.rules.js';

/** The code and field of the refusal, or 'ok'. */
const refusal = (f: () => void) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    const d = e as DomainError;
    return `${d.kind} ${d.code} ${String(d.extra.field)}`;
  }
};

// Lidköping's centre, about 1.1 km by 1.2 km.
const BOX = { minLat: 58.5, maxLat: 58.51, minLng: 13.15, maxLng: 13.17 };

describe('plausible reports', () => {
  it('a place or a point, not both', () => {
    expect(refusal(() => assertPlaceOrLocation('p1', { lat: 58.5, lng: 13.1 }))).toBe('invalid PLACE_AND_LOCATION location');
    expect(refusal(() => assertPlaceOrLocation('p1', undefined))).toBe('ok');
    expect(refusal(() => assertPlaceOrLocation(undefined, { lat: 58.5, lng: 13.1 }))).toBe('ok');
  });

  it('an observation at most maxAgeDays old; null: any age', () => {
    const now = Date.parse('2026-12-03T12:00:00Z');
    expect(refusal(() => assertNotTooOld('2026-11-03T12:00:01Z', 'observedAt', 30, now))).toBe('ok');
    expect(refusal(() => assertNotTooOld('2026-11-03T11:59:59Z', 'observedAt', 30, now))).toBe('invalid OBSERVED_TOO_LONG_AGO observedAt');
    expect(refusal(() => assertNotTooOld('2001-01-01T00:00:00Z', 'observedAt', null, now))).toBe('ok');
  });

  it('the margin is kilometres on every side, longitude converted at the latitude of the box', () => {
    // 5 km north of the box's top is 0.0449° of latitude; 5 km east at 58.5° is about 0.0860° of longitude.
    expect(outsideBox(BOX, 58.51 + 0.044, 13.16, 5)).toBe(false);
    expect(outsideBox(BOX, 58.51 + 0.046, 13.16, 5)).toBe(true);
    expect(outsideBox(BOX, 58.505, 13.17 + 0.085, 5)).toBe(false);
    expect(outsideBox(BOX, 58.505, 13.17 + 0.087, 5)).toBe(true);
    expect(outsideBox(BOX, 58.5 - 0.046, 13.16, 5)).toBe(true);
    expect(outsideBox(BOX, 58.505, 13.15 - 0.087, 5)).toBe(true);
    expect(outsideBox(BOX, 58.505, 13.16, 0)).toBe(false);
  });

  it('a point outside is refused unless confirmed; without areas or with the check off, anything goes', () => {
    const oslo = { lat: 59.9, lng: 10.7 };
    expect(refusal(() => assertInside(BOX, oslo, 5, false))).toBe('invalid LOCATION_OUTSIDE location');
    expect(refusal(() => assertInside(BOX, oslo, 5, true))).toBe('ok');
    expect(refusal(() => assertInside(null, oslo, 5, false))).toBe('ok');
    expect(refusal(() => assertInside(BOX, oslo, null, false))).toBe('ok');
    expect(refusal(() => assertInside(BOX, { lat: 58.505, lng: 13.16 }, 5, false))).toBe('ok');
  });
});
