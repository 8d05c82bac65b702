// CommonJS dependencies that require() Nest 12's ESM-only packages, re-packed as ES modules for the integration tier.
//
// Plain Node (>= 20.19) may require() an ES module, so the built service loads @nestjs/throttler (CommonJS) and its
// require('@nestjs/common') (ESM) fine. Jest on Node 20 cannot: it loads such a require through its CommonJS path,
// which fails ("Must use import to load ES Module"; Jest supports require(esm) from Node 24.9 on, see
// jest-runtime's supportsSyncEvaluate). Loading a second, CommonJS copy of @nestjs/common and @nestjs/core would not
// do either: Nest's dependency injection needs the one Reflector class. So each package listed here is bundled into
// one ES module with rolldown (Vite's bundler), its imports of other packages turned into ES imports of the very
// modules the application gets, and Jest maps the package name to that bundle (moduleNameMapper in jest.config.js).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const CJS_AS_ESM = ['@nestjs/throttler'];

/** Where the ES module of `pkg` is written. */
export const esmBundlePath = (root, pkg) => join(root, '.tmp', 'cjs-as-esm', `${pkg.replace('/', '+')}.mjs`);

export async function buildEsmBundles(root = process.cwd()) {
  const { build } = await import('rolldown');
  const require = createRequire(join(root, 'package.json'));
  for (const pkg of CJS_AS_ESM) {
    const entry = require.resolve(pkg);
    // The package's export names, from loading it the way the service does (require(esm) works in plain Node).
    const names = Object.keys(require(pkg)).filter((n) => n !== 'default' && n !== '__esModule' && /^[A-Za-z_$][\w$]*$/.test(n));
    const external = new Set();
    const { output } = await build({
      input: entry,
      cwd: root,
      platform: 'node',
      // Other packages stay outside the bundle: they must be the instances the application imports.
      external: (id) => {
        const bare = !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');
        if (bare) external.add(id);
        return bare;
      },
      output: { format: 'esm' },
      write: false,
      logLevel: 'silent',
    });
    let code = output[0].code;
    // rolldown requires external packages from CommonJS through createRequire (Node's own loader, outside Jest's
    // module registry): hand it the ES namespaces imported at the top instead.
    const helper = /var __require = [^\n]*createRequire\(import\.meta\.url\)[^\n]*\n/;
    if (!helper.test(code)) throw new Error(`cjs-as-esm: the bundle of ${pkg} no longer has the expected __require helper; see ${import.meta.url}`);
    const ids = [...external];
    code = code.replace(/^import \{ createRequire \} from "node:module";\n/m, '').replace(helper, [
      ...ids.map((id, i) => `import * as __external${i} from ${JSON.stringify(id)};`),
      `const __externals = { ${ids.map((id, i) => `${JSON.stringify(id)}: __external${i}`).join(', ')} };`,
      'var __require = (id) => { if (!(id in __externals)) throw new Error(`cjs-as-esm: unexpected require(${id})`); return __externals[id]; };',
      '',
    ].join('\n'));
    // The bundle exports the package's module.exports as default; add its names, as `import { X }` expects.
    code = code.replace(/export default (\w+\(\));\s*export \{\s*\};?\s*$/, (_, call) =>
      `const __exports = ${call};\nexport default __exports;\nexport const { ${names.join(', ')} } = __exports;\n`);
    if (!code.includes('export const {')) throw new Error(`cjs-as-esm: unexpected end of the bundle of ${pkg}`);
    const file = esmBundlePath(root, pkg);
    mkdirSync(join(file, '..'), { recursive: true });
    // Written whole and renamed: another run of the tests in this folder may be reading it.
    writeFileSync(`${file}.${process.pid}`, code);
    renameSync(`${file}.${process.pid}`, file);
  }
}
