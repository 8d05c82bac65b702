import { describe, expect, it } from '@jest/globals';
import { AddressWindow } from './address-window.js';

describe('AddressWindow', () => {
  it('lets `limit` requests per address and window through, then names the seconds to wait', () => {
    const w = new AddressWindow(2, 60_000);
    expect([w.hit('1.2.3.4', 0), w.hit('1.2.3.4', 1), w.hit('1.2.3.4', 2)]).toEqual([0, 0, 60]);
    expect(w.hit('1.2.3.4', 30_500)).toBe(30);
    expect(w.hit('5.6.7.8', 3)).toBe(0);
    expect(w.hit('1.2.3.4', 60_000)).toBe(0);
  });

  it('forgets the oldest address rather than growing without bound', () => {
    const w = new AddressWindow(1, 60_000);
    expect(w.hit('first', 0)).toBe(0);
    expect(w.hit('first', 1)).toBe(60);
    for (let i = 0; i < 50_000; i++) w.hit(`10.0.${i >> 8}.${i & 255}`, 2);
    // 'first' was dropped to make room: its window starts again.
    expect(w.hit('first', 3)).toBe(0);
  });
});
