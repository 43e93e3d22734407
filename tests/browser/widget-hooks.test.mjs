// The site's hooks (onSubmit, transform, send, onSuccess, onError) and the
// transport options (form encoding, headers, metadata passed through).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  browserSuite,
  openPage,
  openWidget,
  blocks,
  waitForReports,
  inDialog,
  norm,
} from './widget-harness.mjs';

const suite = browserSuite();
const { skip } = suite;


// Opens a page whose mount() gets the hooks defined by `installHooks` (run in the page before its scripts).
async function pageWithHooks(url, installHooks) {
  const opened = await openPage(suite.browser, null);
  await opened.page.addInitScript(installHooks);
  await opened.page.goto(url);
  return opened;
}

async function fillOneItem(page) {
  await openWidget(page);
  await blocks(page).nth(1).click();
  await inDialog(page, '.primary').click();
  await inDialog(page, '#e-item-0-comment').fill('Une remarque.');
  await inDialog(page, '.primary').click();
}

test('onSubmit can cancel; transform changes the body; onSuccess gets it', { skip }, async () => {
  suite.site.endpoint.requests.length = 0;
  const { context, page, problems } = await pageWithHooks(suite.site.url('widget-fr.html', { endpoint: '/reports' }), () => {
    window.hookCalls = [];
    let attempts = 0;
    window.erratumTestHooks = {
      onSubmit: (report) => {
        window.hookCalls.push(['onSubmit', report.schema]);
        return ++attempts > 1; // the first attempt is cancelled
      },
      transform: (report) => ({ wrapped: true, report }),
      onSuccess: (body) => window.hookCalls.push(['onSuccess', body.wrapped]),
      onError: (error) => window.hookCalls.push(['onError', error.status]),
    };
  });
  try {
    await fillOneItem(page);
    await inDialog(page, '.primary').click();
    await page.waitForFunction(() => window.hookCalls.length === 1);
    assert.equal(norm(await inDialog(page, '.status').textContent()), "L'envoi a été annulé.");
    assert.equal(suite.site.endpoint.requests.length, 0);

    await inDialog(page, '.primary').click();
    const [body] = await waitForReports(suite.site, 1);
    assert.equal(body.wrapped, true);
    assert.equal(body.report.schema, 'erratum/report@1');
    assert.equal(suite.site.endpoint.requests[0].headers['idempotency-key'], body.report.id, 'still keyed by the report id');
    await inDialog(page, '.done-title').waitFor();
    assert.deepEqual(await page.evaluate(() => window.hookCalls), [
      ['onSubmit', 'erratum/report@1'],
      ['onSubmit', 'erratum/report@1'],
      ['onSuccess', true],
    ]);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('send replaces the transport; a throwing send is a failure, reported to onError', { skip }, async () => {
  suite.site.endpoint.requests.length = 0;
  const { context, page, problems } = await pageWithHooks(suite.site.url('widget-fr.html', { endpoint: '/reports' }), () => {
    window.sent = [];
    window.errors = [];
    window.erratumTestHooks = {
      send: async (report) => {
        if (window.sent.length === 0) {
          window.sent.push('failed');
          throw new Error('offline');
        }
        window.sent.push(report.id);
      },
      onError: (error) => window.errors.push([error.status, error.reason]),
    };
  });
  try {
    await fillOneItem(page);
    await inDialog(page, '.primary').click();
    await inDialog(page, '.summary-title').waitFor();
    assert.equal(norm(await inDialog(page, '.summary-title').textContent()), "L'envoi a échoué");
    assert.deepEqual(await page.evaluate(() => window.errors), [['failed', 'hook']]);
    assert.equal(problems.consoleErrors.length, 1, 'the hook failure is logged once');
    assert.match(problems.consoleErrors[0], /send hook failed/);

    await inDialog(page, '.primary').click();
    await inDialog(page, '.done-title').waitFor();
    const sent = await page.evaluate(() => window.sent);
    assert.match(sent[1], /^[0-9a-f-]{36}$/);
    assert.equal(suite.site.endpoint.requests.length, 0, 'the endpoint was never called');
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await context.close();
  }
});

test("format 'form', extra headers and metadata reach the endpoint", { skip }, async () => {
  suite.site.endpoint.requests.length = 0;
  const config = { endpoint: '/reports', format: 'form', headers: { 'X-Site': 'journal' }, metadata: { section: 'tech', author: 'A. B.' } };
  const { context, page } = await openPage(suite.browser, suite.site.url('widget-fr.html', config));
  try {
    await context.addCookies([{ name: 'session', value: 'secret', url: suite.site.origin }]);
    assert.match(await page.evaluate(() => document.cookie), /session=secret/);
    await fillOneItem(page);
    await inDialog(page, '.primary').click();
    const [report] = await waitForReports(suite.site, 1);
    const request = suite.site.endpoint.requests[0];
    assert.match(request.headers['content-type'], /^application\/x-www-form-urlencoded/);
    assert.equal(request.headers['x-site'], 'journal');
    assert.equal(request.headers['idempotency-key'], report.id);
    assert.deepEqual(report.metadata, { section: 'tech', author: 'A. B.' });
    assert.equal(request.headers.cookie, undefined, "credentials 'omit'");
  } finally {
    await context.close();
  }
});
