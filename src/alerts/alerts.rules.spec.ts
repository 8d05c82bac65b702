import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { matches } from '../feed/subscription-match.js';
import {
  atOnceFrom, decide, digestKey, digestPeriod, matchesSubscription, plan, type PlannedEvent, readUnsubscribeToken, type Recipient,
  stillToSend, unsubscribeKey, unsubscribeToken,
} from './alerts.rules.js';

const C = '00000000-0000-4000-8000-00000000000c';
const POLICE = '00000000-0000-4000-8000-0000000000a1';
const SCHOOL = '00000000-0000-4000-8000-0000000000a2';
const AREA = '00000000-0000-4000-8000-0000000000b1';
const OTHER_AREA = '00000000-0000-4000-8000-0000000000b2';
const NOW = new Date('2026-03-12T10:00:00Z');

const event = (over: Partial<PlannedEvent> = {}): PlannedEvent => ({
  seq: 1, at: new Date(NOW.getTime() - 60_000), type: 'report:created', reportId: 'r1', status: 'new', mergedInto: null, authorId: 'author',
  collaborationId: C, visibility: 'partners', organisationId: POLICE, sharedWith: [], areaId: AREA, placeId: null, category: 'vandalism', severity: 3,
  ...over,
});
const recipient = (over: Partial<Recipient> = {}): Recipient => ({
  subscriptionId: 's1', userId: 'u1', collaborationId: C, organisationId: SCHOOL, email: 'immediate', emailMinSeverity: null,
  following: { areaIds: [AREA], placeIds: [], categories: [], minSeverity: 1 }, ...over,
});

describe('which report is mailed at once, and which waits for the digest', () => {
  it('immediate mails every matching report at once; with emailMinSeverity only those from it, and the rest not at all', () => {
    expect(decide(event(), recipient())).toBe('at_once');
    expect(decide(event({ severity: 2 }), recipient({ emailMinSeverity: 3 }))).toBeUndefined();
    expect(decide(event({ severity: 3 }), recipient({ emailMinSeverity: 3 }))).toBe('at_once');
  });

  it('daily and weekly keep matching reports for the digest, and mail those from emailMinSeverity at once', () => {
    for (const email of ['daily', 'weekly'] as const) {
      expect(decide(event({ severity: 5 }), recipient({ email }))).toBe('digest');
      expect(decide(event({ severity: 2 }), recipient({ email, emailMinSeverity: 4 }))).toBe('digest');
      expect(decide(event({ severity: 4 }), recipient({ email, emailMinSeverity: 4 }))).toBe('at_once');
    }
    expect(atOnceFrom('daily', null)).toBe(Number.POSITIVE_INFINITY);
    expect(atOnceFrom('immediate', null)).toBe(1);
  });

  it('mails nothing of a report the recipient may not see, by the visibility policy', () => {
    expect(decide(event({ visibility: 'own' }), recipient())).toBeUndefined();
    expect(decide(event({ visibility: 'organisations', sharedWith: [] }), recipient())).toBeUndefined();
    expect(decide(event({ visibility: 'organisations', sharedWith: [SCHOOL] }), recipient())).toBe('at_once');
    expect(decide(event({ visibility: 'own', organisationId: SCHOOL }), recipient())).toBe('at_once');
    expect(decide(event({ collaborationId: '00000000-0000-4000-8000-0000000000ff' }), recipient())).toBeUndefined();
  });

  it('mails nothing that does not match, is merged or done with, is the recipient\'s own, is not a report event, or is off', () => {
    expect(decide(event({ areaId: OTHER_AREA }), recipient())).toBeUndefined();
    expect(decide(event({ severity: 1 }), recipient({ following: { areaIds: [], placeIds: [], categories: [], minSeverity: 2 } }))).toBeUndefined();
    expect(decide(event({ mergedInto: 'r0' }), recipient())).toBeUndefined();
    expect(decide(event({ status: 'closed' }), recipient())).toBeUndefined();
    expect(decide(event({ authorId: 'u1' }), recipient())).toBeUndefined();
    expect(decide(event({ type: 'comment:created' }), recipient())).toBeUndefined();
    expect(decide(event(), recipient({ email: 'off' }))).toBeUndefined();
    // A report updated into matching (severity raised, shared wider) is mailed like a new one: once (see plan).
    expect(decide(event({ type: 'report:updated' }), recipient())).toBe('at_once');
  });

  it('plans one e-mail per report and person however many of their subscriptions match, and skips old events', () => {
    const two = [recipient(), recipient({ subscriptionId: 's2', following: { areaIds: [], placeIds: [], categories: [], minSeverity: 1 } })];
    const p = plan([event(), event({ seq: 2, type: 'report:updated' }), event({ seq: 3, reportId: 'old', at: new Date(NOW.getTime() - 25 * 3600_000) })], two, NOW);
    expect(p.atOnce).toEqual([{ reportId: 'r1', userId: 'u1', subscriptionId: 's1', collaborationId: C }]);
    const digest = plan([event()], [recipient({ email: 'daily' }), recipient({ email: 'weekly', subscriptionId: 's2' })], NOW).digest;
    expect(digest.map((d) => d.subscriptionId)).toEqual(['s1', 's2']);
  });

  it("matches as the feed's subscription rule does, on generated input", () => {
    const ids = fc.constantFrom(AREA, OTHER_AREA, 'p1', 'p2');
    const following = fc.record({
      areaIds: fc.uniqueArray(ids, { maxLength: 2 }), placeIds: fc.uniqueArray(ids, { maxLength: 2 }),
      categories: fc.uniqueArray(fc.constantFrom('vandalism', 'fire', 'other'), { maxLength: 2 }), minSeverity: fc.integer({ min: 1, max: 5 }),
    });
    const facts = fc.record({
      areaId: fc.option(ids), placeId: fc.option(ids), category: fc.option(fc.constantFrom('vandalism', 'fire', 'other')), severity: fc.option(fc.integer({ min: 1, max: 5 })),
    });
    fc.assert(fc.property(following, facts, (s, e) => matchesSubscription(s, e) === matches(s, e)), { numRuns: 2000, seed: 12 });
  });
});

