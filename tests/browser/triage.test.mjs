// Triage in the demo inbox, in Chromium, against the real collector with
// editor tokens: an editor signs in, finds the reports on one paragraph
// gathered with the count of identical corrections, marks the whole group
// fixed with its form, filters the inbox by the new status and reads the
// audit trail. No script runs on the page: every step is a plain form.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { artifactsDir, repoRoot } from './support.mjs';
import { browserSuite } from './widget-harness.mjs';
import { startCollector, haveCollector } from './collector-harness.mjs';
import { loadTestCore } from '../node/helpers.mjs';

const TOKEN = 'YnJvd3Nlci10cmlhZ2UtdG9rZW4tMDAx';
const articlePath = path.join(repoRoot, 'demo/site/article.json');
const blocks = JSON.parse(fs.readFileSync(articlePath, 'utf8')).blocks;
const blockIndex = (id) => blocks.findIndex((b) => b.id === id);

let tokenDir = null;
const startTriageCollector = () => {
  tokenDir = fs.mkdtempSync(path.join(os.tmpdir(), 'erratum-triage-'));
  const tokenFile = path.join(tokenDir, 'editor-tokens');
  fs.writeFileSync(tokenFile, `camille:${TOKEN}\n`, { mode: 0o600 });
  // The reports are on http://127.0.0.1/index.html: the article file's paths are pages of that site.
  return startCollector({
    args: ['--editor-token-file', tokenFile, '--articles', articlePath, '--public-url', 'http://127.0.0.1'],
  });
};
const suite = browserSuite({
  services: { collector: startTriageCollector },
  skip: haveCollector() ? false : 'the collector is not built (scripts/build.sh)',
});
const { skip } = suite;

/** A report on block `id` of the demo article replacing `from` by `to`, composed by the core. */
function compose(core, id, from, to) {
  const session = core.createSession();
  try {
    assert.equal(session.loadArticle(blocks).ok, true);
    const text = blocks[blockIndex(id)].text;
    assert.ok(text.includes(from), from);
    const answer = session.compose({
      id: randomUUID(),
      createdAt: '2024-03-01T10:00:00Z',
      page: { url: 'http://127.0.0.1/index.html', canonicalUrl: '', title: 'Fichier TES', lang: 'fr' },
      items: [{ block: blockIndex(id), corrected: text.replace(from, to), comment: '', errorType: 'typo' }],
      reporter: { name: 'Lecteur', email: 'lecteur@example.fr' },
      client: { version: 'test', locale: 'fr-FR' },
      form: { honeypot: '', elapsedMs: 12000 },
    });
    assert.equal(answer.ok, true, JSON.stringify(answer.errors));
    return answer.report;
  } finally {
    session.dispose();
  }
}

test('an editor marks a paragraph\'s reports fixed as a group, filters by status and reads the audit trail', { skip }, async () => {
  const { collector } = suite;
  const core = await loadTestCore();
  const reports = [
    compose(core, 'p1', 'privilégiée', 'privilégié'),
    compose(core, 'p1', 'privilégiée', 'privilégié'),
    compose(core, 'p1', 'privilégiée', 'privilégié'),
    compose(core, 'p1', 'privilégiée', 'favori'),
    compose(core, 'p2', 'petit monde', 'petit milieu'),
  ];
  for (const report of reports) {
    const res = await fetch(collector.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(report),
    });
    assert.equal(res.status, 201, await res.text());
  }

  const context = await suite.browser.newContext({ locale: 'fr-FR', viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  try {
    // Signing in: the inbox answers its form.
    await page.goto(`${collector.origin}/inbox`);
    await page.locator('input[name="token"]').fill(TOKEN);
    await Promise.all([page.waitForNavigation(), page.locator('main.login button[type="submit"]').click()]);
    assert.equal(page.url(), `${collector.origin}/inbox`, await page.content());
    problems.length = 0; // the sign-in page itself is a 401
    assert.equal(await page.locator('h1').textContent(), 'Signalements Erratum');
    assert.equal(await page.locator('section.group').count(), 2);

    // The paragraph's group: four reports, three of them proposing the same word.
    const group = page.locator('section.group', { hasText: 'Amesys est une société' });
    assert.match(await group.locator('.group-count').innerText(), /^4 signalements sur ce paragraphe$/);
    const proposals = await group.locator('.proposals li').allInnerTexts();
    assert.deepEqual(proposals, ['3 lecteurs proposent «\u00a0privilégié\u00a0»', '1 lecteur propose «\u00a0favori\u00a0»']);
    assert.equal(await group.locator('article.report').count(), 4);
    assert.equal(await group.locator('h2 a').getAttribute('href'), 'http://127.0.0.1/index.html#p1');
    assert.equal(await group.locator('a[href="mailto:lecteur@example.fr"]').count(), 4);
    assert.match(await group.locator('time').first().innerText(), /^\d{1,2}(er)? \S+ \d{4}, \d\d:\d\d UTC$/);
    await page.screenshot({ path: path.join(artifactsDir('triage'), 'inbox-groups.png'), fullPage: true });

    // The group's form changes every report of the group.
    const form = group.locator('form.group-form');
    await form.locator('select[name="status"]').selectOption('fixed');
    await form.locator('input[name="note"]').fill('corrigé dans l’article');
    await form.locator('button[type="submit"]').click();
    await page.waitForURL(/\/inbox\?changed=4$/);
    assert.equal((await page.locator('.done').innerText()).trim(), '4 signalements modifiés.');

    // Filtering by the new status keeps the four, not the report on p2.
    await page.locator('form.filters select[name="status"]').selectOption('fixed');
    await page.locator('form.filters button[type="submit"]').click();
    await page.waitForURL(/status=fixed/);
    assert.equal((await page.locator('p.count').innerText()).trim(), '4 signalements');
    assert.equal(await page.locator('article.report').count(), 4);
    assert.equal(await page.locator('section.group').count(), 1);
    assert.equal(await page.locator('article.report .report-head .status-fixed').count(), 4);

    // The audit trail of one of them: who, from, to, the note.
    const history = page.locator('article.report details.history').first();
    await history.locator('summary').click();
    const entry = await history.locator('li').innerText();
    assert.match(entry, /camille\s: nouveau → corrigé\s+\S?corrigé dans l’article\S?$/);
    await page.screenshot({ path: path.join(artifactsDir('triage'), 'inbox-fixed.png'), fullPage: true });

    // Through the API as well: one audit row per report of the group.
    const listing = await (
      await fetch(`${collector.origin}/api/reports?status=fixed`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    ).json();
    assert.equal(listing.total, 4);
    for (const r of listing.reports) {
      const one = await (
        await fetch(`${collector.origin}/api/reports/${r.id}`, { headers: { Authorization: `Bearer ${TOKEN}` } })
      ).json();
      assert.equal(one.history.length, 1);
      assert.equal(one.history[0].editor, 'camille');
      assert.equal(one.history[0].to, 'fixed');
    }

    // The page ran no script and broke no rule of its CSP.
    assert.equal(await page.locator('script').count(), 0);
    assert.deepEqual(problems, []);
    // Its favicon (headless Chromium does not fetch one by itself).
    assert.equal(await page.locator('link[rel="icon"]').getAttribute('href'), '/favicon.ico');
    const favicon = await page.request.get(`${collector.origin}/favicon.ico`);
    assert.equal(favicon.status(), 200);
    assert.equal(favicon.headers()['content-type'], 'image/x-icon');
  } finally {
    await context.close();
    if (tokenDir) fs.rmSync(tokenDir, { recursive: true, force: true });
  }
});
