// Integration mistakes get a precise message, not a silent outbox. Each case
// is the real browser failing the real way: a collector that refuses the
// page's origin (CORS), an endpoint URL answering 404 or 405, a plain-http
// endpoint under an https page (mixed content) and a page whose CSP blocks
// the endpoint. For each: one console error naming the endpoint, the page's
// origin and the fix; nothing in the outbox; the reader told the form is
// misconfigured, with the text kept. And the other way round: offline, or a
// collector that is down, still queues the report.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { CSP, browserSuite, inDialog, norm, openPage, openWidget, blocks, outboxOf, sendReport, startSite, storedDraft, waitUntil } from './widget-harness.mjs';
import { freePort, haveCollector, startCollector } from './collector-harness.mjs';

// reports.test resolves to loopback, so a request the browser did not block
// would reach the test's collector (and show in its log).
const suite = browserSuite({
  skip: haveCollector() ? false : 'the collector is not built (scripts/build.sh)',
  browserArgs: ['--host-resolver-rules=MAP reports.test 127.0.0.1'],
  services: {
    site: () => startSite(),
    cspSite: () => startSite({ csp: `${CSP}; connect-src 'self'` }),
    httpsSite: () => startHttpsFront(() => suite.site.origin),
  },
});
const { skip } = suite;

const config = { minFillMs: 0, contact: 'off' };
const COMMENT = 'The year is wrong.';
const ours = (problems) => problems.consoleErrors.filter((e) => e.startsWith('[Erratum]'));
// The console's sentence loads after the failure (delivery-diagnosis.mjs): wait for it.
const toldConsole = (problems) => waitUntil(() => ours(problems).length > 0, 5000, 'the console error');

/**
 * An https server (a throwaway self-signed certificate) in front of the
 * test site, so a page can be https: and serve the same fixtures.
 */
async function startHttpsFront(target) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'erratum-tls-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], {
    stdio: 'ignore',
  });
  const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    const upstream = new URL(target());
    const proxied = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode, up.headers);
      up.pipe(res);
    });
    proxied.on('error', () => res.writeHead(502).end());
    req.pipe(proxied);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (fixture, cfg) => `${origin}/fixtures/${fixture}?config=${encodeURIComponent(JSON.stringify(cfg))}`,
    async close() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The dialog after a configuration failure: what the reader reads, and the text still there. */
async function expectConfigFailure(page) {
  assert.equal(norm(await inDialog(page, '.summary-title').textContent()), 'Sending failed');
  assert.match(norm(await inDialog(page, '.summary-note').textContent()), /not set up correctly.*Nothing is lost.*copy them/);
  assert.equal(await inDialog(page, '.done-title').isVisible(), false);
  assert.equal((await storedDraft(page))?.items[0].comment, COMMENT, 'the draft keeps the text');
  assert.deepEqual(await outboxOf(page), [], 'never queued for retry');
}

test('CORS refused: the fix named once on the console and once in the collector log, nothing queued', { skip }, async () => {
  const collector = await startCollector({ config }); // no --allow-origin
  const pageOrigin = suite.site.origin;
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-en.html', { ...config, endpoint: collector.endpoint }), {
    locale: 'en-GB',
  });
  try {
    assert.equal(await sendReport(page, { comment: COMMENT }), '');
    await expectConfigFailure(page);
    // The reader tries again: the same answer, and neither log repeats itself.
    await inDialog(page, '.primary').click();
    await waitUntil(() => collector.log.filter((r) => r.method === 'OPTIONS').length >= 2, 10000, 'the second preflight');
    await waitUntil(async () => !(await inDialog(page, '.summary').isHidden()) && norm(await inDialog(page, '.status').textContent()) === '', 10000, 'the second outcome');
    await expectConfigFailure(page);
    await toldConsole(problems);
    await new Promise((r) => setTimeout(r, 300)); // time for a second one, which must not come

    const fix = `--allow-origin ${pageOrigin}`;
    const errors = ours(problems);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.ok(errors[0].startsWith(`[Erratum] ${collector.endpoint} refused this page's origin ${pageOrigin} (CORS)`), errors[0]);
    assert.ok(errors[0].includes(`Start the collector with ${fix}`), errors[0]);

    const refused = collector.lines.filter((line) => line.includes('refused origin'));
    assert.deepEqual(refused, [`erratum-collector: refused origin ${pageOrigin} (CORS preflight); start with ${fix} to accept it`]);
    assert.equal(collector.posts().length, 0, 'the browser never sent the report');
    assert.equal((await collector.reports()).length, 0);
  } finally {
    await context.close();
    await collector.close();
  }
});

for (const { status, reason, endpoint, reply, message } of [
  { status: 404, reason: 'a URL with nothing behind it', endpoint: '/no-such-endpoint', reply: null, message: /answered 404 Not Found to the report from .*Set endpoint to the URL that does/ },
  {
    status: 405,
    reason: 'a URL that does not take POST',
    endpoint: '/reports',
    reply: () => ({ status: 405, headers: { Allow: 'GET' }, body: { error: 'method not allowed' } }),
    message: /answered 405 Method Not Allowed to the report from .*does not take POST/,
  },
]) {
  test(`${status}, ${reason}: named once, nothing queued`, { skip }, async () => {
    suite.site.endpoint.requests.length = 0;
    if (reply) suite.site.endpoint.reply = reply;
    const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-en.html', { ...config, endpoint }), { locale: 'en-GB' });
    try {
      assert.equal(await sendReport(page, { comment: COMMENT }), '');
      await expectConfigFailure(page);
      await toldConsole(problems);
      const errors = ours(problems);
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.ok(errors[0].startsWith(`[Erratum] ${suite.site.origin}${endpoint} answered ${status}`), errors[0]);
      assert.match(errors[0], message);
      if (reply) assert.equal(suite.site.endpoint.requests.length, 1, 'the report reached the URL that refused it');
    } finally {
      suite.site.endpoint.reply = () => ({ status: 201 });
      await context.close();
    }
  });
}

