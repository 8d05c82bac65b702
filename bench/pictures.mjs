// Pictures at a million reports: a generator COPYs BENCH_PICTURES_ROWS (default 1,000,000) reports over five years
// ending now into the benchmark's own embedded PostgreSQL, then, in the same run and as a coordinator:
//
//   (a) GET /api/pictures/weekly?week=<the busiest week of the last year>, request sent -> full body received,
//       against (b') the bare SQL aggregates of the same week: the picture's own statements (counts of the week and
//       the seven before it for the changes and the series, hotspots over five weeks, weekday x hour, open reports,
//       efforts) sent at once over bare `pg` on the same database, without HTTP, Nest, mapping or JSON: the floor of
//       this architecture                                                   target < 300 ms and <= 2x (b')
//       and, for reference, (b) one count of the same week alone by category and area (a picture cannot be made
//       from it: a change needs the weeks before)
//   (c) GET /api/pictures/period?tertial=<the last complete tertial>        target < 1 s
//   (d) GET /api/pictures/weekly?week=...&format=pdf                        target < 2 s
//   (e) GET /api/pictures/period?from=<first day>&to=<today>&format=csv, every row of the five years, with the
//       server's RSS sampled while it streams                               target >= 50,000 rows/s, RSS flat
//
// and then each SQL statement of the weekly and tertial pictures alone (the repository's own builders, compiled in
// dist/, run through a stand-in DataSource), with --explain their EXPLAIN (ANALYZE, BUFFERS) plans.
//
//   npm run bench:pictures                 (builds the server first)
//   node bench/pictures.mjs [--explain] [--hold]   BENCH_PICTURES_ROWS=50000 for a short run, BENCH_PICTURES_REPS (15)
//
// --profile-csv runs the service with --cpu-prof and prints where its CPU went during the last CSV export.
// --hold keeps the database and the service running at the end (their addresses printed) until SIGINT/SIGTERM, to
// try plans and indexes on the loaded data without loading it again.
//
// Nothing here fails on a timing: it prints medians and p90s next to their targets and exits 1 only on a wrong
// answer (an HTTP error, a CSV with a different number of rows than SQL counts).
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import {
  CATEGORIES, api, benchDir, cpuMeter, createOrganisations, description, fmt, header, now, onCleanup, percentiles, pool, prng, rssOf, runBench, serviceDist,
  sleep, startStack, table, waitForQuiet,
} from './lib/common.mjs';
import { summariseCpuProfile } from './lib/cpuprofile.mjs';

const ROWS = Number(process.env.BENCH_PICTURES_ROWS ?? 1_000_000);
const REPS = Number(process.env.BENCH_PICTURES_REPS ?? 15);
const EXPLAIN = process.argv.includes('--explain');
const HOLD = process.argv.includes('--hold');
const PROFILE_CSV = process.argv.includes('--profile-csv');
const TZ = 'Europe/Stockholm';
const DAY_MS = 86_400_000;

