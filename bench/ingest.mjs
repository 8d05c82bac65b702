// Ingest: authenticated POST /api/reports over HTTP (autocannon) against a bare `pg` single-row INSERT of the same
// rows into the same `reports` table of the same PostgreSQL, measured in the same run. Prints both rates, their
// ratio (target >= 15% of the bare rate; < 5% is a defect), latencies, errors, rows/transactions per request and
// the server's RSS.
//
//   node bench/ingest.mjs [--profile | --what-if-only]     (BENCH_INGEST_SECONDS=10, BENCH_INGEST_CONNECTIONS=24)
//
// --profile also runs the server with --cpu-prof and PostgreSQL with pg_stat_statements, and prints where the time
// goes (top statements per request, top functions and packages by self time) and what-ifs: the service's write
// pattern replayed with bare pg in a few variants (--what-if-only runs just those, after the bare baseline).
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import {
  AREA_POLYGON, CATEGORIES, api, benchDir, cpuMeter, cpuSplitOf, createOrganisations, description, fmt, header,
  location, now, percentiles, prng, rssOf, runBench, sleep, startService, startStack, table,
} from './lib/common.mjs';
import { summariseCpuProfile } from './lib/cpuprofile.mjs';

const SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_INGEST_CONNECTIONS ?? 24);
const BARE_CONNECTIONS = 8;
const WARMUP_SECONDS = 3;
const PROFILE = process.argv.includes('--profile');

