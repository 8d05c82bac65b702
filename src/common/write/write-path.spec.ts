import { describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import type { Actor } from '../actor.js';
import { CHANNELS } from '../channels.js';
import { ConcernTalksRepository } from '../../concern-talks/concern-talks.repository.js';
import { ReportsRepository } from '../../reports/reports.repository.js';
import { SubscriptionsRepository } from '../../feed/subscriptions.repository.js';
import { UsersRepository } from '../../users/users.repository.js';
import { Statement } from './statement.js';
import { WritePath } from './write-path.js';
import { ReportEntity } from '../../reports/report.entity.js';
import { EffortsRepository } from '../../efforts/efforts.repository.js';

// The SQL every writer generates, as reviewable snapshots (write-path.spec.ts.snap): a change to the write path or a
// repository's steps shows up in review as a change of these statements.
const actor: Actor = {
  id: '00000000-0000-4000-8000-00000000000a', email: 'a@example.org', name: 'A', role: 'member', platformAdmin: false,
  collaborationId: '00000000-0000-4000-8000-00000000000c', organisationId: '00000000-0000-4000-8000-0000000000b1',
  organisationName: 'Polisen', organisationKind: 'police',
};
const reports = new ReportsRepository(null as unknown as DataSource);
const facts = { visibility: 'partners' as const, organisationId: actor.organisationId, sharedWith: [], areaId: null, placeId: null, category: 'vandalism', severity: 2 };
const id = '00000000-0000-4000-8000-000000000001';

describe('the write path', () => {
  it('posts a report in one statement: key, seq, report, history, audit, event, notification', () => {
    expect(WritePath.sqlOf(actor, { idempotency: { key: id, scope: 'report.create', body: {}, answer: { id } } }, (w) => {
      reports.insert(w, { id, category: 'vandalism' }, []);
      w.audit({ action: 'report.create', entityType: 'report', entityId: id });
      w.emit({ type: 'report:created', entityId: id, subjectId: id, payload: { id }, facts });
    })).toMatchSnapshot();
  });

  it('updates a report only at the version read, locked, with the seq stamped on it', () => {
    expect(WritePath.sqlOf(actor, {}, (w) => {
      reports.requireAtVersion(w, actor, id, 3);
      reports.update(w, id, { severity: 4 }, [{ field: 'severity', from: 2, to: 4 }]);
      w.audit({ action: 'report.update', entityType: 'report', entityId: id });
      w.emit({ type: 'report:updated', entityId: id, subjectId: id, payload: { id }, facts });
    })).toMatchSnapshot();
  });

  it('comments with the report share-locked and its facts, as at commit, on the event', () => {
    expect(WritePath.sqlOf(actor, {}, (w) => {
      const r = reports.requireFacts(w, actor, id);
      reports.insertComment(w, { id, reportId: id, body: 'x' });
      w.emit({
        type: 'comment:created', entityId: id, subjectId: id, payload: { id },
        facts: { visibility: r.col('visibility'), organisationId: r.col('organisationId'), sharedWith: r.col('sharedWith'),
          areaId: r.col('areaId'), placeId: r.col('placeId'), category: r.col('category'), severity: r.col('severity') },
      });
    })).toMatchSnapshot();
  });

  it('writes without an event take no seq; notifications ride on the result', () => {
    expect(WritePath.sqlOf(actor, {}, (w) => {
      new UsersRepository(null as unknown as DataSource).requireAtVersion(w, actor.collaborationId, id, 1);
      w.notify(CHANNELS.userChanged, id);
      return new UsersRepository(null as unknown as DataSource).update(w, id, { name: 'B' });
    })).toMatchSnapshot();
    expect(WritePath.sqlOf(actor, {}, (w) => { new SubscriptionsRepository(null as unknown as DataSource).remove(w, actor.id, id); })).toMatchSnapshot();
  });

  it('writes concern talks with their audit row and key, never an event or a seq: create, update at a version, delete', () => {
    const talks = new ConcernTalksRepository(null as unknown as DataSource);
    const create = WritePath.sqlOf(actor, { idempotency: { key: id, scope: 'concern_talk.create', body: {}, answer: { id } } }, (w) => {
      talks.insert(w, { id, month: '2026-11-01', talks: 3, youths: 4, guardiansPresent: 1, socialServicesPresent: 0 });
      w.audit({ action: 'concern_talk.create', entityType: 'concern_talk', entityId: id });
    });
    const update = WritePath.sqlOf(actor, {}, (w) => {
      talks.requireAtVersion(w, actor.collaborationId, id, 2);
      talks.update(w, id, { talks: 4 });
      w.audit({ action: 'concern_talk.update', entityType: 'concern_talk', entityId: id });
    });
    const remove = WritePath.sqlOf(actor, {}, (w) => {
      talks.remove(w, actor.collaborationId, id, 2);
      w.audit({ action: 'concern_talk.delete', entityType: 'concern_talk', entityId: id });
    });
    for (const sql of [create, update, remove]) expect(sql).not.toMatch(/events|event_counters/);
    expect({ create, update, remove }).toMatchSnapshot();
  });

  it('updates an effort under an Idempotency-Key: the key only if the version held, the seq only if the key was new', () => {
    const efforts = new EffortsRepository(null as unknown as DataSource);
    const sql = WritePath.sqlOf(actor, { idempotency: { key: id, scope: `effort.update:${id}`, body: { version: 3 }, answer: { id, version: 4 }, status: 200 } }, (w) => {
      efforts.requireAtVersion(w, actor, id, 3);
      efforts.update(w, id, { outcome: 'Lugnt' }, 'updated', [{ field: 'outcome', from: null, to: 'Lugnt' }]);
      w.audit({ action: 'effort.update', entityType: 'effort', entityId: id });
      w.emit({ type: 'effort:updated', entityId: id, subjectId: id, payload: { id }, facts: { ...facts, category: null, severity: null } });
    });
    const step = (table: string) => new RegExp(`(s\\d+) AS \\((?:INSERT INTO|UPDATE) ${table}\\b`).exec(sql)![1];
    expect(sql).toMatch(new RegExp(`${step('idempotency_keys')} AS \\(INSERT INTO idempotency_keys .* FROM s1 ON CONFLICT DO NOTHING`));
    expect(sql).toMatch(new RegExp(`${step('event_counters')} AS \\(UPDATE event_counters t SET .* FROM ${step('idempotency_keys')} WHERE`));
    expect(sql).toMatchSnapshot();
  });

  it('records an effort action under its key (a retry adds no second action) with an event of the effort\'s locked facts', () => {
    const efforts = new EffortsRepository(null as unknown as DataSource);
    const sql = WritePath.sqlOf(actor, { idempotency: { key: id, scope: `effort.action:${id}`, body: {}, answer: { id } } }, (w) => {
      const effort = efforts.requireFacts(w, actor, id);
      const row = efforts.insertAction(w, { id, effortId: id, organisationId: actor.organisationId, kind: 'besök', count: 12, at: new Date(0) });
      w.emit({
        type: 'effort:action', entityId: id, subjectId: id, payload: { id },
        facts: { visibility: effort.col('visibility'), organisationId: effort.col('organisationId'), sharedWith: effort.col('sharedWith'),
          areaId: effort.col('areaId'), placeId: effort.col('placeId'), category: null, severity: null },
      });
      return row;
    });
    const step = (table: string) => new RegExp(`(s\\d+) AS \\(INSERT INTO ${table}\\b`).exec(sql)![1];
    expect(sql).toMatch(new RegExp(`INSERT INTO effort_actions .* FROM ${step('idempotency_keys')} RETURNING`));
    expect(sql).toMatch(/INSERT INTO events .*s1\."visibility", s1\."organisationId", s1\."sharedWith", s1\."areaId", s1\."placeId"/);
    expect(sql).toMatchSnapshot();
  });

  it('refuses requirements after the seq is taken', () => {
    expect(() => WritePath.sqlOf(actor, {}, (w) => {
      void w.seq;
      reports.requireAtVersion(w, actor, id, 1);
    })).toThrow('requirements must come before');
  });

  it('gives each event of a write its own seq, in the order emitted, and takes as many from the counter', async () => {
    const { Write } = await import('./write-path.js');
    const w = new Write(actor, actor.collaborationId);
    w.emit({ type: 'report:updated', entityId: id, subjectId: id, payload: {}, facts });
    w.emit({ type: 'comment:created', entityId: id, subjectId: id, payload: {}, facts });
    w.emit({ type: 'report:updated', entityId: id, subjectId: id, payload: {}, facts });
    const { text, params } = w.finish(undefined);
    const count = /last_seq \+ \$(\d+)::int/.exec(text)!;
    expect(params[Number(count[1]) - 1]).toBe(3);
    const seqs = [...text.matchAll(/INSERT INTO events \(collaboration_id, seq, .*? SELECT \$\d+::uuid, (\(s\d\."lastSeq" - \$\d+::int \+ \d\))/g)].map((m) => m[1]);
    expect(seqs.map((q) => Number(/\+ (\d)\)$/.exec(q)![1]))).toEqual([1, 2, 3]);
    expect(text).toMatch(/\(s\d\."lastSeq" - \$\d+::int \+ 1\) AS "__seq"/);
  });
});

describe('Statement', () => {
  it('types every parameter from the entity, sends JSON as text, and inlines step columns', () => {
    const s = new Statement();
    const a = s.select<{ n: number }>(s.sql`SELECT 1 AS n`);
    s.insert(ReportEntity, { id, sharedWith: ['x'], seq: a.col('n'), observedAt: new Date(0) }, { guard: [a] });
    expect(s.text(s.sql`SELECT ${a.col('n')}`)).toMatchSnapshot();
    expect(s.params).toEqual([id, ['x'], new Date(0)]);
    const j = new Statement();
    j.param([{ a: 1 }], 'jsonb');
    expect(j.params).toEqual(['[{"a":1}]']);
  });

  it('refuses a property that is not a column of the entity', () => {
    const s = new Statement();
    expect(() => s.insert(ReportEntity, { nope: 1 } as never)).toThrow('reports has no column for nope');
  });
});