describe('digest periods (07:00 Swedish time; weekly on Mondays)', () => {
  it('takes the last 07:00 at or before the instant, in winter (UTC+1) and in summer (UTC+2)', () => {
    expect(digestPeriod('daily', new Date('2026-01-15T06:00:00Z'))).toEqual({ cadence: 'daily', key: '2026-01-15', end: new Date('2026-01-15T06:00:00Z') });
    expect(digestPeriod('daily', new Date('2026-01-15T05:59:59Z'))).toEqual({ cadence: 'daily', key: '2026-01-14', end: new Date('2026-01-14T06:00:00Z') });
    expect(digestPeriod('daily', new Date('2026-07-01T05:00:00Z')).end).toEqual(new Date('2026-07-01T05:00:00Z'));
    // 01:30 in Sweden on 2 July: the last 07:00 was the day before.
    expect(digestPeriod('daily', new Date('2026-07-01T23:30:00Z'))).toEqual({ cadence: 'daily', key: '2026-07-01', end: new Date('2026-07-01T05:00:00Z') });
  });

  it('crosses the changes to and from summer time on the right side of 07:00', () => {
    // Summer time begins 2026-03-29 at 02:00: that morning's 07:00 is 05:00 UTC; the evening before it was 06:00 UTC.
    expect(digestPeriod('daily', new Date('2026-03-29T05:00:00Z')).key).toBe('2026-03-29');
    expect(digestPeriod('daily', new Date('2026-03-29T04:59:00Z'))).toEqual({ cadence: 'daily', key: '2026-03-28', end: new Date('2026-03-28T06:00:00Z') });
    // It ends 2026-10-25 at 03:00: 07:00 is 06:00 UTC again.
    expect(digestPeriod('daily', new Date('2026-10-25T06:00:00Z')).key).toBe('2026-10-25');
    expect(digestPeriod('daily', new Date('2026-10-25T05:30:00Z')).end).toEqual(new Date('2026-10-24T05:00:00Z'));
  });

  it('names a week by its ISO week and ends it Monday 07:00', () => {
    // 2026-03-09 is the Monday of week 11.
    expect(digestPeriod('weekly', new Date('2026-03-12T10:00:00Z'))).toEqual({ cadence: 'weekly', key: '2026-W11', end: new Date('2026-03-09T06:00:00Z') });
    expect(digestPeriod('weekly', new Date('2026-03-09T05:59:00Z'))).toEqual({ cadence: 'weekly', key: '2026-W10', end: new Date('2026-03-02T06:00:00Z') });
    expect(digestPeriod('weekly', new Date('2026-03-09T06:00:00Z')).key).toBe('2026-W11');
    // The week of New Year: 2026-12-28 (Monday) begins ISO week 53 of 2026; 2027-01-04 week 1 of 2027.
    expect(digestPeriod('weekly', new Date('2027-01-01T12:00:00Z')).key).toBe('2026-W53');
    expect(digestPeriod('weekly', new Date('2027-01-04T12:00:00Z')).key).toBe('2027-W01');
    expect(digestKey('s1', digestPeriod('weekly', new Date('2027-01-04T12:00:00Z')))).toBe('digest:s1:weekly:2027-W01');
  });
});

