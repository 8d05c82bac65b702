// Global setup of the e2e tier: the tests start the built service (`node dist/src/main.js`), so first make sure
// dist/ was built from these sources, then start the database (database-setup.mjs). Plain JS: Jest loads global
// setup outside the ts-jest transform.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import databaseSetup from './database-setup.mjs';

export default async function globalSetup() {
  const stale = staleBuild(process.cwd());
  if (stale) {
    // The integration tier's setup may have started the database already (both tiers in one run).
    await globalThis.__EMBEDDED_PG__?.stop();
    // One line, no stack: Jest prints the message of an error from global setup, and this is the whole story.
    const e = new Error(`e2e tests refused: ${stale}; run "npm run build:server" (npm test builds first)`);
    e.stack = e.message;
    throw e;
  }
  await databaseSetup();
}

/**
 * Why dist/ does not match the sources, or undefined when every .ts under src/ and libs/ has a compiled .js that is
 * at least as new (tsc rewrites every output on each build, so an older .js is one a later edit or checkout did not
 * reach). Spec files are skipped: the service never loads them.
 */
export function staleBuild(root) {
  const sources = ['src', 'libs'].flatMap((d) => files(join(root, d))).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.spec.ts'));
  const missing = [];
  const older = [];
  for (const source of sources) {
    const rel = relative(root, source);
    const compiled = join(root, 'dist', rel.replace(/\.ts$/, '.js'));
    if (!existsSync(compiled)) missing.push(rel);
    else if (statSync(compiled).mtimeMs < statSync(source).mtimeMs) older.push(rel);
  }
  const some = (list) => `${list.slice(0, 3).join(', ')}${list.length > 3 ? ` and ${list.length - 3} more` : ''}`;
  if (missing.length === sources.length) return 'dist/ has no build of the sources';
  if (missing.length) return `dist/ lacks the build of ${some(missing)}`;
  if (older.length) return `dist/ is older than ${some(older)}`;
  return undefined;
}

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}
