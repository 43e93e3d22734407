// The real reference collector (the native erratum-collector binary) for the
// browser tests: started on a free or given port (one a test picked while
// nothing listened there) with its own SQLite file, its request log read
// from stderr (so a test can count the POSTs it answered), and its store read
// back through GET /api/reports.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './support.mjs';

const START_TIMEOUT_MS = 15000;

export function collectorBin() {
  return path.resolve(process.env.ERRATUM_COLLECTOR_BIN || path.join(repoRoot, 'build/native/demo/collector/erratum-collector'));
}

export function haveCollector() {
  return fs.existsSync(collectorBin());
}

/** A TCP port nothing listens on right now (the system picks it, then it is released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// One line per request: "<ip> <method> <path> <status>" (see collector.cpp).
const LOG_LINE = /^(\S+) ([A-Z]+) (\S+) (\d{3})$/;

/**
 * Starts the collector and resolves once it listens.
 * @param {object} [options]
 * @param {number} [options.port] 0 (default) picks a free port
 * @param {string} [options.dataDir] folder of the database; a fresh temp folder by default
 * @param {object} [options.config] the widget's configuration, whose limits the collector applies on receipt (--config)
 * @param {string[]} [options.args] more flags (--site, --assets, --allow-origin, --rate-limit...)
 * @returns {Promise<Collector>}
 */
export async function startCollector({ port = 0, dataDir = null, config = null, args = [] } = {}) {
  const ownsDir = !dataDir;
  const dir = dataDir || fs.mkdtempSync(path.join(os.tmpdir(), 'erratum-collector-'));
  const dbPath = path.join(dir, 'reports.sqlite');
  const flags = ['--host', '127.0.0.1', '--port', String(port), '--db', dbPath, ...args];
  if (config) {
    const configPath = path.join(dir, 'widget-config.json');
    fs.writeFileSync(configPath, JSON.stringify(config));
    flags.push('--config', configPath);
  }
  const log = [];
  const lines = [];
  const child = spawn(collectorBin(), flags, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let partial = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000); // the tail, for error messages
    const chunkLines = (partial + chunk).split('\n');
    partial = chunkLines.pop();
    for (const line of chunkLines) {
      lines.push(line);
      const m = LOG_LINE.exec(line);
      if (m) log.push({ ip: m[1], method: m[2], path: m[3], status: Number(m[4]) });
    }
  });
  let origin;
  try {
    origin = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the collector did not start: ${stderr}`)), START_TIMEOUT_MS);
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const m = out.match(/listening on (http:\/\/\S+)/);
        if (m) {
          clearTimeout(timer);
          resolve(m[1].replace(/\/$/, ''));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the collector exited with ${code}: ${stderr}`));
      });
    });
  } catch (err) {
    child.kill('SIGKILL');
    if (ownsDir) fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const collector = {
    origin,
    port: Number(new URL(origin).port),
    dbPath,
    endpoint: `${origin}/api/reports`,
    /** Requests answered so far, from the request log: {ip, method, path, status}. */
    log,
    /** Every line written to stderr so far (the request log and the collector's notices). */
    lines,
    /** POST /api/reports answered so far (each one a delivery attempt that reached the collector). */
    posts: () => log.filter((r) => r.method === 'POST' && r.path === '/api/reports'),
    /** Every stored report record ({id, receivedAt, status, report, ...}), all pages. */
    async reports() {
      const all = [];
      for (let offset = 0; ; ) {
        const res = await fetch(`${origin}/api/reports?limit=500&offset=${offset}`);
        if (!res.ok) throw new Error(`GET /api/reports answered ${res.status}`);
        const page = await res.json();
        all.push(...page.reports);
        offset += page.reports.length;
        if (!page.reports.length || offset >= page.total) return all;
      }
    },
    /** SIGTERM, and waits for the clean exit (the collector finishes requests in flight). */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.removeAllListeners('exit'); // the start-up watcher
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
    async close() {
      await collector.stop();
      if (ownsDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return collector;
}

/**
 * What the store holds for `sentIds`: rows, distinct ids, the rows beyond one
 * per id, and the sent reports it is missing (and rows it should not have).
 */
export async function storeTally(collector, sentIds) {
  const records = await collector.reports();
  const ids = records.map((r) => r.id);
  const distinct = new Set(ids);
  const sent = new Set(sentIds);
  return {
    records,
    stored: ids.length,
    distinct: distinct.size,
    duplicates: ids.length - distinct.size,
    missing: [...sent].filter((id) => !distinct.has(id)),
    unexpected: [...distinct].filter((id) => !sent.has(id)),
  };
}
