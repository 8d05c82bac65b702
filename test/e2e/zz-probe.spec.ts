import { afterAll, beforeAll, it } from '@jest/globals';
import { withDb } from '../support/db.js';
import { startTestApp, TEST_ADMIN, type TestApp } from '../support/app.js';
import { buildWorldFast, reportBody, type World } from './helpers.js';
import { Api } from '../support/api.js';
let t: TestApp; let w: World;
beforeAll(async () => { t = await startTestApp(); w = await buildWorldFast(t); });
afterAll(() => t?.close());
it('probes', async () => {
  const m = w.orgs.police.member.api;
  const out: string[] = [];
  const p = async (label: string, r: Promise<any>) => { const x = await r; out.push(`${label}: ${x.status} ${x.text.slice(0, 200)}`); return x; };
  await p('login nul', new Api(t.url).post('/api/auth/login', { email: 'a\u0000b', password: 'x' }));
  await p('audit action nul', w.orgs.police.admin.api.get('/api/audit?action=a%00b'));
  await p('place kind nul', m.post('/api/places', { name: 'p', kind: 'a\u0000', location: { lat: 1, lng: 1 } }));
  const me = await w.admin.get('/api/me');
  const pa = await p('padmin get', w.orgs.school.admin.api.get('/api/users/' + me.body.id));
  await p('takeover', w.orgs.school.admin.api.patch('/api/users/' + me.body.id, { version: pa.body.version, password: 'hijacked-password-123' }));
  await p('login as padmin', new Api(t.url).post('/api/auth/login', { email: TEST_ADMIN.email, password: 'hijacked-password-123' }));
  // same-ms pagination
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) ids.push((await m.post('/api/reports', reportBody({ description: `rapport ${i}` }))).body.id);
  await withDb(t.databaseUrl, async (db) => {
    await db.query(`update reports set created_at = '2026-01-01T00:00:00.123456Z' where id = $1`, [ids[0]]);
    await db.query(`update reports set created_at = '2026-01-01T00:00:00.123400Z' where id = $1`, [ids[1]]);
    await db.query(`update reports set created_at = '2026-01-01T00:00:00.123300Z' where id = $1`, [ids[2]]);
    await db.query(`update reports set created_at = '2026-01-01T00:00:00.123200Z' where id = $1`, [ids[3]]);
  });
  const seen: string[] = []; let c: string | null = null;
  do { const x: any = await m.get(`/api/reports?limit=1${c ? '&cursor=' + c : ''}`); seen.push(...x.body.items.map((i: any) => i.description)); c = x.body.nextCursor; } while (c && seen.length < 20);
  out.push('reports walk: ' + seen.join(','));
  console.log(out.join('\n'));
});