describe('the one-click unsubscribe token', () => {
  const key = unsubscribeKey('a-secret-that-is-long-enough-for-the-test-0123');
  const id = '3f1c2d4e-8a4b-4c5d-9e6f-7a8b9c0d1e2f';

  it('names the subscription it was made for, and only with the right key', () => {
    const token = unsubscribeToken(key, id);
    expect(token).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{24}$/);
    expect(readUnsubscribeToken(key, token)).toBe(id);
    expect(readUnsubscribeToken(unsubscribeKey('another-secret-that-is-long-enough-0123456'), token)).toBeUndefined();
  });

  it('refuses a token for another subscription, a changed signature, and anything else', () => {
    const token = unsubscribeToken(key, id);
    const other = '3f1c2d4e-8a4b-4c5d-9e6f-7a8b9c0d1e2e';
    expect(readUnsubscribeToken(key, `${other}.${token.split('.')[1]}`)).toBeUndefined();
    expect(readUnsubscribeToken(key, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    for (const bad of ['', '.', id, `${id}.`, `${token}.x`, 'x'.repeat(300), `${id.toUpperCase()}.${token.split('.')[1]}`]) {
      expect(readUnsubscribeToken(key, bad)).toBeUndefined();
    }
  });
});

describe('the check when an e-mail is sent', () => {
  const viewer = { collaborationId: C, organisationId: SCHOOL };
  const following = { areaIds: [AREA], placeIds: [], categories: [], minSeverity: 1 };
  const facts = { collaborationId: C, visibility: 'partners' as const, organisationId: POLICE, sharedWith: [], areaId: AREA, placeId: null, category: 'vandalism', severity: 3 };

  it('sends a report the recipient may still see and that still matches', () => {
    expect(stillToSend(viewer, following, { facts, mergedInto: null })).toBeUndefined();
  });

  it('does not send a report narrowed away, moved out of the subscription, merged, or gone', () => {
    expect(stillToSend(viewer, following, { facts: { ...facts, visibility: 'own' }, mergedInto: null })).toBe('not_visible');
    expect(stillToSend(viewer, following, { facts: { ...facts, visibility: 'organisations', sharedWith: [POLICE] }, mergedInto: null })).toBe('not_visible');
    expect(stillToSend(viewer, following, { facts: { ...facts, areaId: OTHER_AREA }, mergedInto: null })).toBe('no_longer_matches');
    expect(stillToSend(viewer, following, { facts, mergedInto: 'r0' })).toBe('merged');
    expect(stillToSend(viewer, following, undefined)).toBe('report_gone');
  });
});
