// Test harness for the widget's browser tests: serves the widget (the built
// dist/ folder, bundled JS and wasm, under /erratum/ as a site would), the fixture pages,
// and a tiny report endpoint on the same origin (so a strict CSP with
// connect-src 'self' still lets reports through). Also opens pages with the
// console, page errors and CSP violations recorded, and sets up a test file's
// browser and servers (browserSuite).

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { before, after } from 'node:test';
import { startStaticServer, repoRoot, artifactsDir, launchBrowser } from './support.mjs';

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

export function wasmDist() {
  return process.env.ERRATUM_WASM_DIST || path.join(repoRoot, 'build', 'wasm', 'dist');
}

export function haveWasm() {
  return fs.existsSync(path.join(wasmDist(), 'erratum-core.wasm'));
}

const readBody = (req) =>
  new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });

/**
 * Starts the site. `endpoint.reply` decides each answer of POST /reports:
 * ({status, body, delayMs}); every request is recorded in endpoint.requests,
 * with the time it arrived (receivedAt, ms since the epoch).
 * csp: true for CSP above, or a policy of its own (a string, or a function of
 * the site's origin).
 */
export async function startSite({ csp = false } = {}) {
  let origin = '';
  const policy = () => (typeof csp === 'function' ? csp(origin) : typeof csp === 'string' ? csp : CSP);
  const statics = await startStaticServer({
    routes: {
      '/erratum/': wasmDist(),
      '/fixtures/': path.join(repoRoot, 'tests', 'browser', 'fixtures'),
    },
    headers: () => (csp ? { 'Content-Security-Policy': policy() } : undefined),
  });
  const upstream = new URL(statics.origin);
  const endpoint = {
    requests: [],
    reply: () => ({ status: 201, body: { ok: true } }),
    get reports() {
      return this.requests.map((r) => r.json);
    },
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/reports' && req.method === 'POST') {
      const text = await readBody(req);
      let json = null;
      try {
        json = req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')
          ? JSON.parse(new URLSearchParams(text).get('report'))
          : JSON.parse(text);
      } catch {}
      endpoint.requests.push({ receivedAt: Date.now(), headers: req.headers, text, json });
      const { status = 201, body = { ok: true }, delayMs = 0, headers = {} } = endpoint.reply(json) || {};
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      }, delayMs);
      return;
    }
    if (url.pathname === '/favicon.ico') return res.writeHead(204).end();
    const target = url.pathname + url.search;
    const proxied = http.request(
      { host: upstream.hostname, port: upstream.port, path: target, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode, up.headers);
        up.pipe(res);
      },
    );
    proxied.on('error', () => res.writeHead(502).end());
    req.pipe(proxied);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    endpoint,
    url: (fixture, config) => `${origin}/fixtures/${fixture}${config ? `?config=${encodeURIComponent(JSON.stringify(config))}` : ''}`,
    async close() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
      await statics.close();
    },
  };
}

/**
 * The before/after of a browser test file: Chromium and the servers its tests
 * use, started once before them and closed after them. Returns the suite,
 * whose fields are filled in by `before`: `browser`, and one field per entry
 * of `services` (name -> async () => a server with close()); `skip` says why
 * the tests cannot run (no wasm build when `wasm` is needed, or the reason
 * given). Called inside a describe(), it serves that describe's tests.
 * browserArgs: more Chromium flags for this file's browser.
 * @param {{services?: Record<string, () => Promise<{close: () => Promise<void>}>>, skip?: string|false, wasm?: boolean,
 *          browserArgs?: string[]}} [options]
 */
export function browserSuite({ services = { site: () => startSite() }, skip = false, wasm = true, browserArgs = [] } = {}) {
  const noWasm = wasm && !haveWasm() && 'wasm core not built (build/wasm/dist or ERRATUM_WASM_DIST)';
  const suite = { skip: noWasm || skip, browser: null };
  before(async () => {
    if (suite.skip) return;
    suite.browser = await launchBrowser(browserArgs);
    for (const [name, start] of Object.entries(services)) suite[name] = await start();
  });
  after(async () => {
    await suite.browser?.close();
    for (const name of Object.keys(services)) await suite[name]?.close();
  });
  return suite;
}

/**
 * Opens a page in a fresh context, recording problems:
 *   consoleErrors, pageErrors, warnings, requests, and csp() (securitypolicyviolation events).
 */
