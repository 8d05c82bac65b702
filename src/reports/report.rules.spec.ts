import { describe, expect, it } from '@jest/globals';
import { LIMITS, REPORT_STATUSES, type ReportResponse } from '#contracts';
import { DomainError } from '../common/domain-error.js';
import { assertMayEdit, assertNotFuture, assertTransition, diff, initialChanges, type MergeFacts, mergeRefusal, sharedWithFor } from './report.rules.js';

const member = { id: 'u1', role: 'member' as const, organisationId: 'o1' };
const coordinator = { id: 'u2', role: 'coordinator' as const, organisationId: 'o1' };
const kindOf = (f: () => void) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as DomainError).kind;
  }
};

describe('report rules', () => {
  it('follows the lifecycle: closed is final, resolved may reopen, triage states are for coordinators', () => {
    expect(kindOf(() => assertTransition(member, 'new', 'resolved'))).toBe('ok');
    expect(kindOf(() => assertTransition(member, 'new', 'closed'))).toBe('ok');
    expect(kindOf(() => assertTransition(member, 'new', 'acknowledged'))).toBe('forbidden');
    expect(kindOf(() => assertTransition(coordinator, 'new', 'acknowledged'))).toBe('ok');
    expect(kindOf(() => assertTransition(coordinator, 'resolved', 'in_progress'))).toBe('ok');
    expect(kindOf(() => assertTransition(coordinator, 'resolved', 'new'))).toBe('invalid');
    // Taken up by a coordinator: the author alone no longer closes or resolves it.
    expect(kindOf(() => assertTransition(member, 'acknowledged', 'resolved'))).toBe('forbidden');
    expect(kindOf(() => assertTransition(member, 'in_progress', 'closed'))).toBe('forbidden');
    expect(kindOf(() => assertTransition(coordinator, 'in_progress', 'closed'))).toBe('ok');
    expect(kindOf(() => assertTransition(member, 'resolved', 'closed'))).toBe('ok');
    for (const to of REPORT_STATUSES) expect(kindOf(() => assertTransition(coordinator, 'closed', to))).toBe('invalid');
  });

  it('names the allowed statuses, or says the status is final', () => {
    try {
      assertTransition(coordinator, 'closed', 'new');
    } catch (e) {
      expect((e as DomainError).messages).toEqual(['status cannot change from closed to new; closed is final']);
      expect((e as DomainError).extra).toEqual({ field: 'status' });
    }
  });

  it('lets the author or a coordinator edit, and only the reporting organisation change who sees it', () => {
    const report = { authorId: 'u1', organisationId: 'o1' };
    expect(kindOf(() => assertMayEdit(member, report, false))).toBe('ok');
    expect(kindOf(() => assertMayEdit({ ...member, id: 'u3' }, report, false))).toBe('forbidden');
    expect(kindOf(() => assertMayEdit(coordinator, report, true))).toBe('ok');
    expect(kindOf(() => assertMayEdit({ ...coordinator, organisationId: 'o2' }, report, false))).toBe('ok');
    expect(kindOf(() => assertMayEdit({ ...coordinator, organisationId: 'o2' }, report, true))).toBe('forbidden');
  });

  it('shares only with visibility "organisations", without the own organisation or duplicates', () => {
    expect(sharedWithFor('o1', 'organisations', ['o2', 'o1', 'o2', 'o3'])).toEqual(['o2', 'o3']);
    expect(sharedWithFor('o1', 'partners', ['o1'])).toEqual([]);
    expect(kindOf(() => sharedWithFor('o1', 'own', ['o2']))).toBe('invalid');
  });

  it('allows an observation time a few minutes ahead of the clock, not more', () => {
    const now = Date.parse('2026-12-03T12:00:00Z');
    expect(kindOf(() => assertNotFuture(new Date(now + LIMITS.futureSlackMs).toISOString(), 'observedAt', now))).toBe('ok');
    expect(kindOf(() => assertNotFuture(new Date(now + LIMITS.futureSlackMs + 1000).toISOString(), 'observedAt', now))).toBe('invalid');
  });

  const base: ReportResponse = {
    id: 'r1', seq: 1, category: 'vandalism', description: 'Klotter', observedAt: '2026-12-01T10:00:00.000Z', severity: 2, status: 'new',
    visibility: 'partners', sharedWithOrganisationIds: [], place: null, location: { lat: 58.5, lng: 13.15 }, area: { id: 'a1', name: 'Centrum' },
    organisation: { id: 'o1', name: 'Polisen', kind: 'police' }, author: { id: 'u1', name: 'P' }, createdAt: '2026-12-01T10:01:00.000Z',
    updatedAt: '2026-12-01T10:01:00.000Z', version: 1, assignedTo: null, mergedInto: null, answer: null,
  };

  it('diffs the tracked fields only, comparing nested values as JSON', () => {
    expect(diff(base, { ...base, version: 2, updatedAt: 'x', seq: 9 })).toEqual([]);
    expect(diff(base, { ...base, severity: 4, location: { lat: 58.5, lng: 13.16 } })).toEqual([
      { field: 'severity', from: 2, to: 4 },
      { field: 'location', from: { lat: 58.5, lng: 13.15 }, to: { lat: 58.5, lng: 13.16 } },
    ]);
    expect(diff(base, { ...base, area: { id: 'a1', name: 'Centrum' } })).toEqual([]);
  });

  it('lists every created field from null in the first history row', () => {
    const changes = initialChanges(base);
    expect(changes.map((c) => c.field)).toEqual(['category', 'description', 'observedAt', 'severity', 'status', 'visibility', 'sharedWithOrganisationIds', 'place', 'location', 'area']);
    expect(changes.every((c) => c.from === null)).toBe(true);
    expect(changes.find((c) => c.field === 'area')?.to).toEqual({ id: 'a1', name: 'Centrum' });
  });

  it('merges only into a report everyone who sees the duplicate also sees, never a merged one, never into itself', () => {
    const r = (id: string, over: Partial<MergeFacts> = {}): MergeFacts => ({ id, visibility: 'partners', organisationId: 'o1', sharedWith: [], mergedInto: null, ...over });
    const code = (source: MergeFacts, target: MergeFacts) => mergeRefusal(source, target)?.code ?? 'ok';
    expect(code(r('a'), r('b'))).toBe('ok');
    expect(code(r('a'), r('a'))).toBe('MERGE_INTO_ITSELF');
    expect(code(r('a', { mergedInto: 'x' }), r('b'))).toBe('ALREADY_MERGED');
    expect(mergeRefusal(r('a', { mergedInto: 'x' }), r('b'))?.kind).toBe('conflict');
    expect(code(r('a'), r('b', { mergedInto: 'x' }))).toBe('MERGE_INTO_MERGED');
    // Partners see the duplicate, only o1 sees the target: that would narrow; the other way round is fine.
    const own = r('b', { visibility: 'own' });
    expect(code(r('a'), own)).toBe('MERGE_NARROWS_AUDIENCE');
    expect(code(own, r('a'))).toBe('ok');
    // Shared with o2: into a report o1 and o2 both see, not into one only o1 sees.
    const shared = r('c', { visibility: 'organisations', sharedWith: ['o2'] });
    expect(code(shared, r('d', { visibility: 'organisations', sharedWith: ['o2', 'o3'] }))).toBe('ok');
    expect(code(shared, r('d', { visibility: 'organisations', sharedWith: ['o3'] }))).toBe('MERGE_NARROWS_AUDIENCE');
    expect(code(shared, own)).toBe('MERGE_NARROWS_AUDIENCE');
  });
});
