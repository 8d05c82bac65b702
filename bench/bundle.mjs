// Bundle: the first-load JavaScript of the built web client (dist/web, built by `npm run build:web`): the module
// scripts and modulepreload links of index.html, raw and gzip (zlib, level 9 and the default 6) sizes, against the
// target (< 300 KB gzip). Stylesheets linked from index.html are listed for reference, not counted.
//
//   node bench/bundle.mjs [--dir <built web client>]
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync, constants } from 'node:zlib';
import { ROOT, fmt, header, runBench, table } from './lib/common.mjs';

const TARGET_GZIP = 300 * 1024;
const argDir = process.argv.indexOf('--dir');
const DIR = resolve(argDir > 0 ? process.argv[argDir + 1] : join(ROOT, 'dist', 'web'));

runBench('bundle', async () => {
  header('bundle: first-load JavaScript of the web client');
  const index = join(DIR, 'index.html');
  if (!existsSync(index)) {
    console.log(`web client not built (no ${index}); skipped`);
    return { skipped: true };
  }
  const html = readFileSync(index, 'utf8');
  const attrs = (tag) => Object.fromEntries([...tag.matchAll(/([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)].slice(1).map((m) => [m[1].toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '']));
  const js = new Map(); // path -> how it is referenced
  const css = new Map();
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    const a = attrs(tag);
    if (a.src && a.type === 'module') js.set(a.src, 'module script');
    else if (a.src) js.set(a.src, 'script');
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const a = attrs(tag);
    const rel = (a.rel ?? '').toLowerCase().split(/\s+/);
    if (rel.includes('modulepreload') && a.href) js.set(a.href, 'modulepreload');
    if (rel.includes('stylesheet') && a.href) css.set(a.href, 'stylesheet');
  }
  const local = (ref) => {
    if (/^(https?:)?\/\//.test(ref)) return undefined;
    return join(DIR, decodeURIComponent(ref.split(/[?#]/)[0]).replace(/^\//, ''));
  };
  const measure = (refs) => [...refs].map(([ref, how]) => {
    const file = local(ref);
    if (!file || !existsSync(file)) return { ref, how, missing: true, raw: 0, gzip: 0, gzip6: 0 };
    const buf = readFileSync(file);
    return { ref, how, raw: buf.length, gzip: gzipSync(buf, { level: constants.Z_BEST_COMPRESSION }).length, gzip6: gzipSync(buf).length };
  });
  const jsRows = measure(js);
  const cssRows = measure(css);
  const sum = (rows, k) => rows.reduce((n, r) => n + r[k], 0);
  const raw = sum(jsRows, 'raw');
  const gzip = sum(jsRows, 'gzip');
  const gzip6 = sum(jsRows, 'gzip6');
  console.log(table([
    ...jsRows.map((r) => [r.ref, r.how, r.missing ? 'MISSING' : fmt.kb(r.raw), r.missing ? '' : fmt.kb(r.gzip)]),
    ['total first-load JavaScript', `${jsRows.length} files`, fmt.kb(raw), fmt.kb(gzip)],
    ...cssRows.map((r) => [r.ref, `${r.how} (not counted)`, r.missing ? 'MISSING' : fmt.kb(r.raw), r.missing ? '' : fmt.kb(r.gzip)]),
  ], ['file', 'referenced as', 'raw', 'gzip -9']));
  const ratio = gzip / TARGET_GZIP;
  console.log(`\nfirst-load JavaScript: ${fmt.kb(raw)} raw, ${fmt.kb(gzip)} gzip -9 (${fmt.kb(gzip6)} at the default level 6); ` +
    `target < ${fmt.kb(TARGET_GZIP)} gzip -> ${fmt.pct(ratio)} of the budget -> ${gzip < TARGET_GZIP ? 'OK' : 'ABOVE TARGET'}`);
  const missing = jsRows.filter((r) => r.missing);
  if (missing.length) console.log(`${missing.length} referenced files are missing from ${DIR} -> FAIL`);
  if (!jsRows.length) console.log('index.html references no module script: is this a Vite build?');
  return { failed: missing.length > 0, files: jsRows.length, rawBytes: raw, gzipBytes: gzip, gzip6Bytes: gzip6, targetBytes: TARGET_GZIP, ratioToTarget: ratio };
}, { quiet: false });
