// The figures of docs/security.md ("What a client can hold"): starts a
// collector binary and measures, from outside, what hostile clients cost it.
//   node tests/collector/load/bounds.mjs [path/to/erratum-collector]
// Default binary: $ERRATUM_COLLECTOR_BIN, else build/native/demo/collector/.
// Prints one line per figure. Flags the binary does not know (an older
// build) are left out, so the same script measures a before and an after.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = path.resolve(process.argv[2] || process.env.ERRATUM_COLLECTOR_BIN || path.join(repoRoot, 'build/native/demo/collector/erratum-collector'));
const MB = 1024 * 1024;

const help = spawnSync(bin, ['--help'], { encoding: 'utf8' }).stdout;
const knows = (flag) => help.includes(flag);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'erratum-load-'));
fs.mkdirSync(path.join(dir, 'site'));
fs.writeFileSync(path.join(dir, 'site/asset.bin'), Buffer.alloc(256 * 1024, 'a'));

// A valid report: the first case of the shared vectors, under a fresh id.
const vectors = JSON.parse(fs.readFileSync(path.join(repoRoot, 'tests/vectors/report.json'), 'utf8'));
const report = () => JSON.stringify({ ...vectors.cases[0].request.report, id: randomUUID() });

let host = '';  // the Host field every request carries: the collector's own address

function start(extra = []) {
  const args = ['--port', '0', '--db', path.join(dir, `${randomUUID()}.sqlite`), '--quiet', '--rate-limit', 'off',
    '--site', path.join(dir, 'site'), '--allow-origin', 'https://news.example', ...extra];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (!m) return;
      host = `127.0.0.1:${m[1]}`;
      resolve({ child, port: Number(m[1]), stderr: () => stderr });
    });
    child.once('exit', (code) => reject(new Error(`collector exited ${code}: ${stderr}`)));
  });
}

const stop = (c) => new Promise((resolve) => { c.child.once('exit', resolve); c.child.kill('SIGTERM'); });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Peak resident memory of the process (VmHWM), in MB. */
function peakRss(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * Sends `head` then `body` (a Buffer, or a byte count of filler), reads the answer; never waits over `capMs`.
 * With `pauseMs`, waits that long after the first 64 KiB for an early answer (node reads nothing while it
 * floods a socket, so a client that never pauses sees the reset, not the answer).
 */
function exchange(port, head, body = Buffer.alloc(0), { chunked = false, capMs = 60000, pauseMs = 0 } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    let done = false;
    let stopped = false;
    const finish = (why) => {
      if (done) return;
      done = true;
      clearTimeout(cap);
      socket.destroy();
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] || 0), answer, sent, ms: performance.now() - started, why });
    };
    const cap = setTimeout(() => finish('cap'), capMs);
    socket.on('data', (d) => {
      answer += d.toString('latin1');
      stopped = true;  // as curl and browsers do: an answer before the body's end stops the upload
      const end = answer.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(answer);
      if (end >= 0 && length && answer.length >= end + 4 + Number(length[1])) finish('answered');
    });
    socket.on('close', () => finish('closed'));
    socket.on('error', () => finish('reset'));
    socket.on('end', () => finish('closed'));
    socket.write(head);
    const total = typeof body === 'number' ? body : body.length;
    const piece = Buffer.alloc(64 * 1024, 'x');
    const pump = () => {
      while (!done && !stopped && sent < total) {
        const part = typeof body === 'number' ? piece.subarray(0, Math.min(piece.length, total - sent)) : body.subarray(sent, sent + piece.length);
        sent += part.length;
        const framed = chunked ? Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')]) : part;
        const flowing = socket.write(framed);
        const next = pauseMs && sent === part.length ? () => setTimeout(pump, pauseMs) : pump;
        if (!flowing) return socket.once('drain', next);
        if (next !== pump) return next();
      }
      if (!done && !stopped && chunked) socket.write('0\r\n\r\n');
    };
    pump();
  });
}

const post = (p, framing, extra = '') => `POST ${p} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n${extra}${framing}\r\n`;
const print = (label, value) => console.log(`${label.padEnd(64)} ${value}`);

console.log(`collector: ${bin}`);

