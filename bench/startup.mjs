// Start-up: time from spawning `node dist/src/main.js` in embedded mode (DATA_DIR set, no DATABASE_URL) to a healthy
// GET /api/health (200), on an EXISTING data directory: one first start creates and seeds it (printed for
// reference), then several restarts are measured (target < 5 s). Baseline in the same run: the embedded
// PostgreSQL started alone (the service's own starter) on an existing data directory of its own, and a bare `node -e 0`.
//
//   node bench/startup.mjs      (BENCH_STARTUP_RESTARTS=5)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, serviceDist, benchDir, fmt, freePort, header, now, percentiles, rssOf, runBench, sleep, startEmbeddedPostgres, startService, table } from './lib/common.mjs';

const RESTARTS = Number(process.env.BENCH_STARTUP_RESTARTS ?? 5);

runBench('startup', async () => {
  header(`startup: spawn -> healthy on an existing data directory (${RESTARTS} restarts)`);
  const dataDir = join(benchDir('startup'), 'data');

  const once = async (label) => {
    const t0 = now();
    const s = await startService({ env: { DATA_DIR: dataDir, SEED_DEMO: undefined }, timeoutMs: 120_000 });
    const listening = now();
    let status = 0;
    while (status !== 200) {
      status = await fetch(`${s.url}/api/health`).then((r) => r.status, () => 0);
      if (status !== 200) await sleep(10);
      if (now() - t0 > 120_000) throw new Error(`not healthy after 120 s:\n${s.output()}`);
    }
    const healthy = now();
    const rss = rssOf(s.pid);
    const pgMs = Number(/ready in (\d+) ms/.exec(s.output())?.[1] ?? NaN);
    const t1 = now();
    const code = await s.stop('SIGTERM');
    const stopped = now();
    const r = { label, total: healthy - t0, pg: pgMs, listening: listening - t0, stop: stopped - t1, exit: code, rss };
    console.log(`${label.padEnd(12)} healthy after ${fmt.ms(r.total)} (embedded PostgreSQL ready in ${pgMs} ms, "running at" after ${fmt.ms(r.listening)}); ` +
      `SIGTERM -> exit ${code} in ${fmt.ms(r.stop)}; RSS when healthy ${fmt.mb(rss)}`);
    if (code !== 0) console.log(`  output:\n${s.output().slice(-2000)}`);
    return r;
  };

  const first = await once('first start');
  const restarts = [];
  for (let i = 0; i < RESTARTS; i++) restarts.push(await once(`restart ${i + 1}`));

  // --- baselines: the database alone, and node alone --------------------------------------------------------------
  const pgDir = join(benchDir('startup-bare-pg'), 'data');
  const port = await freePort();
  // The service's own starter (bench/lib/common.mjs), on its own: the same programs, flags and placement as root.
  const bareStart = () => startEmbeddedPostgres(pgDir, { port, password: 'bench', log: () => {} });
  await (await bareStart()).stop();
  const barePg = [];
  for (let i = 0; i < RESTARTS; i++) {
    const t0 = now();
    const bare = await bareStart();
    barePg.push(now() - t0);
    await bare.stop();
  }
  const bareNode = [];
  const importOnly = [];
  const bootstrapUrl = pathToFileURL(join(serviceDist(), 'src', 'bootstrap.js')).href;
  for (let i = 0; i < RESTARTS; i++) {
    let t0 = now();
    spawnSync(process.execPath, ['-e', '0']);
    bareNode.push(now() - t0);
    // Loading the module graph of the service (Nest, TypeORM, Swagger, ...) without starting anything.
    t0 = now();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(bootstrapUrl)})`], { cwd: ROOT });
    if (r.status !== 0) throw new Error(`importing the service failed: ${r.stderr}`);
    importOnly.push(now() - t0);
  }

  const med = (a) => percentiles(a, [50]).p50;
  const restartMed = med(restarts.map((r) => r.total));
  const restartMax = Math.max(...restarts.map((r) => r.total));
  const pgMed = med(barePg);
  console.log('');
  console.log(table([
    ['first start (initdb + migrations + demo seed)', fmt.ms(first.total), ''],
    ['restart, median', fmt.ms(restartMed), fmt.x(restartMed / pgMed)],
    ['restart, worst', fmt.ms(restartMax), fmt.x(restartMax / pgMed)],
    ['  of which embedded PostgreSQL (server log), median', fmt.ms(med(restarts.map((r) => r.pg))), ''],
    ['baseline: bare embedded PostgreSQL start, median', fmt.ms(pgMed), '1.00x'],
    ['baseline: bare `node -e 0`, median', fmt.ms(med(bareNode)), ''],
    ['reference: node + import of dist/src/bootstrap.js only, median', fmt.ms(med(importOnly)), ''],
  ], ['', 'time', 'vs bare PostgreSQL start']));
  console.log(`\nrestart (worst of ${RESTARTS}) ${fmt.ms(restartMax)}: target < 5 s -> ${restartMax < 5000 ? 'OK' : 'ABOVE TARGET'}`);
  const badExit = [first, ...restarts].filter((r) => r.exit !== 0).length;
  if (badExit) console.log(`${badExit} stops did not exit 0 after SIGTERM -> FAIL`);
  return {
    failed: badExit > 0,
    firstMs: first.total, restartMedianMs: restartMed, restartMaxMs: restartMax, restartPgMedianMs: med(restarts.map((r) => r.pg)),
    barePgMedianMs: pgMed, bareNodeMedianMs: med(bareNode), importOnlyMedianMs: med(importOnly), ratioToBarePg: restartMed / pgMed, stopMedianMs: med(restarts.map((r) => r.stop)),
  };
});
