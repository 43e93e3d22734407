// Hostile pages: article text that looks like markup, invisible and
// direction-changing characters, lone surrogates, emoji sequences, a 1 MiB
// paragraph and 20,000 paragraphs. The dialog shows all of it as text and
// nothing on the page runs; the report carries the text (as the core's
// documented normalization keeps it) or a clear localized error names the
// limit; opening a long page never blocks the page's main thread for long.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, startSite, openPage, openWidget, blocks, inDialog, norm, storedDraft, waitForReports } from './widget-harness.mjs';

const suite = browserSuite({ services: { site: () => startSite() } });
const { skip } = suite;

/**
 * What the core keeps of a block's text (docs/core-api.md, "Text and offsets"), written
 * here independently: lone surrogates become U+FFFD (UTF-8 cannot hold them),
 * zero-width space, word joiner, BOM and soft hyphen go, white space runs
 * collapse, the ends are trimmed. Everything else (ZWJ, ZWNJ, bidi controls,
 * emoji, "<", quotes) is kept as is.
 */
const asCoreKeepsIt = (text) =>
  text
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[\u200B\u2060\uFEFF\u00AD]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

const listed = (page) => inDialog(page, '.blocks:not([aria-busy])');
const pwned = (page) => page.evaluate(() => window.__pwned);
// Elements that would only exist if some text had been parsed as HTML.
const parsedMarkup = (page) =>
  page.evaluate(() => {
    const roots = [document, ...[...document.querySelectorAll('erratum-dialog, erratum-trigger')].map((h) => h.shadowRoot)];
    return roots.flatMap((r) => [...r.querySelectorAll('img, script:not([src]), svg, iframe, b, object, embed')].map((e) => e.localName));
  });

test('markup-looking, invisible, bidi, lone-surrogate and emoji text: shown as text, nothing runs, the report carries it', { skip }, async () => {
  suite.site.endpoint.requests.length = 0;
  const config = { endpoint: '/reports', lang: 'en', maxParagraphs: 20 };
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('hostile.html', config));
  try {
    await openWidget(page);
    await listed(page).waitFor();
    // The article's paragraphs as the page holds them. (Lone surrogates do not
    // survive the trip to node, hence the check in the page.)
    const paragraphs = () => [...document.querySelectorAll('#hostile p')].map((p) => p.textContent);
    const texts = await page.evaluate(paragraphs);
    assert.equal(texts.length, 10);
    const loneSurrogates = await page.evaluate(() => document.querySelectorAll('#hostile p')[8].textContent.match(/[\uD800-\uDFFF]/g)?.length);
    assert.equal(loneSurrogates, 4, 'the page holds lone surrogates');
    const expected = texts.map(asCoreKeepsIt);

    // Step 1 lists each paragraph's text, as text.
    const shown = await blocks(page).evaluateAll((bs) => bs.map((b) => b.querySelector('.text').textContent));
    assert.deepEqual(shown.slice(1), expected);
    for (let i = 1; i <= texts.length; i++) await blocks(page).nth(i).click();
    await inDialog(page, '.primary').click();

    // Step 2: each correction starts from the paragraph's text; the reader types markup too.
    const values = await inDialog(page, '.items textarea[id$="-corrected"]').evaluateAll((ts) => ts.map((t) => t.value));
    assert.deepEqual(values, expected);
    const typed = `${expected[0]} <img src=x onerror="window.__pwned='reader'"><script>window.__pwned='reader'</script>`;
    await inDialog(page, '#e-item-0-corrected').fill(typed);
    await inDialog(page, '.item:first-child .diff ins').first().waitFor();
    const inserted = await inDialog(page, '.item:first-child .diff ins').allTextContents();
    assert.match(inserted.join(''), /<img src=x onerror="window\.__pwned='reader'"><script>/);
    for (let k = 0; k < texts.length; k++) await inDialog(page, `#e-item-${k}-comment`).fill(`<svg onload="window.__pwned='comment-${k}'"/> ${k}`);
    await inDialog(page, '.primary').click();
    const name = `<b onmouseover="window.__pwned='name'">Zoé</b> \u202Eevil`;
    await inDialog(page, '#e-name').fill(name);

    // The endpoint refuses once, with markup in its messages: they are shown as text.
    const hostileMessage = `<img src=x onerror="window.__pwned='endpoint'"> refused`;
    suite.site.endpoint.reply = () => ({ status: 422, body: { errors: [{ code: 'x', path: 'items[0].comment', message: hostileMessage }] } });
    await inDialog(page, '.primary').click();
    await inDialog(page, '.summary:not([hidden])').waitFor();
    assert.ok(norm(await inDialog(page, '.summary').textContent()).includes(hostileMessage));
    assert.ok(norm(await inDialog(page, '#e-item-0-comment-error').textContent()).includes(hostileMessage));
    suite.site.endpoint.reply = () => ({ status: 201, body: { ok: true } });
    await inDialog(page, '#e-step2-title').waitFor();
    for (let step = 2; step <= 3; step++) await inDialog(page, '.primary').click();
    await inDialog(page, '.done-title').waitFor();

    const [, report] = await waitForReports(suite.site, 2);
    assert.deepEqual(
      report.items.map((i) => i.original),
      expected,
    );
    // Markup look-alikes, bidi controls and emoji sequences arrive exactly as the page has them.
    for (const k of [0, 1, 2, 3, 4, 5, 7, 9]) assert.equal(report.items[k].original, texts[k], `paragraph ${k} arrives unchanged`);
    assert.equal(report.items[0].corrected, typed);
    assert.deepEqual(
      report.items.map((i) => i.comment),
      texts.map((_, k) => `<svg onload="window.__pwned='comment-${k}'"/> ${k}`),
    );
    assert.equal(report.reporter.name, name);
    assert.equal(report.page.title, await page.title());
    assert.match(report.page.title, /^<img src=x onerror=/);

    assert.equal(await pwned(page), undefined, 'no handler ran');
    assert.deepEqual(await parsedMarkup(page), [], 'no element was made from text');
    assert.ok(!problems.requests.some((p) => p.endsWith('/x')), 'no <img src=x> was fetched');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors.filter((e) => !/422/.test(e)), []);
  } finally {
    await context.close();
  }
});

