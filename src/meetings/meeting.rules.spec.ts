import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/domain-error.js';
import { assertItemRef, assertMeetingDate, effortFromDecision, hotspotClass, localDate, mayRead, minutesFileName, presentOrganisations } from './meeting.rules.js';

const kindOf = (f: () => void) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return `${(e as DomainError).kind} ${(e as DomainError).extra.field}`;
  }
};

describe('meeting rules', () => {
  it('classes a hotspot by its reports against the four weeks before: a change counts from two reports and half the earlier level', () => {
    expect(hotspotClass(2, 0)).toBe('new');
    expect(hotspotClass(9, 0)).toBe('new');
    expect(hotspotClass(3, 1)).toBe('growing');
    expect(hotspotClass(2, 1)).toBe('persistent');
    expect(hotspotClass(6, 4)).toBe('growing');
    expect(hotspotClass(5, 4)).toBe('persistent');
    expect(hotspotClass(15, 10)).toBe('growing');
    expect(hotspotClass(14, 10)).toBe('persistent');
    expect(hotspotClass(4, 4)).toBe('persistent');
    expect(hotspotClass(2, 4)).toBe('shrinking');
    expect(hotspotClass(2, 3)).toBe('persistent');
    expect(hotspotClass(0, 2)).toBe('shrinking');
    expect(hotspotClass(6, 10)).toBe('persistent');
    expect(hotspotClass(5, 10)).toBe('shrinking');
  });

  it('lets the people of the organisations present and every coordinator read a meeting', () => {
    const meeting = { organisationIds: ['police', 'school'] };
    expect(mayRead({ role: 'member', organisationId: 'school' }, meeting)).toBe(true);
    expect(mayRead({ role: 'member', organisationId: 'municipality' }, meeting)).toBe(false);
    expect(mayRead({ role: 'coordinator', organisationId: 'municipality' }, meeting)).toBe(true);
    expect(mayRead({ role: 'collaboration_admin', organisationId: 'municipality' }, meeting)).toBe(true);
  });

  it('wants a reference for a hotspot, report or effort item, and none for "other"', () => {
    expect(kindOf(() => assertItemRef('other', undefined))).toBe('ok');
    expect(kindOf(() => assertItemRef('report', 'r1'))).toBe('ok');
    expect(kindOf(() => assertItemRef('other', 'r1'))).toBe('invalid refId');
    for (const kind of ['hotspot', 'report', 'effort'] as const) expect(kindOf(() => assertItemRef(kind, undefined))).toBe('invalid refId');
  });

  it('wants a meeting in this century', () => {
    expect(kindOf(() => assertMeetingDate(new Date('2026-12-03T12:00:00Z')))).toBe('ok');
    expect(kindOf(() => assertMeetingDate(new Date('0026-12-03T12:00:00Z')))).toBe('invalid date');
    expect(kindOf(() => assertMeetingDate(new Date('2100-01-01T00:00:00Z')))).toBe('invalid date');
  });

  it('lists the organisations present once each, in the order given', () => {
    expect(presentOrganisations(['b', 'a', 'b', 'c'])).toEqual(['b', 'a', 'c']);
  });

  it("makes the effort of a decision owned by the decision's owner when it takes part, followed up when due, described by the decision", () => {
    const decision = { ownerOrganisationId: 'municipality', dueAt: new Date('2026-12-17T16:00:00Z'), text: 'Kommunen ser över belysningen.' };
    const dto = { type: 'lighting_fix', title: 'Belysning', mode: 'joint', organisationIds: ['police', 'municipality'], plannedStart: '2026-12-04T08:00:00Z' };
    expect(effortFromDecision(dto, decision)).toEqual({
      ...dto, ownerOrganisationId: 'municipality', followUpAt: '2026-12-17T16:00:00.000Z', description: 'Kommunen ser över belysningen.',
    });
    // What the caller sends wins; an owner not taking part is not forced on the effort.
    const given = { ...dto, organisationIds: ['police'], mode: 'separate', followUpAt: '2027-01-10T08:00:00Z', description: 'Egen text.' };
    expect(effortFromDecision(given, { ...decision, dueAt: null })).toEqual({ ...given, ownerOrganisationId: undefined });
    expect(effortFromDecision({ ...dto, ownerOrganisationId: 'police' }, decision).ownerOrganisationId).toBe('police');
  });

  it('names the minutes by the local date and the kind, in ASCII', () => {
    expect(minutesFileName('joint', '2026-12-03T12:00:00Z')).toBe('protokoll-2026-12-03-samverkansmote.pdf');
    expect(minutesFileName('rural_council', '2026-12-03T12:00:00Z')).toBe('protokoll-2026-12-03-landsbygdsrad.pdf');
    // 23:30 UTC is already the next day in Stockholm (winter: UTC+1; summer: UTC+2).
    expect(localDate('2026-12-03T23:30:00Z')).toBe('2026-12-04');
    expect(localDate('2026-06-30T22:30:00Z')).toBe('2026-07-01');
  });
});
