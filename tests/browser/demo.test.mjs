// The demo end to end, as the README's demo command runs it: the real
// collector (native, SQLite) serving the demo article with the widget; a
// reader reports a typo; the editor's inbox shows it with its diff and
// finds the paragraph again. Also writes the README's screenshot.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { artifactsDir, repoRoot } from './support.mjs';
import { browserSuite, wasmDist } from './widget-harness.mjs';
import { freePort, startCollector, haveCollector } from './collector-harness.mjs';

// The demo command's collector: the demo site, the built module, the article
// for re-anchoring, whose paths are pages of the collector's own origin (--public-url).
const startDemoCollector = async () => {
  const port = await freePort();
  return startCollector({
    port,
    args: [
      '--site', path.join(repoRoot, 'demo/site'),
      '--assets', path.resolve(wasmDist()),
      '--articles', path.join(repoRoot, 'demo/site/article.json'),
      '--public-url', `http://127.0.0.1:${port}`,
    ],
  });
};
const suite = browserSuite({
  services: { collector: startDemoCollector },
  skip: haveCollector() ? false : 'the collector is not built (scripts/build.sh)',
});
const { skip } = suite;

test('a reader reports a typo on the demo article; the inbox shows it and re-anchors it', { skip }, async () => {
  const context = await suite.browser.newContext({ locale: 'fr-FR', viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.goto(`${suite.collector.origin}/`);
    await page.locator('erratum-trigger:not([skip]) button').click();
    const dialog = page.locator('erratum-dialog dialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog.locator('.entry', { hasText: 'Elle serait le prestataire privilégiée' }).click();
    // The README's screenshot (docs/screenshot.png): step 1, one paragraph picked.
    await page.screenshot({ path: path.join(artifactsDir('demo'), 'dialog-step1.png') });
    await dialog.locator('.primary').click();
    const text = dialog.locator('#e-item-0-text, textarea').first();
    const original = await text.inputValue();
    assert.match(original, /prestataire privilégiée du gouvernement/);
    await text.fill(original.replace('prestataire privilégiée', 'prestataire privilégié'));
    await dialog.locator('ins').first().waitFor();
    await page.screenshot({ path: path.join(artifactsDir('demo'), 'dialog-step2.png') });
    await dialog.locator('.primary').click();
    await dialog.locator('#e-name').fill('Camille');
    await page.waitForTimeout(3100 - 0); // a human takes longer than minFillMs; the spam check must not fire
    await dialog.locator('.primary').click();
    await dialog.locator('.done-title').waitFor();
    assert.equal((await dialog.locator('.done-title').textContent()).replace(/\s+/g, ' ').trim(), 'Merci !');

    const listing = await (await fetch(`${suite.collector.origin}/api/reports`)).json();
    const reports = listing.reports || listing.items || listing;
    assert.ok(Array.isArray(reports) && reports.length === 1, JSON.stringify(listing).slice(0, 300));

    const inbox = await context.newPage();
    await inbox.goto(`${suite.collector.origin}/inbox`);
    const html = await inbox.content();
    assert.match(html, /privilégiée/);
    assert.match(html, /<del[^>]*>[^<]*privilégiée/);
    assert.match(html, /<ins[^>]*>[^<]*privilégié</);
    assert.match(await inbox.locator('body').innerText(), /found|trouvé/i);
    await inbox.screenshot({ path: path.join(artifactsDir('demo'), 'inbox.png'), fullPage: false });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
