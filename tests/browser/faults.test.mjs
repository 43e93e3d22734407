// Delivery that loses nothing, against the real collector (the native binary
// and its SQLite store). Reports go through the widget's Send flow while the
// collector is down, failing, rate-limiting or too slow (a fault proxy in
// front of it), across a reload, from two tabs, and by sendBeacon on
// pagehide. Each test checks what the reader was told and what the store
// finally holds, and prints one line:
//   tally: <scenario> sent=N attempts=A received=R stored=S duplicates=D
// sent: reports the reader sent; attempts: POSTs the browser made (counted by
// the fault proxy, or, with no collector to reach, by the browser itself);
// received: POSTs that reached the collector; stored: rows for those
// reports; duplicates: rows beyond one per report id.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPage, outboxOf, sendReport, inDialog, dialog, waitUntil } from './widget-harness.mjs';
import { startCollector, haveCollector, freePort, storeTally } from './collector-harness.mjs';
import { startFaultProxy } from './fault-proxy.mjs';

const suite = browserSuite({ skip: haveCollector() ? false : 'the collector is not built (scripts/build.sh)' });
const { skip } = suite;

const SAVED = 'Signalement enregistré'; // what the reader reads when the report waits in the outbox
const baseConfig = { minFillMs: 0, contact: 'off' };

/** The collector, allowing the test site's origin, with a fault proxy in front of it unless `direct`. */
async function startStack({ port = 0, rateLimit = 'off', direct = false } = {}) {
  const collector = await startCollector({
    port,
    config: baseConfig, // the widget's limits, so the collector judges the reports as the widget did
    args: ['--allow-origin', suite.site.origin, '--rate-limit', rateLimit],
  });
  const proxy = direct ? null : await startFaultProxy({ target: collector.origin });
  return {
    collector,
    proxy,
    endpoint: (proxy || collector).endpoint,
    async close() {
      await proxy?.close();
      await collector.close();
    },
  };
}

/** POSTs to `endpoint` the browser makes in `context` (each one, whether it connected or not). */
function watchAttempts(context, endpoint) {
  const seen = [];
  context.on('request', (request) => {
    if (request.method() === 'POST' && request.url() === endpoint) seen.push(request);
  });
  return seen;
}

/**
 * Prints the scenario's tally line and checks that the store holds each sent
 * report exactly once. `attempts` defaults to the POSTs the proxy saw.
 */
async function tally(scenario, stack, sent, { attempts = stack.proxy.posts().length, received = stack.collector.posts().length } = {}) {
  const store = await storeTally(stack.collector, sent);
  console.log(
    `tally: ${scenario} sent=${sent.length} attempts=${attempts} received=${received} stored=${store.stored} duplicates=${store.duplicates}`,
  );
  assert.deepEqual(store.missing, [], 'every report sent is stored');
  assert.deepEqual(store.unexpected, [], 'nothing else is stored');
  assert.equal(store.duplicates, 0);
  assert.equal(store.stored, sent.length);
  return store;
}

/** Closes the dialog on its "done" step, ready for the next report. */
async function closeDone(page) {
  await inDialog(page, '.primary').click();
  await dialog(page).waitFor({ state: 'hidden' });
}

// The outbox retries on backoff timers (up to minutes once attempts pile up):
// jump the page's clock to when the last waiting report is due, as if the
// reader had stayed that long. Never while a flush runs (it holds the
// outbox's Web Lock): the jump would also fire its requests' timeouts.
async function runRetryTimers(page) {
  const waitMs = await page.evaluate(async () => {
    const entries = JSON.parse(localStorage.getItem('erratum:outbox') || '[]');
    const flushing = (await navigator.locks.query()).held.some((lock) => lock.name === 'erratum-outbox');
    return entries.length && !flushing ? Math.max(...entries.map((e) => e.nextAt)) - Date.now() : null;
  });
  if (waitMs !== null) await page.clock.fastForward(Math.max(0, Math.ceil(waitMs)) + 1000);
}

/**
 * Runs `body` with a collector behind a fault proxy (`fault` its rule) and a
 * page of the test article posting to it (`config` added to baseConfig);
 * closes them all after.
 */
async function withStack({ rateLimit = 'off', fault = () => null, config = {} }, body) {
  const stack = await startStack({ rateLimit });
  stack.proxy.fault = fault;
  const url = suite.site.url('widget-fr.html', { ...baseConfig, endpoint: stack.endpoint, ...config });
  const { context, page } = await openPage(suite.browser, url);
  try {
    await body({ stack, proxy: stack.proxy, collector: stack.collector, context, page, url });
  } finally {
    await context.close();
    await stack.close();
  }
}

