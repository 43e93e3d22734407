// Privacy, proven on the wire and on the device. With the widget mounted,
// opened and used: every request goes to the module's own files or to the
// configured endpoint; the endpoint gets no cookie (unless `credentials` says
// so) and no Referer; the report's page URL has no query or fragment unless
// keepQuery / keepFragment keep them; and the only things ever stored are the
// draft (sessionStorage) and the outbox (localStorage), each removed once the
// report is delivered or discarded.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { browserSuite, startSite, haveWasm, wasmDist, openPage, openWidget, blocks, inDialog, dialog, trigger, waitForReports } from './widget-harness.mjs';

const suite = browserSuite({ services: { site: () => startSite() } });
const { skip } = suite;

// What the module may fetch: its own files, as shipped in the dist folder.
const MODULE_FILES = new Set(haveWasm() ? fs.readdirSync(wasmDist()) : []);
const TRACKING = '&utm_source=newsletter&id=42&token=s3cret#comments';

/** Every request of the context (page, workers), as method and full URL. */
function recordRequests(context) {
  const seen = [];
  context.on('request', (req) => seen.push({ method: req.method(), url: req.url(), headers: req.headers() }));
  return seen;
}

/** Sorts requests into the page's own, the module's files, the endpoint, and anything else. */
function classify(requests, pageUrl) {
  const out = { page: [], module: [], endpoint: [], other: [] };
  for (const r of requests) {
    const url = new URL(r.url);
    const sameOrigin = url.origin === suite.site.origin;
    if (sameOrigin && (url.pathname.startsWith('/fixtures/') || r.url === pageUrl)) out.page.push(url.pathname);
    else if (sameOrigin && url.pathname.startsWith('/erratum/') && MODULE_FILES.has(url.pathname.slice('/erratum/'.length)) && r.method === 'GET') out.module.push(url.pathname);
    else if (sameOrigin && url.pathname === '/reports' && r.method === 'POST' && !url.search) out.endpoint.push(r);
    else out.other.push(`${r.method} ${r.url}`);
  }
  return out;
}

/** A report: pick the second paragraph, correct it, send. */
async function report(page, text = 'The council of Millbrook voted on Wednesday.') {
  await openWidget(page);
  await blocks(page).nth(1).click();
  await inDialog(page, '.primary').click();
  await inDialog(page, '#e-item-0-corrected').fill(text);
  await inDialog(page, '.primary').click();
  await inDialog(page, '.primary').click();
}

