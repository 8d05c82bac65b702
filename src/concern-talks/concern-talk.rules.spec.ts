import { describe, expect, it } from '@jest/globals';
import type { DomainError } from '../common/domain-error.js';
import {
  assertCounts, assertHolder, assertMayChange, assertMonthAllowed, assertPeriod, countChanges, currentMonth, summarise, type SumCell,
} from './concern-talk.rules.js';

const outcome = (f: () => void) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    const err = e as DomainError;
    return { kind: err.kind, field: err.extra.field, message: String(err.messages) };
  }
};
const kindOf = (f: () => void) => {
  const o = outcome(f);
  return o === 'ok' ? o : o.kind;
};
const fieldOf = (f: () => void) => {
  const o = outcome(f);
  return o === 'ok' ? o : o.field;
};

describe('concern talk rules', () => {
  it('takes the month as it is in Sweden, with a few minutes of clock slack', () => {
    // 23:30 UTC on 31 December is already 00:30 on 1 January in Stockholm (CET, UTC+1).
    expect(currentMonth(Date.parse('2026-12-31T23:30:00Z'))).toBe('2027-01');
    expect(currentMonth(Date.parse('2026-12-31T22:00:00Z'))).toBe('2026-12');
    // 21:57 UTC on 30 June is 23:57 in summer time (UTC+2): with five minutes of slack it is July.
    expect(currentMonth(Date.parse('2026-06-30T21:57:00Z'))).toBe('2026-07');
    expect(currentMonth(Date.parse('2026-06-30T21:50:00Z'))).toBe('2026-06');
  });

  it('takes a month from 2000-01 up to this month, as YYYY-MM', () => {
    const now = Date.parse('2026-12-03T12:00:00Z');
    for (const ok of ['2000-01', '2026-12', '2026-01', '2013-07']) expect(kindOf(() => assertMonthAllowed(ok, 'month', now))).toBe('ok');
    for (const bad of ['2027-01', '2026-13', '2026-00', '1999-12', '0999-01', '0000-01', '2026-1', '26-01', '2026-01-01', '2026/01', ' 2026-01', '']) {
      expect({ bad, field: fieldOf(() => assertMonthAllowed(bad, 'month', now)) }).toEqual({ bad, field: 'month' });
    }
    expect(outcome(() => assertMonthAllowed('2027-01', 'month', now))).toEqual({ kind: 'invalid', field: 'month', message: 'month may not lie in the future (this month is 2026-12)' });
  });

  it('takes a period of months in order, both ends named when malformed', () => {
    expect(kindOf(() => assertPeriod('2026-01', '2026-01'))).toBe('ok');
    expect(fieldOf(() => assertPeriod('2026-02', '2026-01'))).toBe('to');
    expect(fieldOf(() => assertPeriod('2026-1', '2026-01'))).toBe('from');
    expect(fieldOf(() => assertPeriod('2026-01', 'x'))).toBe('to');
  });

  it('counts guardians and social services per talk: neither exceeds the talks, and the message names the field sent', () => {
    const base = { talks: 5, youths: 7, guardiansPresent: 5, socialServicesPresent: 0 };
    expect(kindOf(() => assertCounts(base))).toBe('ok');
    expect(kindOf(() => assertCounts({ talks: 0, youths: 0, guardiansPresent: 0, socialServicesPresent: 0 }))).toBe('ok');
    expect(fieldOf(() => assertCounts({ ...base, guardiansPresent: 6 }))).toBe('guardiansPresent');
    expect(fieldOf(() => assertCounts({ ...base, socialServicesPresent: 6 }))).toBe('socialServicesPresent');
    // An update that lowers only the talks below the guardians already recorded names the talks.
    expect(fieldOf(() => assertCounts({ ...base, talks: 4 }, { talks: 4 }))).toBe('talks');
    expect(fieldOf(() => assertCounts({ ...base, talks: 4, guardiansPresent: 5 }, { talks: 4, guardiansPresent: 5 }))).toBe('guardiansPresent');
  });

  it('lets only police and social services organisations hold them: 404 to others on reads, 403 on writes', () => {
    for (const kind of ['police', 'social_services'] as const) {
      expect(kindOf(() => assertHolder({ organisationKind: kind }, 'read'))).toBe('ok');
      expect(kindOf(() => assertHolder({ organisationKind: kind }, 'write'))).toBe('ok');
    }
    for (const kind of ['municipality', 'school', 'business', 'property_owner', 'other'] as const) {
      expect(kindOf(() => assertHolder({ organisationKind: kind }, 'read'))).toBe('not_found');
      expect(kindOf(() => assertHolder({ organisationKind: kind }, 'write'))).toBe('forbidden');
    }
  });

  it('lets the entering organisation or a holding coordinator change a record, never another kind of organisation', () => {
    const record = { organisationId: 'police' };
    expect(kindOf(() => assertMayChange({ role: 'member', organisationId: 'police', organisationKind: 'police' }, record))).toBe('ok');
    expect(kindOf(() => assertMayChange({ role: 'member', organisationId: 'social', organisationKind: 'social_services' }, record))).toBe('forbidden');
    expect(kindOf(() => assertMayChange({ role: 'coordinator', organisationId: 'social', organisationKind: 'social_services' }, record))).toBe('ok');
    expect(kindOf(() => assertMayChange({ role: 'admin', organisationId: 'social', organisationKind: 'social_services' }, record))).toBe('ok');
    expect(kindOf(() => assertMayChange({ role: 'collaboration_admin', organisationId: 'school', organisationKind: 'school' }, record))).toBe('forbidden');
  });

  it('lists the counts that changed', () => {
    const a = { talks: 5, youths: 7, guardiansPresent: 2, socialServicesPresent: 1 };
    expect(countChanges(a, { ...a })).toEqual([]);
    expect(countChanges(a, { ...a, youths: 8, socialServicesPresent: 0 })).toEqual([
      { field: 'youths', from: 7, to: 8 }, { field: 'socialServicesPresent', from: 1, to: 0 },
    ]);
  });

  it('sums a period in all, per month and per area (numbers from text, areas by name, no area last)', () => {
    const cell = (month: string, areaId: string | null, areaName: string | null, n: number): SumCell =>
      ({ month, areaId, areaName, records: String(1), talks: String(n), youths: n * 2, guardiansPresent: '1', socialServicesPresent: 0 });
    const s = summarise('2026-01', '2026-03', null, [
      cell('2026-01', 'a2', 'Öster', 3), cell('2026-01', null, null, 1), cell('2026-03', 'a1', 'Centrum', 2), cell('2026-03', 'a2', 'Öster', 4),
    ]);
    expect(s).toEqual({
      from: '2026-01', to: '2026-03', areaId: null,
      total: { records: 4, talks: 10, youths: 20, guardiansPresent: 4, socialServicesPresent: 0 },
      byMonth: [
        { month: '2026-01', records: 2, talks: 4, youths: 8, guardiansPresent: 2, socialServicesPresent: 0 },
        { month: '2026-03', records: 2, talks: 6, youths: 12, guardiansPresent: 2, socialServicesPresent: 0 },
      ],
      byArea: [
        { area: { id: 'a1', name: 'Centrum' }, records: 1, talks: 2, youths: 4, guardiansPresent: 1, socialServicesPresent: 0 },
        { area: { id: 'a2', name: 'Öster' }, records: 2, talks: 7, youths: 14, guardiansPresent: 2, socialServicesPresent: 0 },
        { area: null, records: 1, talks: 1, youths: 2, guardiansPresent: 1, socialServicesPresent: 0 },
      ],
    });
    expect(summarise('2026-01', '2026-01', 'a1', [])).toEqual({
      from: '2026-01', to: '2026-01', areaId: 'a1', total: { records: 0, talks: 0, youths: 0, guardiansPresent: 0, socialServicesPresent: 0 }, byMonth: [], byArea: [],
    });
  });
});