runBench('ingest', async () => {
  header(`ingest: POST /api/reports vs bare INSERT (${SECONDS} s each${PROFILE ? ', profiling' : ''})`);
  const profDir = PROFILE ? benchDir('ingest-cpuprof') : undefined;
  const { databaseUrl, service, adminToken, db, collaborationId, pgPids } = await startStack('ingest', {
    statements: PROFILE, nodeArgs: PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
  });

  // --- the world: 3 organisations x 2 members, one area with a boundary ----------------------------------------
  const orgs = await createOrganisations(service.url, adminToken, { count: 3, roles: ['member', 'member'], tag: 'ingest' });
  const area = await api(service.url, 'POST', '/api/areas', { token: adminToken, body: { name: `Bench centrum ${process.pid}`, boundary: AREA_POLYGON }, expect: 201 });
  const users = orgs.flatMap((o) => o.users);

  // --- the same mix of rows for both: category, text length, place in/out of the area, severity, visibility ---------
  const rand = prng(20260101);
  const variants = Array.from({ length: 256 }, (_, i) => {
    const author = users[i % users.length];
    const v = rand();
    const visibility = v < 0.6 ? 'partners' : v < 0.85 ? 'organisations' : 'own';
    const other = orgs[(author.orgIndex + 1 + Math.floor(rand() * (orgs.length - 1))) % orgs.length];
    const loc = location(rand, 0.5);
    const body = {
      category: CATEGORIES[Math.floor(rand() * CATEGORIES.length)],
      description: description(rand, 8 + Math.floor(rand() * 60)),
      observedAt: new Date(Date.now() - Math.floor(rand() * 6 * 3600_000)).toISOString(),
      location: loc,
      ...(rand() < 0.7 && { severity: 1 + Math.floor(rand() * 5) }),
      ...(visibility !== 'partners' && { visibility }),
      ...(visibility === 'organisations' && { sharedWithOrganisationIds: [other.id] }),
    };
    return { author, body, json: JSON.stringify(body), idempotent: i % 4 === 3 };
  });
  const areaOf = (loc) => (loc.lat > 58.5 && loc.lat < 58.51 && loc.lng > 13.15 && loc.lng < 13.17 ? area.body.id : null);

  const stats = async () => {
    const [d] = (await db.query(`SELECT xact_commit::bigint AS xact, tup_inserted::bigint AS ins, tup_updated::bigint AS upd
                                  FROM pg_stat_database WHERE datname = current_database()`)).rows;
    const t = (await db.query('SELECT relname, n_tup_ins::bigint AS ins, n_tup_upd::bigint AS upd FROM pg_stat_user_tables')).rows;
    return { xact: Number(d.xact), ins: Number(d.ins), upd: Number(d.upd), tables: Object.fromEntries(t.map((r) => [r.relname, { ins: Number(r.ins), upd: Number(r.upd) }])) };
  };

  // --- bare INSERT: 8 connections, the same rows, same table ------------------------------------------------------
  const bare = async (label) => {
    await db.query('VACUUM (ANALYZE)'); // so that autovacuum does not pick this phase to start
    const clients = await Promise.all(Array.from({ length: BARE_CONNECTIONS }, async () => {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      return c;
    }));
    const lat = [];
    let rows = 0;
    let k = 0;
    const meter = cpuMeter({ postgres: pgPids });
    const t0 = now();
    const end = t0 + SECONDS * 1000;
    await Promise.all(clients.map(async (c) => {
      while (now() < end) {
        const { author, body } = variants[k++ % variants.length];
        const shared = (body.sharedWithOrganisationIds ?? []).filter((id) => id !== author.orgId);
        const s = now();
        await c.query(
          `INSERT INTO reports (collaboration_id, category, description, observed_at, severity, status, visibility, shared_with,
                                place_id, area_id, lat, lng, organisation_id, author_id)
           VALUES ($1,$2,$3,$4,$5,'new',$6,$7,$8,$9,$10,$11,$12,$13)`,
          [collaborationId, body.category, body.description, body.observedAt, body.severity ?? 2, body.visibility ?? 'partners', shared,
            null, areaOf(body.location), body.location.lat, body.location.lng, author.orgId, author.id],
        );
        lat.push(now() - s);
        rows++;
      }
    }));
    const elapsed = (now() - t0) / 1000;
    const cpu = meter.stop();
    await Promise.all(clients.map((c) => c.end()));
    const p = percentiles(lat);
    const r = { label, rows, rate: rows / elapsed, p50: p.p50, p99: p.p99, cpu, pgCpuPerRow: (cpu.postgres * elapsed * 1000) / Math.max(1, rows) };
    console.log(`${label}: ${fmt.int(r.rate)} rows/s (${fmt.int(rows)} rows in ${elapsed.toFixed(1)} s), p50 ${fmt.ms(p.p50)}, p99 ${fmt.ms(p.p99)}, postgres CPU ${fmt.pct(cpu.postgres)} of a core, other processes ${cpu.others.toFixed(2)} cores`);
    return r;
  };

  // --- HTTP: autocannon, several users of different organisations, varying bodies ----------------------------------
  const firstFailures = [];
  const http = (seconds, label, { url = service.url, connections = CONNECTIONS } = {}) => new Promise((ok, fail) => {
    let i = 0;
    const statusCounts = {};
    const inst = autocannon({
      url: `${url}/api/reports`,
      method: 'POST',
      connections,
      duration: seconds,
      headers: { 'content-type': 'application/json' },
      requests: [{
        setupRequest: (req) => {
          const v = variants[i++ % variants.length];
          const headers = { ...req.headers, authorization: `Bearer ${v.author.token}` };
          if (v.idempotent) headers['idempotency-key'] = randomUUID();
          return { ...req, headers, body: v.json };
        },
        onResponse: (status, body) => {
          statusCounts[status] = (statusCounts[status] ?? 0) + 1;
          if (status !== 201 && firstFailures.length < 3) firstFailures.push(`${status} ${String(body).slice(0, 300)}`);
        },
      }],
    }, (err, res) => (err ? fail(err) : ok({ label, res, statusCounts })));
    autocannon.track(inst, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
  });

  const bare1 = await bare('bare INSERT (before)');
  if (process.argv.includes('--what-if-only')) return { whatIf: await whatIf({ db, databaseUrl, collaborationId, variants, areaOf, bareRate: bare1.rate }) };
  const s0 = await stats();
  if (PROFILE) await db.query('SELECT pg_stat_statements_reset()');
  console.log(`warm-up: ${WARMUP_SECONDS} s of HTTP (not counted)`);
  const warm = await http(WARMUP_SECONDS, 'warm-up');
  await db.query('VACUUM (ANALYZE)');
  const meter = cpuMeter({ server: [service.pid], postgres: pgPids });
  const split0 = cpuSplitOf(service.pid);
  const window = { fromUs: Number(process.hrtime.bigint() / 1000n) };
  const sampler = sampleActivity(db);
  const main = await http(SECONDS, 'HTTP');
  const activity = await sampler.stop();
  window.toUs = Number(process.hrtime.bigint() / 1000n);
  const cpu = meter.stop();
  const split1 = cpuSplitOf(service.pid);
  const systemShare = (split1.system - split0.system) / Math.max(1, split1.system - split0.system + split1.user - split0.user);
  const rss = rssOf(service.pid);
  await sleep(300);
  const rssSettled = rssOf(service.pid);
  const bare2 = await bare('bare INSERT (after)');
  await sleep(500);
  const s1 = await stats();

  const res = main.res;
  const ok2xx = res['2xx'];
  const httpRate = ok2xx / res.duration;
  const bareRate = (bare1.rate + bare2.rate) / 2;
  const ratio = httpRate / bareRate;
  const errors = res.errors + res.timeouts + res.non2xx;
  const requests = warm.res.requests.total + res.requests.total;
  const perReq = (x) => x / Math.max(1, requests);
  const serverXact = s1.xact - s0.xact - bare2.rows; // each bare INSERT is one transaction
  const tableRows = Object.entries(s1.tables)
    .map(([t, v]) => [t, v.ins - (s0.tables[t]?.ins ?? 0) - (t === 'reports' ? bare2.rows : 0), v.upd - (s0.tables[t]?.upd ?? 0)])
    .filter(([, ins, upd]) => ins > 0 || upd > 0)
    .map(([t, ins, upd]) => [t, (ins / requests).toFixed(2), (upd / requests).toFixed(2)]);

  console.log('');
  console.log(table([
    ['bare INSERT, 8 connections (mean of before/after)', `${fmt.int(bareRate)}/s`, fmt.ms((bare1.p50 + bare2.p50) / 2), fmt.ms((bare1.p99 + bare2.p99) / 2), '0'],
    [`POST /api/reports, ${CONNECTIONS} connections`, `${fmt.int(httpRate)}/s`, fmt.ms(res.latency.p50), fmt.ms(res.latency.p99), String(errors)],
  ], ['', 'rate', 'p50', 'p99', 'errors/non-2xx']));
  console.log(`\nratio HTTP / bare: ${fmt.pct(ratio)}  (target >= 15%; < 5% is a defect) -> ${ratio >= 0.15 ? 'OK' : ratio < 0.05 ? 'DEFECT' : 'BELOW TARGET'}`);
  console.log(`errors ${res.errors}, timeouts ${res.timeouts}, non-2xx ${res.non2xx}; statuses ${JSON.stringify(main.statusCounts)}${errors ? ' -> FAIL (must be 0)' : ''}`);
  for (const f of firstFailures) console.log(`  first failures: ${f}`);
  console.log(`during HTTP: server CPU ${fmt.pct(cpu.server)} of a core, postgres CPU ${fmt.pct(cpu.postgres)} of a core, autocannon ${fmt.pct(cpu.bench)}; machine ${fmt.pct(cpu.machine)} of 2 cores busy, of which other processes (not this benchmark) ${cpu.others.toFixed(2)} cores`);
  const cpuPerRequest = (cpu.server * res.duration * 1000) / Math.max(1, res.requests.total);
  console.log(`server CPU per request: ${fmt.ms(cpuPerRequest)} (one core could serve at most ${fmt.int(1000 / cpuPerRequest)}/s at this cost), ` +
    `${fmt.pct(systemShare)} of it in the kernel (system time: socket writes and reads)`);
  const pgCpuPerRequest = (cpu.postgres * res.duration * 1000) / Math.max(1, res.requests.total);
  const barePgCpu = (bare1.pgCpuPerRow + bare2.pgCpuPerRow) / 2;
  console.log(`PostgreSQL CPU per request: ${fmt.ms(pgCpuPerRequest)} (a bare INSERT: ${fmt.ms(barePgCpu)} per row, ${fmt.x(pgCpuPerRequest / barePgCpu)}); ` +
    `server + PostgreSQL: ${fmt.ms(cpuPerRequest + pgCpuPerRequest)} per report, so 2 cores cannot pass ~${fmt.int(2000 / (cpuPerRequest + pgCpuPerRequest))}/s`);
  console.log(`server RSS after the run: ${fmt.mb(rss)} (${fmt.mb(rssSettled)} 0.3 s later)`);
  console.log(`per request: ${perReq(serverXact).toFixed(2)} PostgreSQL transactions (each autocommit statement is one), rows written:`);
  console.log(table(tableRows, ['table', 'inserted/request', 'updated/request']).replace(/^/gm, '  '));

  console.log(`what the service's PostgreSQL connections were doing (${activity.samples} samples of pg_stat_activity, mean connections per state):`);
  console.log(table(activity.rows.map((r) => [r.state, r.mean.toFixed(2), fmt.pct(r.share)]), ['state / wait', 'connections', 'share']).replace(/^/gm, '  '));

  let profile;
  if (PROFILE) {
    await statementsReport({ db, requests });
    // What-if: two service processes (the design's scale-out) on the same database, half the connections each.
    header('what-if: two service processes on the same PostgreSQL');
    const second = await startService({ env: { DATABASE_URL: databaseUrl } });
    await http(WARMUP_SECONDS, 'warm-up', { url: second.url, connections: CONNECTIONS / 2 });
    const [a, b] = await Promise.all([
      http(SECONDS, 'node A', { connections: CONNECTIONS / 2 }),
      http(SECONDS, 'node B', { url: second.url, connections: CONNECTIONS / 2 }),
    ]);
    await second.stop();
    const twoRate = a.res['2xx'] / a.res.duration + b.res['2xx'] / b.res.duration;
    const twoErrors = a.res.non2xx + b.res.non2xx + a.res.errors + b.res.errors;
    console.log(`two nodes, ${CONNECTIONS / 2} connections each: ${fmt.int(twoRate)}/s together (${fmt.pct(twoRate / bareRate)} of bare; one node: ${fmt.int(httpRate)}/s), errors ${twoErrors}`);
    profile = (await profileReport({ service, profDir, window })) ?? {};
    profile.twoNodesRate = twoRate;
    profile.whatIf = await whatIf({ db, databaseUrl, collaborationId, variants, areaOf, bareRate });
  }

  return {
    failed: errors > 0,
    httpRate, bareRate, ratio, p50: res.latency.p50, p99: res.latency.p99, errors, rssBytes: rss,
    activity: activity.rows, xactPerRequest: perReq(serverXact), serverCpu: cpu.server, postgresCpu: cpu.postgres, otherCores: cpu.others, cpuPerRequestMs: cpuPerRequest, serverSystemShare: systemShare, pgCpuPerRequestMs: pgCpuPerRequest, barePgCpuPerRowMs: barePgCpu, connections: CONNECTIONS, profile,
  };
});

/**
 * What-if, with bare `pg` and no HTTP/Nest at all: the statements the service runs per report, from as many
 * connections as the HTTP run used, (a) as the service issues them (BEGIN; INSERT report; INSERT history; INSERT audit;
 * counter+event CTE; COMMIT), (b) the same with 2 ms between the counter CTE and COMMIT (what a busy event loop adds
 * while the counter row stays locked), and (c) all of it as ONE autocommit statement (data-modifying CTEs), where
 * the counter row is locked only inside PostgreSQL, from the UPDATE to the commit of that statement.
 */
async function whatIf({ db, databaseUrl, collaborationId, variants, areaOf, bareRate }) {
  header(`what-if: the write pattern of commit 198078f from bare pg, ${CONNECTIONS} connections, 5 s each`);
  const payload = { category: 'vandalism', description: 'x'.repeat(300), status: 'new', visibility: 'partners', location: { lat: 58.5, lng: 13.16 },
    organisation: { id: collaborationId, name: 'Bench org', kind: 'police' }, author: { id: collaborationId, name: 'Bench user' }, version: 1 };
  const history = JSON.stringify([{ field: 'category', from: null, to: 'vandalism' }, { field: 'description', from: null, to: 'x'.repeat(300) }]);
  const rowParams = (v) => {
    const b = v.body;
    return [collaborationId, b.category, b.description, b.observedAt, b.severity ?? 2, b.visibility ?? 'partners',
      (b.sharedWithOrganisationIds ?? []).filter((id) => id !== v.author.orgId), null, areaOf(b.location), b.location.lat, b.location.lng, v.author.orgId, v.author.id];
  };
  const INSERT = `INSERT INTO reports (collaboration_id, category, description, observed_at, severity, status, visibility, shared_with,
                   place_id, area_id, lat, lng, organisation_id, author_id) VALUES ($1,$2,$3,$4,$5,'new',$6,$7,$8,$9,$10,$11,$12,$13) RETURNING *`;
  // The patterns replay the write path of commit 198078f (counter in the last statement); a later schema may add
  // triggers to events (e.g. seq assigned at commit) that would do that work twice, so user triggers are disabled.
  await db.query('CREATE SEQUENCE IF NOT EXISTS bench_whatif_seq START 1000000000');
  await db.query('ALTER TABLE events DISABLE TRIGGER USER');
  const oneStatement = async (c, v, sequence = false, notify = true) => {
    const p = rowParams(v);
    await c.query(`WITH c AS (${sequence ? "SELECT nextval('bench_whatif_seq') AS last_seq" : 'UPDATE event_counters SET last_seq = last_seq + 1 WHERE collaboration_id = $1 RETURNING last_seq'}),
      r AS (INSERT INTO reports (collaboration_id, category, description, observed_at, severity, status, visibility, shared_with,
              place_id, area_id, lat, lng, organisation_id, author_id, seq)
            SELECT $1,$2,$3,$4,$5,'new',$6,$7,$8,$9,$10,$11,$12,$13, c.last_seq FROM c RETURNING *),
      h AS (INSERT INTO report_history (collaboration_id, report_id, actor_id, actor_organisation_id, action, changes)
            SELECT $1, r.id, $13, $12, 'created', $14::jsonb FROM r),
      a AS (INSERT INTO audit_log (collaboration_id, user_id, organisation_id, action, entity_type, entity_id, ip)
            SELECT $1, $13, $12, 'report.create', 'report', r.id, '127.0.0.1' FROM r),
      e AS (INSERT INTO events (collaboration_id, seq, type, entity_id, subject_id, visibility, organisation_id, shared_with, area_id, place_id, category, severity, payload)
            SELECT $1, r.seq, 'report:created', r.id, r.id, r.visibility, r.organisation_id, r.shared_with, r.area_id, r.place_id, r.category, r.severity,
                   jsonb_set($15::jsonb, '{seq}', to_jsonb(r.seq)) FROM r RETURNING seq, at)
      SELECT r.*, e.at${notify ? ", pg_notify('bench_whatif', $1 || ':' || e.seq)" : ''} FROM r, e`, [...p, history, payload]);
  };
  const patterns = {
    'as the service does it (6 round trips, counter locked until COMMIT)': async (c, v, delay) => {
      await c.query('BEGIN');
      const { rows: [r] } = await c.query(INSERT, rowParams(v));
      await c.query('INSERT INTO report_history (collaboration_id, report_id, actor_id, actor_organisation_id, action, changes) VALUES ($1,$2,$3,$4,$5,$6)',
        [collaborationId, r.id, v.author.id, v.author.orgId, 'created', history]);
      await c.query(`INSERT INTO audit_log (collaboration_id, user_id, organisation_id, action, entity_type, entity_id, entity_ids, ip, request_id, details)
                     VALUES ($1,$2,$3,'report.create','report',$4,NULL,'127.0.0.1',NULL,NULL)`, [collaborationId, v.author.id, v.author.orgId, r.id]);
      await c.query(`WITH c AS (UPDATE event_counters SET last_seq = last_seq + 1 WHERE collaboration_id = $1 RETURNING last_seq),
        ins AS (INSERT INTO events (collaboration_id, seq, type, entity_id, subject_id, visibility, organisation_id, shared_with, area_id, place_id, category, severity, payload)
                SELECT $1, c.last_seq, 'report:created', $2, $2, $3, $4, $5, $6, NULL, $7, $8, jsonb_set($9::jsonb, '{seq}', to_jsonb(c.last_seq)) FROM c RETURNING seq, at),
        stamped AS (UPDATE reports SET seq = (SELECT last_seq FROM c) WHERE id = $2)
        SELECT ins.seq, ins.at, pg_notify('bench_whatif', $1 || ':' || ins.seq) FROM ins`,
      [collaborationId, r.id, r.visibility, r.organisation_id, r.shared_with, r.area_id, r.category, r.severity, payload]);
      if (delay) await sleep(delay);
      await c.query('COMMIT');
    },
    'the same with 2 ms between the counter and COMMIT': 2,
    'one autocommit statement (counter locked only inside PostgreSQL)': oneStatement,
    'one autocommit statement, 4 connections instead of 24': [oneStatement, 4],
    'no counter row: seq from a sequence, one statement (needs the xid8 snapshot reader)': async (c, v) => oneStatement(c, v, true),
    'the same without pg_notify': async (c, v) => oneStatement(c, v, true, false),
    // From here on the bench database has no foreign keys from reports/events to collaborations: every report
    // otherwise share-locks (FOR KEY SHARE) the one collaborations row that all writers touch, and concurrent
    // share-lockers of one row make PostgreSQL build MultiXacts.
    'sequence, one statement, no FKs from reports/events to collaborations': { setup: DROP_COLLABORATION_FKS, fn: async (c, v) => oneStatement(c, v, true) },
    'as the service does it, no FKs from reports/events to collaborations': { fn: (c, v) => patterns[Object.keys(patterns)[0]](c, v) },
    'one autocommit statement with the counter, no FKs to collaborations': { fn: (c, v) => oneStatement(c, v) },
  };
  const rows = [];
  for (const [label, pattern] of Object.entries(patterns)) {
    if (pattern.setup) await db.query(pattern.setup);
    await db.query('VACUUM (ANALYZE)'); // the same starting state for every pattern
    const [fn0, connections = CONNECTIONS] = Array.isArray(pattern) ? pattern : [pattern.fn ?? pattern];
    const fn = typeof fn0 === 'number' ? (c, v) => patterns[Object.keys(patterns)[0]](c, v, fn0) : fn0;
    const clients = await Promise.all(Array.from({ length: connections }, async () => {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      return c;
    }));
    let n = 0;
    let k = 0;
    const sampler = sampleActivity(db);
    const t0 = now();
    const end = t0 + 5000;
    await Promise.all(clients.map(async (c) => {
      while (now() < end) {
        await fn(c, variants[k++ % variants.length]);
        n++;
      }
    }));
    const rate = n / ((now() - t0) / 1000);
    const activity = await sampler.stop();
    await Promise.all(clients.map((c) => c.end()));
    const waits = activity.rows.filter((r) => r.state.startsWith('active: waiting')).slice(0, 2)
      .map((r) => `${r.state.replace('active: waiting on ', '')} ${r.mean.toFixed(1)}`).join(', ');
    rows.push([label, `${fmt.int(rate)}/s`, fmt.pct(rate / bareRate), waits]);
    console.log(`${label}: ${fmt.int(rate)} reports/s`);
  }
  console.log('');
  console.log(table(rows, ['pattern (bare pg, no HTTP)', 'reports/s', 'vs bare INSERT', 'main waits (mean connections)']));
  return rows;
}

const DROP_COLLABORATION_FKS = `DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT conrelid::regclass AS t, conname FROM pg_constraint
           WHERE contype = 'f' AND confrelid = 'collaborations'::regclass AND conrelid IN ('reports'::regclass, 'events'::regclass) LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.t, r.conname);
  END LOOP; END $$`;

/**
 * Samples pg_stat_activity every 50 ms while the HTTP run lasts: how many of the service's connections are running,
 * waiting for a lock, or idle in a transaction (PostgreSQL waiting for Node, with the transaction's locks held).
 */
function sampleActivity(db) {
  const counts = new Map();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const rows = (await db.query(`SELECT CASE WHEN state = 'active' AND wait_event_type IS NULL THEN 'active: running'
                                               WHEN state = 'active' THEN 'active: waiting on ' || wait_event_type || ':' || wait_event
                                               ELSE state END AS s, count(*)::int AS n
                                      FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
                                       AND backend_type = 'client backend' GROUP BY 1`)).rows;
      samples++;
      for (const r of rows) counts.set(r.s, (counts.get(r.s) ?? 0) + r.n);
      await sleep(50);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const rows = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([state, n]) => ({ state, mean: n / samples, share: n / total }));
      return { samples, rows };
    },
  };
}

