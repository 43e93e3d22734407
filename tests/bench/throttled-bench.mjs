// 3c. What a reader waits for: the first open of the widget on the demo
// article (demo/site/index.html) in Chromium with a slow connection and a
// slow CPU, emulated through the DevTools protocol: 150 ms round trip,
// 1.6 Mbit/s down, 750 kbit/s up, the CPU 4× slower (Lighthouse's mobile
// settings), an empty cache (a fresh browser context per run).
//
// Measured in the page, wall clock: from the click on the trigger (the click
// event's time stamp) to the frame after the list of paragraphs is complete
// (the widget's erratum:list User Timing mark, then a frame), i.e. when the
// reader can pick a paragraph. Twice: cold (clicked once the page has
// loaded), and preloaded (the page mounts with loadOnIdle; clicked once the
// idle preparation has built the list ahead: the widget's erratum:prepared
// User Timing mark, then 500 ms, as for the cold open; how long after the
// page's start the preparation ended is reported beside the times).
//
// The files are served as a static host would: gzip-compressed (the size
// budget is in gzip), the wasm as application/wasm so that it compiles while
// it downloads.

import http from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { CONTENT_TYPES, launchBrowser, repoRoot } from '../browser/support.mjs';
import { summarize } from './timing.mjs';

export const CONDITIONS = { latencyMs: 150, downKbps: 1600, upKbps: 750, cpuSlowdown: 4 };
const TIMEOUT_MS = 60000;

/**
 * The demo site at / and dist/ at /erratum/, gzip-compressed when the browser
 * accepts it. /?idle=1 is the demo page mounting the widget with loadOnIdle.
 */
function startServer(distDir) {
  const site = path.join(repoRoot, 'demo', 'site');
  const cache = new Map();
  const file = (target) => {
    const mtime = statSync(target).mtimeMs;
    let entry = cache.get(target);
    if (!entry || entry.mtime !== mtime) {
      const raw = readFileSync(target);
      entry = { mtime, raw, gzip: gzipSync(raw, { level: 9 }) };
      cache.set(target, entry);
    }
    return entry;
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let target = null;
    if (url.pathname.startsWith('/erratum/')) target = path.join(distDir, path.basename(url.pathname));
    else if (url.pathname === '/' || url.pathname === '/index.html') target = path.join(site, 'index.html');
    else if (/^\/[\w./-]+$/.test(url.pathname) && !url.pathname.includes('..')) target = path.join(site, url.pathname);
    let entry;
    try {
      entry = target && statSync(target).isFile() ? file(target) : null;
    } catch {
      entry = null;
    }
    if (!entry) return res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    let body = entry.raw;
    let gzip = entry.gzip;
    if (target.endsWith('index.html') && url.searchParams.get('idle') === '1') {
      body = Buffer.from(body.toString('utf8').replace('<script src="/erratum/erratum.js"', '<script src="/erratum/erratum.js" data-load-on-idle="true"'));
      gzip = gzipSync(body, { level: 9 });
    }
    const accepts = /\bgzip\b/.test(req.headers['accept-encoding'] || '');
    const out = accepts ? gzip : body;
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(target)] || 'application/octet-stream',
      'Content-Length': out.length,
      'Cache-Control': 'public, max-age=600',
      Vary: 'Accept-Encoding',
      ...(accepts ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.end(out);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        origin: `http://127.0.0.1:${server.address().port}`,
        close: () => new Promise((done) => (server.closeAllConnections?.(), server.close(() => done()))),
      });
    });
  });
}

// Installed in the page before its scripts: records the click on the trigger
// and the frame after the list is complete, and what was fetched after the click.
function probe() {
  let done;
  const bench = (window.__bench = { click: null, listed: null, shown: null, longTasks: [], done: new Promise((resolve) => (done = resolve)) });
  try {
    new PerformanceObserver((list) => {
      for (const t of list.getEntries()) bench.longTasks.push({ start: t.startTime, duration: t.duration });
    }).observe({ type: 'longtask' });
  } catch {} // no Long Tasks API: nothing to show
  document.addEventListener(
    'click',
    (e) => {
      if (bench.click === null && e.composedPath().some((n) => n.localName === 'erratum-trigger')) bench.click = e.timeStamp;
    },
    true,
  );
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name !== 'erratum:list' || bench.listed !== null) continue;
      bench.listed = entry.startTime + entry.duration;
      requestAnimationFrame(() =>
        setTimeout(() => {
          bench.shown = performance.now();
          done();
        }),
      );
    }
  }).observe({ type: 'measure' });
}

