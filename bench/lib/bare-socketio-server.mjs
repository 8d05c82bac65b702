// The baseline of the fan-out benchmark: a bare Socket.IO 4 server (default namespace, no auth, no rooms) that
// broadcasts with a plain `io.emit` at a given rate a payload of a given JSON size, recording when each seq was
// emitted. Runs as its own process, like the service, and is driven over IPC by bench/fanout.mjs.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const now = () => performance.timeOrigin + performance.now();
const http = createServer();
const io = new Server(http, { serveClient: false });

function payloadOfSize(seq, size) {
  const base = { seq, type: 'report:created', at: new Date().toISOString(), data: { id: randomUUID(), seq, pad: '' } };
  const pad = Math.max(0, size - JSON.stringify(base).length);
  base.data.pad = 'x'.repeat(pad);
  return base;
}

async function run({ rate, count, size }) {
  const sent = new Float64Array(count + 1);
  const start = now() + 50;
  for (let seq = 1; seq <= count; seq++) {
    const due = start + ((seq - 1) * 1000) / rate;
    const wait = due - now();
    if (wait > 1) await new Promise((ok) => setTimeout(ok, wait));
    const p = payloadOfSize(seq, size);
    sent[seq] = now();
    io.emit('report:created', p);
  }
  return sent;
}

process.on('message', async (m) => {
  if (m.cmd === 'run') process.send({ type: 'done', sent: await run(m) });
  else if (m.cmd === 'clients') process.send({ type: 'clients', count: io.engine.clientsCount });
  else if (m.cmd === 'exit') io.close(() => process.exit(0));
});

http.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: http.address().port, pid: process.pid }));
