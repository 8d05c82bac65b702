// Fan-out: socket.io-client sockets (websocket transport) of several organisations with mixed subscriptions on
// /feed; reports posted through the API at 50/s with mixed visibility. Measures the latency from the API's 201
// answer to receipt at every matching socket (p50/p99), and COUNTS deliveries against the recipients computed
// here from the rules (visibility partners/organisations/own, subscriptions, coordinators' feed:all): every
// expected delivery must arrive exactly once, none unexpected, the author shown only to the own organisation.
// Baseline in the same run: a bare Socket.IO server doing a plain io.emit of a payload of the same size to the
// same number of websocket clients at the same rate. Then 2,000 sockets (counts), then memory per idle socket.
//
//   node bench/fanout.mjs    (BENCH_FANOUT_SOCKETS=1000, BENCH_FANOUT_SOCKETS_2=2000, BENCH_FANOUT_SECONDS=15,
//                             BENCH_FANOUT_RATE=50, BENCH_FANOUT_CLIENT_PROCS=2)
//
// The client sockets live in BENCH_FANOUT_CLIENT_PROCS child processes (bench/lib/fanout-client.mjs), never in this
// measuring process; their CPU and event-loop delay are printed so that a client-side bottleneck shows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AREA_POLYGON, api, cpuMeter, createOrganisations, fmt, forkHelper, header, inAreaBox,
  inspectorOf, location, now, percentiles, postgresPids, prng, rssOf, runBench, sleep, startService, startStack, table,
} from './lib/common.mjs';

const SOCKETS = Number(process.env.BENCH_FANOUT_SOCKETS ?? 1000);
const SOCKETS_2 = Number(process.env.BENCH_FANOUT_SOCKETS_2 ?? 2000);
const SECONDS = Number(process.env.BENCH_FANOUT_SECONDS ?? 15);
const SECONDS_2 = Number(process.env.BENCH_FANOUT_SECONDS_2 ?? 10);
const RATE = Number(process.env.BENCH_FANOUT_RATE ?? 50);
const PROCS = Number(process.env.BENCH_FANOUT_CLIENT_PROCS ?? 2);
const MEMORY_SOCKETS = Number(process.env.BENCH_FANOUT_MEMORY_SOCKETS ?? 2000);
const here = (p) => join(fileURLToPath(new URL('.', import.meta.url)), p);
const CLIENT = here('lib/fanout-client.mjs');
const BARE = here('lib/bare-socketio-server.mjs');
const FEED_CATEGORIES = ['drug_dealing', 'vandalism', 'disorder', 'fire', 'youth_at_risk', 'nightlife', 'littering', 'burglary'];

const PROBE = process.argv.includes('--clients-probe');

// Each socket is a file descriptor in the client process and one in the server (both inherit this process's limit).
const openFiles = Number(/Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? 0);
if (openFiles && openFiles < Math.max(SOCKETS, SOCKETS_2, MEMORY_SOCKETS) + 200) {
  console.error(`the open-files limit is ${openFiles}: raise it first (as root: ulimit -n 65536) or fewer sockets can connect`);
}