runBench('pictures', async () => {
  header(`pictures: ${fmt.int(ROWS)} reports over five years; weekly, tertial, PDF and CSV`);
  const profDir = PROFILE_CSV ? benchDir('pictures-cpuprof') : undefined;
  const { service, adminToken, db, collaborationId, pgPids, databaseUrl } = await startStack('pictures', {
    nodeArgs: PROFILE_CSV ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
  });
  const dist = await distModules();

  // --- the collaboration: 7 organisations x (coordinator, 2 members), 10 areas with polygons, 200 places ----------
  const orgs = await createOrganisations(service.url, adminToken, { count: 7, roles: ['coordinator', 'member', 'member'], tag: 'pictures' });
  const rand = prng(20261203);
  const areas = [];
  for (const [i, polygon] of townAreas(rand).entries()) {
    const a = await api(service.url, 'POST', '/api/areas', { token: adminToken, body: { name: AREA_NAMES[i], boundary: polygon }, expect: 201 });
    areas.push({ id: a.body.id, name: AREA_NAMES[i], polygon, box: bbox(polygon) });
  }
  // The service's rule (geography.service areaContaining): the first area by name whose boundary holds the point.
  const byName = [...areas].sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  const areaAt = (lat, lng) => byName.find((a) => lat >= a.box[1] && lat <= a.box[3] && lng >= a.box[0] && lng <= a.box[2]
    && booleanPointInPolygon([lng, lat], a.polygon))?.id ?? null;
  const placeSpecs = Array.from({ length: 200 }, (_, i) => {
    const kind = PLACE_KINDS[i % PLACE_KINDS.length];
    const at = rand() < 0.85 ? pointInArea(rand, areas[weightedIndex(rand, AREA_WEIGHTS)]) : uniformInTown(rand);
    return { name: `${kind.name} ${Math.floor(i / PLACE_KINDS.length) + 1}`, kind: kind.code, location: at };
  });
  const places = await pool(placeSpecs, 4, async (p) => {
    const r = await api(service.url, 'POST', '/api/places', { token: adminToken, body: p, expect: 201 });
    return { id: r.body.id, lat: p.location.lat, lng: p.location.lng, areaId: r.body.area?.id ?? null };
  });
  // The generator gives point reports their area as the service would; it must agree with the service on the places.
  if (!places.every((p) => p.areaId === areaAt(p.lat, p.lng))) throw new Error("the service's areas of the places differ from the generator's");
  console.log(`${orgs.length} organisations, ${orgs.reduce((n, o) => n + o.users.length, 0)} users, ${areas.length} areas, ${places.length} places`);

  // --- the reports, COPYed ------------------------------------------------------------------------------------------
  const [{ last: seqBase }] = (await db.query('SELECT last_seq::bigint AS last FROM event_counters WHERE collaboration_id = $1', [collaborationId])).rows;
  const world = { collaborationId, orgs, places, areas, areaAt, seqBase: Number(seqBase) };
  // Five years ending today: from today's date five years ago plus one day, the longest range the API accepts.
  const today = localDay(new Date());
  const [ty, tm, td] = today.split('-').map(Number);
  const firstDay = new Date(Date.UTC(ty - 5, tm - 1, td + 1)).toISOString().slice(0, 10);
  const all = dist.rangePeriod(firstDay, today);
  const gen = generator(world, ROWS, rand, Date.parse(all.from));
  const load = await copyReports(db, gen, pgPids);
  // The feed's counter moves past every seq the reports carry, as if each had been written through the write path.
  // Their events count as pruned (older than EVENT_RETENTION_DAYS, or replaced by later ones): the log stays empty,
  // so a client resuming from before it is told to resync, as after a prune.
  await db.query('UPDATE event_counters SET last_seq = $2 WHERE collaboration_id = $1', [collaborationId, world.seqBase + ROWS]);
  const t0 = now();
  await db.query('VACUUM (ANALYZE) reports');
  const analyzeMs = now() - t0;
  const size = (await db.query(`SELECT pg_size_pretty(pg_relation_size('reports')) AS heap, pg_size_pretty(pg_indexes_size('reports')) AS indexes`)).rows[0];
  console.log(`loaded ${fmt.int(ROWS)} reports in ${(load.ms / 1000).toFixed(1)} s: ${fmt.int(load.rate)} rows/s with COPY (generator ${(load.genMs / 1000).toFixed(1)} s of it;`
    + ` PostgreSQL ${load.cpu.postgres.toFixed(2)} cores, other processes ${load.cpu.others.toFixed(2)}); VACUUM (ANALYZE) ${(analyzeMs / 1000).toFixed(1)} s;`
    + ` table ${size.heap}, indexes ${size.indexes}`);
  const mix = (await db.query(`SELECT visibility, count(*)::int AS n, count(*) FILTER (WHERE place_id IS NOT NULL)::int AS at_place,
      count(*) FILTER (WHERE area_id IS NULL)::int AS no_area, count(*) FILTER (WHERE merged_into IS NOT NULL)::int AS merged,
      count(*) FILTER (WHERE status IN ('new','acknowledged','in_progress'))::int AS open
    FROM reports GROUP BY 1 ORDER BY 2 DESC`)).rows;
  console.log(`mix: ${mix.map((m) => `${m.visibility} ${fmt.pct(m.n / ROWS)}`).join(', ')}; at a place ${fmt.pct(sum(mix, 'at_place') / ROWS)},`
    + ` outside every area ${fmt.pct(sum(mix, 'no_area') / ROWS)}, merged ${fmt.pct(sum(mix, 'merged') / ROWS)}, open ${fmt.pct(sum(mix, 'open') / ROWS)}`);

  // --- what is measured ---------------------------------------------------------------------------------------------
  const coordinator = orgs[0].users.find((u) => u.role === 'coordinator'); // the police's coordinator
  const auth = { authorization: `Bearer ${coordinator.token}` };
  const [busy] = (await db.query(`SELECT to_char(w, 'IYYY-"W"IW') AS label, n FROM (
      SELECT date_trunc('week', observed_at AT TIME ZONE '${TZ}') AS w, count(*)::int AS n FROM reports
      WHERE observed_at >= now() - interval '53 weeks' AND observed_at < date_trunc('week', now() AT TIME ZONE '${TZ}') AT TIME ZONE '${TZ}'
      GROUP BY 1) x ORDER BY n DESC, w DESC LIMIT 1`)).rows;
  const week = dist.parseWeek(busy.label);
  const tertial = lastTertial();
  console.log(`coordinator of ${orgs[0].name}; busiest week of the last year ${week.label} (${fmt.int(busy.n)} reports of all visibilities), tertial ${tertial},`
    + ` all rows ${all.label}`);

  const results = {};
  // (a) + (b), interleaved so that both see the same machine.
  await quietFor('pictures (a) weekly');
  const bareSql = `SELECT r.category, r.area_id, count(*)::int AS n FROM reports r
    WHERE r.collaboration_id = $1 AND (r.visibility = 'partners' OR r.organisation_id = $2 OR $2 = ANY(r.shared_with))
      AND r.observed_at >= $3 AND r.observed_at < $4 AND r.merged_into IS NULL
    GROUP BY 1, 2`;
  const bareParams = [collaborationId, coordinator.orgId, week.from, week.to];
  const weeklyUrl = `${service.url}/api/pictures/weekly?week=${week.label}`;
  const checkWeekly = (body) => {
    const p = JSON.parse(body);
    if (p.period?.label !== week.label) throw new Error(`weekly: unexpected body ${body.slice(0, 200)}`);
    return p;
  };
  for (let i = 0; i < 2; i++) { // warm-up: plans cached, the service's JIT warm
    checkWeekly((await timedGet(weeklyUrl, auth)).text);
    await db.query(bareSql, bareParams);
  }
  // (b') A second floor, of the same architecture: the weekly picture's own statements (the repository's builders from
  // dist/) sent at once over a pool of bare `pg` connections, as the service sends them, without HTTP, Nest, the
  // mapping, the JSON or the audit row.
  const scope = { audience: { collaborationId, organisationId: coordinator.orgId }, areaIds: null, categories: null };
  const barePool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  onCleanup(() => barePool.end());
  const pooled = weeklyStatements(new dist.PicturesRepository({ query: async (sql, params) => (await barePool.query(sql, params)).rows }), dist, scope, week);
  const allStatements = () => Promise.all(Object.values(pooled).map((f) => f()));
  await allStatements();
  const weeklyMs = [];
  const bareMs = [];
  const statementsMs = [];
  let weeklyBody;
  let bareRows;
  const meterA = cpuMeter({ server: [service.pid], postgres: pgPids });
  for (let i = 0; i < REPS; i++) {
    let s = now();
    bareRows = (await db.query(bareSql, bareParams)).rows;
    bareMs.push(now() - s);
    s = now();
    await allStatements();
    statementsMs.push(now() - s);
    const r = await timedGet(weeklyUrl, auth);
    weeklyMs.push(r.ms);
    weeklyBody = r;
  }
  const cpuA = meterA.stop();
  const picture = checkWeekly(weeklyBody.text);
  const bareTotal = bareRows.reduce((n, r) => n + r.n, 0);
  if (bareTotal !== picture.totals.all) throw new Error(`weekly: the picture counts ${picture.totals.all} reports, the bare query ${bareTotal}`);
  results.weekly = { ...stats(weeklyMs), bytes: weeklyBody.bytes, reports: picture.totals.all, hotspots: picture.hotspots.length, cpu: cpuA };
  results.bare = stats(bareMs);
  results.statements = stats(statementsMs);
  results.weeklyRatio = results.weekly.p50 / results.bare.p50;
  console.log(`(a) weekly JSON ${week.label}: p50 ${fmt.ms(results.weekly.p50)}, p90 ${fmt.ms(results.weekly.p90)} (${REPS} runs; ${fmt.kb(weeklyBody.bytes)},`
    + ` ${fmt.int(picture.totals.all)} reports, ${picture.hotspots.length} hotspots, ${picture.reports.length} listed)`);
  console.log(`(b) bare aggregate of the same week: p50 ${fmt.ms(results.bare.p50)}, p90 ${fmt.ms(results.bare.p90)} (${bareRows.length} groups, the same ${fmt.int(bareTotal)} reports)`
    + ` -> weekly/bare ${fmt.x(results.weeklyRatio)} at p50, ${fmt.x(results.weekly.p90 / results.bare.p90)} at p90; other processes ${cpuA.others.toFixed(2)} cores`);
  console.log(`(b') the weekly's own ${Object.keys(pooled).length} statements at once over bare pg: p50 ${fmt.ms(results.statements.p50)}, p90 ${fmt.ms(results.statements.p90)}`
    + ` -> weekly/statements ${fmt.x(results.weekly.p50 / results.statements.p50)} at p50 (the rest: HTTP, Nest, mapping, JSON, the audit row)`);

  // (c) the tertial analysis
  await quietFor('pictures (c) tertial');
  const periodUrl = `${service.url}/api/pictures/period?tertial=${tertial}`;
  await timedGet(periodUrl, auth);
  const periodMs = [];
  let periodBody;
  const meterC = cpuMeter({ server: [service.pid], postgres: pgPids });
  for (let i = 0; i < Math.max(3, Math.ceil(REPS / 2)); i++) {
    periodBody = await timedGet(periodUrl, auth);
    periodMs.push(periodBody.ms);
  }
  const cpuC = meterC.stop();
  const analysis = JSON.parse(periodBody.text);
  results.period = { ...stats(periodMs), bytes: periodBody.bytes, reports: analysis.totals?.all, cpu: cpuC };
  console.log(`(c) tertial ${tertial}: p50 ${fmt.ms(results.period.p50)}, p90 ${fmt.ms(results.period.p90)} (${periodMs.length} runs; ${fmt.kb(periodBody.bytes)},`
    + ` ${fmt.int(analysis.totals?.all)} reports against ${fmt.int(analysis.change?.all?.previous ?? NaN)} a year earlier); other processes ${cpuC.others.toFixed(2)} cores`);

  // (d) the weekly PDF
  await quietFor('pictures (d) PDF');
  const pdfUrl = `${weeklyUrl}&format=pdf`;
  const firstPdf = await timedGet(pdfUrl, auth);
  if (!firstPdf.type.startsWith('application/pdf')) {
    console.log(`(d) weekly PDF: not on this branch (format=pdf answered ${firstPdf.status} ${firstPdf.type})`);
    results.pdf = { missing: `${firstPdf.status} ${firstPdf.type}` };
  } else {
    const pdfMs = [];
    let last = firstPdf;
    for (let i = 0; i < Math.max(3, Math.ceil(REPS / 3)); i++) {
      last = await timedGet(pdfUrl, auth);
      if (!last.buffer.subarray(0, 5).equals(Buffer.from('%PDF-'))) throw new Error('weekly PDF: the body is not a PDF');
      pdfMs.push(last.ms);
    }
    results.pdf = { ...stats(pdfMs), bytes: last.bytes, first: firstPdf.ms };
    console.log(`(d) weekly PDF ${week.label}: p50 ${fmt.ms(results.pdf.p50)}, p90 ${fmt.ms(results.pdf.p90)} (${pdfMs.length} runs after a first of ${fmt.ms(firstPdf.ms)}; ${fmt.kb(last.bytes)})`);
  }

  // (e) the CSV of every row, streamed, with the server's RSS sampled while it streams
  const expected = (await db.query(`SELECT count(*)::int AS n FROM reports r WHERE r.collaboration_id = $1
      AND (r.visibility = 'partners' OR r.organisation_id = $2 OR $2 = ANY(r.shared_with)) AND r.merged_into IS NULL
      AND r.observed_at >= $3 AND r.observed_at < $4`, [collaborationId, coordinator.orgId, all.from, all.to])).rows[0].n;
  const csvUrl = `${service.url}/api/pictures/period?from=${firstDay}&to=${today}&format=csv`;
  results.csv = [];
  let csvWindow;
  for (let run = 0; run < 2; run++) {
    await quietFor(`pictures (e) CSV ${run + 1}`);
    csvWindow = { fromUs: Number(process.hrtime.bigint() / 1000n) };
    const r = await streamCsv(csvUrl, auth, service.pid, pgPids);
    csvWindow.toUs = Number(process.hrtime.bigint() / 1000n);
    if (!r.type.startsWith('text/csv')) {
      console.log(`(e) CSV: not on this branch (format=csv answered ${r.status} ${r.type})`);
      results.csv.push({ missing: `${r.status} ${r.type}` });
      break;
    }
    const rows = r.lines - 1; // the header line
    if (rows !== expected) throw new Error(`CSV: ${fmt.int(rows)} rows, SQL counts ${fmt.int(expected)}`);
    const q = r.rss;
    const c = { rows, ms: r.ms, rate: rows / (r.ms / 1000), streamRate: rows / ((r.ms - r.firstByteMs) / 1000), bytes: r.bytes, firstByteMs: r.firstByteMs, rss: q };
    results.csv.push(c);
    console.log(`(e) CSV of all rows, run ${run + 1}: ${fmt.int(rows)} rows (${fmt.mb(r.bytes)}) in ${(r.ms / 1000).toFixed(1)} s = ${fmt.int(c.rate)} rows/s,`
      + ` first byte after ${fmt.ms(r.firstByteMs)} (${fmt.int(c.streamRate)} rows/s from there); server RSS start ${fmt.mb(q.start)}, peak ${fmt.mb(q.peak)}, end ${fmt.mb(q.end)};`
      + ` at 25/50/75/100 % of the rows ${q.quarters.map(fmt.mb).join(' / ')}; second half ${(q.secondHalfSlope / 1024 / 1024).toFixed(2)} MB per 100,000 rows;`
      + ` server ${r.cpu.server.toFixed(2)} cores, PostgreSQL ${r.cpu.postgres.toFixed(2)}, this client ${r.cpu.bench.toFixed(2)}, other processes ${r.cpu.others.toFixed(2)}`);
  }

  // --- each statement alone, and the plans ---------------------------------------------------------------------------
  results.plans = {
    weekly: await statementsOf(db, dist, 'weekly', (repo) => weeklyStatements(repo, dist, scope, week)),
    tertial: await statementsOf(db, dist, 'tertial', (repo) => periodStatements(repo, dist, scope, dist.parsePeriod({ tertial }))),
  };

  // --- summary -------------------------------------------------------------------------------------------------------
  const ok = (b) => (b ? 'ok' : 'MISSED');
  const csvBest = results.csv.filter((c) => !c.missing).sort((a, b) => b.rate - a.rate)[0];
  const rows = [
    ['load', `COPY ${fmt.int(ROWS)} reports (five years)`, `${fmt.int(load.rate)} rows/s`, `${(load.ms / 1000).toFixed(1)} s`, '', ''],
    ['(a) weekly JSON', `${week.label}, p50 / p90`, `${fmt.ms(results.weekly.p50)} / ${fmt.ms(results.weekly.p90)}`,
      `${fmt.x(results.weekly.p50 / results.statements.p50)} (b'), ${fmt.x(results.weeklyRatio)} (b)`, "< 300 ms, <= 2x (b')",
      ok(results.weekly.p50 < 300 && results.weekly.p50 / results.statements.p50 <= 2)],
    ['(b) one bare count', 'same week only, p50 / p90', `${fmt.ms(results.bare.p50)} / ${fmt.ms(results.bare.p90)}`, '1.00x', '', ''],
    ["(b') its aggregates, bare SQL", 'at once, pg pool, p50 / p90', `${fmt.ms(results.statements.p50)} / ${fmt.ms(results.statements.p90)}`, '', '', ''],
    ['(c) tertial', `${tertial}, p50 / p90`, `${fmt.ms(results.period.p50)} / ${fmt.ms(results.period.p90)}`, '', '< 1 s', ok(results.period.p50 < 1000)],
    results.pdf.missing ? ['(d) weekly PDF', 'not on this branch', results.pdf.missing, '', '< 2 s', 'n/a']
      : ['(d) weekly PDF', `${week.label}, p50 / p90`, `${fmt.ms(results.pdf.p50)} / ${fmt.ms(results.pdf.p90)}`, '', '< 2 s', ok(results.pdf.p50 < 2000)],
    !csvBest ? ['(e) CSV', 'not on this branch', results.csv[0]?.missing ?? '', '', '>= 50,000 rows/s', 'n/a']
      : ['(e) CSV all rows', `${fmt.int(csvBest.rows)} rows, best of ${results.csv.length}`, `${fmt.int(csvBest.rate)} rows/s`,
        `RSS ${fmt.mb(csvBest.rss.start)} -> peak ${fmt.mb(csvBest.rss.peak)} -> ${fmt.mb(csvBest.rss.end)}`, '>= 50,000 rows/s, flat', ok(csvBest.rate >= 50_000)],
  ];
  console.log(`\n${table(rows, ['measure', 'what', 'value', 'vs baseline', 'target', 'status'])}`);
  if (PROFILE_CSV) {
    await service.stop();
    const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    const summary = summariseCpuProfile(join(profDir, file), csvWindow);
    header('the server\'s CPU during the last CSV export, by self time');
    console.log(`main thread busy ${fmt.pct(summary.busyUs / (summary.busyUs + summary.idleUs))} of the export`);
    console.log(table(summary.byPackage.slice(0, 12).map((r) => [r.name, fmt.pct(r.share)]), ['package / area', 'self time']));
    console.log(table(summary.byFunction.slice(0, 25).map((r) => [fmt.pct(r.share), r.name, r.where]), ['self', 'function', 'where']));
    const steps = summary.byInclusive.filter((r) => r.share >= 0.02 && /^(app |csv|pg|pg-|node:stream|node:internal)/.test(r.area)).slice(0, 25);
    console.log(table(steps.map((r) => [fmt.pct(r.share), r.name, r.where]), ['inclusive', 'function', 'where']));
  }
  if (HOLD) {
    console.log(`\nholding (SIGINT/SIGTERM ends): database ${databaseUrl}, service ${service.url}, coordinator (${coordinator.orgId}) token ${coordinator.token}`);
    await new Promise(() => {});
  }
  return { rows: ROWS, load, week: week.label, tertial, results };
});

