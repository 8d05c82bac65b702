import { describe, expect, it } from '@jest/globals';
import type { DomainError } from '../common/domain-error.js';
import {
  assertYears, type CommitmentCounts, localDay, NO_COUNTS, progressOf, promisePeriod, publicCount, readDueAt, readTarget, reportTrend, shiftYears, trendOf,
} from './promise.rules.js';

const outcome = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    const err = e as DomainError;
    return { kind: err.kind, code: err.code, field: err.extra.field };
  }
};

const org = (name: string) => ({ id: `id-${name}`, name, kind: 'police' as const });

describe('promise rules', () => {
  it('takes the day as it is in Sweden', () => {
    // 23:30 UTC on 31 December is 00:30 on 1 January in Stockholm.
    expect(localDay(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(localDay(new Date('2026-06-30T21:59:00Z'))).toBe('2026-06-30');
    expect(localDay(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
  });

  it('shifts a day by whole years; 29 February falls on the 28th in a year without one', () => {
    expect(shiftYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(shiftYears('2024-02-29', -4)).toBe('2020-02-29');
    expect(shiftYears('2026-12-03', -3)).toBe('2023-12-03');
  });

  it('counts a year gone whole, against the year before', () => {
    expect(promisePeriod(2020, 2020, '2026-12-03')).toEqual({ from: '2020-01-01', to: '2020-12-31', countedTo: '2020-12-31', previousFrom: '2019-01-01', previousTo: '2019-12-31' });
  });

  it('counts a year under way up to today, against the same days of the year before', () => {
    expect(promisePeriod(2026, 2026, '2026-12-03')).toEqual({ from: '2026-01-01', to: '2026-12-31', countedTo: '2026-12-03', previousFrom: '2025-01-01', previousTo: '2025-12-03' });
  });

  it('compares a promise of several years with as many years before it, and counts no report of a period not begun', () => {
    expect(promisePeriod(2024, 2026, '2026-12-03')).toEqual({ from: '2024-01-01', to: '2026-12-31', countedTo: '2026-12-03', previousFrom: '2021-01-01', previousTo: '2023-12-03' });
    const future = promisePeriod(2027, 2027, '2026-12-03');
    expect(future.countedTo < future.from).toBe(true);
    expect(future).toEqual(expect.objectContaining({ countedTo: '2026-12-31', previousFrom: '2026-01-01', previousTo: '2025-12-31' }));
  });

  it('allows the years 2000–2099 up to next year, at most five in one promise, not before the data', () => {
    expect(outcome(() => assertYears(2020, 2020, 2026, 2019))).toBe('ok');
    expect(outcome(() => assertYears(2027, 2031, 2026, null))).toBe('ok');
    expect(outcome(() => assertYears(2028, 2028, 2026, null))).toEqual({ kind: 'invalid', code: 'VALIDATION', field: 'year' });
    expect(outcome(() => assertYears(2020, 2019, 2026, null))).toEqual({ kind: 'invalid', code: 'VALIDATION', field: 'toYear' });
    expect(outcome(() => assertYears(2020, 2025, 2026, null))).toEqual({ kind: 'invalid', code: 'VALIDATION', field: 'toYear' });
    expect(outcome(() => assertYears(2018, 2020, 2026, 2019))).toEqual({ kind: 'invalid', code: 'YEAR_OUTSIDE_DATA', field: 'year' });
  });

  it('requires a count for targets of efforts and actions, not for a reports trend', () => {
    expect(readTarget('efforts', 20, 't')).toEqual({ kind: 'efforts', count: 20 });
    expect(readTarget('reports_trend', undefined, 't')).toEqual({ kind: 'reports_trend', count: null });
    expect(outcome(() => readTarget('actions', null, 'f.target'))).toEqual({ kind: 'invalid', code: 'VALIDATION', field: 'f.target.count' });
  });

  it("reads a due day within the promise's years (an instant as its Swedish day), the period's end by default", () => {
    const period = promisePeriod(2020, 2020, '2026-12-03');
    expect(readDueAt(undefined, period, 'd')).toBe('2020-12-31');
    expect(readDueAt('2020-06-30', period, 'd')).toBe('2020-06-30');
    expect(readDueAt('2020-06-30T22:30:00Z', period, 'd')).toBe('2020-07-01');
    expect(outcome(() => readDueAt('2020-12-31T23:30:00Z', period, 'd'))).toEqual({ kind: 'invalid', code: 'VALIDATION', field: 'd' });
    expect(outcome(() => readDueAt('2019-12-31', period, 'd'))).toEqual({ kind: 'invalid', code: 'VALIDATION', field: 'd' });
  });

  it('calls a change a trend from two reports and a fifth of the earlier count', () => {
    expect(trendOf(12, 10)).toBe('up');
    expect(trendOf(11, 10)).toBe('steady');
    expect(trendOf(30, 26)).toBe('steady');
    expect(trendOf(3, 26)).toBe('down');
    expect(trendOf(2, 0)).toBe('up');
  });

  it('shows a count from 3 as its number, below 3 (0 too) as "färre än 3"', () => {
    expect([0, 1, 2, 3, 40].map(publicCount)).toEqual(['färre än 3', 'färre än 3', 'färre än 3', 3, 40]);
  });

  it('sums reports per category and per area, the busiest first', () => {
    const a = { id: 'a', name: 'Centrum' };
    const t = reportTrend([
      { category: 'drug_use', area: a, current: 2, previous: 5 }, { category: 'drug_dealing', area: a, current: 4, previous: 1 },
      { category: 'drug_use', area: null, current: 1, previous: 0 },
    ]);
    expect(t).toEqual({
      current: 7, previous: 6, change: 1, trend: 'steady',
      byCategory: [{ category: 'drug_dealing', current: 4, previous: 1 }, { category: 'drug_use', current: 3, previous: 5 }],
      byArea: [{ area: a, current: 6, previous: 6 }, { area: null, current: 1, previous: 0 }],
    });
  });

  describe('progress', () => {
    const counts: CommitmentCounts = {
      efforts: [
        { status: 'done', type: 'school_visit', n: 2 }, { status: 'done', type: 'dog_search', n: 1 }, { status: 'planned', type: 'school_visit', n: 1 },
        { status: 'cancelled', type: 'dog_search', n: 1 },
      ],
      doneByOrganisation: [{ organisation: org('Polisen'), n: 1 }, { organisation: org('Skolan'), n: 3 }],
      actions: [{ kind: 'kontroller', total: 12 }, { kind: 'besök', total: 30 }],
      actionsByOrganisation: [{ organisation: org('Polisen'), total: 42 }],
      reports: [{ category: 'drug_use', area: null, current: 4, previous: 9 }],
      concernTalks: null,
    };

    it('of a target of efforts: those done, in percent of the target (at most 100)', () => {
      const p = progressOf({ kind: 'efforts', count: 4 }, counts);
      expect(p).toEqual(expect.objectContaining({ done: 3, target: 4, percent: 75, met: false }));
      expect(p.efforts).toEqual({
        done: 3, planned: 1, ongoing: 0, cancelled: 1,
        byType: [{ type: 'school_visit', done: 2 }, { type: 'dog_search', done: 1 }],
        byOrganisation: [{ organisation: org('Skolan'), done: 3 }, { organisation: org('Polisen'), done: 1 }],
      });
      expect(progressOf({ kind: 'efforts', count: 2 }, counts)).toEqual(expect.objectContaining({ done: 3, percent: 100, met: true }));
      expect(progressOf({ kind: 'efforts', count: 0 }, NO_COUNTS)).toEqual(expect.objectContaining({ done: 0, percent: null, met: true }));
    });

    it('of a target of actions: their sum, the largest kind first', () => {
      const p = progressOf({ kind: 'actions', count: 40 }, counts);
      expect(p).toEqual(expect.objectContaining({ done: 42, percent: 100, met: true }));
      expect(p.actions.byKind).toEqual([{ kind: 'besök', total: 30 }, { kind: 'kontroller', total: 12 }]);
    });

    it('of a reports trend: the fall in reports, met by any fall (or at least the target)', () => {
      expect(progressOf({ kind: 'reports_trend', count: null }, counts)).toEqual(expect.objectContaining({ done: 5, target: null, percent: null, met: true }));
      expect(progressOf({ kind: 'reports_trend', count: 6 }, counts)).toEqual(expect.objectContaining({ done: 5, percent: 83, met: false }));
      const rising = { ...counts, reports: [{ category: 'drug_use' as const, area: null, current: 9, previous: 4 }] };
      expect(progressOf({ kind: 'reports_trend', count: null }, rising)).toEqual(expect.objectContaining({ done: -5, met: false }));
      expect(progressOf({ kind: 'reports_trend', count: 2 }, rising).percent).toBe(0);
      expect(progressOf({ kind: 'reports_trend', count: 0 }, NO_COUNTS).met).toBe(false);
    });
  });
});