// The core refuses to configure a plain-http endpoint off loopback (the
// dialog never sends to one), so what reaches the transport is a report
// already waiting for such an endpoint: the outbox flush on page load.
test('mixed content: an https page, an http endpoint; Chromium blocks it, the widget names it and drops the entry', { skip }, async () => {
  const collector = await startCollector({ config, args: ['--allow-origin', '*'] });
  const endpoint = `http://reports.test:${collector.port}/api/reports`;
  const front = suite.httpsSite;
  const { context, page, problems } = await openPage(suite.browser, null, { locale: 'en-GB', ignoreHTTPSErrors: true });
  try {
    await page.goto(`${front.origin}/fixtures/widget-page.css`); // a document of the https origin, to seed its storage
    const id = '3c1f4b1e-7d0a-4c55-9a39-0f3b5e8a1d42';
    await page.evaluate(
      ([id, endpoint]) => {
        const now = Date.now();
        const entry = { id, endpoint, body: { id }, attempts: 1, createdAt: now, nextAt: now };
        localStorage.setItem('erratum:outbox', JSON.stringify([entry]));
      },
      [id, endpoint],
    );
    const browserSaid = [];
    page.on('console', (msg) => browserSaid.push(msg.text()));
    await page.goto(front.url('widget-en.html', { ...config, endpoint }));
    await waitUntil(async () => (await outboxOf(page)).length === 0, 10000, 'the entry to leave the outbox');
    await toldConsole(problems);

    const errors = ours(problems);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.equal(
      errors[0],
      `[Erratum] ${endpoint} is plain http: and this page ${front.origin} is https:, so the browser blocks the report as mixed content. ` +
        'Serve the endpoint over https: and set endpoint to its https: URL.',
    );
    assert.ok(browserSaid.some((text) => /Mixed Content/.test(text)), 'Chromium itself blocked the request');
    assert.deepEqual(collector.log, [], 'nothing reached the collector');
  } finally {
    await context.close();
    await collector.close();
  }
});

test('CSP connect-src blocks the endpoint: the directive and the origin to add, nothing sent or queued', { skip }, async () => {
  const site = suite.cspSite;
  const collector = await startCollector({ config, args: ['--allow-origin', site.origin] });
  const { context, page, problems } = await openPage(suite.browser, site.url('widget-en.html', { ...config, endpoint: collector.endpoint }), {
    locale: 'en-GB',
  });
  try {
    assert.equal(await sendReport(page, { comment: COMMENT }), '');
    await expectConfigFailure(page);
    await toldConsole(problems);
    const errors = ours(problems);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.equal(
      errors[0],
      `[Erratum] The Content-Security-Policy of this page ${site.origin} blocks ${collector.endpoint} (connect-src). ` +
        `Add ${collector.origin} to its connect-src directive.`,
    );
    assert.ok((await problems.csp()).some((v) => v.startsWith('connect-src') && v.includes(collector.origin)), 'the browser reported the violation');
    assert.deepEqual(collector.log, [], 'nothing reached the collector');
  } finally {
    await context.close();
    await collector.close();
  }
});

test('offline: the same cross-origin setup queues the report, says so, and delivers it back online', { skip }, async () => {
  const collector = await startCollector({ config, args: ['--allow-origin', suite.site.origin] });
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-en.html', { ...config, endpoint: collector.endpoint }), {
    locale: 'en-GB',
  });
  try {
    await openWidget(page);
    await context.setOffline(true);
    await blocks(page).nth(1).click();
    await inDialog(page, '.primary').click();
    await inDialog(page, '#e-item-0-comment').fill(COMMENT);
    await inDialog(page, '.primary').click();
    await inDialog(page, '.primary').click();
    await inDialog(page, '.done-title').waitFor();
    assert.equal(norm(await inDialog(page, '.done-title').textContent()), 'Report saved');
    assert.match(norm(await inDialog(page, '.done-text').textContent()), /You are offline.*will be sent when you are back online/);
    const [waiting] = await outboxOf(page);
    assert.equal(waiting?.endpoint, collector.endpoint);
    assert.deepEqual(ours(problems), [], 'being offline is no integration mistake');

    await context.setOffline(false);
    await waitUntil(async () => (await outboxOf(page)).length === 0, 10000, 'the outbox to empty');
    assert.deepEqual((await collector.reports()).map((r) => r.id), [waiting.id]);
    assert.deepEqual(collector.lines.filter((line) => line.includes('refused origin')), []);
  } finally {
    await context.setOffline(false);
    await context.close();
    await collector.close();
  }
});

test('online with the collector down: queued as unreachable, not taken for CORS', { skip }, async () => {
  const endpoint = `http://127.0.0.1:${await freePort()}/api/reports`;
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-en.html', { ...config, endpoint }), { locale: 'en-GB' });
  try {
    assert.equal(await sendReport(page, { comment: COMMENT }), 'Report saved');
    assert.match(norm(await inDialog(page, '.done-text').textContent()), /cannot be reached right now/);
    assert.equal((await outboxOf(page)).length, 1);
    assert.deepEqual(ours(problems), []);
  } finally {
    await context.close();
  }
});