// ------------------------------------------------------------------------------------------------- HTTP

async function timedGet(url, headers) {
  const t0 = now();
  const res = await fetch(url, { headers });
  const buffer = Buffer.from(await res.arrayBuffer());
  const ms = now() - t0;
  const type = res.headers.get('content-type') ?? '';
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${buffer.toString('utf8', 0, 400)}`);
  return { ms, status: res.status, type, bytes: buffer.length, buffer, get text() { return buffer.toString('utf8'); } };
}

/** Streams a CSV answer, counting its lines without keeping it, while sampling the server's RSS every 50 ms. */
async function streamCsv(url, headers, pid, pgPids) {
  const samples = [];
  const meter = cpuMeter({ server: [pid], postgres: pgPids });
  let lines = 0;
  let bytes = 0;
  const sample = () => samples.push({ at: now(), lines, rss: rssOf(pid) });
  sample();
  const timer = setInterval(sample, 50);
  const t0 = now();
  const res = await fetch(url, { headers });
  const type = res.headers.get('content-type') ?? '';
  let firstByteMs = NaN;
  try {
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${(await res.text()).slice(0, 400)}`);
    if (!type.startsWith('text/csv')) {
      await res.arrayBuffer();
      return { type, status: res.status };
    }
    for await (const chunk of res.body) {
      if (!bytes) firstByteMs = now() - t0;
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
    }
  } finally {
    clearInterval(timer);
  }
  const ms = now() - t0;
  sample();
  const cpu = meter.stop();
  const at = (share) => samples.find((s) => s.lines >= share * lines)?.rss ?? samples[samples.length - 1].rss;
  // Growth over the second half, per 100,000 rows: about 0 when the export holds a batch, not the rows.
  const half = samples.filter((s) => s.lines >= lines / 2);
  const slope = half.length > 1 ? ((half[half.length - 1].rss - half[0].rss) / Math.max(1, half[half.length - 1].lines - half[0].lines)) * 100_000 : NaN;
  return {
    type, status: res.status, ms, bytes, lines, firstByteMs, cpu,
    rss: { start: samples[0].rss, peak: Math.max(...samples.map((s) => s.rss)), end: samples[samples.length - 1].rss, quarters: [0.25, 0.5, 0.75, 1].map(at), secondHalfSlope: slope },
  };
}