test('a 1 MiB paragraph: listed, a clear localized error names the limit, nothing is sent, the draft is kept', { skip }, async () => {
  suite.site.endpoint.requests.length = 0;
  const config = { endpoint: '/reports', lang: 'fr' };
  const { context, page, problems } = await openPage(suite.browser, `${suite.site.url('hostile.html', config)}&bigKiB=1024`);
  try {
    await openWidget(page);
    await listed(page).waitFor();
    const big = blocks(page).last();
    assert.match(await big.locator('.text').textContent(), /^A very long paragraph keeps going.{200,}…$/);
    await big.click();
    await inDialog(page, '.primary').click();
    const corrected = inDialog(page, '#e-item-0-corrected');
    assert.equal(await corrected.evaluate((t) => t.value.length), 1024 * 1024);
    await corrected.evaluate((t) => {
      t.value = t.value.replace('plain words', 'plane words');
      t.dispatchEvent(new Event('input'));
    });
    await inDialog(page, '.primary').click();

    // The core refuses the paragraph (1,000,000 characters at most) and the
    // correction (maxCorrectionLength, 20,000 by default): both are named, in French.
    await inDialog(page, '.summary:not([hidden])').waitFor({ timeout: 30000 });
    const summary = norm(await inDialog(page, '.summary').textContent());
    assert.match(summary, /Ce paragraphe est trop long pour être signalé avec ce formulaire \(1048576 caractères, 1000000 au maximum\)/);
    assert.match(summary, /Trop long : 1048576 caractères, 20000 au maximum\./);
    // The paragraph's limit is shown where paragraphs are picked.
    assert.match(norm(await inDialog(page, '.notice').textContent()), /trop long pour être signalé/);
    assert.equal(await inDialog(page, '[data-step="1"]').isVisible(), true);
    assert.equal(suite.site.endpoint.requests.length, 0, 'nothing was sent');

    // Nothing typed is lost: the draft holds the edited paragraph.
    await page.evaluate(() => window.erratumHandle.close());
    const draft = await storedDraft(page);
    assert.equal(draft.items.length, 1);
    assert.match(draft.items[0].corrected, /plane words/);
    assert.equal(draft.items[0].corrected.length, 1024 * 1024);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('with maxCorrectionLength raised, a 0.9 MiB paragraph and its correction arrive intact', { skip }, async () => {
  suite.site.endpoint.requests.length = 0;
  const config = { endpoint: '/reports', lang: 'en', maxCorrectionLength: 1000000 };
  const { context, page, problems } = await openPage(suite.browser, `${suite.site.url('hostile.html', config)}&bigKiB=900`);
  try {
    await openWidget(page);
    await listed(page).waitFor();
    await blocks(page).last().click();
    await inDialog(page, '.primary').click();
    await inDialog(page, '#e-item-0-corrected').evaluate((t) => {
      t.value = t.value.replace('plain words', 'plane words');
      t.dispatchEvent(new Event('input'));
    });
    await inDialog(page, '.primary').click();
    await inDialog(page, '#e-step3-title').waitFor({ timeout: 30000 });
    await inDialog(page, '.primary').click();
    await inDialog(page, '.done-title').waitFor({ timeout: 30000 });
    const [report] = await waitForReports(suite.site, 1);
    const text = await page.evaluate(() => window.hostileTexts.at(-1));
    assert.equal(text.length, 900 * 1024);
    assert.equal(report.items[0].original, text);
    assert.equal(report.items[0].corrected, text.replace('plain words', 'plane words'));
    assert.deepEqual(
      report.items[0].diff.ops.filter((o) => o.op !== 'equal'),
      [
        { op: 'delete', text: 'plain' },
        { op: 'insert', text: 'plane' },
      ],
    );
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await context.close();
  }
});

test('20,000 paragraphs: opening never blocks the page for long', { skip }, async () => {
  const { context, page, problems } = await openPage(suite.browser, `${suite.site.origin}/fixtures/widget-long.html`);
  try {
    await page.locator('erratum-trigger:not([skip]) button').waitFor();
    const run = await page.evaluate(async () => {
      // A page heartbeat: each gap between its ticks is time the page could not run anything.
      const ticks = [];
      const timer = setInterval(() => ticks.push(performance.now()), 4);
      const started = performance.now();
      await window.erratumHandle.open();
      // The widget's own User Timing entries mark its phases; the list's comes when it is complete.
      const phase = (name) => performance.getEntriesByName(name)[0];
      while (!phase('erratum:list')) await new Promise((r) => setTimeout(r, 20));
      const done = performance.now();
      clearInterval(timer);
      const [discover, core, list] = ['erratum:discover', 'erratum:loadArticle', 'erratum:list'].map((name) => {
        const { startTime, duration } = phase(name);
        return { start: startTime, end: startTime + duration };
      });
      const tickBetween = (a, b) => ticks.some((t) => t > a && t < b);
      let longest = 0;
      let longestBesidesCore = 0;
      for (let i = 1; i < ticks.length; i++) {
        const gap = ticks[i] - ticks[i - 1];
        longest = Math.max(longest, gap);
        if (!(ticks[i - 1] <= core.start && ticks[i] >= core.end)) longestBesidesCore = Math.max(longestBesidesCore, gap);
      }
      const listEl = document.querySelector('erratum-dialog').shadowRoot.querySelector('.blocks');
      let items = 0;
      for (const chunk of listEl.children) items += chunk.childElementCount;
      return {
        total: done - started,
        discover: discover.end - discover.start,
        core: core.end - core.start,
        list: list.end - list.start,
        longest,
        longestBesidesCore,
        // The page ran between discovery and the core call, and between it and the list.
        turns: [tickBetween(discover.end, core.start), tickBetween(core.end, list.start)],
        items,
      };
    });
    const ms = (x) => `${Math.round(x)} ms`;
    console.log(
      `# 20,000 paragraphs, click to complete list: ${ms(run.total)} (discovery ${ms(run.discover)}, core loadArticle ${ms(run.core)}, ` +
        `list ${ms(run.list)}); longest main-thread block ${ms(run.longest)}, longest besides the core call ${ms(run.longestBesidesCore)}`,
    );
    assert.equal(run.items, 20001);
    assert.deepEqual(run.turns, [true, true], 'discovery, the core call and the list run in separate tasks');
    // Besides the core's one call per article (its speed is the core's
    // business), nothing holds the page for long: typically under 300 ms on a
    // loaded 2-core machine (discovery, one task, is most of it); the bounds
    // leave room for a slower CI.
    assert.ok(run.longestBesidesCore < 1000, `longest block besides the core call: ${ms(run.longestBesidesCore)}`);
    // The core call itself: a guard against the 9–25 s it once took, not a speed goal.
    assert.ok(run.longest < 8000, `longest block: ${ms(run.longest)}`);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await context.close();
  }
});
