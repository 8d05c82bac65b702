// A child process that holds many socket.io-client sockets (websocket transport, one connection each) and records
// every event it receives: which socket, seq, when (wall clock, comparable across processes), and whether the
// author was shown. Driven over IPC by bench/fanout.mjs; see the `cmd` handlers below.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io } from 'socket.io-client';

const now = () => performance.timeOrigin + performance.now();
const sockets = new Map(); // key -> socket

// Deliveries, as parallel growable arrays (flattened into typed arrays on collect).
let keys = [];
let seqs = [];
let times = [];
let flags = [];
let ids = [];
let count = 0;
const TYPES = ['report:created', 'report:updated', 'comment:created', 'effort:created', 'effort:updated'];

let lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
let cpu0 = process.cpuUsage();
let t0 = now();

function record(key, event, payload) {
  const t = now();
  const typeIndex = TYPES.indexOf(event);
  const data = payload?.data;
  keys.push(key);
  seqs.push(typeof payload?.seq === 'number' ? payload.seq : -1);
  times.push(t);
  // bit 0: author shown; bits 1..3: event type (+1, 0 = unknown event)
  flags.push((data?.author ? 1 : 0) | ((typeIndex + 1) << 1));
  ids.push(typeof data?.id === 'string' ? parseInt(data.id.slice(0, 8), 16) >>> 0 : 0);
  count++;
}

function connectOne({ key, token, feedAll }, url, namespace) {
  return new Promise((ok) => {
    const socket = io(url + namespace, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: 20_000,
      auth: token ? { token } : undefined,
    });
    // The service holds live events until a socket's feed:resume; it says where the feed stands in feed:hello.
    const hello = new Promise((resolve) => socket.once('feed:hello', resolve));
    socket.onAny((event, payload) => event !== 'feed:hello' && record(key, event, payload));
    socket.once('connect', async () => {
      sockets.set(key, socket);
      if (namespace === '/feed') { // the service (the bare Socket.IO baseline has no feed protocol)
        const said = await Promise.race([hello, new Promise((r) => setTimeout(() => r(undefined), 10_000))]);
        if (!said) return ok({ key, error: `no feed:hello in 10 s (connected: ${socket.connected})` });
        const { lastSeq } = said;
        const ack = await socket.timeout(10_000).emitWithAck('feed:resume', { afterSeq: lastSeq }).catch((e) => ({ ok: false, error: String(e) }));
        if (!ack?.ok) return ok({ key, error: `feed:resume refused: ${JSON.stringify(ack)}` });
      }
      if (feedAll) {
        const ack = await socket.timeout(10_000).emitWithAck('feed:all', { enabled: true }).catch((e) => ({ ok: false, error: String(e) }));
        if (!ack?.ok) return ok({ key, error: `feed:all refused: ${JSON.stringify(ack)}` });
      }
      ok({ key });
    });
    socket.once('connect_error', (e) => {
      socket.close();
      ok({ key, error: e.message });
    });
    socket.on('disconnect', (reason) => {
      if (reason !== 'io client disconnect') process.send?.({ type: 'lost', key, reason });
    });
  });
}

async function connectAll(list, url, namespace, concurrency) {
  const errors = [];
  let next = 0;
  const started = now();
  await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, async () => {
    while (next < list.length) {
      const r = await connectOne(list[next++], url, namespace);
      if (r.error) errors.push(r);
    }
  }));
  return { connected: list.length - errors.length, failed: errors.length, errors: errors.slice(0, 3), ms: now() - started };
}

process.on('message', async (m) => {
  switch (m.cmd) {
    case 'connect': {
      const r = await connectAll(m.sockets, m.url, m.namespace ?? '', m.concurrency ?? 50);
      process.send({ type: 'connected', ...r });
      break;
    }
    case 'reset-stats':
      lag.disable();
      lag = monitorEventLoopDelay({ resolution: 10 });
      lag.enable();
      cpu0 = process.cpuUsage();
      t0 = now();
      process.send({ type: 'reset' });
      break;
    case 'count':
      process.send({ type: 'count', count });
      break;
    case 'collect': {
      const u = process.cpuUsage(cpu0);
      process.send({
        type: 'collected',
        keys: Int32Array.from(keys), seqs: Float64Array.from(seqs), times: Float64Array.from(times),
        flags: Uint8Array.from(flags), ids: Uint32Array.from(ids),
        cpu: (u.user + u.system) / 1000 / Math.max(1, now() - t0),
        lagP50: lag.percentile(50) / 1e6, lagP99: lag.percentile(99) / 1e6, lagMax: lag.max / 1e6,
      });
      keys = []; seqs = []; times = []; flags = []; ids = []; count = 0;
      break;
    }
    case 'disconnect':
      for (const s of sockets.values()) s.disconnect();
      sockets.clear();
      process.send({ type: 'disconnected' });
      break;
    case 'exit':
      process.exit(0);
  }
});
process.send({ type: 'ready', pid: process.pid });
