// Global setup of the integration tier: the ES module bundles of the CommonJS packages that need them
// (cjs-as-esm.mjs), then the database (database-setup.mjs). Needs no build of the service.
import { buildEsmBundles } from './cjs-as-esm.mjs';
import databaseSetup from './database-setup.mjs';

export default async function integrationSetup() {
  await buildEsmBundles();
  await databaseSetup();
}
