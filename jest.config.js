// The tests in three tiers, Jest projects that run together (`npm test`: typecheck, build, then all three) or alone:
// `npm run test:unit`, `npm run test:integration`, `npm run test:e2e` (each takes Jest's arguments after `--`, e.g.
// `npm run test:e2e -- test/feed/resume`), or `TEST_TIER=<tier>[,<tier>] npm run jest -- ...`. (`--selectProjects <tier>`
// works too, but takes the test paths that follow it for project names.)
//
//   unit         pure rules and SQL builders: spec files beside the code (src/**/*.spec.ts, libs/**/*.spec.ts).
//                No database, no Nest application; milliseconds each.
//   integration  services and repositories in process (test/integration): the Nest application built from the
//                TypeScript sources through ts-jest with the AppModule.forRoot(config) the server runs, on a database
//                of its own per file cloned from the migrated template. Harness: test/support/in-process.ts. Needs no
//                build: the template is migrated from the sources too (test/support/database-setup.mjs). CommonJS
//                packages that require() ESM-only Nest 12 are re-packed as ES modules (test/support/cjs-as-esm.mjs).
//   e2e          the built service (`node dist/src/main.js`) as a child process per file, driven over HTTP and
//                Socket.IO (test/e2e, test/feed: several nodes, faults) and through Debian's Chromium
//                (test/browser, skipped without /usr/bin/chromium). Refuses to run against a dist/ older than the
//                sources (test/support/global-setup.mjs): `npm run test:e2e` builds first.
//
// Every tier runs the TypeScript as native ESM (as the Nest 12 starter does; see design.md): ts-jest with useESM,
// `.js` import suffixes mapped back to the `.ts` sources, `#privacy`/`#contracts` mapped to the libraries' sources.
// ts-jest only transpiles (isolatedModules): type errors are `npm run typecheck`'s job.
import { CJS_AS_ESM, esmBundlePath } from './test/support/cjs-as-esm.mjs';

const shared = {
  testEnvironment: 'node',
  rootDir: '.',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^#privacy$': '<rootDir>/libs/privacy/src/index.ts',
    '^#contracts$': '<rootDir>/libs/contracts/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    // tsconfig.test.json extends tsconfig.json: experimentalDecorators and emitDecoratorMetadata, which Nest's
    // dependency injection reads in the integration tier.
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }],
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/\\.tmp/'],
};

const tiers = [
  {
    ...shared,
    displayName: { name: 'unit', color: 'blue' },
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'],
  },
  {
    ...shared,
    displayName: { name: 'integration', color: 'magenta' },
    testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
    // CommonJS packages that require() ESM-only Nest 12, as ES modules bundled by the global setup (see there).
    moduleNameMapper: {
      ...shared.moduleNameMapper,
      ...Object.fromEntries(CJS_AS_ESM.map((pkg) => [`^${pkg.replace(/[/.]/g, '\\$&')}$`, esmBundlePath('<rootDir>', pkg)])),
    },
    globalSetup: '<rootDir>/test/support/integration-setup.mjs',
    globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  },
  {
    ...shared,
    displayName: { name: 'e2e', color: 'yellow' },
    // test/e2e, test/feed, test/browser, and any new folder of test/ but integration.
    testMatch: ['<rootDir>/test/**/*.spec.ts'],
    testPathIgnorePatterns: [...shared.testPathIgnorePatterns, '<rootDir>/test/integration/'],
    globalSetup: '<rootDir>/test/support/global-setup.mjs',
    globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  },
];

const only = process.env.TEST_TIER?.split(',').map((t) => t.trim()).filter(Boolean);
const unknown = only?.filter((name) => !tiers.some((t) => t.displayName.name === name));
if (unknown?.length) throw new Error(`TEST_TIER: no tier ${unknown.join(', ')} (tiers: ${tiers.map((t) => t.displayName.name).join(', ')})`);

/** @type {import('jest').Config} */
export default {
  testTimeout: 30000,
  projects: only ? tiers.filter((t) => only.includes(t.displayName.name)) : tiers,
};