/**
 * The machine is shared: before each measurement, wait (at most BENCH_PICTURES_QUIET_SECONDS, default 90) until
 * other processes leave the cores mostly idle, as runBench does once before the load.
 */
async function quietFor(label) {
  if (process.env.BENCH_SKIP_QUIET_WAIT === '1') return;
  const saved = process.env.BENCH_QUIET_WAIT_SECONDS;
  process.env.BENCH_QUIET_WAIT_SECONDS = process.env.BENCH_PICTURES_QUIET_SECONDS ?? '90';
  try {
    await waitForQuiet(label);
  } finally {
    if (saved === undefined) delete process.env.BENCH_QUIET_WAIT_SECONDS;
    else process.env.BENCH_QUIET_WAIT_SECONDS = saved;
  }
}

const stats = (ms) => {
  const p = percentiles(ms, [50, 90]);
  return { p50: p.p50, p90: p.p90, max: p.max, n: p.n, runs: ms.map((m) => Math.round(m * 10) / 10) };
};
const sum = (rows, k) => rows.reduce((n, r) => n + r[k], 0);

// ------------------------------------------------------------------------------------------------- the statements alone

/** The compiled repository and calendar of the service snapshot the benchmark runs, so the statements are its own. */
async function distModules() {
  const load = (p) => import(pathToFileURL(join(serviceDist(), 'src', 'pictures', p)).href);
  const [{ PicturesRepository }, periods] = await Promise.all([load('pictures.repository.js'), load('picture-periods.js')]);
  return { PicturesRepository, ...periods };
}

