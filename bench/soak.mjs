// The soak: a bounded run of the whole system under a steady, mixed load, checked for correctness, not speed.
//
//   npm run soak                                  (builds the server first)
//   node bench/soak.mjs [--minutes 3] [--sockets 1200] [--rate 16] [--churn 0.02]
//
// One embedded PostgreSQL and TWO service nodes on loopback (same DATABASE_URL and JWT_SECRET; the nodes share the
// live feed through PostgreSQL's NOTIFY). A collaboration of 4 organisations x 4 users (coordinator, two members,
// admin), each user subscribed to everything; --sockets /feed clients spread over both nodes, each resuming as the
// web client does. For --minutes: --rate operations a second over both nodes, half writes (reports posted with an
// Idempotency-Key, some posted twice; status changes; comments; a stale PATCH that must be a 409) and half reads
// (lists, one report, history, comments, the audit log, a report hidden from the reader that must be a 404); every
// 10 s a --churn share of the sockets drops (half cleanly, half by closing the transport) and reconnects to the
// OTHER node, resuming from the last seq it saw. Each node's RSS and JS heap (/api/metrics) is sampled throughout.
//
// At the end it fails (exit 1) on any of: an HTTP answer other than the expected one (no 5xx; a 4xx only where the
// request was meant to be refused), an error logged by a node, a socket lost or refused, a write acknowledged but
// not in the event log or an event in the log that no write acknowledged, a live delivery missing, duplicated, out
// of seq order, unexpected or wrong (compared per client with the event log in SQL, through the visibility rule),
// or memory growth beyond MEMORY_BOUND after the warm-up. No timing is asserted: the machine is shared and noisy.
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  ADMIN, CATEGORIES, cpuMeter, createDatabase, createOrganisations, description, fmt, forkHelper, header, inspectorOf, location, login, now,
  percentiles, postgresPids, prng, rssOf, runBench, sleep, startPostgres, startService, table,
} from './lib/common.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} takes a positive number`);
  return v;
};
const MINUTES = arg('minutes', 3);
const SOCKETS = Math.round(arg('sockets', 1200));
const RATE = arg('rate', 16); // operations per second, both nodes together
const CHURN = arg('churn', 0.02); // share of the sockets dropped and reconnected every CHURN_EVERY_MS
const CHURN_EVERY_MS = 10_000;
const PROCS = 2; // client processes
const MAX_INFLIGHT = 8; // operations in flight at most: a steady load, not a queue (on a busy machine the rate drops)
const SAMPLE_MS = Math.min(10_000, Math.max(2000, (MINUTES * 60_000) / 60));
const WARMUP = 0.25; // share of the run before memory is judged
const MEMORY_BOUND = 0.15; // growth of the mean from the first to the last third of the judged samples
const METRICS_TOKEN = 'soak-metrics-token-0123456789abcdef';
const CLIENT = join(fileURLToPath(new URL('.', import.meta.url)), 'lib', 'soak-client.mjs');
const TYPES = ['report:created', 'report:updated', 'comment:created', 'effort:created', 'effort:updated'];
const NEXT_STATUS = { new: 'acknowledged', acknowledged: 'in_progress', in_progress: 'resolved', resolved: 'closed' };
const COORDINATOR_ONLY = new Set(['acknowledged', 'in_progress']);

const openFiles = Number(/Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? 0);
if (openFiles && openFiles < SOCKETS + 500) console.error(`the open-files limit is ${openFiles}: raise it (ulimit -n 65536) or fewer sockets can connect`);

const stats = {}; // operation -> { n, status: { code: count }, unexpected, expected4xx, examples }