// 1. A normal POST while 64 idle and 16 slowloris connections (1 byte/s) are open.
{
  const c = await start(knows('--max-connections-per-address') ? ['--max-connections-per-address', '0'] : []);
  const body = report();
  const alone = await exchange(c.port, post('/api/reports', `Content-Length: ${Buffer.byteLength(body)}\r\n`), Buffer.from(body));
  print('POST /api/reports, nothing else open (ms, status)', `${alone.ms.toFixed(1)} ${alone.status}`);
  const held = [];
  for (let i = 0; i < 64; i++) held.push(net.connect(c.port, '127.0.0.1').on('error', () => {}));
  const slow = [];
  const line = `GET / HTTP/1.1\r\nHost: ${host}\r\nX-Slow: ${'a'.repeat(1000)}`;
  for (let i = 0; i < 16; i++) {
    const s = net.connect(c.port, '127.0.0.1').on('error', () => {});
    let at = 0;
    const timer = setInterval(() => { if (!s.destroyed) s.write(line[at++ % line.length]); }, 1000);
    slow.push({ s, timer });
  }
  await sleep(1500);
  const times = [];
  for (let i = 0; i < 3; i++) {
    const b = report();
    const r = await exchange(c.port, post('/api/reports', `Content-Length: ${Buffer.byteLength(b)}\r\n`), Buffer.from(b));
    times.push(`${r.ms.toFixed(1)} ${r.status || r.why}`);
  }
  print('POST /api/reports with 64 idle + 16 slowloris open (ms status x3)', times.join(', '));
  const opened = held.filter((s) => !s.destroyed).length + slow.filter(({ s }) => !s.destroyed).length;
  print('  of the 80, still open after the POSTs', opened);
  for (const s of held) s.destroy();
  for (const { s, timer } of slow) { clearInterval(timer); s.destroy(); }
  await stop(c);
}

// 2. Peak RSS through a 256 MB chunked body to each route, a gzip bomb and 1,000 ranges.
{
  const c = await start();
  await sleep(200);
  print('peak RSS at start (MB)', peakRss(c.child.pid).toFixed(1));
  for (const [method, p] of [['POST', '/nothing'], ['PUT', '/api/reports'], ['POST', '/inbox'], ['POST', '/api/reports']]) {
    const head = `${method} ${p} HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const flood = await exchange(c.port, head, 256 * MB, { chunked: true });
    const polite = await exchange(c.port, head, 256 * MB, { chunked: true, pauseMs: 200 });
    print(`256 MB chunked to ${method} ${p}: MB sent until closed; answer`, `${(flood.sent / MB).toFixed(1)}; ${polite.status}`);
  }
  const bomb = zlib.gzipSync(Buffer.alloc(64 * MB, '{'), { level: 9 });
  const g = await exchange(c.port, post('/api/reports', `Content-Length: ${bomb.length}\r\n`, 'Content-Encoding: gzip\r\n'), bomb);
  print(`gzip bomb (${(bomb.length / 1024).toFixed(0)} KiB -> 64 MB) to POST /api/reports: status`, g.status);
  const ranges = 'bytes=0-' + ',0-'.repeat(999);
  const rr = await exchange(c.port, `GET /asset.bin HTTP/1.1\r\nHost: ${host}\r\nRange: ${ranges}\r\nConnection: close\r\n\r\n`);
  print(`1,000 ranges of a 256 KiB file (${ranges.length} B header): status, MB answered`, `${rr.status} ${(rr.answer.length / MB).toFixed(2)}`);
  print('peak RSS after all of them (MB)', peakRss(c.child.pid).toFixed(1));
  await stop(c);
}

// 3. Framing, Origin, a stalled body, a second server on the port.
{
  const c = await start(knows('--body-timeout') ? ['--body-timeout', '2s'] : []);
  const b = report();
  const n = Buffer.byteLength(b);
  const dup = await exchange(c.port, post('/api/reports', `Content-Length: ${n}\r\nContent-Length: ${n - 1}\r\n`), Buffer.from(b));
  print('two different Content-Length fields: status', dup.status);
  for (const origin of ['https://news%2Eexample', 'https://news.example%00.evil.example']) {
    const o = await exchange(c.port, post('/api/reports', `Content-Length: ${Buffer.byteLength(b)}\r\n`, `Origin: ${origin}\r\n`), Buffer.from(report()));
    print(`Origin ${origin} (allowed: https://news.example): status`, o.status);
  }
  const stalled = await exchange(c.port, post('/api/reports', `Content-Length: ${n}\r\n`), Buffer.from(b).subarray(0, n >> 1));
  print('a body stalled half-way: status, ms to the answer', `${stalled.status} ${stalled.ms.toFixed(0)}`);
  const second = spawnSync(bin, ['--port', String(c.port), '--db', path.join(dir, 'second.sqlite'), '--quiet'], { encoding: 'utf8', timeout: 3000 });
  const timedOut = second.error?.code === 'ETIMEDOUT';
  print('a second collector on the same port: exit status', timedOut ? 'none: it was serving too (stopped after 3 s)' : second.status);
  if (second.stderr.trim()) print('  its message', second.stderr.trim().split('\n')[0]);
  await stop(c);
}

const backlog = fs.existsSync('/proc/sys/net/core/somaxconn') ? fs.readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim() : '?';
print('listen backlog asked (somaxconn caps it)', `${knows('--listen-backlog') ? 511 : 5} (somaxconn ${backlog})`);
fs.rmSync(dir, { recursive: true, force: true });