runBench('fanout', async () => {
  const clients = [];
  const lost = [];
  const startClients = async (n) => {
    for (const c of clients.splice(0)) await c.stop();
    for (let i = 0; i < n; i++) {
      const c = await forkHelper(CLIENT);
      c.on((m) => m.type === 'lost' && lost.push(m));
      clients.push(c);
    }
  };
  let users = [];

  function socketSpecs(n, withFeedAll = true) {
    return Array.from({ length: n }, (_, k) => {
    const user = users[k % users.length];
    return { key: k, user, feedAll: withFeedAll && user.role === 'coordinator' && Math.floor(k / users.length) % 2 === 0 };
    });
  }
  const connect = async (specs, url, namespace) => {
    const t0 = now();
    const parts = await Promise.all(clients.map((c, i) => c.request({
      cmd: 'connect', url, namespace, concurrency: 25,
      sockets: specs.filter((s) => s.key % clients.length === i).map((s) => ({ key: s.key, token: s.user?.token, feedAll: s.feedAll })),
    }, 'connected')));
    const failed = parts.reduce((n, p) => n + p.failed, 0);
    if (failed) throw new Error(`${failed} sockets failed to connect: ${JSON.stringify(parts.flatMap((p) => p.errors))}`);
    return now() - t0;
  };
  const disconnect = () => Promise.all(clients.map((c) => c.request({ cmd: 'disconnect' }, 'disconnected')));
  const received = async () => (await Promise.all(clients.map((c) => c.request({ cmd: 'count' }, 'count')))).reduce((n, m) => n + m.count, 0);
  const waitForDeliveries = async (expected) => {
    let last = -1;
    let stableSince = now();
    const deadline = now() + 30_000;
    for (;;) {
      const n = await received();
      if (n !== last) {
        last = n;
        stableSince = now();
      }
      if ((n >= expected && now() - stableSince > 1000) || now() - stableSince > 5000 || now() > deadline) return n;
      await sleep(200);
    }
  };
  const collect = async () => {
    const parts = await Promise.all(clients.map((c) => c.request({ cmd: 'collect' }, 'collected')));
    return {
      parts,
      clientCpu: parts.map((p) => p.cpu),
      clientLagP99: Math.max(...parts.map((p) => p.lagP99)),
    };
  };
  const clientPids = () => clients.map((c) => c.pid);

  // --- the baseline: bare Socket.IO io.emit ------------------------------------------------------------------------
  const bareRun = async (n, seconds, size) => {
    const bare = await forkHelper(BARE);
    const url = `http://127.0.0.1:${bare.ready.port}`;
    const connectMs = await connect(socketSpecs(n, false), url, '');
    await sleep(1000);
    await Promise.all(clients.map((c) => c.request({ cmd: 'reset-stats' }, 'reset')));
    const count = Math.round(RATE * seconds);
    const meter = cpuMeter({ server: [bare.pid], clients: clientPids });
    const { sent } = await bare.request({ cmd: 'run', rate: RATE, count, size: Math.round(size) }, 'done');
    const got = await waitForDeliveries(n * count);
    const cpu = meter.stop();
    const { parts, clientCpu, clientLagP99 } = await collect();
    await disconnect();
    await bare.request({ cmd: 'exit' }, 'never').catch(() => undefined);
    const lat = [];
    const seen = new Set();
    let duplicates = 0;
    for (const p of parts) {
      for (let i = 0; i < p.keys.length; i++) {
        const k = p.keys[i] * 1e6 + p.seqs[i];
        if (seen.has(k)) duplicates++;
        seen.add(k);
        lat.push(p.times[i] - sent[p.seqs[i]]);
      }
    }
    const L = percentiles(lat);
    const missing = n * count - seen.size;
    console.log(`\nbaseline: bare Socket.IO io.emit, ${n} sockets, ${count} messages of ${Math.round(size)} bytes at ${RATE}/s: connected in ${fmt.ms(connectMs)}; ` +
      `received ${fmt.int(got)} of ${fmt.int(n * count)} (missing ${missing}, duplicates ${duplicates})`);
    console.log(`  latency emit -> socket: p50 ${fmt.ms(L.p50)}, p90 ${fmt.ms(L.p90)}, p99 ${fmt.ms(L.p99)}, max ${fmt.ms(L.max)}`);
    console.log(`  CPU: bare server ${fmt.pct(cpu.server)} of a core, clients ${clientCpu.map(fmt.pct).join(' + ')}, machine ${fmt.pct(cpu.machine)} of 2 cores (other processes ${cpu.others.toFixed(2)} cores); ` +
      `client event-loop delay p99 ${fmt.ms(clientLagP99)}`);
    return { sockets: n, messages: count, p50: L.p50, p90: L.p90, p99: L.p99, max: L.max, missing, duplicates, cpu, clientCpu, clientLagP99 };
  };

  if (PROBE) return clientsProbe();

  /**
   * Is the client side a bottleneck? The bare baseline with 1, 2 and 3 client processes at both socket counts:
   * if more processes lower the latency, fewer were the bottleneck (this machine has 2 cores in all).
   */
  async function clientsProbe() {
    header('fanout --clients-probe: bare io.emit with 1, 2, 3 client processes');
    const rows = [];
    for (const n of [SOCKETS, SOCKETS_2]) {
      for (const procs of [1, 2, 3]) {
        await startClients(procs);
        const r = await bareRun(n, 8, 780);
        rows.push([n, procs, fmt.ms(r.p50), fmt.ms(r.p99), r.clientCpu.map(fmt.pct).join(' + '), fmt.ms(r.clientLagP99), fmt.pct(r.cpu.server), r.cpu.others.toFixed(2)]);
      }
    }
    console.log('');
    console.log(table(rows, ['sockets', 'client procs', 'p50', 'p99', 'client CPU (of a core)', 'client loop delay p99', 'server CPU', 'other procs (cores)']));
    return { probe: rows };
  }

  header(`fanout: ${SOCKETS} and ${SOCKETS_2} sockets, ${RATE} reports/s, vs bare Socket.IO io.emit`);
  const stack = await startStack('fanout');
  const { pgsrv, databaseUrl, adminToken } = stack;
  let service = stack.service;
  console.log(`${PROCS} client process(es)`);

  // --- the world: 4 organisations x 5 users (a coordinator and 4 members), an area, subscriptions ------------------
  const orgs = await createOrganisations(service.url, adminToken, { count: 4, roles: ['coordinator', 'member', 'member', 'member', 'member'], tag: 'fanout' });
  const area = (await api(service.url, 'POST', '/api/areas', { token: adminToken, body: { name: `Fanout centrum ${process.pid}`, boundary: AREA_POLYGON }, expect: 201 })).body.id;
  const A = area;
  const subscriptionsFor = (orgIndex, j) => [
    [{ areaIds: [A] }], // coordinator: the area (half of their sockets also ask for feed:all)
    [{}], // everything they may see
    [{ categories: ['drug_dealing', 'vandalism', 'disorder'] }],
    [{ areaIds: [A], categories: ['youth_at_risk', 'nightlife', 'drug_dealing'] }, { categories: ['fire'], minSeverity: 3 }],
    orgIndex % 2 === 0 ? [] : [{ minSeverity: 4 }], // nothing at all, or only the serious ones
  ][j];
  users = orgs.flatMap((o) => o.users);
  for (const u of users) {
    u.subscriptions = subscriptionsFor(u.orgIndex, u.index).map((s) => ({ areaIds: [], placeIds: [], categories: [], minSeverity: 1, ...s }));
    for (const s of subscriptionsFor(u.orgIndex, u.index)) await api(service.url, 'POST', '/api/subscriptions', { token: u.token, body: s, expect: 201 });
  }
  console.log(`${orgs.length} organisations, ${users.length} users, 1 area with a boundary, ${users.reduce((n, u) => n + u.subscriptions.length, 0)} subscriptions`);

  /** One report of the mix: a random author, visibility partners/organisations/own, a category, inside the area or not. */
  function makeReport(rand, i) {
    const author = users[Math.floor(rand() * users.length)];
    const v = rand();
    const visibility = v < 0.5 ? 'partners' : v < 0.8 ? 'organisations' : 'own';
    const others = orgs.filter((o) => o.id !== author.orgId);
    const sharedWith = visibility === 'organisations' ? others.filter(() => rand() < 0.4).map((o) => o.id) : [];
    const loc = location(rand, 0.5);
    const body = {
      category: FEED_CATEGORIES[Math.floor(rand() * FEED_CATEGORIES.length)],
      description: `Observation ${['vid torget', 'i parken', 'vid skolan', 'i hamnen'][i % 4]} under kvällen, flera personer på plats.`,
      observedAt: new Date(Date.now() - 60_000).toISOString(),
      location: loc,
      severity: 1 + Math.floor(rand() * 5),
      visibility,
      ...(visibility === 'organisations' && { sharedWithOrganisationIds: sharedWith }),
    };
    return { author, body, loc };
  }

  await startClients(PROCS);

  // --- one run against the service ---------------------------------------------------------------------------------
  const serviceRun = async (n, seconds, seed) => {
    const specs = socketSpecs(n);
    const connectMs = await connect(specs, service.url, '/feed');
    await sleep(1000);
    await Promise.all(clients.map((c) => c.request({ cmd: 'reset-stats' }, 'reset')));
    const rand = prng(seed);
    const total = Math.round(RATE * seconds);
    const reports = [];
    const failures = [];
    const meter = cpuMeter({ server: [service.pid], postgres: () => postgresPids(pgsrv.port), clients: clientPids });
    const start = now() + 20;
    const inflight = [];
    for (let i = 0; i < total; i++) {
      const { author, body, loc } = makeReport(rand, i);
      const due = start + (i * 1000) / RATE;
      const wait = due - now();
      if (wait > 1) await sleep(wait);
      const r = { i, author, body, areaId: inAreaBox(loc) ? A : null, tSend: now() };
      reports.push(r);
      inflight.push(fetch(`${service.url}/api/reports`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${author.token}` }, body: JSON.stringify(body),
      }).then(async (res) => {
        const text = await res.text();
        r.t201 = now();
        r.status = res.status;
        if (res.status !== 201) return failures.push(`${res.status} ${text.slice(0, 200)}`);
        const b = JSON.parse(text);
        r.seq = b.seq;
        r.id = b.id;
        r.size = JSON.stringify({ seq: b.seq, type: 'report:created', at: b.createdAt, data: b }).length;
        if ((b.area?.id ?? null) !== r.areaId) failures.push(`report ${b.id}: area ${b.area?.id} but the bench computed ${r.areaId}`);
      }, (e) => failures.push(String(e))));
    }
    await Promise.all(inflight);
    const postSeconds = (now() - start) / 1000;

    // Expected recipients, from the rules.
    const bySeq = new Map(reports.filter((r) => r.seq !== undefined).map((r) => [r.seq, r]));
    let expectedTotal = 0;
    const expected = new Map(); // key -> Set(seq)
    for (const s of specs) {
      const set = new Set();
      for (const r of bySeq.values()) if (wants(s, r)) set.add(r.seq);
      expected.set(s.key, set);
      expectedTotal += set.size;
    }
    const got = await waitForDeliveries(expectedTotal);
    const cpu = meter.stop();
    const { parts, clientCpu, clientLagP99 } = await collect();
    await disconnect();

    // Compare.
    const seen = new Map(); // `${key}:${seq}` -> count
    const lat = [];
    const latFromSend = [];
    let unexpected = 0;
    let duplicates = 0;
    let authorWrong = 0;
    let idWrong = 0;
    let otherEvents = 0;
    for (const p of parts) {
      for (let i = 0; i < p.keys.length; i++) {
        const key = p.keys[i];
        const seq = p.seqs[i];
        const r = bySeq.get(seq);
        if (p.flags[i] >> 1 !== 1 || !r) {
          otherEvents++;
          continue;
        }
        const k = `${key}:${seq}`;
        const c = (seen.get(k) ?? 0) + 1;
        seen.set(k, c);
        if (c > 1) duplicates++;
        if (!expected.get(key)?.has(seq)) unexpected++;
        if (((p.flags[i] & 1) === 1) !== (specs[key].user.orgId === r.author.orgId)) authorWrong++;
        if (p.ids[i] !== parseInt(r.id.slice(0, 8), 16) >>> 0) idWrong++;
        if (c === 1) {
          lat.push(p.times[i] - r.t201);
          latFromSend.push(p.times[i] - r.tSend);
        }
      }
    }
    let missing = 0;
    for (const [key, set] of expected) for (const seq of set) if (!seen.has(`${key}:${seq}`)) missing++;
    const L = percentiles(lat);
    const Ls = percentiles(latFromSend);
    const sizes = reports.filter((r) => r.size).map((r) => r.size);
    const meanSize = sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length);
    const result = {
      sockets: n, reports: reports.length, posted: bySeq.size, postFailures: failures.length, postSeconds, connectMs,
      expected: expectedTotal, received: got, missing, duplicates, unexpected, otherEvents, authorWrong, idWrong,
      p50: L.p50, p90: L.p90, p99: L.p99, max: L.max, p50FromSend: Ls.p50, p99FromSend: Ls.p99, negative: lat.filter((x) => x < 0).length,
      meanSize, cpu, clientCpu, clientLagP99, lostSockets: lost.length,
    };
    result.ok = !missing && !duplicates && !unexpected && !otherEvents && !authorWrong && !idWrong && !failures.length && !lost.length;
    console.log(`\nservice, ${n} sockets: connected in ${fmt.ms(connectMs)}; posted ${bySeq.size}/${reports.length} reports in ${postSeconds.toFixed(1)} s ` +
      `(${(reports.length / postSeconds).toFixed(1)}/s), event ~${Math.round(meanSize)} bytes of JSON`);
    for (const f of failures.slice(0, 3)) console.log(`  post failure: ${f}`);
    result.sustained = reports.length / postSeconds >= RATE * 0.9;
    if (!result.sustained) console.log(`  NOTE: the service did not sustain ${RATE} reports/s (POSTs queued up): latencies include that backlog`);
    console.log(`  deliveries: expected ${fmt.int(expectedTotal)}, received ${fmt.int(got)}; missing ${missing}, duplicates ${duplicates}, unexpected ${unexpected}, ` +
      `other events ${otherEvents}, author shown wrongly ${authorWrong}, wrong record ${idWrong}, sockets lost ${lost.length} -> ${result.ok ? 'OK' : 'FAIL'}`);
    console.log(`  latency 201 -> socket: p50 ${fmt.ms(L.p50)}, p90 ${fmt.ms(L.p90)}, p99 ${fmt.ms(L.p99)}, max ${fmt.ms(L.max)} ` +
      `(from sending the POST: p50 ${fmt.ms(Ls.p50)}, p99 ${fmt.ms(Ls.p99)}; ${result.negative} deliveries arrived before the 201)`);
    console.log(`  CPU: server ${fmt.pct(cpu.server)} of a core, postgres ${fmt.pct(cpu.postgres)}, clients ${clientCpu.map(fmt.pct).join(' + ')}, ` +
      `machine ${fmt.pct(cpu.machine)} of 2 cores (other processes ${cpu.others.toFixed(2)} cores); client event-loop delay p99 ${fmt.ms(clientLagP99)}`);
    lost.length = 0;
    return result;
  };

  // The size of a report:created event as sockets get it, from a few reports posted before any socket connects
  // (this also warms up the posting path).
  const sizes = [];
  const warmRand = prng(99);
  for (let i = 0; i < 20; i++) {
    const { author, body } = makeReport(warmRand, i);
    const b = (await api(service.url, 'POST', '/api/reports', { token: author.token, expect: 201, body })).body;
    sizes.push(JSON.stringify({ seq: b.seq, type: 'report:created', at: b.createdAt, data: b }).length);
  }
  const eventSize = sizes.reduce((a, b) => a + b, 0) / sizes.length;

  // Baseline before and after the service run; the ratio uses their mean (the machine's load drifts).
  const baseBefore = await bareRun(SOCKETS, SECONDS, eventSize);
  const run1 = await serviceRun(SOCKETS, SECONDS, 1);
  const baseAfter = await bareRun(SOCKETS, SECONDS, eventSize);
  const base1 = {
    ...baseBefore, p50: (baseBefore.p50 + baseAfter.p50) / 2, p99: (baseBefore.p99 + baseAfter.p99) / 2,
    missing: baseBefore.missing + baseAfter.missing, messages: baseBefore.messages + baseAfter.messages,
  };
  const ratio = run1.p99 / base1.p99;
  console.log(`\nratio of p99s (service / mean of the bare runs before and after), ${SOCKETS} sockets: ${fmt.x(ratio)} (target <= 2x) -> ${ratio <= 2 ? 'OK' : 'ABOVE TARGET'}; ` +
    `p50s ${fmt.x(run1.p50 / base1.p50)}; bare p99 before ${fmt.ms(baseBefore.p99)}, after ${fmt.ms(baseAfter.p99)}`);
  // io.emit reaches every socket while the service reaches only the matching ones: a stricter baseline sends the same
  // number of deliveries per second (the mean audience of an event as the socket count).
  const sameDeliveries = Math.max(1, Math.round(run1.expected / Math.max(1, run1.posted)));
  const baseEq = await bareRun(sameDeliveries, SECONDS, eventSize);
  const strictRatio = run1.p99 / baseEq.p99;
  console.log(`stricter: service p99 / bare io.emit p99 at the same deliveries per second (${sameDeliveries} sockets): ${fmt.x(strictRatio)}`);
  const run2 = await serviceRun(SOCKETS_2, SECONDS_2, 2);

  // --- memory per idle socket ---------------------------------------------------------------------------------------
  header(`memory per idle socket (${MEMORY_SOCKETS} sockets, RSS after full GCs)`);
  await service.stop();
  service = await startService({ env: { DATABASE_URL: databaseUrl }, nodeArgs: ['--inspect=127.0.0.1:0'] });
  const mem = await idleMemory('service', service.pid, service.output, (specs) => connect(specs, service.url, '/feed'), socketSpecs);
  const bare = await forkHelper(BARE, { execArgv: ['--inspect=127.0.0.1:0'], captureOutput: true });
  const bareMem = await idleMemory('bare Socket.IO', bare.pid, bare.output, (specs) => connect(specs, `http://127.0.0.1:${bare.ready.port}`, ''), (n) => socketSpecs(n, false));

  async function idleMemory(label, pid, output, connectSpecs, specsOf) {
    const insp = await inspectorOf(output);
    // Warm up: the first connections load and compile code that is not per-socket memory.
    await connectSpecs(specsOf(50, false));
    await disconnect();
    await sleep(500);
    await insp.settle();
    const rss0 = rssOf(pid);
    const heap0 = await insp.heapUsed();
    await connectSpecs(specsOf(MEMORY_SOCKETS, false));
    await sleep(2000);
    await insp.settle();
    const rss1 = rssOf(pid);
    const heap1 = await insp.heapUsed();
    await disconnect();
    insp.close();
    const r = { rssBefore: rss0, rssAfter: rss1, perSocketRss: (rss1 - rss0) / MEMORY_SOCKETS, perSocketHeap: (heap1 - heap0) / MEMORY_SOCKETS };
    console.log(`${label}: RSS ${fmt.mb(rss0)} -> ${fmt.mb(rss1)} with ${MEMORY_SOCKETS} idle sockets: ${fmt.kb(r.perSocketRss)} RSS per socket ` +
      `(JS heap ${fmt.kb(r.perSocketHeap)} per socket)`);
    return r;
  }
  const memRatio = mem.perSocketRss / bareMem.perSocketRss;
  console.log(`per idle socket: ${fmt.kb(mem.perSocketRss)} (target <= 40 KB) -> ${mem.perSocketRss <= 40 * 1024 ? 'OK' : 'ABOVE TARGET'}; ` +
    `${fmt.x(memRatio)} the bare Socket.IO server's ${fmt.kb(bareMem.perSocketRss)}`);

  // --- summary --------------------------------------------------------------------------------------------------------
  console.log('');
  console.log(table([
    [`service, ${SOCKETS} sockets`, fmt.ms(run1.p50), fmt.ms(run1.p99), `${fmt.int(run1.received)}/${fmt.int(run1.expected)}`, run1.ok ? 'exact' : 'FAIL'],
    [`bare io.emit, ${SOCKETS} sockets`, fmt.ms(base1.p50), fmt.ms(base1.p99), `${fmt.int(base1.sockets * base1.messages - base1.missing)}/${fmt.int(base1.sockets * base1.messages)}`, ''],
    [`bare io.emit, ${baseEq.sockets} sockets (same deliveries/s)`, fmt.ms(baseEq.p50), fmt.ms(baseEq.p99), `${fmt.int(baseEq.sockets * baseEq.messages - baseEq.missing)}/${fmt.int(baseEq.sockets * baseEq.messages)}`, ''],
    [`service, ${SOCKETS_2} sockets`, fmt.ms(run2.p50), fmt.ms(run2.p99), `${fmt.int(run2.received)}/${fmt.int(run2.expected)}`, run2.ok ? 'exact' : 'FAIL'],
  ], ['', 'p50', 'p99', 'deliveries', 'counts']));
  console.log(`p99 ratio service/bare at ${SOCKETS} sockets: ${fmt.x(ratio)} (target <= 2x; ${fmt.x(strictRatio)} against the same deliveries/s); memory per idle socket ${fmt.kb(mem.perSocketRss)} (target <= 40 KB, bare ${fmt.kb(bareMem.perSocketRss)})`);

  for (const c of clients) c.child.send({ cmd: 'exit' });
  return {
    failed: !run1.ok || !run2.ok,
    run1, base1, baseBefore, baseAfter, baseEq, strictRatio, run2, eventSize, p99Ratio: ratio, p50Ratio: run1.p50 / base1.p50,
    memory: { service: mem, bare: bareMem, perSocketKB: mem.perSocketRss / 1024, bareKB: bareMem.perSocketRss / 1024, ratio: memRatio },
  };
});

/** Whether socket spec `s` must receive report `r`: the visibility policy first, then feed:all or a subscription. */
function wants(s, r) {
  const org = s.user.orgId;
  const b = r.body;
  const visible = b.visibility === 'partners' || r.author.orgId === org || (b.visibility === 'organisations' && b.sharedWithOrganisationIds.includes(org));
  if (!visible) return false;
  if (s.feedAll && s.user.role === 'coordinator') return true;
  return s.user.subscriptions.some((sub) => {
    const anywhere = sub.areaIds.length === 0 && sub.placeIds.length === 0;
    if (!anywhere && !(r.areaId !== null && sub.areaIds.includes(r.areaId))) return false;
    if (sub.categories.length > 0 && !sub.categories.includes(b.category)) return false;
    return b.severity >= sub.minSeverity;
  });
}
