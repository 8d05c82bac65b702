// The house rules of src/ (see docs/architecture.md), checked by `npm run lint`:
// - no import cycles anywhere in the server;
// - a context (a folder of src/ other than common, config, database) uses another context only through its public
//   face: its service, its module, its DTOs and its OpenAPI response classes. Its repository, entities, mappers,
//   rules and every other file are its own. The database folder (data source, migrations, seed) may see everything.
/* eslint-env node */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'Modules that import each other cannot be understood, tested or initialised one at a time.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { pathNot: '\\.entity\\.ts$' } },
    },
    {
      name: 'context-internals',
      comment: 'Use the other context\'s service (or module, DTO, response class), not its repository, entities or internals.',
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: '^src/(database|main\\.ts|bootstrap\\.ts|app\\.module\\.ts)' },
      to: {
        path: '^src/([^/]+)/',
        pathNot: [
          '^src/$1/',
          '^src/(common|config)/',
          '^src/[^/]+/[^/]+\\.(service|module|dto|responses)\\.ts$',
        ],
      },
    },
    {
      name: 'common-knows-no-context',
      comment: 'common/ and config/ serve every context and depend on none.',
      severity: 'error',
      from: { path: '^src/(common|config)/' },
      to: { path: '^src/', pathNot: '^src/(common|config)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
    exclude: { path: '\\.spec\\.ts$' },
  },
};