async function statementsReport({ db, requests }) {
  header('profile: statements per request (pg_stat_statements)');
  const rows = (await db.query(`SELECT calls, total_exec_time, mean_exec_time, rows, regexp_replace(query, '\\s+', ' ', 'g') AS q
                                FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                                ORDER BY total_exec_time DESC LIMIT 25`)).rows;
  console.log(table(rows.filter((r) => Number(r.calls) >= requests * 0.05).map((r) => [
    (Number(r.calls) / requests).toFixed(2), Number(r.mean_exec_time).toFixed(3), Number(r.total_exec_time).toFixed(0), r.q.slice(0, 110),
  ]), ['calls/req', 'mean ms', 'total ms', 'statement']));
}

async function profileReport({ service, profDir, window }) {
  await service.stop();
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) {
    console.log('no CPU profile was written');
    return undefined;
  }
  header('profile: server CPU by self time, during the measured HTTP run');
  const summary = summariseCpuProfile(join(profDir, file), window);
  console.log(`server main thread busy ${fmt.pct(summary.busyUs / (summary.busyUs + summary.idleUs))} of the window`);
  console.log(table(summary.byPackage.slice(0, 15).map((r) => [r.name, fmt.pct(r.share)]), ['package / area', 'self time']));
  console.log('');
  console.log(table(summary.byFunction.slice(0, 25).map((r) => [fmt.pct(r.share), r.name, r.where]), ['self', 'function', 'where']));
  // Inclusive time of the steps a request goes through (middleware, guard, pipe, service, database client).
  const interesting = /^(app |@nestjs|express|router|helmet|pino|class-validator|class-transformer|jsonwebtoken|typeorm|pg$|pg-protocol)/;
  const steps = summary.byInclusive.filter((r) => interesting.test(r.area) && r.share >= 0.01 && !/^(next|handle|dispatch|trim_prefix|processParams|(anonymous))$/.test(r.name)).slice(0, 30);
  console.log('');
  console.log(table(steps.map((r) => [fmt.pct(r.share), r.name, r.where]), ['inclusive', 'function', 'where']));
  return { topPackages: summary.byPackage.slice(0, 10), topFunctions: summary.byFunction.slice(0, 15), steps: steps.slice(0, 20) };
}
