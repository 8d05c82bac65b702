import { expect } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { LoginResponse, Page as ApiPage, ReportResponse } from '#contracts';
import { Api } from '../support/api.js';

// These functions run inside the page (page.evaluate); the test tsconfig has no DOM library, so the few browser
// globals they use are declared here, for this file only.
declare const document: any, localStorage: any, getComputedStyle: any;
type HTMLElement = any;


/** Debian's Chromium; the browser tests are skipped where it is not installed (never a downloaded browser). */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const DEMO_PASSWORD = 'Lagesbild-demo-2026';
export const demo = (org: string, role: 'medlem' | 'samordnare' | 'admin' = 'medlem') => `${org}.${role}@lagesbild.demo`;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic'],
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * The built web client to serve. `dist/web` when it is newer than the sources (what `npm start` serves);
 * otherwise a fresh build into a folder of this test file's own, so a stale or half-written dist is never tested.
 * That folder is under the system temp dir, not `.tmp`: the static server ignores paths with a dot-folder in them.
 * Call `removeWebBuild` with the result when done.
 */
export function webDist(): string {
  const root = process.cwd();
  const dist = join(root, 'dist', 'web');
  const index = join(dist, 'index.html');
  const sources = Math.max(newestMtime(join(root, 'web')), newestMtime(join(root, 'libs', 'contracts', 'src')), newestMtime(join(root, 'libs', 'privacy', 'src')));
  if (existsSync(index) && existsSync(join(dist, 'sw.js')) && statSync(index).mtimeMs >= sources) return dist;
  const out = mkdtempSync(join(tmpdir(), 'lagesbild-web-'));
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: root,
    encoding: 'utf8',
    // Jest sets NODE_ENV=test, which would make Vite bundle React's development build and skip the service worker.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error(`web build failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}

export function removeWebBuild(dir: string | undefined): void {
  if (dir && dir.startsWith(tmpdir()) && dir.includes('lagesbild-web-')) rmSync(dir, { recursive: true, force: true });
}

export async function apiLogin(baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<LoginResponse & { api: Api }> {
  const res = await new Api(baseUrl).post<LoginResponse>('/api/auth/login', { email, password });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${res.text}`);
  return { ...res.body, api: new Api(baseUrl, res.body.accessToken) };
}

/** A browser context logged in as `email` (session put where the client keeps it), on the live picture. */
export async function loggedInPage(browser: Browser, baseUrl: string, email: string, opts: { path?: string; lang?: 'sv' | 'en'; context?: Parameters<Browser['newContext']>[0] } = {}): Promise<{ context: BrowserContext; page: Page; session: LoginResponse }> {
  const session = await apiLogin(baseUrl, email);
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 860 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm', ...opts.context });
  const page = await context.newPage();
  await page.goto('/logga-in');
  await page.evaluate(
    ([s, lang]) => {
      localStorage.setItem('lagesbild.session', s);
      localStorage.setItem('lagesbild.lang', lang);
    },
    [JSON.stringify({ accessToken: session.accessToken, expiresAt: session.expiresAt, user: session.user }), opts.lang ?? 'sv'] as const,
  );
  await page.goto(opts.path ?? '/lagesbild');
  return { context, page, session };
}

/** Waits until the live feed of the page is connected and caught up. */
export async function waitLive(page: Page, timeout = 15_000): Promise<void> {
  await page.locator('[data-testid="connection-state"][data-state="live"]').first().waitFor({ timeout });
}

/** Reports with exactly this description that `api`'s user may see. */
export async function reportsWithDescription(api: Api, description: string): Promise<ReportResponse[]> {
  const found: ReportResponse[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: ApiPage<ReportResponse> } = await api.get(`/api/reports?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (res.status !== 200) throw new Error(`list reports: ${res.status}`);
    found.push(...res.body.items.filter((r) => r.description === description));
    cursor = res.body.nextCursor;
  } while (cursor);
  return found;
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
let axeSource: string | undefined;

/**
 * axe-core with the WCAG 2.1 A/AA rules (and best practices); returns the serious and critical violations, described
 * for a failure message. axe is put into the page once per document and run there with `axe.run`: the pages have no
 * frames, and @axe-core/playwright re-injected axe and finished each run in a new page, three times the time (about
 * 5 s a run on the weekly picture, most of the browser tests' time). Only violations are collected (resultTypes).
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await page.evaluate(axeSource);
  }
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  }, AXE_TAGS);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.targets.join(' | ')}`);
}

/** Presses Tab until the focused element matches `selector` (keyboard-only navigation). */
export async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => !!document.activeElement?.matches(sel), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Whether the focused element shows a visible focus indicator (an outline or a box-shadow ring). */
export function focusVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return false;
    const s = getComputedStyle(el);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow !== 'none' && s.boxShadow !== '');
  });
}

export const unique = (label: string) => `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Screenshots for a person to look at, when SCREENSHOT_DIR is set (never into the repository by default). */
export async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** axe finds nothing serious or critical on the page as it stands. */
export async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect({ screen, violations }).toEqual({ screen, violations: [] });
}
