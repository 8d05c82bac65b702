// Summarises a V8 .cpuprofile (node --cpu-prof) by self time: per function and per package/area of the code,
// optionally restricted to a window of the monotonic clock (process.hrtime, in microseconds).
import { readFileSync } from 'node:fs';

function areaOf(url, name) {
  if (!url) return name.startsWith('(') ? name : '(native/V8 builtins)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0] === 'internal' ? 'internal' : url.slice(5)}`;
  const app = /\/(?:dist|\.dist-\d+)\/(src|libs)\/([^/]+)/.exec(url);
  if (app) return `app ${app[1]}/${app[2]}`;
  return url.replace(/^file:\/\//, '');
}

export function summariseCpuProfile(file, { fromUs, toUs } = {}) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n) => {
    const { functionName, url, lineNumber } = n.callFrame;
    const where = url ? `${url.replace(/^file:\/\/.*?\/(node_modules|dist|\.dist-\d+)\//, '$1/')}:${lineNumber + 1}` : '';
    return [functionName || '(anonymous)', where, areaOf(url, functionName || '(anonymous)')];
  };
  const inclusive = new Map(); // function key -> { name, where, area, us }, each sample counted once per function on its stack
  const selfByNode = new Map();
  let t = prof.startTime;
  let total = 0;
  let idle = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    t += prof.timeDeltas[i] ?? 0;
    if ((fromUs !== undefined && t < fromUs) || (toUs !== undefined && t > toUs)) continue;
    const dt = prof.timeDeltas[i + 1] ?? 0; // the time until the next sample is spent where this one stood
    const n = nodes.get(prof.samples[i]);
    if (n.callFrame.functionName === '(idle)') {
      idle += dt;
      continue;
    }
    total += dt;
    selfByNode.set(n.id, (selfByNode.get(n.id) ?? 0) + dt);
    const seen = new Set();
    for (let id = n.id; id !== undefined; id = parent.get(id)) {
      const [name, where, area] = keyOf(nodes.get(id));
      const k = `${name}\0${where}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const f = inclusive.get(k) ?? { name, where, area, us: 0 };
      f.us += dt;
      inclusive.set(k, f);
    }
  }
  const byFn = new Map();
  const byPkg = new Map();
  for (const [id, us] of selfByNode) {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const name = functionName || '(anonymous)';
    const area = areaOf(url, name);
    const where = url ? `${url.replace(/^file:\/\/.*?\/(node_modules|dist|\.dist-\d+)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${name}\0${where}`;
    const f = byFn.get(key) ?? { name, where, us: 0 };
    f.us += us;
    byFn.set(key, f);
    byPkg.set(area, (byPkg.get(area) ?? 0) + us);
  }
  const share = (us) => us / Math.max(1, total);
  return {
    busyUs: total,
    idleUs: idle,
    byFunction: [...byFn.values()].sort((a, b) => b.us - a.us).map((f) => ({ ...f, share: share(f.us) })),
    byInclusive: [...inclusive.values()].sort((a, b) => b.us - a.us).map((f) => ({ ...f, share: share(f.us) })),
    byPackage: [...byPkg.entries()].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, us, share: share(us) })),
  };
}
