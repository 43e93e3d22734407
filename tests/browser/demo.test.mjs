// The demo end to end, as the README's first command runs it: the real
// collector (native, SQLite) serving the demo article with the widget; a
// reader reports a typo; the editor's inbox shows it with its diff and
// finds the paragraph again. Also writes the README's screenshot.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, artifactsDir, repoRoot } from './support.mjs';

const dist = path.resolve(process.env.ERRATUM_WASM_DIST || path.join(repoRoot, 'build/wasm/dist'));
const collectorBin = path.resolve(process.env.ERRATUM_COLLECTOR_BIN || path.join(repoRoot, 'build/native/demo/collector/erratum-collector'));
const skip = existsSync(collectorBin) && existsSync(path.join(dist, 'erratum-core.wasm')) ? false : 'build the project first (scripts/build.sh)';

let browser;
let collector;
let origin;
let dataDir;

function startCollector() {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'erratum-demo-'));
  const child = spawn(collectorBin, [
    '--host', '127.0.0.1', '--port', '0',
    '--db', path.join(dataDir, 'reports.sqlite'),
    '--site', path.join(repoRoot, 'demo/site'),
    '--assets', dist,
    '--articles', path.join(repoRoot, 'demo/site/article.json'),
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/[^\s]+)/);
      if (m) resolve({ child, origin: m[1].replace(/\/$/, '') });
    });
    child.on('exit', (code) => reject(new Error(`collector exited with ${code}`)));
    setTimeout(() => reject(new Error('collector did not start')), 15000);
  });
}

before(async () => {
  if (skip) return;
  ({ child: collector, origin } = await startCollector());
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  collector?.kill('SIGTERM');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('a reader reports a typo on the demo article; the inbox shows it and re-anchors it', { skip }, async () => {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.goto(`${origin}/`);
    await page.locator('erratum-trigger button').click();
    const dialog = page.locator('erratum-dialog dialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog.locator('.block', { hasText: 'Elle serait le prestataire privilégiée' }).click();
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

    const listing = await (await fetch(`${origin}/api/reports`)).json();
    const reports = listing.reports || listing.items || listing;
    assert.ok(Array.isArray(reports) && reports.length === 1, JSON.stringify(listing).slice(0, 300));

    const inbox = await context.newPage();
    await inbox.goto(`${origin}/inbox`);
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
