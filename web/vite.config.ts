import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Emits `sw.js` with the list of every file of the build, so the service worker can precache the whole app
 * shell (lazy screens included) and the app opens without a connection. The cache name carries a hash of
 * that list: a new build gets a new cache and the old one is dropped on activate.
 */
function serviceWorker(): Plugin {
  return {
    name: 'lagesbild-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => !f.endsWith('.map') && f !== 'sw.js');
      const assets = ['/', ...files.filter((f) => f !== 'index.html').map((f) => `/${f}`)];
      const hash = createHash('sha256');
      for (const f of files.sort()) {
        const item = bundle[f];
        hash.update(f).update('\0').update(item.type === 'chunk' ? item.code : item.source);
      }
      const version = hash.digest('hex').slice(0, 12);
      const source = readFileSync(here('./sw.template.js'), 'utf8')
        .replace('= __PRECACHE__;', `= ${JSON.stringify(assets)};`)
        .replace('= __VERSION__;', `= ${JSON.stringify(version)};`);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

export default defineConfig({
  root: here('.'),
  publicDir: here('./public'),
  resolve: {
    alias: {
      '#contracts': here('../libs/contracts/src/index.ts'),
      '#privacy': here('../libs/privacy/src/index.ts'),
    },
  },
  // Vite 8 transforms TSX with Oxc itself: no React plugin needed for a production build.
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // react-router marks its modules "use client" (for React Server Components); meaningless in this bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'ws://localhost:3000', ws: true },
    },
  },
  plugins: [serviceWorker()],
});