// No waiting for a quiet machine (runBench's default): nothing here is a timing.
runBench('soak', async () => {
  header(`soak: ${MINUTES} min, 2 nodes, ${SOCKETS} sockets, ${RATE} operations/s, ${fmt.pct(CHURN)} of the sockets reconnect every ${CHURN_EVERY_MS / 1000} s`);
  const rand = prng(20261203);
  const pick = (list) => list[Math.floor(rand() * list.length)];

  // --- PostgreSQL, two nodes, the world ------------------------------------------------------------------------------
  const pgsrv = await startPostgres('soak');
  const databaseUrl = await createDatabase(pgsrv, 'lagesbild');
  const env = { DATABASE_URL: databaseUrl, METRICS_TOKEN };
  const nodes = [];
  for (const name of ['A', 'B']) {
    // One after the other (A migrates the database). With an inspector on loopback: each memory sample follows a full GC.
    const node = await startService({ env, nodeArgs: ['--inspect=127.0.0.1:0'] });
    nodes.push({ name, ...node, inspector: await inspectorOf(node.output) });
  }
  console.log(`PostgreSQL on port ${pgsrv.port}; node A pid ${nodes[0].pid} at ${nodes[0].url}, node B pid ${nodes[1].pid} at ${nodes[1].url}`);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();

  const adminToken = await login(nodes[0].url, ADMIN.email, ADMIN.password);
  const orgs = await createOrganisations(nodes[0].url, adminToken, { count: 4, roles: ['coordinator', 'member', 'member', 'admin'], tag: 'soak' });
  const users = orgs.flatMap((o) => o.users);
  const coordinatorOf = new Map(orgs.map((o) => [o.id, o.users[0]]));
  const admins = orgs.map((o) => o.users[3]);
  for (const [i, u] of users.entries()) await call(nodes[i % 2], 'setup', 'POST', '/api/subscriptions', { token: u.token, body: {}, expect: [201] });
  const [{ collaboration_id: collaborationId }] = (await db.query('SELECT collaboration_id FROM users WHERE id = $1', [users[0].id])).rows;
  const seqBefore = await lastSeq();
  console.log(`${orgs.length} organisations, ${users.length} users, each subscribed to everything; the feed at seq ${seqBefore}`);

  // --- the sockets ---------------------------------------------------------------------------------------------------
  const clients = [];
  for (let i = 0; i < PROCS; i++) clients.push(await forkHelper(CLIENT));
  const procOf = (k) => k % PROCS;
  const nodeOf = Array.from({ length: SOCKETS }, (_, k) => Math.floor(k / PROCS) % 2);
  const userOf = (k) => users[k % users.length];
  let t = now();
  const connected = await Promise.all(clients.map((c, p) => c.request({
    cmd: 'connect', concurrency: 25,
    sockets: [...nodeOf.keys()].filter((k) => procOf(k) === p).map((k) => ({ key: k, token: userOf(k).token, url: nodes[nodeOf[k]].url })),
  }, 'connected')));
  const refused = connected.flatMap((c) => c.errors);
  if (refused.length) throw new Error(`${connected.reduce((n, c) => n + c.failed, 0)} sockets did not connect: ${refused.join('; ')}`);
  console.log(`${SOCKETS} sockets connected and resumed in ${fmt.ms(now() - t)} (${SOCKETS - nodeOf.reduce((a, b) => a + b, 0)} on A, ${nodeOf.reduce((a, b) => a + b, 0)} on B)`);

  // --- the run: operations, churn, memory samples --------------------------------------------------------------------
  const reports = new Map(); // id -> the driver's view of a report
  const reportList = [];
  const acked = new Map(); // seq -> { type, id } of every acknowledged write
  const ackProblems = [];
  const leaks = [];
  const samples = [];
  const churn = { rounds: 0, dropped: 0, failed: 0, errors: [] };
  const meter = cpuMeter({ nodes: nodes.map((n) => n.pid), postgres: () => postgresPids(pgsrv.port), clients: () => clients.map((c) => c.pid) });
  const t0 = now();
  const deadline = t0 + MINUTES * 60_000;
  const elapsed = () => (now() - t0) / 1000;

  const sampler = (async () => {
    while (now() < deadline) {
      await sample();
      await sleep(SAMPLE_MS);
    }
    await sample();
  })();
  // Churn rounds start every CHURN_EVERY_MS whether or not earlier ones are done (on a loaded machine a resume may
  // take long); a socket still reconnecting is not picked again until it is back.
  const churning = new Set();
  const rounds = new Map(); // round -> { left: client processes still reconnecting, keys }
  let roundsDone;
  const allRoundsDone = new Promise((ok) => (roundsDone = ok));
  let churnStopped = false;
  clients.forEach((c) => c.on((m) => {
    if (m.type !== 'churned') return;
    const r = rounds.get(m.round);
    churn.failed += m.failed;
    churn.errors.push(...m.errors);
    if (--r.left > 0) return;
    for (const k of r.keys) churning.delete(k);
    rounds.delete(m.round);
    if (churnStopped && !rounds.size) roundsDone();
  }));
  const churner = (async () => {
    for (let round = 1; now() + CHURN_EVERY_MS < deadline; round++) {
      await sleep(CHURN_EVERY_MS);
      const keys = new Set();
      const n = Math.min(Math.max(1, Math.round(SOCKETS * CHURN)), SOCKETS - churning.size);
      while (keys.size < n) {
        const k = Math.floor(rand() * SOCKETS);
        if (!churning.has(k)) keys.add(k);
      }
      for (const k of keys) {
        churning.add(k);
        nodeOf[k] = 1 - nodeOf[k];
      }
      rounds.set(round, { left: clients.length, keys });
      const pauseMs = 500 + Math.floor(rand() * 1500);
      clients.forEach((c, p) => c.child.send({
        cmd: 'churn', round, pauseMs,
        sockets: [...keys].filter((k) => procOf(k) === p).map((k) => ({ key: k, url: nodes[nodeOf[k]].url, abrupt: rand() < 0.5 })),
      }));
      churn.rounds = round;
      churn.dropped += keys.size;
    }
    churnStopped = true;
    if (!rounds.size) roundsDone();
    await allRoundsDone;
  })();
  const reporter = setInterval(() => {
    const last = samples.slice(-2).map((s) => `${s.node} RSS ${fmt.mb(s.rss)} heap ${fmt.mb(s.heap)}`).join(', ');
    console.log(`  ${elapsed().toFixed(0)} s: ${ops} operations (${acked.size} writes acknowledged), ${churn.dropped} reconnects; ${last}`);
  }, 30_000);

  let ops = 0;
  let waitedForInflight = 0;
  const inflight = new Set();
  while (now() < deadline) {
    const wait = t0 + (ops * 1000) / RATE - now();
    if (wait > 1) await sleep(wait);
    if (inflight.size >= MAX_INFLIGHT) {
      waitedForInflight++;
      await Promise.race(inflight);
      continue;
    }
    const p = operation(nodes[ops % 2]).finally(() => inflight.delete(p));
    inflight.add(p);
    ops++;
  }
  await Promise.all(inflight);
  const opsSeconds = elapsed();
  await Promise.all([sampler, churner]);
  const runSeconds = elapsed();
  const cpu = meter.stop();
  clearInterval(reporter);
  console.log(`run over after ${runSeconds.toFixed(0)} s: ${ops} operations (${(ops / opsSeconds).toFixed(1)}/s), ${acked.size} writes acknowledged, ` +
    `${churn.dropped} reconnects in ${churn.rounds} rounds`);

  // --- checks ----------------------------------------------------------------------------------------------------------
  // The event log as SQL has it, and who may see each event (the visibility rule; no report changes its audience here).
  const log = (await db.query(
    `SELECT seq, type, entity_id AS "entityId", visibility, organisation_id AS "organisationId", shared_with AS "sharedWith",
            payload->'organisation'->>'id' AS "payloadOrg"
       FROM events WHERE collaboration_id = $1 AND seq > $2 ORDER BY seq`, [collaborationId, seqBefore])).rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  const logBySeq = new Map(log.map((e) => [e.seq, e]));
  const canSee = (orgId, e) => e.visibility === 'partners' || e.organisationId === orgId || (e.visibility === 'organisations' && e.sharedWith.includes(orgId));

  // Writes: every acknowledged one is in the log as acknowledged, and the log holds nothing else.
  const lostWrites = [...acked].filter(([seq, a]) => !logBySeq.has(seq) || logBySeq.get(seq).type !== a.type || logBySeq.get(seq).entityId !== a.id);
  const phantoms = log.filter((e) => !acked.has(e.seq));

  // Deliveries: wait until the clients have what the log says they should, then compare client by client.
  // Every client connected before the first write, so every one should have started at seqBefore (checked below).
  const startSeqs = new Map();
  let expected = 0;
  for (let k = 0; k < SOCKETS; k++) for (const e of log) if (canSee(userOf(k).orgId, e)) expected++;
  const received = async () => (await Promise.all(clients.map((c) => c.request({ cmd: 'count' }, 'count')))).reduce((n, m) => n + m.count, 0);
  t = now();
  let got = -1;
  for (let stable = now(); now() - t < 120_000;) {
    const n = await received();
    if (n !== got) {
      got = n;
      stable = now();
    }
    if ((n >= expected && now() - stable > 2000) || now() - stable > 30_000) break;
    await sleep(250);
  }
  const parts = await Promise.all(clients.map((c) => c.request({ cmd: 'collect' }, 'collected')));
  const perKey = new Map();
  const clientState = parts.flatMap((p) => p.clients);
  for (const c of clientState) {
    startSeqs.set(c.key, c.startSeq);
    perKey.set(c.key, []);
  }
  for (const p of parts) {
    for (let i = 0; i < p.keys.length; i++) perKey.get(p.keys[i]).push(i, p);
  }
  const d = { expected: 0, received: 0, missing: 0, duplicates: 0, outOfOrder: 0, unexpected: 0, wrongRecord: 0, authorWrong: 0, beforeStart: 0 };
  const examples = [];
  for (let k = 0; k < SOCKETS; k++) {
    const org = userOf(k).orgId;
    const start = startSeqs.get(k);
    if (start !== seqBefore) d.beforeStart++; // every client connected before the first write: all start there
    const want = log.filter((e) => e.seq > start && canSee(org, e));
    const seen = new Set();
    let prev = -Infinity;
    const list = perKey.get(k);
    for (let j = 0; j < list.length; j += 2) {
      const i = list[j];
      const p = list[j + 1];
      const seq = p.seqs[i];
      const e = logBySeq.get(seq);
      d.received++;
      if (seen.has(seq)) d.duplicates++;
      else if (seq < prev) d.outOfOrder++;
      seen.add(seq);
      prev = Math.max(prev, seq);
      if (!e || seq <= start || !canSee(org, e)) {
        d.unexpected++;
        if (examples.length < 5) examples.push(`socket ${k}: seq ${seq} unexpected`);
        continue;
      }
      if (TYPES[(p.flags[i] >> 1) - 1] !== e.type || p.ids[i] !== parseInt(e.entityId.slice(0, 8), 16) >>> 0) d.wrongRecord++;
      if (((p.flags[i] & 1) === 1) !== (e.payloadOrg === org)) d.authorWrong++;
    }
    d.expected += want.length;
    for (const e of want) {
      if (!seen.has(e.seq)) {
        d.missing++;
        if (examples.length < 5) examples.push(`socket ${k} (${clientState.find((c) => c.key === k)?.connects} connections): seq ${e.seq} missing`);
      }
    }
  }
  const problems = parts.flatMap((p) => p.problems);
  const lostSockets = clientState.reduce((n, c) => n + c.lost, 0);
  const notConnected = clientState.filter((c) => !c.connected).length;
  const replayed = clientState.reduce((n, c) => n + c.replayed, 0);

  // Nodes: healthy, the sockets where the clients think they are, nothing logged at error level.
  const nodeRows = [];
  for (const [i, n] of nodes.entries()) {
    const health = await call(n, 'final', 'GET', '/api/health', { expect: [200] });
    const metrics = await call(n, 'final', 'GET', '/api/metrics', { token: METRICS_TOKEN, expect: [200] });
    const lines = n.output().split('\n').filter((l) => l.startsWith('{'));
    const levels = lines.map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        return {};
      }
    });
    const errorLines = levels.filter((l) => l.level >= 50);
    const warnings = levels.filter((l) => l.level === 40);
    nodeRows.push({
      name: n.name, health: health.status, sockets: metricOf(metrics.text, 'lagesbild_feed_connected_sockets'), expectedSockets: nodeOf.filter((x) => x === i).length,
      errors: errorLines.length, warnings: warnings.length, firstError: errorLines[0]?.msg ?? errorLines[0]?.err?.message,
      warningTexts: [...new Set(warnings.map((l) => String(l.msg ?? l.err?.message ?? '').slice(0, 200)))],
      events: metricOf(metrics.text, 'lagesbild_feed_events_total'),
    });
  }

  // Memory: after the warm-up, the mean of the last third against the first; and a linear fit, for information.
  const memory = [];
  for (const n of nodes) {
    const series = samples.filter((s) => s.node === n.name && s.t >= WARMUP * runSeconds);
    for (const what of ['rss', 'heap']) {
      const third = Math.max(1, Math.floor(series.length / 3));
      const mean = (xs) => xs.reduce((a, s) => a + s[what], 0) / Math.max(1, xs.length);
      const first = mean(series.slice(0, third));
      const last = mean(series.slice(-third));
      const growth = last / first - 1;
      memory.push({ node: n.name, what, first, last, growth, slope: slopePerMinute(series, what), samples: series.length, ok: series.length >= 3 && growth < MEMORY_BOUND });
    }
  }

  await Promise.all(clients.map((c) => c.request({ cmd: 'disconnect' }, 'disconnected')));
  await db.end();

  // --- report -----------------------------------------------------------------------------------------------------
  header('memory samples (MB; each after a full GC: RSS from /proc, JS heap used from /api/metrics)');
  const rows = [];
  for (const s of samples.filter((x) => x.node === 'A')) {
    const b = samples.find((x) => x.node === 'B' && x.round === s.round);
    const mb = (x) => (x / 2 ** 20).toFixed(1);
    const lagMs = (x) => (x * 1000).toFixed(0);
    rows.push([s.t.toFixed(0), mb(s.rss), mb(s.heap), s.sockets, lagMs(s.lagP99), b ? mb(b.rss) : '', b ? mb(b.heap) : '', b?.sockets ?? '', b ? lagMs(b.lagP99) : '',
      s.t < WARMUP * runSeconds ? 'warm-up' : '']);
  }
  console.log(table(rows, ['t (s)', 'A RSS', 'A heap', 'A sockets', 'A loop p99 ms', 'B RSS', 'B heap', 'B sockets', 'B loop p99 ms', '']));

  header('HTTP answers by operation');
  console.log(table(Object.entries(stats).map(([op, s]) => [op, s.n, Object.entries(s.status).map(([k, v]) => `${k}: ${v}`).join(', '), s.unexpected, s.examples[0] ?? '']),
    ['operation', 'requests', 'status', 'unexpected', 'first unexpected']));

  const httpUnexpected = Object.values(stats).reduce((n, s) => n + s.unexpected, 0);
  const http5xx = Object.values(stats).reduce((n, s) => n + Object.entries(s.status).filter(([k]) => k >= '500').reduce((a, [, v]) => a + v, 0), 0);
  const expected4xx = Object.values(stats).reduce((n, s) => n + s.expected4xx, 0);
  const checks = [
    ['HTTP requests', fmt.int(Object.values(stats).reduce((n, s) => n + s.n, 0)), `${fmt.int(http5xx)} 5xx, ${fmt.int(expected4xx)} 4xx as meant (404 hidden, 409 stale)`, 'none unexpected', httpUnexpected === 0],
    ['writes acknowledged', fmt.int(acked.size), `${lostWrites.length} not in the log as acknowledged; ${phantoms.length} events nobody acknowledged; ${ackProblems.length} idempotency mismatches`, '0 / 0 / 0',
      !lostWrites.length && !phantoms.length && !ackProblems.length],
    ['list/read answers', fmt.int(stats.list?.n ?? 0), `${leaks.length} records the reader may not see, or authors shown across organisations`, '0', !leaks.length],
    ['live deliveries', `${fmt.int(d.received)} / ${fmt.int(d.expected)}`, `missing ${d.missing}, duplicates ${d.duplicates}, out of order ${d.outOfOrder}, unexpected ${d.unexpected}, ` +
      `wrong record ${d.wrongRecord}, author wrong ${d.authorWrong} (${fmt.int(replayed)} came by replay)`, 'exact', !d.missing && !d.duplicates && !d.outOfOrder && !d.unexpected && !d.wrongRecord && !d.authorWrong],
    ['sockets', `${SOCKETS}, ${fmt.int(churn.dropped)} reconnects`, `${churn.failed} reconnects failed, ${lostSockets} lost, ${notConnected} not connected at the end, ${problems.length} client problems, ${d.beforeStart} started elsewhere`, '0',
      !churn.failed && !lostSockets && !notConnected && !problems.length && !d.beforeStart],
    ...nodeRows.map((r) => [`node ${r.name}`, `health ${r.health}, ${r.sockets} sockets (clients: ${r.expectedSockets})`, `${r.errors} errors, ${r.warnings} warnings logged; ${r.events} events fanned out`,
      '0 errors', r.health === 200 && r.errors === 0 && r.sockets === r.expectedSockets]),
    ...memory.map((m) => [`node ${m.node} ${m.what === 'rss' ? 'RSS' : 'JS heap used'}`, `${fmt.mb(m.first)} -> ${fmt.mb(m.last)}`,
      `${m.growth >= 0 ? '+' : ''}${fmt.pct(m.growth)} first to last third of ${m.samples} samples after ${fmt.pct(WARMUP)} warm-up; fit ${m.slope >= 0 ? '+' : ''}${(m.slope / 2 ** 20).toFixed(2)} MB/min`,
      `< ${fmt.pct(MEMORY_BOUND)}`, m.ok]),
  ];
  header('soak result');
  console.log(table(checks.map(([a, b, c, bound, ok]) => [a, b, c, bound, ok ? 'ok' : 'FAIL']), ['check', 'measured', 'details', 'bound', '']));
  for (const e of [...examples, ...problems.slice(0, 5), ...churn.errors.slice(0, 5), ...ackProblems.slice(0, 5), ...leaks.slice(0, 5),
    ...lostWrites.slice(0, 3).map(([seq, a]) => `acknowledged ${a.type} ${a.id} seq ${seq}: ${JSON.stringify(logBySeq.get(seq) ?? 'not in the log')}`),
    ...phantoms.slice(0, 3).map((e) => `in the log, never acknowledged: ${JSON.stringify(e)}`),
    ...nodeRows.filter((r) => r.firstError).map((r) => `node ${r.name} logged: ${r.firstError}`),
    ...nodeRows.flatMap((r) => r.warningTexts.slice(0, 3).map((w) => `node ${r.name} warned: ${w}`))]) console.log(`  ${e}`);
  console.log(`operations: ${fmt.int(ops)} in ${opsSeconds.toFixed(0)} s (${(ops / opsSeconds).toFixed(1)}/s of ${RATE}/s asked; the driver waited ${waitedForInflight} times for ` +
    `${MAX_INFLIGHT} operations in flight); client processes ${parts.map((p) => fmt.mb(p.memory)).join(' + ')} RSS`);
  const resume = Object.fromEntries(['connect', 'churn'].map((k) => [k, percentiles(parts.flatMap((p) => [...p.resumeMs[k]]))]));
  const said = (r) => `p50 ${fmt.ms(r.p50)}, p99 ${fmt.ms(r.p99)}, max ${fmt.ms(r.max)} (${r.n})`;
  console.log(`feed:resume answered in ${said(resume.connect)} at the first connections, ${said(resume.churn)} at the reconnections; ` +
    `client event-loop delay p99 ${parts.map((p) => fmt.ms(p.lagP99)).join(' / ')}, max ${parts.map((p) => fmt.ms(p.lagMax)).join(' / ')}`);
  const slowest = parts.flatMap((p) => p.slowest).sort((a, b) => b.ms - a.ms).slice(0, 3);
  console.log(`slowest resumes: ${slowest.map((r) => `${fmt.ms(r.ms)} (${r.phase}, after seq ${r.afterSeq}: ${r.replayed} replayed, up to ${r.lastSeq})`).join('; ')}`);
  console.log(`CPU during the run, in cores: both nodes ${cpu.nodes.toFixed(2)}, PostgreSQL ${cpu.postgres.toFixed(2)}, socket clients ${cpu.clients.toFixed(2)}, ` +
    `this driver ${cpu.bench.toFixed(2)}, other processes ${cpu.others.toFixed(2)} (machine ${fmt.pct(cpu.machine)} of ${availableParallelism()} cores)`);
  const failed = checks.some((c) => !c[4]);
  console.log(failed ? 'SOAK FAILED' : 'SOAK OK');
  return { failed, resume, minutes: MINUTES, sockets: SOCKETS, rate: RATE, ops, runSeconds, writes: acked.size, deliveries: d, churn: { ...churn, errors: churn.errors.length }, memory, nodes: nodeRows, httpUnexpected, http5xx, expected4xx };

  // --- operations ----------------------------------------------------------------------------------------------------

  async function lastSeq() {
    const { rows } = await db.query('SELECT last_seq FROM event_counters WHERE collaboration_id = $1', [collaborationId]);
    return Number(rows[0]?.last_seq ?? 0);
  }

  async function sample() {
    const round = samples.length / 2;
    for (const n of nodes) {
      await n.inspector.gc();
      const m = await call(n, 'metrics', 'GET', '/api/metrics', { token: METRICS_TOKEN, expect: [200] });
      samples.push({ round, t: elapsed(), node: n.name, rss: rssOf(n.pid), heap: metricOf(m.text, 'nodejs_heap_size_used_bytes'),
        sockets: metricOf(m.text, 'lagesbild_feed_connected_sockets'), lagP99: metricOf(m.text, 'nodejs_eventloop_lag_p99_seconds') });
    }
  }

  /** One operation of the mix, on `node`. */
  async function operation(node) {
    const x = rand();
    const some = reportList.length > 0;
    if (x < 0.18 || !some) return postReport(node);
    if (x < 0.32) return changeStatus(node);
    if (x < 0.46) return comment(node);
    if (x < 0.48) return stalePatch(node);
    if (x < 0.62) return list(node);
    if (x < 0.76) return readOne(node);
    if (x < 0.84) return readHistory(node);
    if (x < 0.90) return readComments(node);
    if (x < 0.95) return call(node, 'audit', 'GET', '/api/audit?limit=20', { token: pick(admins).token, expect: [200] });
    return readHidden(node);
  }

  function ack(seq, type, id, what) {
    const prior = acked.get(seq);
    if (prior && (prior.type !== type || prior.id !== id)) ackProblems.push(`${what}: seq ${seq} acknowledged for ${type} ${id} and for ${prior.type} ${prior.id}`);
    acked.set(seq, { type, id });
  }

  async function postReport(node) {
    const author = pick(users);
    const v = rand();
    const visibility = v < 0.6 ? 'partners' : v < 0.8 ? 'organisations' : 'own';
    const body = {
      category: pick(CATEGORIES), description: description(rand, 8 + Math.floor(rand() * 20)), observedAt: new Date(Date.now() - 60_000).toISOString(),
      location: location(rand, 0.5), severity: 1 + Math.floor(rand() * 5), visibility,
      ...(visibility === 'organisations' && { sharedWithOrganisationIds: orgs.filter((o) => o.id !== author.orgId && rand() < 0.5).map((o) => o.id) }),
    };
    const key = randomUUID();
    const res = await call(node, 'post report', 'POST', '/api/reports', { token: author.token, body, key, expect: [201] });
    if (res.status !== 201) return;
    const r = { id: res.body.id, author, orgId: author.orgId, visibility, sharedWith: body.sharedWithOrganisationIds ?? [], version: res.body.version, status: res.body.status, busy: false };
    ack(res.body.seq, 'report:created', r.id, 'post');
    reports.set(r.id, r);
    reportList.push(r);
    if (rand() < 0.15) {
      // The same key and body again (a client retrying after a lost answer), on the other node: the first answer.
      const again = await call(nodes[(nodes.indexOf(node) + 1) % 2], 'post report again', 'POST', '/api/reports', { token: author.token, body, key, expect: [201] });
      if (again.status === 201 && (again.body.id !== r.id || again.body.seq !== res.body.seq)) {
        ackProblems.push(`Idempotency-Key ${key}: first ${r.id} seq ${res.body.seq}, again ${again.body.id} seq ${again.body.seq}`);
      }
    }
  }

  async function changeStatus(node) {
    const r = pickReport((x) => !x.busy && x.status !== 'closed');
    if (!r) return postReport(node);
    const status = NEXT_STATUS[r.status];
    const by = COORDINATOR_ONLY.has(status) ? coordinatorOf.get(r.orgId) : r.author;
    r.busy = true;
    try {
      const res = await call(node, 'patch status', 'PATCH', `/api/reports/${r.id}`, { token: by.token, body: { version: r.version, status }, expect: [200] });
      if (res.status !== 200) return;
      r.version = res.body.version;
      r.status = res.body.status;
      ack(res.body.seq, 'report:updated', r.id, 'patch');
    } finally {
      r.busy = false;
    }
  }

  async function stalePatch(node) {
    const r = pickReport((x) => x.version >= 2);
    if (!r) return list(node);
    await call(node, 'stale patch (409)', 'PATCH', `/api/reports/${r.id}`, { token: r.author.token, body: { version: r.version - 1, severity: 3 }, expect: [409] });
  }

  async function comment(node) {
    const r = pickReport();
    const by = pick(users.filter((u) => mayRead(u, r)));
    const res = await call(node, 'comment', 'POST', `/api/reports/${r.id}/comments`, {
      token: by.token, key: randomUUID(), body: { body: description(rand, 5 + Math.floor(rand() * 12)) }, expect: [201],
    });
    if (res.status === 201) ack(res.body.seq, 'comment:created', res.body.id, 'comment');
  }

  async function list(node) {
    const by = pick(users);
    const res = await call(node, 'list', 'GET', '/api/reports?limit=20', { token: by.token, expect: [200] });
    for (const item of res.body?.items ?? []) {
      const r = reports.get(item.id);
      if (r && !mayRead(by, r)) leaks.push(`${by.email} listed report ${item.id} (${r.visibility})`);
      if ((item.author !== null) !== (item.organisation?.id === by.orgId)) leaks.push(`${by.email} listed report ${item.id} with author ${JSON.stringify(item.author)}`);
    }
  }

  async function readOne(node) {
    const r = pickReport();
    const by = pick(users.filter((u) => mayRead(u, r)));
    const res = await call(node, 'get report', 'GET', `/api/reports/${r.id}`, { token: by.token, expect: [200] });
    if (res.status === 200 && res.body.id !== r.id) leaks.push(`GET ${r.id} answered ${res.body.id}`);
  }

  async function readHistory(node) {
    const r = pickReport();
    await call(node, 'history', 'GET', `/api/reports/${r.id}/history`, { token: pick(users.filter((u) => mayRead(u, r))).token, expect: [200] });
  }

  async function readComments(node) {
    const r = pickReport();
    await call(node, 'comments', 'GET', `/api/reports/${r.id}/comments?limit=20`, { token: pick(users.filter((u) => mayRead(u, r))).token, expect: [200] });
  }

  async function readHidden(node) {
    const r = pickReport((x) => users.some((u) => !mayRead(u, x)));
    if (!r) return list(node);
    await call(node, 'hidden report (404)', 'GET', `/api/reports/${r.id}`, { token: pick(users.filter((u) => !mayRead(u, r))).token, expect: [404] });
  }

  function mayRead(u, r) {
    return r.visibility === 'partners' || r.orgId === u.orgId || (r.visibility === 'organisations' && r.sharedWith.includes(u.orgId));
  }

  function pickReport(ok = () => true) {
    for (let tries = 0; tries < 20; tries++) {
      const r = pick(reportList);
      if (r && ok(r)) return r;
    }
    return reportList.find(ok);
  }
}, { quiet: false });