function weeklyStatements(repo, dist, scope, period) {
  // As PicturesService.buildWeekly issues them (the snapshot lookup and area names are primary-key reads).
  const weeks = [...dist.weeksBefore(period, 7), period];
  const range = (p) => ({ from: p.from, to: p.to });
  return {
    countsByRange: () => repo.countsByRange(scope, weeks.map(range)),
    hotspots: () => repo.hotspots(scope, weeks.slice(3).map(range)),
    weekdayHour: () => repo.weekdayHour(scope, range(period)),
    openCounts: () => repo.openCounts(scope, period.to),
    openReports: () => repo.openReports(scope, period.to, 100),
    reports: () => repo.reports(scope, range(period), 2001),
    efforts: () => repo.efforts(scope, range(period), 500),
    excludedCount: () => repo.excludedCount(scope, [range(period)]),
  };
}

function periodStatements(repo, dist, scope, period) {
  const range = (p) => ({ from: p.from, to: p.to });
  const comparison = dist.yearEarlier(period);
  return {
    'countsByRange(series)': () => repo.countsByRange(scope, dist.seriesSteps(period).map(range)),
    'countsByRange(year before)': () => repo.countsByRange(scope, [range(comparison)]),
    hotspots: () => repo.hotspots(scope, [range(comparison), range(period)]),
    weekdayHour: () => repo.weekdayHour(scope, range(period)),
    areaStats: () => repo.areaStats(scope, range(period), 4, 3),
    effortCounts: () => repo.effortCounts(scope, range(period)),
    efforts: () => repo.efforts(scope, range(period), 500),
    reports: () => repo.reports(scope, range(period), 2001),
    excludedCount: () => repo.excludedCount(scope, [range(period)]),
  };
}

/**
 * Runs each statement of a picture alone through the repository with a stand-in DataSource: three times plainly
 * (median wall time, one connection, nothing else running), then once under EXPLAIN (ANALYZE, BUFFERS), whose plan
 * is printed with --explain.
 */
