// A child process of bench/soak.mjs holding many /feed sockets (socket.io-client, websocket transport), each one a
// client as the web app is: on connect it waits for feed:hello, sends feed:resume with the highest seq it has seen
// (the first time: where the feed stood, from feed:hello) and takes the ack's lastSeq. A socket is a "client" by
// key: reconnected (to either node) it resumes where it was. Every event received is recorded (key, seq, type,
// author shown, the record's id) for the comparison with the event log. Driven over IPC; see the `cmd` handlers.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io } from 'socket.io-client';

// No short timeouts: on a shared, loaded machine an answer may take long; only one that never comes is a failure.
const NEVER_MS = 120_000;
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
const slowest = []; // the five slowest resumes, with what they replayed
const resumeMs = { connect: [], churn: [] }; // feed:resume sent -> its ack: first connections, reconnections

const TYPES = ['report:created', 'report:updated', 'comment:created', 'effort:created', 'effort:updated'];
const clients = new Map(); // key -> { key, token, socket, startSeq, lastSeq, planned, connects, lost }

// Deliveries, as parallel growable arrays (typed arrays on collect).
let keys = [];
let seqs = [];
let flags = [];
let ids = [];
let count = 0;
const problems = []; // unexpected things: lost sockets, refused resumes, events of unknown type

function record(c, event, payload) {
  const t = TYPES.indexOf(event);
  if (t < 0 || typeof payload?.seq !== 'number') {
    if (problems.length < 50) problems.push(`socket ${c.key}: unexpected event ${event} ${JSON.stringify(payload)?.slice(0, 120)}`);
    return;
  }
  const data = payload.data;
  keys.push(c.key);
  seqs.push(payload.seq);
  // bit 0: author shown; bits 1..3: the event type (+1)
  flags.push((data?.author ? 1 : 0) | ((t + 1) << 1));
  ids.push(typeof data?.id === 'string' ? parseInt(data.id.slice(0, 8), 16) >>> 0 : 0);
  if (payload.seq > c.lastSeq) c.lastSeq = payload.seq;
  count++;
}

/** Connects client `c` to `url` and resumes it; resolves with an error string or undefined. */
function connect(c, url, phase) {
  return new Promise((ok) => {
    const socket = io(`${url}/feed`, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: NEVER_MS, auth: { token: c.token } });
    c.socket = socket;
    c.planned = false;
    const hello = new Promise((resolve) => socket.once('feed:hello', resolve));
    socket.onAny((event, payload) => event !== 'feed:hello' && record(c, event, payload));
    socket.on('disconnect', (reason) => {
      if (c.planned || c.socket !== socket) return;
      c.lost++;
      if (problems.length < 50) problems.push(`socket ${c.key}: disconnected by ${reason}`);
    });
    socket.once('connect_error', (e) => {
      socket.close();
      ok(`connect_error: ${e.message}`);
    });
    socket.once('connect', async () => {
      const said = await Promise.race([hello, new Promise((r) => setTimeout(r, NEVER_MS))]);
      if (!said) return ok(`no feed:hello in ${NEVER_MS / 1000} s`);
      if (c.startSeq === undefined) c.startSeq = c.lastSeq = said.lastSeq;
      const sent = performance.now();
      const afterSeq = c.lastSeq;
      const ack = await socket.timeout(NEVER_MS).emitWithAck('feed:resume', { afterSeq }).catch((e) => ({ ok: false, error: String(e) }));
      const ms = performance.now() - sent;
      resumeMs[phase].push(ms);
      if (!ack?.ok) return ok(`feed:resume refused: ${JSON.stringify(ack)}`);
      slowest.push({ key: c.key, phase, ms, replayed: ack.replayed, afterSeq, lastSeq: ack.lastSeq });
      slowest.sort((a, b) => b.ms - a.ms).splice(5);
      if (ack.lastSeq > c.lastSeq) c.lastSeq = ack.lastSeq;
      c.connects++;
      c.replayed += ack.replayed ?? 0;
      ok(undefined);
    });
  });
}

/** Runs `fn` over `items`, `n` at a time; collects the errors. */
async function pool(items, n, fn) {
  const errors = [];
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      const e = await fn(item);
      if (e) errors.push(`socket ${item.key}: ${e}`);
    }
  }));
  return errors;
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** Ends a client's connection as planned: cleanly (a client closing) or by dropping the transport (a lost network). */
function drop(c, abrupt) {
  c.planned = true;
  if (abrupt) c.socket.io.engine.close();
  else c.socket.disconnect();
}

process.on('message', async (m) => {
  switch (m.cmd) {
    case 'connect': {
      // m.sockets: [{ key, token, url }]
      const list = m.sockets.map((s) => {
        const c = { key: s.key, token: s.token, startSeq: undefined, lastSeq: 0, planned: false, connects: 0, lost: 0, replayed: 0 };
        clients.set(s.key, c);
        return { c, url: s.url, key: s.key };
      });
      const errors = await pool(list, m.concurrency ?? 25, ({ c, url }) => connect(c, url, 'connect'));
      process.send({ type: 'connected', connected: list.length - errors.length, failed: errors.length, errors: errors.slice(0, 5) });
      break;
    }
    case 'churn': {
      // m.sockets: [{ key, url, abrupt }]: drop each, wait m.pauseMs, connect it to `url` and resume.
      const list = m.sockets.map((s) => ({ ...s, c: clients.get(s.key) }));
      for (const s of list) drop(s.c, s.abrupt);
      await sleep(m.pauseMs ?? 1000);
      const errors = await pool(list, m.concurrency ?? 10, ({ c, url }) => connect(c, url, 'churn'));
      process.send({ type: 'churned', round: m.round, reconnected: list.length - errors.length, failed: errors.length, errors: errors.slice(0, 5) });
      break;
    }
    case 'count':
      process.send({ type: 'count', count, connected: [...clients.values()].filter((c) => c.socket?.connected).length });
      break;
    case 'collect':
      process.send({
        type: 'collected',
        keys: Int32Array.from(keys), seqs: Float64Array.from(seqs), flags: Uint8Array.from(flags), ids: Uint32Array.from(ids),
        clients: [...clients.values()].map((c) => ({ key: c.key, startSeq: c.startSeq, lastSeq: c.lastSeq, connects: c.connects, lost: c.lost, replayed: c.replayed, connected: !!c.socket?.connected })),
        problems,
        memory: process.memoryUsage().rss,
        slowest,
        resumeMs: { connect: Float64Array.from(resumeMs.connect), churn: Float64Array.from(resumeMs.churn) },
        lagP99: lag.percentile(99) / 1e6, lagMax: lag.max / 1e6,
      });
      break;
    case 'disconnect':
      for (const c of clients.values()) {
        c.planned = true;
        c.socket?.disconnect();
      }
      process.send({ type: 'disconnected' });
      break;
    case 'exit':
      process.exit(0);
  }
});
process.send({ type: 'ready', pid: process.pid });