async function oneOpen(browser, origin, { preload }) {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1100, height: 900 } });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.setDefaultTimeout(TIMEOUT_MS);
    await page.addInitScript(probe);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.clearBrowserCache');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: CONDITIONS.latencyMs,
      downloadThroughput: (CONDITIONS.downKbps * 1000) / 8,
      uploadThroughput: (CONDITIONS.upKbps * 1000) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CONDITIONS.cpuSlowdown });
    await page.goto(`${origin}/${preload ? '?idle=1' : ''}`, { waitUntil: 'load' });
    const button = page.locator('erratum-trigger:not([skip]) button'); // not the skip link's twin
    await button.waitFor({ state: 'visible' });
    // Preloaded: clicked once the widget has built its list while the page
    // was idle; before that, a click does part of the preparation's work.
    const preparedMs = preload
      ? await page.evaluate(async (ms) => {
          const at = () => performance.getEntriesByName('erratum:prepared').map((m) => m.startTime + m.duration)[0];
          for (const end = performance.now() + ms; at() === undefined; await new Promise((resolve) => setTimeout(resolve, 100)))
            if (performance.now() > end) throw new Error(`the widget did not prepare its list within ${ms} ms`);
          return at();
        }, TIMEOUT_MS)
      : null;
    await button.scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    // A plain mouse click where the button is, as a reader's: no page-side
    // checks by the test driver around it.
    const box = await button.boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    // Waited for in the page, not polled: polling (every frame) would cost
    // the page CPU time while it is being measured.
    await page.evaluate(
      (ms) => Promise.race([window.__bench.done, new Promise((resolve, reject) => setTimeout(() => reject(new Error(`no complete list after ${ms} ms`)), ms))]),
      TIMEOUT_MS,
    );
    const result = await page.evaluate(() => {
      const { click, listed, shown } = window.__bench;
      const after = performance
        .getEntriesByType('resource')
        .filter((r) => r.startTime >= click)
        .map((r) => ({ name: r.name.replace(/^.*\//, ''), start: r.startTime - click, end: r.responseEnd - click, bytes: r.transferSize }));
      const phases = performance
        .getEntriesByType('measure')
        .filter((m) => m.name.startsWith('erratum:') && m.startTime >= click)
        .map((m) => ({ name: m.name, start: m.startTime - click, end: m.startTime + m.duration - click }));
      const longTasks = window.__bench.longTasks.filter((t) => t.start + t.duration >= click).map((t) => ({ start: t.start - click, end: t.start + t.duration - click }));
      return { ms: shown - click, listedMs: listed - click, after, phases, longTasks, blocks: document.querySelector('erratum-dialog')?.shadowRoot?.querySelectorAll('.blocks button').length ?? 0 };
    });
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    if (!result.blocks) throw new Error('the list of paragraphs is empty');
    return { ...result, preparedMs };
  } finally {
    await context.close();
  }
}

export async function runThrottledBench({ distDir, runs = 3, log = () => {} }) {
  const server = await startServer(distDir);
  const browser = await launchBrowser();
  const conditions =
    `${CONDITIONS.latencyMs} ms RTT, ${CONDITIONS.downKbps / 1000} Mbit/s down, ${CONDITIONS.upKbps} kbit/s up, ` +
    `CPU ${CONDITIONS.cpuSlowdown}× slower (CDP emulation)`;
  const out = { conditions };
  try {
    for (const [key, preload] of [
      ['cold', false],
      ['preloaded', true],
    ]) {
      const results = [];
      for (let i = 0; i < runs; i++) results.push(await oneOpen(browser, server.origin, { preload }));
      const values = results.map((r) => r.ms);
      const typical = results[values.indexOf([...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)])];
      out[key] = {
        ...summarize(values),
        runs: values,
        listedMs: results.map((r) => r.listedMs),
        ...(preload ? { preparedMs: results.map((r) => r.preparedMs) } : {}),
        blocks: typical.blocks,
        requestsAfterClick: typical.after.length,
        bytesAfterClick: typical.after.reduce((n, r) => n + r.bytes, 0),
        waterfall: typical.after.sort((a, b) => a.start - b.start),
        phases: typical.phases,
        longTasks: typical.longTasks,
      };
      log(
        `throttled ${key}: ${values.map((v) => v.toFixed(0)).join(', ')} ms (median ${out[key].median.toFixed(0)}); ` +
          `${typical.after.length} requests after the click, ${out[key].bytesAfterClick} B` +
          (preload ? `; list prepared ${results.map((r) => r.preparedMs.toFixed(0)).join(', ')} ms after the page's start` : ''),
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}
