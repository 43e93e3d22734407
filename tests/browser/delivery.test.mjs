// Delivery that loses nothing, seen from the browser: retryable failures put
// the report in the outbox and the reader is told it is saved, not sent;
// the outbox is flushed on retry timers, on `online`, on the next page load,
// honours Retry-After, and two tabs never deliver the same report twice.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './support.mjs';
import {
  startSite,
  haveWasm,
  openPage,
  openWidget,
  blocks,
  dialog,
  waitForReports,
  inDialog,
  norm,
} from './widget-harness.mjs';

const skip = haveWasm() ? false : 'the wasm build is missing (run scripts/build.sh)';
let browser;
let site;

before(async () => {
  if (skip) return;
  browser = await launchBrowser();
  site = await startSite();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const outboxOf = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('erratum:outbox') || '[]'));

/** Picks one paragraph, comments it and sends; returns when the dialog shows an outcome. */
async function sendOne(page, comment) {
  await openWidget(page);
  await blocks(page).nth(1).click();
  await inDialog(page, '.primary').click();
  await inDialog(page, '#e-item-0-comment').fill(comment);
  await inDialog(page, '.primary').click();
  await inDialog(page, '.primary').click();
  await Promise.race([inDialog(page, '.done-title').waitFor(), inDialog(page, '.summary').waitFor()]);
}

async function waitFor(predicate, timeoutMs = 15000, what = 'condition') {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const config = { endpoint: '/reports', minFillMs: 0, contact: 'off' };

test('503 then 201: saved first, then delivered by the retry timer, same id, outbox emptied', { skip }, async () => {
  site.endpoint.requests.length = 0;
  site.endpoint.reply = () => ({ status: 503 });
  const { context, page } = await openPage(browser, site.url('widget-fr.html', config));
  try {
    await sendOne(page, 'Coquille dans ce paragraphe.');
    assert.equal(norm(await inDialog(page, '.done-title').textContent()), 'Signalement enregistré');
    assert.match(norm(await inDialog(page, '.done-text').textContent()), /sera envoyé dès que possible/);
    assert.equal((await outboxOf(page)).length, 1);
    site.endpoint.reply = () => ({ status: 201 });
    await waitForReports(site, 2, 15000);
    await waitFor(async () => (await outboxOf(page)).length === 0, 5000, 'the outbox to empty');
    const [first, second] = site.endpoint.requests;
    assert.equal(second.headers['idempotency-key'], first.headers['idempotency-key']);
    assert.equal(second.json.id, first.json.id);
    assert.equal(await page.evaluate(() => localStorage.getItem('erratum:outbox')), null, 'no key left behind');
  } finally {
    site.endpoint.reply = () => ({ status: 201 });
    await context.close();
  }
});

test('429 with Retry-After: the next attempt waits at least that long', { skip }, async () => {
  site.endpoint.requests.length = 0;
  site.endpoint.reply = () => ({ status: 429, headers: { 'Retry-After': '3' } });
  const { context, page } = await openPage(browser, site.url('widget-en.html', config), { locale: 'en-GB' });
  try {
    await sendOne(page, 'Typo here.');
    const firstAt = Date.now();
    assert.equal(norm(await inDialog(page, '.done-title').textContent()), 'Report saved');
    site.endpoint.reply = () => ({ status: 201 });
    await waitForReports(site, 2, 15000);
    assert.ok(Date.now() - firstAt >= 2900, `retried after ${Date.now() - firstAt} ms`);
  } finally {
    site.endpoint.reply = () => ({ status: 201 });
    await context.close();
  }
});

test('offline: saved; back online: delivered at once', { skip }, async () => {
  site.endpoint.requests.length = 0;
  const { context, page } = await openPage(browser, site.url('widget-en.html', config), { locale: 'en-GB' });
  try {
    await openWidget(page);
    await context.setOffline(true);
    await blocks(page).nth(1).click();
    await inDialog(page, '.primary').click();
    await inDialog(page, '#e-item-0-comment').fill('Written on a train.');
    await inDialog(page, '.primary').click();
    await inDialog(page, '.primary').click();
    await inDialog(page, '.done-title').waitFor();
    assert.equal(norm(await inDialog(page, '.done-title').textContent()), 'Report saved');
    assert.equal(site.endpoint.requests.length, 0);
    await context.setOffline(false);
    await waitForReports(site, 1, 5000);
    await waitFor(async () => (await outboxOf(page)).length === 0, 5000, 'the outbox to empty');
  } finally {
    await context.setOffline(false);
    await context.close();
  }
});

test('a report left pending is delivered on the next page load, without opening the widget', { skip }, async () => {
  site.endpoint.requests.length = 0;
  site.endpoint.reply = () => ({ status: 500 });
  const { context, page } = await openPage(browser, site.url('widget-fr.html', config));
  try {
    await sendOne(page, 'Date fausse.');
    const [pending] = await outboxOf(page);
    assert.ok(pending);
    await page.close();
    site.endpoint.reply = () => ({ status: 201 });
    const before = site.endpoint.requests.length;
    const next = await context.newPage();
    await next.goto(site.url('widget-fr.html', config));
    await waitForReports(site, before + 1, 10000);
    assert.equal(site.endpoint.requests.at(-1).json.id, pending.id);
    await waitFor(async () => (await outboxOf(next)).length === 0, 5000, 'the outbox to empty');
    assert.ok(!next.url().includes('#'), 'the widget was never opened');
  } finally {
    site.endpoint.reply = () => ({ status: 201 });
    await context.close();
  }
});

test('two tabs loading with the same pending outbox deliver each report once', { skip }, async () => {
  site.endpoint.requests.length = 0;
  site.endpoint.reply = () => ({ status: 503 });
  const { context, page } = await openPage(browser, site.url('widget-fr.html', config));
  try {
    await sendOne(page, 'Premier.');
    assert.equal((await outboxOf(page)).length, 1);
    await page.close();
    // The endpoint answers slowly, so both tabs are loaded while a flush runs.
    site.endpoint.reply = () => ({ status: 201, delayMs: 500 });
    const attemptsBefore = site.endpoint.requests.length;
    const [a, b] = await Promise.all([context.newPage(), context.newPage()]);
    await Promise.all([a.goto(site.url('widget-fr.html', config)), b.goto(site.url('widget-fr.html', config))]);
    await waitForReports(site, attemptsBefore + 1, 10000);
    await waitFor(async () => (await outboxOf(a)).length === 0, 10000, 'the outbox to empty');
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(site.endpoint.requests.length - attemptsBefore, 1, 'one delivery for one report');
  } finally {
    site.endpoint.reply = () => ({ status: 201 });
    await context.close();
  }
});