test('on the wire: only the module and the endpoint; no cookie, no Referer; the page URL stripped (or kept as configured)', { skip }, async () => {
  suite.site.endpoint.requests.length = 0;
  const context = await suite.browser.newContext({ locale: 'en-GB' });
  try {
    const requests = recordRequests(context);
    await context.addCookies([{ name: 'session', value: 'reader-42', url: suite.site.origin }]);
    const page = await context.newPage();
    const pageUrl = suite.site.url('widget-en.html', { endpoint: '/reports', minFillMs: 0 }) + TRACKING;
    await page.goto(pageUrl);
    await report(page);
    await inDialog(page, '.done-title').waitFor();
    const [sent] = await waitForReports(suite.site, 1);

    const seen = classify(requests, pageUrl.replace(/#.*/, ''));
    assert.deepEqual(seen.other, [], 'nothing but the page, the module and the endpoint');
    assert.equal(seen.endpoint.length, 1);
    assert.ok(seen.module.includes('/erratum/erratum-core.wasm') && seen.module.includes('/erratum/widget.mjs'));
    const headers = suite.site.endpoint.requests[0].headers;
    assert.equal(headers.cookie, undefined, 'no cookie reaches the endpoint');
    assert.equal(headers.referer, undefined, 'no Referer (it would carry the full page URL)');
    assert.match(headers['content-type'], /^application\/json/);
    assert.equal(headers['idempotency-key'], sent.id);
    // The report names the page without its query and fragment.
    assert.equal(sent.page.url, `${suite.site.origin}/fixtures/widget-en.html`);
    assert.ok(!JSON.stringify(sent).includes('s3cret'), 'the token in the query is nowhere in the report');
  } finally {
    await context.close();
  }

  // keepQuery (an allow-list) and keepFragment keep what they name; credentials sends cookies.
  suite.site.endpoint.requests.length = 0;
  const kept = await suite.browser.newContext({ locale: 'en-GB' });
  try {
    await kept.addCookies([{ name: 'session', value: 'reader-42', url: suite.site.origin }]);
    const page = await kept.newPage();
    const config = { endpoint: '/reports', minFillMs: 0, keepQuery: ['id'], keepFragment: true, credentials: 'same-origin' };
    await page.goto(suite.site.url('widget-en.html', config) + TRACKING);
    await report(page);
    const [sent] = await waitForReports(suite.site, 1);
    assert.equal(sent.page.url, `${suite.site.origin}/fixtures/widget-en.html?id=42#comments`);
    assert.equal(suite.site.endpoint.requests[0].headers.cookie, 'session=reader-42', 'sent because credentials says so');
  } finally {
    await kept.close();
  }
});

/** Everything the page's origin has stored, as the widget could have written it. */
function stored(page) {
  return page.evaluate(async () => ({
    localStorage: Object.keys(localStorage),
    sessionStorage: Object.keys(sessionStorage),
    cookies: document.cookie,
    indexedDB: (await indexedDB.databases()).map((d) => d.name),
    caches: globalThis.caches ? await caches.keys() : [],
  }));
}
const NOTHING = { localStorage: [], sessionStorage: [], cookies: '', indexedDB: [], caches: [] };
const waitForStored = (page, check) =>
  page.waitForFunction(check, null, { timeout: 10000, polling: 50 });

test('on the device: only the draft and the outbox are stored, each removed once delivered or discarded', { skip }, async () => {
  suite.site.endpoint.requests.length = 0;
  suite.site.endpoint.reply = () => ({ status: 201, body: { ok: true } });
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-en.html', { endpoint: '/reports', minFillMs: 0 }) + TRACKING);
  try {
    await trigger(page).waitFor();
    assert.deepEqual(await stored(page), NOTHING, 'mounted');
    await openWidget(page);
    assert.deepEqual(await stored(page), NOTHING, 'opened');

    // Picking a paragraph makes a draft, for this page (without its fragment), in this tab only.
    await blocks(page).nth(1).click();
    await waitForStored(page, () => sessionStorage.length === 1);
    const draftKey = `erratum:draft:${suite.site.url('widget-en.html', { endpoint: '/reports', minFillMs: 0 })}${TRACKING.replace(/#.*/, '')}`;
    assert.deepEqual(await stored(page), { ...NOTHING, sessionStorage: [draftKey] }, 'draft');
    // Unpicking it discards the draft.
    await blocks(page).nth(1).click();
    await waitForStored(page, () => sessionStorage.length === 0);
    assert.deepEqual(await stored(page), NOTHING, 'draft discarded');

    // A report the endpoint cannot take now goes to the outbox; the draft goes.
    suite.site.endpoint.reply = () => ({ status: 503, body: { error: 'busy' } });
    await blocks(page).nth(1).click();
    await inDialog(page, '.primary').click();
    await inDialog(page, '#e-item-0-corrected').fill('The council of Millbrook voted on Wednesday.');
    await inDialog(page, '.primary').click();
    await inDialog(page, '#e-name').fill('Zoé Martin');
    await waitForStored(page, () => sessionStorage.length === 1 && sessionStorage.getItem(sessionStorage.key(0)).includes('Zoé Martin'));
    await inDialog(page, '.primary').click();
    await inDialog(page, '.done-title').waitFor();
    await waitForStored(page, () => sessionStorage.length === 0 && localStorage.length === 1);
    assert.deepEqual(await stored(page), { ...NOTHING, localStorage: ['erratum:outbox'] }, 'queued');

    // Delivered: the outbox is empty and removed.
    suite.site.endpoint.reply = () => ({ status: 201, body: { ok: true } });
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await waitForStored(page, () => localStorage.length === 0);
    assert.equal(suite.site.endpoint.requests.at(-1).json.reporter.name, 'Zoé Martin');
    assert.deepEqual(await stored(page), NOTHING, 'delivered');

    // Refused for good on a retry (422): discarded, nothing left behind.
    await inDialog(page, '.primary').click(); // "Close"
    await dialog(page).waitFor({ state: 'hidden' });
    suite.site.endpoint.reply = () => ({ status: 503, body: { error: 'busy' } });
    await report(page, 'The council of Millbrook voted on Thursday.');
    await inDialog(page, '.done-title').waitFor();
    await waitForStored(page, () => localStorage.length === 1);
    suite.site.endpoint.reply = () => ({ status: 422, body: { errors: [{ code: 'x', path: '', message: 'no' }] } });
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await waitForStored(page, () => localStorage.length === 0);
    assert.deepEqual(await stored(page), NOTHING, 'refused for good');
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await context.close();
  }
});