const onPosts = (fault) => (r) => (r.method === 'POST' ? fault : null);
const onFirstPost = (fault) => (r) => (r.method === 'POST' && r.n === 1 ? fault : null);
/** Resolves once the proxy has seen no new request for `ms`. */
async function quiet(proxy, ms = 300) {
  let seen = -1;
  while (seen !== proxy.requests.length) {
    seen = proxy.requests.length;
    await new Promise((r) => setTimeout(r, ms));
  }
}
const outboxEmptied = (page, what, timeoutMs = 10000) => waitUntil(async () => (await outboxOf(page)).length === 0, timeoutMs, what);

test('collector down while 20 reports are sent, then started on its port: all 20 stored exactly once', { skip }, async () => {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}/api/reports`;
  const { context, page } = await openPage(suite.browser, null);
  const attempts = watchAttempts(context, endpoint);
  let stack = null;
  try {
    await context.clock.install(); // time flows; runRetryTimers jumps it forward
    await page.goto(suite.site.url('widget-fr.html', { ...baseConfig, endpoint }));
    const told = [];
    for (let i = 0; i < 20; i++) {
      told.push(await sendReport(page, { block: i % 8, comment: `Signalement numéro ${i + 1}.` }));
      await closeDone(page);
    }
    assert.deepEqual(told, Array(20).fill(SAVED), 'each report: the reader is told it is saved, to be sent later');
    const waiting = await outboxOf(page);
    assert.equal(waiting.length, 20);
    const sent = waiting.map((e) => e.id);
    assert.equal(new Set(sent).size, 20, 'twenty distinct reports');
    assert.ok(attempts.length >= 20, `each report was tried (${attempts.length} attempts)`);

    stack = await startStack({ port, direct: true });
    await waitUntil(
      async () => {
        if ((await outboxOf(page)).length === 0) return true;
        await runRetryTimers(page);
        await new Promise((r) => setTimeout(r, 250)); // real time for the flush to start
        return false;
      },
      30000,
      'the outbox to empty once the collector is up',
    );
    assert.ok(stack.collector.posts().length >= 20);
    const store = await tally('collector-down-20', stack, sent, { attempts: attempts.length });
    const comments = store.records.map((r) => r.report.items[0].comment).sort();
    assert.deepEqual(comments, Array.from({ length: 20 }, (_, i) => `Signalement numéro ${i + 1}.`).sort());
    assert.ok(store.records.every((r) => r.status === 'new'), 'none flagged as spam');
  } finally {
    await context.close();
    await stack?.close();
  }
});

test('collector answering 500, then 200: saved, then delivered once by the retry', { skip }, async () => {
  // The first POST dies before the collector stores anything.
  await withStack({ fault: onFirstPost({ status: 500 }) }, async ({ proxy, collector, page, stack }) => {
    assert.equal(await sendReport(page, { comment: 'Erreur 500 puis succès.' }), SAVED);
    const [{ id }] = await outboxOf(page);
    await outboxEmptied(page, 'the retry');
    assert.deepEqual(
      proxy.posts().map((r) => [r.id, r.status]),
      [[id, 500], [id, 201]],
    );
    await tally('500-then-200', stack, [id]);
    assert.equal(collector.posts().length, 1, 'the 500 never reached the store');
  });
});

test("the collector's own rate limit (429 with Retry-After): the retry waits that long, then stores once", { skip }, async () => {
  await withStack({ rateLimit: '1/3s' }, async ({ proxy, collector, page, stack }) => {
    // Another client from the same address used the whole budget just before.
    const flood = async () => {
      const res = await fetch(collector.endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      assert.equal(res.status, 400);
    };
    assert.equal(await sendReport(page, { comment: 'Trop de requêtes.', beforeSend: flood }), SAVED);
    const [{ id }] = await outboxOf(page);
    await outboxEmptied(page, 'the retry', 15000);
    const [limited, stored] = proxy.posts();
    assert.equal(limited.status, 429);
    const retryAfter = Number(limited.answerHeaders['retry-after']);
    assert.ok(retryAfter >= 1, `Retry-After ${retryAfter}`);
    assert.equal(stored.status, 201);
    assert.ok(stored.at - limited.at >= retryAfter * 1000 - 50, `retried after ${stored.at - limited.at} ms, Retry-After ${retryAfter} s`);
    await tally('429-retry-after', stack, [id], { received: collector.posts().length - 1 }); // less the other client's POST
  });
});

test('a response hanging past timeoutMs: saved, retried, stored once (the retry is a duplicate)', { skip }, async () => {
  // The collector stores the first POST, but its answer never comes back in time.
  await withStack({ fault: onFirstPost({ holdMs: 8000 }), config: { timeoutMs: 1000 } }, async ({ proxy, page, stack }) => {
    assert.equal(await sendReport(page, { comment: 'Réponse trop lente.' }), SAVED);
    const [{ id }] = await outboxOf(page);
    await outboxEmptied(page, 'the retry');
    const [held, retried] = proxy.posts();
    assert.equal(held.status, 'held');
    assert.equal(held.answer?.status, 'new', 'the collector stored the first attempt');
    assert.equal(retried.status, 200);
    assert.equal(retried.answer?.status, 'duplicate', 'the retry was recognised by its id');
    await tally('hanging-past-timeout', stack, [id]);
  });
});

test('page reloaded with a report waiting: delivered once by the next load', { skip }, async () => {
  await withStack({ fault: onPosts({ status: 503 }) }, async ({ proxy, page, stack }) => {
    assert.equal(await sendReport(page, { comment: 'Envoyé avant de recharger.' }), SAVED);
    const [{ id }] = await outboxOf(page);
    // The next load's flush waits at this gate until the collector is reachable
    // again, so what delivers the report is that load, not the old page.
    let reached;
    const atGate = new Promise((resolve) => (reached = resolve));
    let open;
    const gate = new Promise((resolve) => (open = resolve));
    await page.route('**/erratum/outbox-flush.mjs', async (route) => {
      reached();
      await gate;
      await route.continue();
    });
    const postsBefore = proxy.posts().length;
    await page.reload();
    await atGate;
    // The old page's pagehide sent it once more (a keepalive fetch, still failing).
    await waitUntil(() => proxy.posts().length > postsBefore, 5000, 'the pagehide request');
    const onPageHide = proxy.posts()[postsBefore];
    assert.deepEqual([onPageHide.id, onPageHide.idempotencyKey, onPageHide.status], [id, id, 503]);
    assert.match(onPageHide.contentType, /^application\/json/);
    await quiet(proxy);
    proxy.fault = () => null;
    const openedAt = Date.now();
    open();
    await outboxEmptied(page, 'the flush on load');
    const delivered = proxy.posts().filter((r) => r.status === 201);
    assert.equal(delivered.length, 1);
    assert.equal(delivered[0].id, id);
    assert.ok(delivered[0].at >= openedAt, 'delivered by the new page');
    await tally('reload-pending', stack, [id]);
  });
});

test('two tabs loading with the same waiting outbox: each report stored once, sent once', { skip }, async () => {
  await withStack({ fault: onPosts({ status: 503 }) }, async ({ proxy, context, page, url, stack }) => {
    for (let i = 0; i < 3; i++) {
      assert.equal(await sendReport(page, { block: i, comment: `Deux onglets, ${i + 1}.` }), SAVED);
      await closeDone(page);
    }
    const sent = (await outboxOf(page)).map((e) => e.id);
    assert.equal(sent.length, 3);
    // Closing the tab sends each once more on pagehide; wait for those (still failing).
    const beforeClose = proxy.posts().length;
    await page.close();
    await waitUntil(() => proxy.posts().length >= beforeClose + 3, 5000, 'the pagehide requests');
    await quiet(proxy); // and for any retry that was under way when the tab closed
    // A slow collector: both tabs are loaded while the first flush is still running.
    proxy.fault = onPosts({ holdMs: 300 });
    const beforeTabs = proxy.posts().length;
    const tabs = await Promise.all([context.newPage(), context.newPage()]);
    await Promise.all(tabs.map((tab) => tab.goto(url)));
    await outboxEmptied(tabs[0], 'the outbox to empty', 15000);
    // Long enough for the other tab's retry timer (1 s at least) to find nothing left.
    await new Promise((r) => setTimeout(r, 1500));
    const flushed = proxy.posts().slice(beforeTabs);
    assert.deepEqual(flushed.map((r) => r.id).sort(), [...sent].sort(), 'one POST per report: the tabs never flush together');
    assert.ok(flushed.every((r) => r.answer?.status === 'new'));
    await tally('two-tabs', stack, sent);
  });
});

test('beacon: true: a report waiting on pagehide goes by sendBeacon (text/plain), stored once', { skip }, async () => {
  // fetch() keeps failing; only the beacon's body type gets through.
  const fetchFails = (r) => (r.method === 'POST' && !r.contentType.startsWith('text/plain') ? { status: 503 } : null);
  await withStack({ fault: fetchFails, config: { beacon: true } }, async ({ proxy, collector, page, url, stack }) => {
    assert.equal(await sendReport(page, { comment: 'Envoyé en partant.' }), SAVED);
    const [{ id }] = await outboxOf(page);
    await page.goto('about:blank');
    await waitUntil(() => proxy.posts().some((r) => r.status === 201), 5000, 'the beacon to be stored');
    const beacon = proxy.posts().find((r) => r.status === 201);
    assert.equal((await collector.reports()).length, 1);
    assert.equal(beacon.id, id);
    assert.match(beacon.contentType, /^text\/plain/, 'a CORS-safelisted type: no preflight');
    assert.equal(beacon.idempotencyKey, null, 'a beacon carries no custom header');
    // Nothing confirmed the beacon to the page: the next load sends it again, and the id dedups it.
    proxy.fault = () => null;
    await page.goto(url);
    await outboxEmptied(page, 'the outbox to empty');
    const last = proxy.posts().at(-1);
    assert.deepEqual([last.id, last.idempotencyKey, last.status, last.answer?.status], [id, id, 200, 'duplicate']);
    await tally('beacon-pagehide', stack, [id]);
  });
});
