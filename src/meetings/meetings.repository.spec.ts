import { describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { WritePath } from '../common/write/write-path.js';
import { MeetingsRepository } from './meetings.repository.js';

// The SQL of the meetings' writers, as reviewable snapshots (as common/write/write-path.spec.ts does for the others).
const actor: Actor = {
  id: '00000000-0000-4000-8000-00000000000a', email: 'a@example.org', name: 'A', role: 'coordinator', platformAdmin: false,
  collaborationId: '00000000-0000-4000-8000-00000000000c', organisationId: '00000000-0000-4000-8000-0000000000b1',
  organisationName: 'Kommunen', organisationKind: 'municipality',
};
const repo = new MeetingsRepository(null as unknown as DataSource);
const meetingId = '00000000-0000-4000-8000-000000000001';
const id = '00000000-0000-4000-8000-000000000002';

describe('the meetings writers', () => {
  it('record a decision in one statement: the meeting locked and one version on, the decision, its audit row; no seq', () => {
    const sql = WritePath.sqlOf(actor, { idempotency: { key: id, scope: `meeting.decision:${meetingId}`, body: {}, answer: { id } } }, (w) => {
      const version = repo.nextVersion(w, meetingId);
      repo.insertDecision(w, { id, collaborationId: actor.collaborationId, meetingId, text: 'x', ownerOrganisationId: actor.organisationId, effortKey: id, createdBy: actor.id }, version);
      w.audit({ action: 'meeting.decision', entityType: 'meeting', entityId: meetingId, details: { decisionId: id } });
    });
    expect(sql).not.toContain('event_counters');
    expect(sql).toMatchSnapshot();
  });

  it('record an item at the position of the version it makes', () => {
    expect(WritePath.sqlOf(actor, {}, (w) => {
      const version = repo.nextVersion(w, meetingId);
      repo.insertItem(w, { id, collaborationId: actor.collaborationId, meetingId, kind: 'other', refId: null, title: 'x', note: null, createdBy: actor.id }, version);
    })).toMatchSnapshot();
  });

  it('record the effort of a decision only while it has none', () => {
    expect(WritePath.sqlOf(actor, {}, (w) => {
      repo.setEffort(w, meetingId, id, '00000000-0000-4000-8000-000000000003');
      w.audit({ action: 'meeting.decision.effort', entityType: 'meeting', entityId: meetingId, details: { decisionId: id } });
    })).toMatchSnapshot();
  });
});