// ---------------------------------------------------------------------------------------------------------------------

/** One HTTP request, counted under `op`; any status outside `expect` (or a failed request) is an unexpected answer. */
async function call(node, op, method, path, { token, body, key, expect }) {
  const s = (stats[op] ??= { n: 0, status: {}, unexpected: 0, expected4xx: 0, examples: [] });
  s.n++;
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (key) headers['idempotency-key'] = key;
  let status;
  let text;
  try {
    const res = await fetch(node.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    status = res.status;
    text = await res.text();
  } catch (e) {
    status = 'failed';
    text = String(e?.cause?.message ?? e?.message ?? e);
  }
  s.status[status] = (s.status[status] ?? 0) + 1;
  if (!expect.includes(status)) {
    s.unexpected++;
    if (s.examples.length < 3) s.examples.push(`node ${node.name} ${method} ${path}: ${status} ${text.slice(0, 160)}`);
  } else if (status >= 400) {
    s.expected4xx++;
  }
  let json;
  try {
    json = text && status !== 'failed' && text[0] === '{' ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status, body: json, text };
}

/** One sample (no labels) out of Prometheus text. */
function metricOf(text, name) {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text ?? '');
  return m ? Number(m[1]) : NaN;
}

/** Least-squares slope of `what` over the samples' time, per minute. */
function slopePerMinute(series, what) {
  const n = series.length;
  if (n < 2) return NaN;
  const mx = series.reduce((a, s) => a + s.t, 0) / n;
  const my = series.reduce((a, s) => a + s[what], 0) / n;
  const sxy = series.reduce((a, s) => a + (s.t - mx) * (s[what] - my), 0);
  const sxx = series.reduce((a, s) => a + (s.t - mx) ** 2, 0);
  return sxx ? (sxy / sxx) * 60 : NaN;
}
