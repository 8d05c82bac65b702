// Runs the benchmarks in sequence, each in its own `node` process (so their memory and JIT state do not mix), and
// prints a summary. `npm run bench` builds the server first. Usage:
//
//   node bench/run.mjs [ingest] [startup] [fanout] [bundle] [--profile]
//
// Every figure is a ratio against a baseline measured in the same run, or a measurement next to its target:
// nothing here fails on a timing. The exit code is 1 only when a benchmark crashed or found a correctness problem
// (HTTP errors, lost/duplicate/unexpected deliveries, a missing bundle file).
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanup, fmt, serviceDist, table } from './lib/common.mjs';

const ALL = ['ingest', 'startup', 'fanout', 'bundle'];
const here = fileURLToPath(new URL('.', import.meta.url));
const chosen = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const names = chosen.length ? ALL.filter((n) => chosen.includes(n)) : ALL;
const profile = process.argv.includes('--profile');

function runOne(name) {
  return new Promise((ok) => {
    const t0 = Date.now();
    let result;
    const child = fork(join(here, `${name}.mjs`), name === 'ingest' && profile ? ['--profile'] : [], { stdio: 'inherit' });
    child.on('message', (m) => {
      if (m?.type === 'result') result = m.result;
    });
    child.on('exit', (code, signal) => ok({ name, code: code ?? signal, seconds: (Date.now() - t0) / 1000, result: result ?? { error: `exited with ${code ?? signal} without a result` } }));
  });
}

const started = new Date();
const runs = [];
// One snapshot of dist/ for every benchmark of this run (others may rebuild dist/ meanwhile).
if (names.some((n) => n !== 'bundle')) console.log(`service snapshot: ${readFileSync(join(serviceDist(), 'SNAPSHOT'), 'utf8').trim()}`);
for (const name of names) runs.push(await runOne(name));

const rows = [];
const status = (ok, failWord = 'ABOVE TARGET') => (ok ? 'ok' : failWord);
for (const { name, result: r, code, seconds } of runs) {
  if (r.error) {
    rows.push([name, 'crashed', r.error.slice(0, 60), '', '', 'FAIL']);
    continue;
  }
  if (name === 'ingest') {
    rows.push(['ingest', 'POST /api/reports vs bare INSERT', `${fmt.int(r.httpRate)}/s vs ${fmt.int(r.bareRate)}/s`, fmt.pct(r.ratio), '>= 15%', r.ratio >= 0.15 ? 'ok' : r.ratio < 0.05 ? 'DEFECT' : 'BELOW TARGET']);
    rows.push(['', 'latency p50 / p99', `${fmt.ms(r.p50)} / ${fmt.ms(r.p99)}`, '', '', '']);
    rows.push(['', 'errors + non-2xx', String(r.errors), '', '0', status(r.errors === 0, 'FAIL')]);
    rows.push(['', 'server RSS after the run', fmt.mb(r.rssBytes), '', '', '']);
    rows.push(['', 'PostgreSQL transactions per request', r.xactPerRequest.toFixed(2), '', '', '']);
    if (r.otherCores > 0.25) rows.push(['', 'NOTE: noisy run', `other processes used ${r.otherCores.toFixed(2)} of 2 cores during the HTTP run`, '', '', '']);
    rows.push(['', 'CPU per request: server / PostgreSQL', `${fmt.ms(r.cpuPerRequestMs)} / ${fmt.ms(r.pgCpuPerRequestMs)}`, `PG ${fmt.x(r.pgCpuPerRequestMs / r.barePgCpuPerRowMs)} a bare row`, '', '']);
  } else if (name === 'startup') {
    rows.push(['startup', 'restart -> healthy, median / worst', `${fmt.ms(r.restartMedianMs)} / ${fmt.ms(r.restartMaxMs)}`, `${fmt.x(r.ratioToBarePg)} bare PG start`, '< 5 s', status(r.restartMaxMs < 5000)]);
    rows.push(['', 'first start (init + migrate + seed)', fmt.ms(r.firstMs), '', '', '']);
    rows.push(['', 'node + import of the service only', fmt.ms(r.importOnlyMedianMs), '', '', '']);
  } else if (name === 'fanout') {
    rows.push(['fanout', `${r.run1.sockets} sockets p50 / p99 (201 -> socket)`, `${fmt.ms(r.run1.p50)} / ${fmt.ms(r.run1.p99)}`, `${fmt.x(r.p99Ratio)} bare p99`, '<= 2x', status(r.p99Ratio <= 2)]);
    rows.push(['', `bare io.emit ${r.base1.sockets} sockets p50 / p99`, `${fmt.ms(r.base1.p50)} / ${fmt.ms(r.base1.p99)}`, '1.00x', '', '']);
    rows.push(['', `bare io.emit, same deliveries/s (${r.baseEq.sockets} sockets)`, `${fmt.ms(r.baseEq.p50)} / ${fmt.ms(r.baseEq.p99)}`, `${fmt.x(r.strictRatio)} (stricter)`, '', '']);
    rows.push(['', `${r.run1.sockets} sockets, POST sent -> socket p50 / p99`, `${fmt.ms(r.run1.p50FromSend)} / ${fmt.ms(r.run1.p99FromSend)}`, '', '', '']);
    rows.push(['', `${r.run1.sockets} sockets deliveries`, `${fmt.int(r.run1.received)} / ${fmt.int(r.run1.expected)} expected`, '', 'exact', status(r.run1.ok, 'FAIL')]);
    rows.push(['', `${r.run2.sockets} sockets deliveries`, `${fmt.int(r.run2.received)} / ${fmt.int(r.run2.expected)} expected`, '', 'exact', status(r.run2.ok, 'FAIL')]);
    rows.push(['', `${r.run2.sockets} sockets p50 / p99`, `${fmt.ms(r.run2.p50)} / ${fmt.ms(r.run2.p99)}`, '', '', '']);
    rows.push(['', 'memory per idle socket (RSS)', fmt.kb(r.memory.service.perSocketRss), `${fmt.x(r.memory.ratio)} bare`, '<= 40 KB', status(r.memory.perSocketKB <= 40)]);
  } else if (name === 'bundle') {
    if (r.skipped) rows.push(['bundle', 'web client not built', '', '', '< 300 KB gzip', 'skipped']);
    else rows.push(['bundle', `first-load JS (${r.files} files), raw / gzip`, `${fmt.kb(r.rawBytes)} / ${fmt.kb(r.gzipBytes)}`, `${fmt.pct(r.ratioToTarget)} of budget`, '< 300 KB gzip', status(r.gzipBytes < r.targetBytes)]);
  }
  if (code !== 0 && !r.error) rows.push(['', `(exit ${code})`, '', '', '', 'FAIL']);
  rows[rows.length - 1].push(`${seconds.toFixed(0)} s`);
}

console.log(`\n=== summary (${started.toISOString()}) ${'='.repeat(40)}`);
console.log(table(rows.map((r) => (r.length < 7 ? [...r, ''] : r)), ['benchmark', 'measure', 'value', 'vs baseline', 'target', 'status', 'took']));
const failed = runs.some((r) => r.code !== 0 || r.result.error);
await cleanup();
process.exit(failed ? 1 : 0);
