import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from '../support/api.js';
import { startTestApp, TEST_ADMIN, type TestApp } from '../support/app.js';

/** The access-log lines (JSON) the server printed for requests to `path`. */
function accessLines(output: string, path: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{') && l.includes('"path"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.path === path);
}

async function waitFor<T>(fn: () => T | undefined, what: string, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('serving the web client, the access log, the MAP_TILE_URL settings and the build of npm start', () => {
  let t: TestApp;
  let staticDir: string;

  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'lagesbild-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><html lang="sv"><body><div id="root"></div></body></html>');
    t = await startTestApp({
      env: { STATIC_DIR: staticDir, LOG_LEVEL: 'info', MAP_TILE_URL: 'https://{s}.karta.lidkoping.example/{z}/{x}/{y}.png', MAP_TILE_ATTRIBUTION: '© Lidköpings kommun' },
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('answers HEAD on client routes like GET (200, text/html, no body), and still 404 on unknown /api paths', async () => {
    for (const path of ['/', '/lagesbild', '/rapporter/00000000-0000-4000-8000-000000000000', '/bevakningar']) {
      const head = await fetch(`${t.url}${path}`, { method: 'HEAD', headers: { accept: 'text/html' } });
      expect({ path, status: head.status }).toEqual({ path, status: 200 });
      expect(head.headers.get('content-type')).toContain('text/html');
      expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
      expect(await head.text()).toBe('');
    }
    const api = await fetch(`${t.url}/api/nothing-here`, { method: 'HEAD', headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
  });

  it('logs each request as one short line: request id, method, path without the query, status, time, size and user; no headers', async () => {
    const login = await new Api(t.url).post<{ accessToken: string; user: { id: string } }>('/api/auth/login', TEST_ADMIN);
    if (login.status !== 200) throw new Error(`login: ${login.status} ${login.text}`);
    const res = await fetch(`${t.url}/api/reports?limit=3`, {
      headers: { authorization: `Bearer ${login.body.accessToken}`, 'x-request-id': 'log-line-test-1', cookie: 'a=b', 'user-agent': 'x'.repeat(300) },
    });
    expect(res.status).toBe(200);
    const body = await res.text();
    const [line] = await waitFor(() => {
      const found = accessLines(t.output(), '/api/reports').filter((l) => l.reqId === 'log-line-test-1');
      return found.length ? found : undefined;
    }, 'the access-log line');
    expect(line).toMatchObject({ reqId: 'log-line-test-1', method: 'GET', path: '/api/reports', status: 200, userId: login.body.user.id });
    expect(typeof line.ms).toBe('number');
    expect(line.bytes).toBe(Buffer.byteLength(body));
    const raw = JSON.stringify(line);
    expect(raw).not.toMatch(/authorization|cookie|user-agent|limit=|Bearer|headers/i);
    // An operator's line: well under the 1.1 KB of a line with every header.
    expect(Buffer.byteLength(raw)).toBeLessThan(400);
  });

  it('hands the configured tiles to the client and allows exactly their host (and its {s} subdomains) for images', async () => {
    const cfg = await new Api(t.url).get<{ mapTileUrl: string; mapTileAttribution: string }>('/api/client-config');
    expect(cfg.body).toEqual({ mapTileUrl: 'https://{s}.karta.lidkoping.example/{z}/{x}/{y}.png', mapTileAttribution: '© Lidköpings kommun' });
    const csp = (await fetch(`${t.url}/`, { headers: { accept: 'text/html' } })).headers.get('content-security-policy') ?? '';
    const img = /img-src ([^;]+)/.exec(csp)?.[1].split(' ') ?? [];
    expect(img).toContain('https://*.karta.lidkoping.example');
    expect(img.some((s) => s.includes('openstreetmap'))).toBe(false);
  });
});

describe('MAP_TILE_URL defaults and refusals (the built config module)', () => {
  // The built module, as the service loads it.
  const load = async () => (await import(join(process.cwd(), 'dist', 'src', 'config', 'app-config.js'))) as typeof import('../../src/config/app-config.js');

  it('is OpenStreetMap with its attribution by default, nothing with none, the given URL otherwise; a non-URL is refused by name', async () => {
    const { loadConfig, tileImageSources } = await load();
    const base = { JWT_SECRET: 'x'.repeat(40) };
    const osm = loadConfig(base);
    expect(osm.mapTileUrl).toBe('https://tile.openstreetmap.org/{z}/{x}/{y}.png');
    expect(osm.mapTileAttribution).toBe('© OpenStreetMap-bidragsgivare');
    expect(tileImageSources(osm.mapTileUrl)).toEqual(['https://tile.openstreetmap.org']);
    const none = loadConfig({ ...base, MAP_TILE_URL: 'none' });
    expect([none.mapTileUrl, none.mapTileAttribution, tileImageSources(none.mapTileUrl)]).toEqual(['', '', []]);
    const own = loadConfig({ ...base, MAP_TILE_URL: 'http://127.0.0.1:8123/{z}/{x}/{y}.png' });
    expect([own.mapTileUrl, own.mapTileAttribution, tileImageSources(own.mapTileUrl)]).toEqual(['http://127.0.0.1:8123/{z}/{x}/{y}.png', '', ['http://127.0.0.1:8123']]);
    expect(() => loadConfig({ ...base, MAP_TILE_URL: 'tiles/{z}/{x}/{y}.png' })).toThrow(/MAP_TILE_URL/);
    expect(() => loadConfig({ ...base, MAP_TILE_URL: 'ftp://tiles.example/{z}/{x}/{y}.png' })).toThrow(/MAP_TILE_URL/);
  });
});

describe('the build of npm start (scripts/build.mjs): only what changed', () => {
  let root: string;
  const check = () => {
    const r = spawnSync(process.execPath, [join(process.cwd(), 'scripts', 'build.mjs'), '--check', '--root', root], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout) as Record<'server' | 'web', { state: string; reason: string }>;
  };
  const at = (path: string, seconds: number) => {
    const t = new Date(Date.UTC(2026, 0, 1) + seconds * 1000);
    utimesSync(join(root, path), t, t);
  };
  const file = (path: string, seconds: number) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), 'x');
    at(path, seconds);
  };

  beforeAll(() => {
    // A project as the script sees it: sources at t=10, outputs and stamps written at t=20.
    root = mkdtempSync(join(tmpdir(), 'lagesbild-build-'));
    for (const f of ['src/main.ts', 'libs/contracts/src/index.ts', 'libs/privacy/src/index.ts', 'web/src/App.tsx', 'web/vite.config.ts', 'tsconfig.json', 'package.json', 'package-lock.json']) file(f, 10);
    for (const f of ['dist/src/main.js', 'dist/web/index.html', 'dist/web/sw.js', 'dist/.build-server', 'dist/.build-web']) file(f, 20);
    for (const d of ['src', 'libs', 'libs/contracts', 'libs/contracts/src', 'libs/privacy', 'libs/privacy/src', 'web', 'web/src']) at(d, 10);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('a second start without changes builds nothing', () => {
    expect(check()).toEqual({ server: { state: 'fresh', reason: 'up to date' }, web: { state: 'fresh', reason: 'up to date' } });
  });

  it('a changed web source rebuilds the web only; a changed server source the server only; a shared contract both', () => {
    at('web/src/App.tsx', 30);
    expect([check().server.state, check().web.state]).toEqual(['fresh', 'stale']);
    at('web/src/App.tsx', 10);
    at('src/main.ts', 30);
    expect([check().server.state, check().web.state]).toEqual(['stale', 'fresh']);
    at('src/main.ts', 10);
    at('libs/contracts/src/index.ts', 30);
    expect([check().server.state, check().web.state]).toEqual(['stale', 'stale']);
    at('libs/contracts/src/index.ts', 10);
    expect([check().server.state, check().web.state]).toEqual(['fresh', 'fresh']);
  });

  it('a deleted source (its folder changes), a changed dependency lock or a missing output rebuilds', () => {
    at('web/src', 30);
    expect(check().web).toEqual({ state: 'stale', reason: 'web changed since the last build' });
    at('web/src', 10);
    at('package-lock.json', 30);
    expect([check().server.state, check().web.state]).toEqual(['stale', 'stale']);
    at('package-lock.json', 10);
    rmSync(join(root, 'dist/web/sw.js'));
    expect(check().web).toEqual({ state: 'stale', reason: 'dist/web/sw.js is missing' });
    expect(check().server.state).toBe('fresh');
  });
});