export async function openPage(browser, url, contextOptions = {}) {
  const context = await browser.newContext({ locale: 'fr-FR', ...contextOptions });
  const page = await context.newPage();
  // requests: paths this page fetched from the site, in order.
  const problems = { consoleErrors: [], pageErrors: [], warnings: [], requests: [] };
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol.startsWith('http')) problems.requests.push(u.pathname);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.consoleErrors.push(msg.text());
    if (msg.type() === 'warning') problems.warnings.push(msg.text());
  });
  page.on('pageerror', (err) => problems.pageErrors.push(String(err)));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.consoleErrors.push(`HTTP ${res.status()} ${res.url()}`);
  });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  if (url) await page.goto(url);
  problems.csp = () => page.evaluate(() => window.__csp);
  return { context, page, problems };
}

// --- the widget, seen from a test ------------------------------------------------

export const dialog = (page) => page.locator('erratum-dialog dialog');
/** An element inside the widget's shadow root. */
export const inDialog = (page, selector) => page.locator(`erratum-dialog ${selector}`);
/** Text with white space collapsed, for comparing what the reader sees. */
export const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
/** Step 1's entries: a block's text, with its toggle button (.block) as label. */
export const blocks = (page) => page.locator('erratum-dialog .entry');
/** Whether an entry of step 1 is picked (its button's aria-pressed). */
export const pressed = (entry) => entry.locator('.block').getAttribute('aria-pressed');
export const trigger = (page) => page.locator('erratum-trigger:not([skip]) button');

/** Opens the widget with the trigger and waits for the list (maybe on a hidden step). */
export async function openWidget(page) {
  await trigger(page).click();
  await dialog(page).waitFor({ state: 'visible' });
  await blocks(page).first().waitFor({ state: 'attached' });
}

/** The element focused inside the widget's shadow root, described for assertions. */
export function focused(page) {
  return page.evaluate(() => {
    const host = document.querySelector('erratum-dialog');
    let el = host?.shadowRoot?.activeElement || document.activeElement;
    if (!el) return null;
    return {
      tag: el.localName,
      id: el.id,
      className: el.className,
      // A block's button with its entry's text (its label, then the block's text).
      text: ((el.closest('.entry') || el).textContent || '').trim().slice(0, 80),
      pressed: el.getAttribute('aria-pressed'),
      inDialog: !!host?.shadowRoot?.activeElement,
    };
  });
}

/** Runs axe-core on the page (dialog open) and returns serious/critical violations. */
export async function axeSerious(page, label) {
  const source = fs.readFileSync(path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.evaluate(source);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target) }));
  });
  fs.writeFileSync(path.join(artifactsDir('widget'), `axe-${label}.json`), JSON.stringify(result, null, 2));
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(artifactsDir('widget'), `${name}.png`) });
}

/** Waits until the endpoint has received `count` reports. */
export async function waitForReports(site, count, timeoutMs = 10000) {
  const until = Date.now() + timeoutMs;
  while (site.endpoint.requests.length < count) {
    if (Date.now() > until) throw new Error(`expected ${count} report(s), got ${site.endpoint.requests.length}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return site.endpoint.reports;
}

/** Polls `predicate` until it is true; throws after `timeoutMs`. */
export async function waitUntil(predicate, timeoutMs = 15000, what = 'condition') {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The reports waiting in the page's outbox (localStorage). */
export const outboxOf = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('erratum:outbox') || '[]'));

/**
 * The widget's Send flow with contact 'off': picks block `block`, comments it,
 * goes on and sends (after `beforeSend`, if given); resolves when the dialog
 * shows an outcome, with the title the reader reads (or '' for an error summary).
 */
export async function sendReport(page, { block = 1, comment = 'Coquille.', beforeSend = null } = {}) {
  await openWidget(page);
  await blocks(page).nth(block).click();
  await inDialog(page, '.primary').click();
  await inDialog(page, '#e-item-0-comment').fill(comment);
  await inDialog(page, '.primary').click();
  await beforeSend?.();
  await inDialog(page, '.primary').click();
  await Promise.race([inDialog(page, '.done-title').waitFor(), inDialog(page, '.summary').waitFor()]);
  return (await inDialog(page, '.done-title').isVisible()) ? norm(await inDialog(page, '.done-title').textContent()) : '';
}

export function storedDraft(page) {
  return page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith('erratum:draft:'));
    return key ? JSON.parse(sessionStorage.getItem(key)) : null;
  });
}

/**
 * Whether a getBoundingClientRect() box is a 44 × 44 CSS px touch target, to
 * within one of Chromium's layout units (1/64 px): a box at a fractional
 * position, as while the dialog's opening animation moves it, measures
 * 43.999996 px for 44.
 */
export function isTouchTarget(box) {
  const min = 44 - 1 / 64;
  return box.width >= min && box.height >= min;
}
