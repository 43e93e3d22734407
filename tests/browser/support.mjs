// Shared plumbing for the browser tests: a headless Chromium launched the same
// way everywhere, a tiny static file server that maps URL prefixes to folders
// (so tests serve the widget and the shared corpus without copying them), and
// a place for screenshots and other artifacts.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// The shared data (corpus, seed, hooks) lives next to the repository unless
// the environment points elsewhere.
export function sharedDir() {
  return process.env.ERRATUM_SHARED || path.resolve(repoRoot, '../shared');
}

/** @param {string[]} [extraArgs] more Chromium flags (e.g. --host-resolver-rules) */
export function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

function contentTypeFor(filePath) {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] || 'application/octet-stream';
}

// Finds the file a request path maps to, or null. The longest matching prefix
// wins; a resolved path that escapes its folder (../, encoded or not) is refused.
function resolveRoute(routes, urlPath) {
  const prefixes = Object.keys(routes).sort((a, b) => b.length - a.length);
  for (const prefix of prefixes) {
    if (!urlPath.startsWith(prefix)) continue;
    const root = path.resolve(routes[prefix]);
    const rest = urlPath.slice(prefix.length);
    if (rest.includes('\0')) return null;
    const target = path.resolve(root, '.' + path.posix.sep + rest);
    if (target !== root && !target.startsWith(root + path.sep)) return null;
    return target;
  }
  return null;
}

/**
 * Starts a static server on 127.0.0.1 with an ephemeral port.
 * @param {object} options
 * @param {Record<string,string>} options.routes URL path prefix -> folder on disk
 * @param {(req: http.IncomingMessage) => Record<string,string>|undefined} [options.headers]
 *        extra response headers per request (e.g. a Content-Security-Policy)
 * @returns {Promise<{origin: string, close: () => Promise<void>}>}
 */
export function startStaticServer({ routes, headers } = {}) {
  const server = http.createServer((req, res) => {
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    const extra = (headers && headers(req)) || {};
    const target = resolveRoute(routes || {}, urlPath);
    const notFound = () => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...extra });
      res.end('not found');
    };
    if (!target || (req.method !== 'GET' && req.method !== 'HEAD')) return notFound();
    fs.stat(target, (err, stat) => {
      if (err || !stat.isFile()) return notFound();
      res.writeHead(200, {
        'Content-Type': contentTypeFor(target),
        'Content-Length': stat.size,
        'Cache-Control': 'no-store',
        ...extra,
      });
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(target).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

// Creates (if needed) and returns tests/artifacts/<name>, which is gitignored.
export function artifactsDir(name) {
  const dir = path.join(repoRoot, 'tests', 'artifacts', name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
