// How the widget sits in a host page: what loads before and on opening (and
// the size budget), mounting twice, a bad configuration, a strict CSP, the
// languages and overrides, the site's own trigger, style isolation, content
// rendered late and a 20,000-paragraph page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  browserSuite,
  startSite,
  openPage,
  openWidget,
  dialog,
  blocks,
  pressed,
  trigger,
  screenshot,
  waitForReports,
  waitUntil,
  inDialog,
  norm,
  wasmDist,
} from './widget-harness.mjs';

const suite = browserSuite({ services: { site: () => startSite(), cspSite: () => startSite({ csp: true }) } });
const { skip } = suite;
const LOADER_BUDGET = 3 * 1024; // gzip bytes the page loads before the reader opens the widget

const widgetFiles = (requests) => requests.filter((p) => p.startsWith('/erratum/'));
const gzipSize = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

test('lazy: before opening only the loader loads (within budget); the rest on first open', { skip }, async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-classic.html'));
  try {
    await trigger(page).waitFor();
    await page.waitForLoadState('networkidle');
    // When the page is idle, the trigger's placement (ui-dialog.mjs and the chunk it shares with the widget).
    const idle = widgetFiles(problems.requests).filter((p) => /\/(ui-dialog|chunk-\w+)\.mjs$/.test(p));
    assert.deepEqual(idle.filter((p) => p.endsWith('/ui-dialog.mjs')), ['/erratum/ui-dialog.mjs']);
    // Each file once (the trigger moved at idle asks the cache for its stylesheet again).
    const before = [...new Set(widgetFiles(problems.requests))].filter((p) => !idle.includes(p));
    assert.deepEqual(before.sort(), ['/erratum/erratum.js', '/erratum/erratum.mjs', '/erratum/widget-trigger.css']);
    const bytes = before.reduce((sum, p) => sum + gzipSize(path.join(wasmDist(), path.basename(p))), 0);
    assert.ok(bytes <= LOADER_BUDGET, `loader is ${bytes} bytes gzipped, budget ${LOADER_BUDGET}`);

    // The wasm is held until the UI catalog is asked for: a catalog loaded
    // after the core would leave it held until the bound.
    let catalogAsked;
    const asked = new Promise((resolve) => (catalogAsked = resolve));
    page.on('request', (r) => r.url().includes('/erratum/messages-') && catalogAsked(true));
    let heldForCatalog = null;
    await page.route('**/erratum/erratum-core.wasm', async (route) => {
      heldForCatalog = await Promise.race([asked, new Promise((resolve) => setTimeout(resolve, 5000, false))]);
      await route.continue();
    });
    await openWidget(page);
    const after = widgetFiles(problems.requests);
    for (const file of ['widget.mjs', 'erratum-core.mjs', 'erratum-core.wasm', 'widget.css']) {
      assert.ok(after.includes(`/erratum/${file}`), `${file} loaded on open`);
    }
    // One UI catalog, the page's language, asked for while the core downloads.
    assert.deepEqual(after.filter((p) => p.includes('/messages-')), ['/erratum/messages-fr.mjs']);
    assert.equal(heldForCatalog, true, 'the catalog was asked for before the wasm arrived');
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('opening asks for the widget, its wasm core, glue, outbox module and UI strings at once', { skip }, async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports' }));
  try {
    await trigger(page).waitFor();
    // widget.mjs is held until the others are asked for: fetched one after
    // another (the widget's imports, then the core, the strings, the
    // stylesheet), they would wait for it and the hold would run out.
    const wanted = ['erratum-core.wasm', 'erratum-core.mjs', 'outbox-flush.mjs', 'messages-fr.mjs'];
    const seen = new Set();
    let allAsked;
    const asked = new Promise((resolve) => (allAsked = resolve));
    page.on('request', (r) => {
      const name = r.url().split('/').pop();
      if (wanted.includes(name)) seen.add(name);
      if (seen.size === wanted.length) allAsked(true);
    });
    let atOnce = null;
    await page.route('**/erratum/widget.mjs', async (route) => {
      atOnce = await Promise.race([asked, new Promise((resolve) => setTimeout(resolve, 5000, false))]);
      await route.continue();
    });
    await openWidget(page);
    assert.equal(atOnce, true, `asked for while widget.mjs was held: ${[...seen].join(', ') || 'nothing'}`);
    assert.equal(problems.requests.filter((p) => p.endsWith('/erratum-core.wasm')).length, 1, 'the wasm is fetched once');
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('loadOnIdle loads the dialog and core without any click', { skip }, async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports', loadOnIdle: true }));
  try {
    // Asked for while idle, which may come before the page's load event (and goto's return).
    await waitUntil(() => problems.requests.includes('/erratum/erratum-core.wasm'), 10000, 'the core asked for while idle');
    // Built while the page was idle, so that opening only shows it.
    await dialog(page).waitFor({ state: 'attached', timeout: 10000 });
    assert.equal(await dialog(page).isVisible(), false, 'loaded, not opened');
    assert.equal(await page.evaluate(() => document.querySelector('erratum-dialog').shadowRoot.querySelector('dialog').open), false);
    for (const file of ['widget.mjs', 'widget.css', 'messages-fr.mjs']) assert.ok(problems.requests.includes(`/erratum/${file}`), `${file} loaded`);
  } finally {
    await context.close();
  }
});

// The list loadOnIdle made ahead: how many times discovery ran, read from
// the widget's User Timing entries (erratum:discover).
const discoveries = (page) => page.evaluate(() => performance.getEntriesByName('erratum:discover').length);
// The widget marks a list made ahead that stands (erratum:prepared): the
// throttled bench clicks once it is there.
const preparedMarks = (page) => page.evaluate(() => performance.getEntriesByName('erratum:prepared').length);

test('loadOnIdle makes the list ahead: an unchanged page opens on it without discovering again', { skip }, async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports', loadOnIdle: true }));
  try {
    await waitUntil(async () => (await preparedMarks(page)) > 0, 10000, 'the list made while idle');
    const listed = await blocks(page).allTextContents();
    assert.ok(listed.length > 0);
    assert.equal(await discoveries(page), 1);
    assert.equal(await preparedMarks(page), 1);
    await trigger(page).click();
    await dialog(page).waitFor({ state: 'visible' });
    assert.equal(await discoveries(page), 1, 'opening reuses the list');
    assert.deepEqual(await blocks(page).allTextContents(), listed);
    await blocks(page).nth(1).click();
    assert.equal(await pressed(blocks(page).nth(1)), 'true', 'the reused list works');
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('loadOnIdle: a page changed after the idle list is discovered again on open', { skip }, async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports', loadOnIdle: true }));
  try {
    await waitUntil(async () => (await blocks(page).count()) > 0, 10000, 'the list made while idle');
    const before = await blocks(page).count();
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = 'Un paragraphe arrivé après coup, avec assez de mots pour compter comme un paragraphe de l’article.';
      document.querySelector('article p:last-of-type').after(p);
    });
    await trigger(page).click();
    await dialog(page).waitFor({ state: 'visible' });
    await waitUntil(async () => (await blocks(page).count()) === before + 1, 10000, 'the late paragraph listed');
    assert.equal(await discoveries(page), 2);
    assert.match((await blocks(page).allTextContents()).join(' '), /arrivé après coup/);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('mounting twice (classic script + two module mounts) is a no-op', { skip }, async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-twice.html'));
  try {
    await trigger(page).waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await page.locator('erratum-trigger:not([skip])').count(), 1);
    assert.equal(await page.evaluate(() => window.erratumHandle === window[Symbol.for('erratum.mounted')]), true);
    await page.keyboard.press('Control+Enter'); // one listener: opens one dialog
    await dialog(page).waitFor({ state: 'visible' });
    assert.equal(await page.locator('erratum-dialog').count(), 1);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('bad config: one console.error naming the keys, widget off, page unharmed', { skip }, async () => {
  const config = { endpoint: '/reports', maxParagraphs: 500, contact: 'sometimes' };
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-fr.html', config));
  try {
    await trigger(page).click();
    await page.locator('erratum-trigger:not([skip])').waitFor({ state: 'detached' });
    assert.equal(problems.consoleErrors.length, 1, problems.consoleErrors.join('\n'));
    const [message] = problems.consoleErrors;
    assert.match(message, /maxParagraphs/);
    assert.match(message, /contact/);
    assert.match(message, /entre 1 et 50/, 'the core explains, in the page language');
    assert.equal(await page.locator('erratum-dialog').count(), 0);
    // The shortcut is gone too, and the page's own script still works.
    await page.keyboard.press('Control+Enter');
    await page.locator('#page-button').click();
    assert.equal(await page.locator('#page-count').textContent(), '1');
    assert.equal(await page.evaluate(() => window.pageShortcuts), 1);
    assert.equal(problems.consoleErrors.length, 1);
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await context.close();
  }
});

test('missing endpoint is named too', { skip }, async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-en.html', { lang: 'en' }));
  try {
    await trigger(page).click();
    await page.locator('erratum-trigger:not([skip])').waitFor({ state: 'detached' });
    assert.equal(problems.consoleErrors.length, 1);
    assert.match(problems.consoleErrors[0], /endpoint: This field is required\./);
  } finally {
    await context.close();
  }
});

test("strict CSP (default-src 'self'; no inline): classic script flow works without violations", { skip }, async () => {
  suite.cspSite.endpoint.requests.length = 0;
  const { context, page, problems } = await openPage(suite.browser, suite.cspSite.url('widget-classic.html'));
  try {
    const response = await page.reload();
    assert.match(response.headers()['content-security-policy'], /style-src 'self'/);
    await openWidget(page);
    // data-contact-url, data-max-paragraphs and data-contact came from the script tag.
    assert.equal(await inDialog(page, '.warning a').getAttribute('href'), 'https://journal.example/contact');
    for (let i = 1; i <= 4; i++) await blocks(page).nth(i).click();
    assert.equal(norm(await inDialog(page, '.counter').textContent()), '3 paragraphes sélectionnés');
    await screenshot(page, 'csp-step1');
    await inDialog(page, '.primary').click();
    for (let k = 0; k < 3; k++) await inDialog(page, `#e-item-${k}-comment`).fill(`Remarque ${k + 1}.`);
    await inDialog(page, '#e-item-0-corrected').fill('Texte corrigé.');
    await inDialog(page, '.diff ins').first().waitFor();
    await inDialog(page, '.primary').click();
    await inDialog(page, '#e-email').fill('csp@example.org');
    await inDialog(page, '.primary').click();
    const [report] = await waitForReports(suite.cspSite, 1);
    assert.equal(report.items.length, 3);
    await inDialog(page, '.done-title').waitFor();
    // The styles applied (widget.css through <link>): the dialog is not UA-styled.
    assert.equal(await inDialog(page, '.primary').evaluate((b) => getComputedStyle(b).fontWeight), '600');
    assert.deepEqual(await problems.csp(), []);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('strict CSP: the ES module entry works too', { skip }, async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.cspSite.url('widget-en.html', { endpoint: '/reports', lang: 'en' }));
  try {
    await openWidget(page);
    await blocks(page).nth(1).click();
    await inDialog(page, '.primary').click();
    await inDialog(page, '#e-item-0-corrected').fill('Changed.');
    await inDialog(page, '.diff del').first().waitFor();
    assert.deepEqual(await problems.csp(), []);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('English and French texts; the site\'s language first; every string can be overridden', { skip }, async () => {
  const en = await openPage(suite.browser, suite.site.url('widget-en.html', { endpoint: '/reports' }));
  try {
    assert.equal(norm(await trigger(en.page).textContent()), 'Report an error');
    await openWidget(en.page);
    assert.equal(norm(await inDialog(en.page, '.title').textContent()), 'Found an error in the text?');
    assert.equal(norm(await inDialog(en.page, '[data-step="1"] .step-of').textContent()), 'Step 1 of 3');
    assert.equal(norm(await inDialog(en.page, '.counter').textContent()), '0 paragraphs selected');
    await blocks(en.page).nth(1).click();
    assert.equal(norm(await inDialog(en.page, '.counter').textContent()), '1 paragraph selected');
    assert.equal(norm(await inDialog(en.page, '.close').getAttribute('aria-label')), 'Close');
    assert.deepEqual(widgetFiles(en.problems.requests).filter((p) => p.includes('/messages-')), ['/erratum/messages-en.mjs']);
    await screenshot(en.page, 'en-step1');
  } finally {
    await en.context.close();
  }
  // data-lang / config.lang wins over <html lang>.
  const forced = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports', lang: 'en' }));
  try {
    assert.equal(norm(await trigger(forced.page).textContent()), 'Report an error');
    await openWidget(forced.page);
    assert.equal(norm(await inDialog(forced.page, '.title').textContent()), 'Found an error in the text?');
    assert.equal(await dialog(forced.page).getAttribute('lang'), 'en');
    assert.deepEqual(widgetFiles(forced.problems.requests).filter((p) => p.includes('/messages-')), ['/erratum/messages-en.mjs']);
  } finally {
    await forced.context.close();
  }
  // A language without a catalog is passed over: on an English page, the
  // page's English; on a page in such a language, the reader's browser.
  for (const [fixture, locale, title] of [
    ['widget-en.html', 'fr-FR', 'Found an error in the text?'],
    ['widget-fr.html', 'it-IT', 'Hai trovato un errore nel testo?'],
  ]) {
    const config = { endpoint: '/reports', lang: 'sv-SE' };
    const passed = await openPage(suite.browser, null, { locale });
    try {
      // The page itself declares Swedish in the second case.
      if (fixture === 'widget-fr.html') await passed.page.route((url) => url.pathname.endsWith('/fixtures/widget-fr.html'), async (route) => {
        const response = await route.fetch();
        route.fulfill({ response, body: (await response.text()).replace('<html lang="fr">', '<html lang="sv">') });
      });
      await passed.page.goto(suite.site.url(fixture, config));
      await openWidget(passed.page);
      assert.equal(norm(await inDialog(passed.page, '.title').textContent()), title, `${fixture}, a ${locale} browser`);
    } finally {
      await passed.context.close();
    }
  }
  // One rule picks the language of the trigger and of the dialog: an
  // underscore tag (fr_BE, as some CMSs write it) is French for both.
  const belgian = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports', lang: 'fr_BE' }));
  try {
    assert.equal(norm(await trigger(belgian.page).textContent()), 'Signaler une erreur');
    await openWidget(belgian.page);
    assert.equal(await dialog(belgian.page).getAttribute('lang'), 'fr');
  } finally {
    await belgian.context.close();
  }
  const messages = { trigger: 'Une coquille ?', title: 'Vous avez vu une coquille ?', next: 'Continuer' };
  const custom = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports', messages }));
  try {
    assert.equal(norm(await trigger(custom.page).textContent()), 'Une coquille ?');
    await openWidget(custom.page);
    assert.equal(norm(await inDialog(custom.page, '.title').textContent()), 'Vous avez vu une coquille ?');
    assert.equal(norm(await inDialog(custom.page, '.primary').textContent()), 'Continuer');
  } finally {
    await custom.context.close();
  }
});

test("the site's own trigger element opens the widget and gets focus back", { skip }, async () => {
  const { context, page } = await openPage(suite.browser, suite.site.url('widget-en.html', { endpoint: '/reports', trigger: '#site-report' }));
  try {
    await page.waitForLoadState('networkidle');
    assert.equal(await page.locator('erratum-trigger').count(), 0, 'no default button');
    await page.locator('#site-report').click();
    await dialog(page).waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await dialog(page).waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'site-report');
  } finally {
    await context.close();
  }
});

test("page styles don't reach the widget (shadow DOM), and no inline style attributes", { skip }, async () => {
  const { context, page } = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports' }));
  try {
    // The page uppercases and reddens every button and spaces all letters.
    assert.equal(await page.locator('#page-button').evaluate((b) => getComputedStyle(b).textTransform), 'uppercase');
    const triggerStyle = await trigger(page).evaluate((b) => [getComputedStyle(b).textTransform, getComputedStyle(b).letterSpacing]);
    assert.deepEqual(triggerStyle, ['none', 'normal']);
    await openWidget(page);
    const primary = await inDialog(page, '.primary').evaluate((b) => [getComputedStyle(b).textTransform, getComputedStyle(b).letterSpacing]);
    assert.deepEqual(primary, ['none', 'normal']);
    const styled = await page.evaluate(() => {
      const roots = [...document.querySelectorAll('erratum-dialog, erratum-trigger')].map((h) => h.shadowRoot);
      return roots.flatMap((r) => [...r.querySelectorAll('[style], style')].map((e) => e.outerHTML.slice(0, 80)));
    });
    assert.deepEqual(styled, []);
  } finally {
    await context.close();
  }
});

test('content rendered after page load is offered when the dialog opens', { skip }, async () => {
  const { context, page } = await openPage(suite.browser, suite.site.url('widget-en.html', { endpoint: '/reports' }));
  try {
    await trigger(page).waitFor();
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = 'Update: the council published the full plans on Friday evening.';
      document.querySelector('article').append(p);
    });
    await openWidget(page);
    assert.equal(await blocks(page).filter({ hasText: 'Update: the council published' }).count(), 1);
  } finally {
    await context.close();
  }
});

test('20,000 paragraphs: the list renders in slices, the page stays responsive', { skip }, async () => {
  const { context, page, problems } = await openPage(suite.browser, `${suite.site.origin}/fixtures/widget-long.html`);
  try {
    await trigger(page).waitFor();
    const run = await page.evaluate(async () => {
      // Items sit in chunks of the list: counting per chunk stays cheap on every tick.
      const count = () => {
        const list = document.querySelector('erratum-dialog')?.shadowRoot.querySelector('.blocks');
        let n = 0;
        for (const chunk of list?.children ?? []) n += chunk.childElementCount;
        return n;
      };
      // A page timer: while the list renders, the gaps between its ticks are
      // how long the page could not run anything.
      const ticks = [];
      const timer = setInterval(() => ticks.push([performance.now(), count()]), 5);
      const started = performance.now();
      await window.erratumHandle.open();
      const opened = performance.now();
      while (count() < 20001) await new Promise((r) => setTimeout(r, 20));
      const done = performance.now();
      clearInterval(timer);
      const rendering = ticks.filter(([, n]) => n > 0);
      let longest = 0;
      for (let i = 1; i < rendering.length; i++) longest = Math.max(longest, rendering[i][0] - rendering[i - 1][0]);
      const partial = new Set(rendering.map(([, n]) => n).filter((n) => n < 20001)).size;
      return { open: opened - started, render: done - opened, longest, partial };
    });
    console.log(
      `# 20,000 paragraphs: open (load, discovery, core) ${Math.round(run.open)} ms, list rendered in ${Math.round(run.render)} ms, ` +
        `${run.partial} partial states, longest page-timer gap while rendering ${Math.round(run.longest)} ms`,
    );
    // Rendering all at once would show no partial state and one gap as long
    // as the whole rendering. (Absolute timings depend too much on the machine.)
    assert.ok(run.partial >= 3, `the page's timer ran between slices (${run.partial} partial states)`);
    assert.ok(run.longest < run.render / 2, `no single long block (${Math.round(run.longest)} of ${Math.round(run.render)} ms)`);
    // Roving focus reaches the very end of the list.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('End');
    const last = await page.evaluate(() => document.querySelector('erratum-dialog').shadowRoot.activeElement.closest('.entry').textContent);
    assert.match(last, /^Paragraph #20001 Paragraph 20000 of/, 'the last entry, numbered after the title');
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('theming: custom properties from the page, dark scheme, reduced motion', { skip }, async () => {
  const light = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports' }));
  try {
    await light.page.addStyleTag({ content: ':root { --erratum-accent: rgb(120, 20, 60); --erratum-radius: 0px; }' });
    await openWidget(light.page);
    const [bg, radius] = await inDialog(light.page, '.primary').evaluate((b) => [getComputedStyle(b).backgroundColor, getComputedStyle(b).borderTopLeftRadius]);
    assert.equal(bg, 'rgb(120, 20, 60)');
    assert.equal(radius, '0px');
    assert.equal(await dialog(light.page).evaluate((d) => getComputedStyle(d).animationName), 'erratum-in');
  } finally {
    await light.context.close();
  }
  const dark = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports' }), { colorScheme: 'dark', reducedMotion: 'reduce' });
  try {
    // A page that paints no background and allows both schemes: the system's (dark) applies.
    await dark.page.addStyleTag({ content: 'html { background: none; color-scheme: light dark; }' });
    await openWidget(dark.page);
    const [bg, animation] = await dialog(dark.page).evaluate((d) => [getComputedStyle(d).backgroundColor, getComputedStyle(d).animationName]);
    assert.equal(bg, 'rgb(31, 31, 31)');
    assert.equal(animation, 'none');
    await screenshot(dark.page, 'fr-dark-step1');
  } finally {
    await dark.context.close();
  }
});