async function statementsOf(db, dist, label, build) {
  let mode = 'plain';
  let captured;
  const ds = {
    query: async (sql, params) => {
      const t0 = now();
      const r = await db.query(mode === 'plain' ? sql : `EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      captured = { ms: now() - t0, rows: r.rowCount, plan: mode === 'plain' ? null : r.rows.map((x) => x['QUERY PLAN']).join('\n'), sql, params };
      return mode === 'plain' ? r.rows : [];
    },
  };
  const statements = build(new dist.PicturesRepository(ds));
  const out = [];
  for (const [name, run] of Object.entries(statements)) {
    const times = [];
    let rows = 0;
    mode = 'plain';
    for (let i = 0; i < 3; i++) {
      await run();
      times.push(captured.ms);
      rows = captured.rows;
    }
    mode = 'explain';
    await run().catch(() => {}); // a builder that reads its rows (excludedCount) gets none here
    const plan = captured.plan;
    const exec = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1]);
    out.push({ name, ms: percentiles(times, [50]).p50, rows, explainMs: exec, plan, sql: captured.sql, params: captured.params });
  }
  header(`${label}: each statement alone (median of 3, one connection), and its EXPLAIN ANALYZE execution time`);
  console.log(table(out.map((s) => [s.name, fmt.ms(s.ms), fmt.int(s.rows), fmt.ms(s.explainMs)]), ['statement', 'wall', 'rows', 'EXPLAIN ANALYZE']));
  console.log(`sum of the statements: ${fmt.ms(out.reduce((n, s) => n + s.ms, 0))} (the service runs them concurrently on its pool)`);
  if (EXPLAIN) {
    for (const s of out) console.log(`\n--- ${label} / ${s.name}\n${s.sql.replace(/\s+/g, ' ').slice(0, 1500)}\n${JSON.stringify(s.params).slice(0, 400)}\n${s.plan}`);
  }
  return out.map(({ plan: _plan, sql: _sql, params: _params, ...rest }) => rest);
}

// ------------------------------------------------------------------------------------------------- the town

const AREA_NAMES = ['Centrum', 'Östermalm', 'Västra staden', 'Stenhammar', 'Margretelund', 'Hovby', 'Norra hamnen', 'Skogvaktaregården', 'Gamla staden', 'Fredriksberg'];
/** How busy each area is (the centre and the harbour most), for places and hotspots. */
const AREA_WEIGHTS = [10, 5, 4, 4, 3, 2, 5, 2, 4, 3];
const TOWN = { minLat: 58.47, maxLat: 58.54, minLng: 13.08, maxLng: 13.24 };
const PLACE_KINDS = [
  { code: 'bus_stop', name: 'Busshållplats' }, { code: 'square', name: 'Torg' }, { code: 'school', name: 'Skolgård' }, { code: 'park', name: 'Park' },
  { code: 'parking', name: 'Parkering' }, { code: 'shop', name: 'Butik' }, { code: 'restaurant', name: 'Krog' }, { code: 'station', name: 'Station' },
  { code: 'tunnel', name: 'Gångtunnel' }, { code: 'playground', name: 'Lekplats' },
];

/**
 * Ten areas tiling the middle of the town, 5 x 2 quadrilaterals on a grid whose inner vertices are moved at random
 * (shared by neighbours, so they never overlap); the town around them lies in no area.
 */
function townAreas(rand) {
  const lat = [58.48, 58.505, 58.53];
  const lng = [13.1, 13.124, 13.148, 13.172, 13.196, 13.22];
  const v = lat.map((la, i) => lng.map((ln, j) => {
    const inner = i > 0 && i < lat.length - 1 && j > 0 && j < lng.length - 1;
    const edgeRow = i === 0 || i === lat.length - 1;
    const edgeCol = j === 0 || j === lng.length - 1;
    const dLat = inner || (edgeCol && !edgeRow) ? (rand() - 0.5) * 0.008 : 0;
    const dLng = inner || (edgeRow && !edgeCol) ? (rand() - 0.5) * 0.008 : 0;
    return [+(ln + dLng).toFixed(6), +(la + dLat).toFixed(6)];
  }));
  const out = [];
  for (let i = 0; i < lat.length - 1; i++) {
    for (let j = 0; j < lng.length - 1; j++) {
      out.push({ type: 'Polygon', coordinates: [[v[i][j], v[i][j + 1], v[i + 1][j + 1], v[i + 1][j], v[i][j]]] });
    }
  }
  return out;
}
const bbox = (p) => {
  const ring = p.coordinates[0];
  return [Math.min(...ring.map((c) => c[0])), Math.min(...ring.map((c) => c[1])), Math.max(...ring.map((c) => c[0])), Math.max(...ring.map((c) => c[1]))];
};
function pointInArea(rand, area) {
  for (;;) {
    const lng = area.box[0] + rand() * (area.box[2] - area.box[0]);
    const lat = area.box[1] + rand() * (area.box[3] - area.box[1]);
    if (booleanPointInPolygon([lng, lat], area.polygon)) return { lat: +lat.toFixed(6), lng: +lng.toFixed(6) };
  }
}
const uniformInTown = (rand) => ({
  lat: +(TOWN.minLat + rand() * (TOWN.maxLat - TOWN.minLat)).toFixed(6), lng: +(TOWN.minLng + rand() * (TOWN.maxLng - TOWN.minLng)).toFixed(6),
});
function weightedIndex(rand, weights, total = weights.reduce((a, b) => a + b, 0)) {
  let x = rand() * total;
  for (let i = 0; i < weights.length; i++) if ((x -= weights[i]) < 0) return i;
  return weights.length - 1;
}
/** A standard normal deviate (Box-Muller). */
const normal = (rand) => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

// ------------------------------------------------------------------------------------------------- the reports

/** Category weights (share of reports) and the usual severity of each. */
const CATEGORY_MIX = {
  littering: [14, 1.5], vandalism: [14, 2.2], disorder: [11, 2.5], unsafe_place: [8, 2.3], youth_at_risk: [7, 3], drug_use: [7, 3],
  drug_dealing: [5, 3.6], nightlife: [6, 2.6], lighting: [6, 1.6], traffic_speeding: [5, 2.4], gathering: [4, 2.4], reckless_driving: [3, 3.2],
  violence: [2.5, 4.2], burglary: [2.5, 3.4], fire: [2, 3.8], threat_to_staff: [1.5, 4], other: [1.5, 2],
};
const CATEGORY_CODES = CATEGORIES.filter((c) => CATEGORY_MIX[c]);
/** Which organisations report how much, and how they share (partners / organisations / own), by organisation index. */
const ORG_MIX = [
  { weight: 22, visibility: [70, 12, 18] }, // police
  { weight: 25, visibility: [88, 8, 4] }, // municipality
  { weight: 10, visibility: [86, 9, 5] }, // school
  { weight: 20, visibility: [88, 8, 4] }, // property owner
  { weight: 6, visibility: [60, 20, 20] }, // social services
  { weight: 12, visibility: [90, 6, 4] }, // business
  { weight: 5, visibility: [90, 6, 4] }, // other
];
/** Reports by local hour: quiet mornings, busy evenings and nights. */
const HOURLY = [6, 5, 4, 3, 2, 1.5, 1.5, 2, 3, 3.5, 3.5, 4, 4.5, 4.5, 5, 6, 7, 8, 8.5, 9, 10, 10, 9, 8];
/** By ISO weekday 1-7 (index 0 unused): Friday and Saturday busiest. */
const WEEKDAY = [0, 0.9, 0.88, 0.9, 0.95, 1.2, 1.35, 1.05];
const COLUMNS = ['id', 'collaboration_id', 'seq', 'category', 'description', 'observed_at', 'severity', 'status', 'visibility', 'shared_with', 'place_id',
  'area_id', 'lat', 'lng', 'organisation_id', 'author_id', 'assigned_to', 'merged_into', 'answer', 'answered_at', 'answered_by', 'version', 'created_at',
  'updated_at'];

/** The local (Stockholm) calendar day of an instant, YYYY-MM-DD. */
const localDay = (d) => new Intl.DateTimeFormat('sv-SE', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
/** Local hour and ISO weekday of an instant: Stockholm's offset looked up once per UTC day (Intl is slow per call). */
const offsets = new Map();
function localParts(t) {
  const day = Math.floor(t / DAY_MS);
  let offset = offsets.get(day);
  if (offset === undefined) {
    const noon = new Date(day * DAY_MS + DAY_MS / 2);
    offset = (Number(new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', hourCycle: 'h23' }).format(noon)) - 12) * 3_600_000;
    offsets.set(day, offset);
  }
  const local = new Date(t + offset);
  return { hour: local.getUTCHours(), weekday: ((local.getUTCDay() + 6) % 7) + 1 };
}

/** The last tertial that has ended (T1 January-April, T2 May-August, T3 September-December). */
function lastTertial() {
  const [y, m] = localDay(new Date()).split('-').map(Number);
  const current = Math.floor((m - 1) / 4) + 1;
  return current === 1 ? `${y - 1}-T3` : `${y}-T${current - 1}`;
}

/**
 * The generator: `count` reports observed from `start` (a local midnight five years ago) to now, in time order so that seq and
 * created_at follow commit order. Their rate grows over the years (the tool spreads), peaks in summer, on Friday and
 * Saturday and in the evening. 60 % are at one of the places (some places busy for a while), the rest points, most
 * around hotspots that come and go, the others anywhere in town; a point's area is the area whose polygon holds it,
 * a place's report has the place's area. Older reports are mostly resolved or closed; about 1 % were merged into an
 * earlier one; some were assigned or answered.
 */
function generator(world, count, rand, start) {
  const end = Date.now();
  const span = end - start;
  const months = Math.ceil(span / (30 * DAY_MS)) + 1;
  const monthOf = (t) => Math.min(months - 1, Math.floor((t - start) / (30 * DAY_MS)));

  // Places: a skewed base weight, and for a third of them a stretch of time when they are four times as busy.
  const placeWeights = world.places.map((_, i) => 1 / (1 + i) ** 0.8);
  shuffle(rand, placeWeights);
  const placeBursts = world.places.map(() => (rand() < 0.33 ? stretch(rand, span) : null));
  // Hotspots of point reports: 30 centres in the areas, each active for a stretch of time, 50-200 m wide.
  const hotspots = Array.from({ length: 30 }, () => ({
    ...pointInArea(rand, world.areas[weightedIndex(rand, AREA_WEIGHTS)]), weight: 0.5 + rand() * 2, sigma: (50 + rand() * 150) / 111_000, window: stretch(rand, span),
  }));
  const cumulative = (weights) => {
    let acc = 0;
    return Float64Array.from(weights, (w) => (acc += w));
  };
  const placeTables = Array.from({ length: months }, (_, k) => cumulative(placeWeights.map((w, i) => {
    const b = placeBursts[i];
    const t = k * 30 * DAY_MS;
    return b && t >= b[0] && t < b[1] ? w * 4 : w;
  })));
  const hotspotTables = Array.from({ length: months }, (_, k) => cumulative(hotspots.map((h) => {
    const t = k * 30 * DAY_MS;
    return t >= h.window[0] && t < h.window[1] ? h.weight : 0;
  })));
  const pick = (table) => {
    const x = rand() * table[table.length - 1];
    let lo = 0;
    let hi = table.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (table[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };

  // Times: rejection sampling against trend x season x weekday x hour, then sorted.
  const weightAt = (t) => {
    const f = (t - start) / span;
    const trend = 0.55 + 0.9 * f;
    const dayOfYear = (new Date(t).getTime() - Date.UTC(new Date(t).getUTCFullYear(), 0, 1)) / DAY_MS;
    const season = 1 + 0.25 * Math.cos((2 * Math.PI * (dayOfYear - 195)) / 365);
    const { hour, weekday } = localParts(t);
    return trend * season * WEEKDAY[weekday] * HOURLY[hour];
  };
  const maxWeight = 1.45 * 1.25 * 1.35 * 10;
  const times = new Float64Array(count);
  for (let i = 0; i < count;) {
    const t = start + rand() * span;
    if (rand() * maxWeight < weightAt(t)) times[i++] = Math.floor(t / 1000) * 1000;
  }
  times.sort();

  const catWeights = CATEGORY_CODES.map((c) => CATEGORY_MIX[c][0]);
  const catTable = cumulative(catWeights);
  const orgTable = cumulative(ORG_MIX.map((o) => o.weight));
  const visTables = ORG_MIX.map((o) => cumulative(o.visibility));
  const ids = new Array(count);
  const merged = new Uint8Array(count);
  const cid = world.collaborationId;
  const iso = (t) => new Date(t).toISOString();
  let lastCreated = 0;
  let genMs = 0;

  function row(i) {
    const t = times[i];
    const id = randomUUID();
    ids[i] = id;
    const category = CATEGORY_CODES[pick(catTable)];
    const severity = Math.max(1, Math.min(5, Math.round(CATEGORY_MIX[category][1] + normal(rand) * 0.8)));
    const oi = pick(orgTable);
    const org = world.orgs[oi];
    const author = org.users[Math.floor(rand() * org.users.length)];
    const visibility = ['partners', 'organisations', 'own'][pick(visTables[oi])];
    let shared = '{}';
    if (visibility === 'organisations') {
      const others = world.orgs.filter((o) => o !== org);
      const n = 1 + Math.floor(rand() * 2);
      shared = `{${shuffle(rand, [...others]).slice(0, n).map((o) => o.id).join(',')}}`;
    }
    let placeId = null;
    let areaId;
    let lat;
    let lng;
    const month = monthOf(t);
    if (rand() < 0.6) {
      const p = world.places[pick(placeTables[month])];
      placeId = p.id;
      areaId = p.areaId;
      lat = p.lat;
      lng = p.lng;
    } else {
      const table = hotspotTables[month];
      if (rand() < 0.7 && table[table.length - 1] > 0) {
        const h = hotspots[pick(table)];
        lat = h.lat + normal(rand) * h.sigma;
        lng = h.lng + (normal(rand) * h.sigma) / Math.cos((h.lat * Math.PI) / 180);
      } else ({ lat, lng } = uniformInTown(rand));
      lat = +lat.toFixed(6);
      lng = +lng.toFixed(6);
      areaId = world.areaAt(lat, lng);
    }
    const ageDays = (Date.now() - t) / DAY_MS;
    const statusMix = ageDays < 7 ? [50, 30, 15, 5, 0] : ageDays < 60 ? [10, 20, 20, 35, 15] : [2, 3, 5, 40, 50];
    let status = STATUSES[weightedIndex(rand, statusMix, 100)];
    // Created when reported (minutes to a day after it was seen), in commit order with the seq.
    const created = Math.min(Date.now(), Math.max(lastCreated + 1, t + Math.floor(60_000 + rand() * rand() * DAY_MS)));
    lastCreated = created;
    let mergedInto = null;
    if (i > 50 && rand() < 0.01) {
      for (let k = 1; k <= 20; k++) {
        if (!merged[i - k]) {
          mergedInto = ids[i - k];
          break;
        }
      }
      if (mergedInto) {
        merged[i] = 1;
        status = 'closed';
      }
    }
    const changed = status !== 'new';
    const updated = changed ? Math.min(Date.now(), created + Math.floor(rand() * 14 * DAY_MS)) : created;
    const assigned = changed && rand() < 0.25 ? world.orgs[Math.floor(rand() * world.orgs.length)].id : null;
    const answered = changed && rand() < 0.08 ? world.orgs[Math.floor(rand() * world.orgs.length)].id : null;
    const cols = [
      id, cid, world.seqBase + i + 1, category, description(rand, 6 + Math.floor(rand() * 35)), iso(t), severity, status, visibility, shared,
      placeId ?? '\\N', areaId ?? '\\N', lat, lng, org.id, author.id, assigned ?? '\\N', mergedInto ?? '\\N',
      answered ? 'Tack för rapporten, vi har tagit upp den på veckomötet.' : '\\N', answered ? iso(Math.min(updated, created + 3_600_000)) : '\\N', answered ?? '\\N',
      changed ? 2 + Math.floor(rand() * 3) : 1, iso(created), iso(updated),
    ];
    return cols.join('\t');
  }

  return {
    get genMs() {
      return genMs;
    },
    /** Chunks of `per` rows at a time, each a string of COPY text lines, for rows [from, to). */
    *chunks(from, to, per = 2000) {
      for (let i = from; i < to; i += per) {
        const t0 = now();
        const lines = [];
        for (let k = i; k < Math.min(to, i + per); k++) lines.push(row(k));
        genMs += now() - t0;
        yield `${lines.join('\n')}\n`;
      }
    },
  };
}
const STATUSES = ['new', 'acknowledged', 'in_progress', 'resolved', 'closed'];
function shuffle(rand, a) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
/** A stretch [from, to) of ms since the start, somewhere in `span`, 10-100 % of it long (may begin before the start). */
function stretch(rand, span) {
  const length = span * (0.1 + rand() * 0.9);
  const from = -0.2 * span + rand() * (span * 1.2 - length * 0.5);
  return [from, from + length];
}

/** COPY in statements of 100,000 rows (each its own transaction), the generator feeding the stream as it drains. */
async function copyReports(db, gen, pgPids) {
  const meter = cpuMeter({ postgres: pgPids });
  const t0 = now();
  const per = 100_000;
  for (let from = 0; from < ROWS; from += per) {
    const copy = db.query(copyStreams.from(`COPY reports (${COLUMNS.join(', ')}) FROM STDIN`));
    await pipeline(Readable.from(gen.chunks(from, Math.min(ROWS, from + per))), copy);
    if (ROWS > per) process.stdout.write(`\rCOPY ${fmt.int(Math.min(ROWS, from + per))} rows, ${fmt.int(Math.min(ROWS, from + per) / ((now() - t0) / 1000))} rows/s`);
  }
  if (ROWS > per) process.stdout.write('\n');
  const ms = now() - t0;
  await sleep(0);
  return { ms, rate: ROWS / (ms / 1000), genMs: gen.genMs, cpu: meter.stop() };
}
