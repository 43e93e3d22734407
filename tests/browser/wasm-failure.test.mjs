// The wasm core missing (404), blocked (a request blocker, or a CSP without
// 'wasm-unsafe-eval') or broken (bytes that do not compile): the trigger
// opens a dialog that says the form is unavailable, the host page keeps
// working, the reader's draft stays stored, and once the core loads again the
// next open brings the draft back.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, startSite, openPage, openWidget, blocks, inDialog, dialog, trigger, norm, storedDraft, screenshot, axeSerious } from './widget-harness.mjs';

const suite = browserSuite({ services: {
    site: () => startSite(),
    // A strict policy that forgets 'wasm-unsafe-eval': compiling the core is refused.
    noWasmCspSite: () => startSite({ csp: "default-src 'self'; script-src 'self'; style-src 'self'" }),
  } });
const { skip } = suite;
const WASM = '**/erratum/erratum-core.wasm';

const CONFIG = { endpoint: '/reports' };

/** Opens the widget while the core cannot load; checks the notice, the page, and closes the notice. */
async function expectUnavailable(page, problems, shot = '') {
  await trigger(page).click();
  await inDialog(page, '.done-title').waitFor();
  assert.equal(await dialog(page).isVisible(), true);
  assert.equal(norm(await inDialog(page, '.done-title').textContent()), 'Formulaire indisponible');
  assert.match(norm(await inDialog(page, '.done-text').textContent()), /n’a pas pu se charger\. Réessayez dans un moment : si vous aviez commencé un signalement, il est conservé\./);
  // The steps are not offered; the contact page is.
  assert.equal(await inDialog(page, '.step:not([hidden])').count(), 0);
  assert.equal(await inDialog(page, '.warning').isVisible(), true);
  assert.equal(await page.evaluate(() => document.querySelector('erratum-dialog').shadowRoot.activeElement?.className), 'done-title');
  assert.ok(problems.consoleErrors.some((e) => e.startsWith('[Erratum] Could not load the core (erratum-core.wasm)')), problems.consoleErrors.join('\n'));
  if (shot) {
    await screenshot(page, shot);
    assert.deepEqual(await axeSerious(page, shot), []);
  }
  await inDialog(page, '.primary').click(); // "Fermer"
  await dialog(page).waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement?.localName), 'erratum-trigger', 'focus back on the trigger');
  // The host page's own script still runs.
  const clicks = Number(await page.locator('#page-count').textContent());
  await page.locator('#page-button').click();
  await page.locator('#page-button').click();
  assert.equal(await page.locator('#page-count').textContent(), String(clicks + 2));
  assert.deepEqual(problems.pageErrors, []);
}

test('wasm missing (404): the reader is told, the page works, the draft is kept and comes back once the core loads', { skip }, async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-fr.html', CONFIG));
  try {
    // A draft from earlier in the visit.
    await openWidget(page);
    await blocks(page).nth(1).click();
    await inDialog(page, '.primary').click();
    await inDialog(page, '#e-item-0-corrected').fill('Amesys est une société spécialisée, corrigée par le lecteur.');
    await inDialog(page, '#e-item-0-comment').fill('Une coquille.');
    await page.keyboard.press('Escape');
    const draft = await storedDraft(page);
    assert.equal(draft.items[0].corrected, 'Amesys est une société spécialisée, corrigée par le lecteur.');

    // The next page load finds no core.
    await page.route(WASM, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }));
    await page.reload();
    await expectUnavailable(page, problems, 'fr-wasm-unavailable');
    assert.deepEqual(await storedDraft(page), draft, 'the draft is untouched');
    // Opening again tries again, and says it again.
    await expectUnavailable(page, problems);

    // The core is back: the next open brings the real dialog, with the draft.
    await page.unroute(WASM);
    await trigger(page).click();
    await inDialog(page, '#e-item-0-corrected').waitFor();
    assert.equal(await inDialog(page, '#e-item-0-corrected').inputValue(), 'Amesys est une société spécialisée, corrigée par le lecteur.');
    assert.equal(await inDialog(page, '#e-item-0-comment').inputValue(), 'Une coquille.');
    assert.equal(await page.locator('erratum-dialog').count(), 1, 'the notice made way for the dialog');
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await context.close();
  }
});

test('wasm blocked by a request blocker: the reader is told, the page works', { skip }, async () => {
  const { context, page, problems } = await openPage(suite.browser, null);
  try {
    await page.route(WASM, (route) => route.abort('blockedbyclient'));
    await page.goto(suite.site.url('widget-fr.html', CONFIG));
    await expectUnavailable(page, problems);
  } finally {
    await context.close();
  }
});

test('wasm that does not compile (garbage bytes): the reader is told, the page works', { skip }, async () => {
  const { context, page, problems } = await openPage(suite.browser, null);
  try {
    const garbage = Buffer.concat([Buffer.from('\0asm\x01\0\0\0'), Buffer.from('not a module, just bytes '.repeat(40))]);
    await page.route(WASM, (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: garbage }));
    await page.goto(suite.site.url('widget-fr.html', CONFIG));
    await expectUnavailable(page, problems);
  } finally {
    await context.close();
  }
});

test("wasm refused by a CSP without 'wasm-unsafe-eval': the reader is told, the page works", { skip }, async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.noWasmCspSite.url('widget-fr.html', CONFIG));
  try {
    await expectUnavailable(page, problems);
    assert.ok((await problems.csp()).some((v) => /^script-src/.test(v)), 'the browser reported the refused compilation');
  } finally {
    await context.close();
  }
});

test('the UI catalog missing (404): the notice, in English, needs no download of its own; the next open retries', { skip }, async () => {
  const { context, page, problems } = await openPage(suite.browser, null);
  try {
    await page.route('**/erratum/messages-*.mjs', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }));
    await page.goto(suite.site.url('widget-en.html', CONFIG));
    await trigger(page).click();
    await inDialog(page, '.done-title').waitFor();
    assert.equal(norm(await inDialog(page, '.done-title').textContent()), 'Form unavailable');
    assert.match(norm(await inDialog(page, '.done-text').textContent()), /^The error report form could not be loaded\./);
    assert.equal(norm(await inDialog(page, '.title').textContent()), 'Found an error in the text?');
    assert.equal(norm(await inDialog(page, '.primary').textContent()), 'Close');
    assert.equal(await inDialog(page, '.step:not([hidden])').count(), 0);
    assert.ok(problems.consoleErrors.some((e) => e.startsWith('[Erratum] Could not load the messages (messages-en.mjs)')), problems.consoleErrors.join('\n'));
    assert.ok(!problems.consoleErrors.some((e) => e.includes('the core')), 'the core loaded');
    const asked = problems.requests.filter((p) => p.includes('/messages-'));
    assert.ok(asked.length && asked.every((p) => p === '/erratum/messages-en.mjs'), `only the page language is asked for: ${asked}`);
    await inDialog(page, '.primary').click();
    await dialog(page).waitFor({ state: 'hidden' });

    // The catalog is back: the next open brings the real dialog.
    await page.unroute('**/erratum/messages-*.mjs');
    await trigger(page).click();
    await inDialog(page, '[data-step="1"] .step-of').waitFor();
    assert.equal(norm(await inDialog(page, '[data-step="1"] .step-of').textContent()), 'Step 1 of 3');
    assert.equal(await page.locator('erratum-dialog').count(), 1, 'the notice made way for the dialog');
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await context.close();
  }
});
