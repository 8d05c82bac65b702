import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildWorld, reportBody, type World } from '../support/world.js';

describe('smoke: the service starts and a report round-trips', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t?.close());

  it('creates and reads a report, put in the area that contains its point', async () => {
    const created = await w.orgs.police.member.api.post('/api/reports', reportBody());
    expect(created.status).toBe(201);
    expect(created.body.area.id).toBe(w.areas.centrum);
    expect(created.body.seq).toBeGreaterThan(0);
    const read = await w.orgs.school.member.api.get(`/api/reports/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.author).toBeNull();
  });

  it("answers with helmet's security headers, without X-Powered-By, and grants no other origin (no CORS)", async () => {
    const origin = { origin: 'https://elsewhere.example' };
    const answers = [
      await w.anonymous.get('/api/health', origin),
      await w.orgs.police.member.api.get('/api/reports', origin),
      await w.anonymous.get('/api/nothing-here', origin),
      await w.anonymous.request('OPTIONS', '/api/reports', undefined, { ...origin, 'access-control-request-method': 'POST' }),
    ];
    for (const res of answers) {
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});
