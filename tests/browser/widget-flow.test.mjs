// The reader's whole journey through the widget, in a real Chromium: by mouse
// (French), by keyboard only (English), from a text selection with Ctrl+Enter,
// and by touch on a phone-sized screen. Reports land on an in-test endpoint.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  browserSuite,
  openPage,
  openWidget,
  dialog,
  blocks,
  pressed,
  trigger,
  focused,
  screenshot,
  waitForReports,
  storedDraft,
  inDialog,
  norm,
} from './widget-harness.mjs';

const suite = browserSuite();
const { skip } = suite;


test('full flow by mouse (French): pick, correct, comment, send, thank you', { skip }, async () => {
  suite.site.endpoint.requests.length = 0;
  const config = { endpoint: '/reports', contactUrl: 'https://journal.example/contact', minFillMs: 0 };
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-fr.html', config));
  try {
    assert.equal(norm(await trigger(page).textContent()), 'Signaler une erreur');
    await openWidget(page);

    assert.equal(norm(await inDialog(page, '.title').textContent()), 'Une erreur dans le texte ?');
    assert.equal(norm(await inDialog(page, '.intro').textContent()), "C'est le bon endroit pour nous l'indiquer !");
    const warning = norm(await inDialog(page, '.warning').textContent());
    assert.match(warning, /^Attention, ce formulaire ne doit servir qu'à signaler une erreur\./);
    assert.equal(await inDialog(page, '.warning a').getAttribute('href'), 'https://journal.example/contact');
    assert.equal(norm(await inDialog(page, '[data-step="1"] .step-name').textContent()), 'Cliquez sur les paragraphes contenant des erreurs !');
    // The title is offered first, with its kind.
    assert.match(norm(await blocks(page).first().textContent()), /^Titre n° 1 Fichier TES/);
    await screenshot(page, 'fr-step1');

    await blocks(page).filter({ hasText: 'Amesys est une société spécialisée' }).click();
    await blocks(page).filter({ hasText: "Le président de l'ANTS" }).click();
    assert.equal(norm(await inDialog(page, '.counter').textContent()), '2 paragraphes sélectionnés');
    assert.equal(await pressed(blocks(page).filter({ hasText: 'Amesys est une société spécialisée' })), 'true');
    await screenshot(page, 'fr-step1-picked');

    await inDialog(page, '.primary').click();
    const items = inDialog(page, 'fieldset.item');
    assert.equal(await items.count(), 2);
    const first = items.nth(0).locator('textarea').first();
    const original = await first.inputValue();
    assert.match(original, /^Amesys est une société spécialisée/);
    await first.fill(original.replace('prestataire privilégiée', 'prestataire privilégié'));
    // The live preview shows the word change, with text alternatives.
    const del = items.nth(0).locator('.diff del');
    await del.waitFor();
    assert.equal(norm(await del.textContent()), 'supprimé : privilégiée');
    assert.equal(norm(await items.nth(0).locator('.diff ins').textContent()), 'inséré : privilégié');
    await items.nth(1).locator('textarea').nth(1).fill('Il manque un s à « poursuite judiciaires ».');
    await items.nth(1).locator('select').selectOption('grammar');
    await screenshot(page, 'fr-step2');

    await inDialog(page, '.primary').click();
    await inDialog(page, '#e-name').fill('Camille');
    await inDialog(page, '#e-email').fill('camille@example.org');
    assert.equal(norm(await inDialog(page, '.primary').textContent()), 'Envoyer');
    await screenshot(page, 'fr-step3');
    await inDialog(page, '.primary').click();

    const [report] = await waitForReports(suite.site, 1);
    const request = suite.site.endpoint.requests[0];
    assert.equal(request.headers['idempotency-key'], report.id);
    assert.match(request.headers['content-type'], /^application\/json/);
    assert.equal(report.schema, 'erratum/report@1');
    assert.equal(report.page.url, `${suite.site.origin}/fixtures/widget-fr.html`, 'query dropped (keepQuery false)');
    assert.equal(report.page.canonicalUrl, 'https://journal.example/2016/11/fichier-tes-amesys');
    assert.equal(report.page.lang, 'fr');
    assert.equal(report.items.length, 2);
    assert.match(report.items[0].original, /prestataire privilégiée du/);
    assert.match(report.items[0].corrected, /prestataire privilégié du/);
    assert.equal(report.items[0].errorType, 'unspecified', 'no error type is invented');
    assert.match(report.items[1].original, /^Le président de l'ANTS/);
    assert.equal(report.items[1].comment, 'Il manque un s à « poursuite judiciaires ».');
    assert.equal(report.items[1].errorType, 'grammar');
    assert.ok(report.items[0].anchor.blockIndex < report.items[1].anchor.blockIndex, 'items in document order');
    assert.deepEqual(report.reporter, { name: 'Camille', email: 'camille@example.org' });
    assert.equal(report.client.locale, 'fr');

    const thanks = inDialog(page, '.done-title');
    await thanks.waitFor();
    assert.equal(norm(await thanks.textContent()), 'Merci !');
    assert.equal(await storedDraft(page), null, 'draft removed after delivery');
    await screenshot(page, 'fr-done');

    await inDialog(page, '.primary').click(); // "Fermer"
    await dialog(page).waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.localName), 'erratum-trigger');
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await context.close();
  }
});

test('full flow by keyboard only (English)', { skip }, async () => {
  suite.site.endpoint.requests.length = 0;
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-en.html', { endpoint: '/reports', minFillMs: 0 }), {
    locale: 'en-GB',
  });
  try {
    await trigger(page).waitFor();
    // Tab from the top of the page to the trigger.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.localName === 'erratum-trigger')) break;
    }
    assert.equal(await page.evaluate(() => document.activeElement?.localName), 'erratum-trigger');
    await page.keyboard.press('Enter');
    await dialog(page).waitFor({ state: 'visible' });
    await blocks(page).first().waitFor();
    assert.equal((await focused(page)).id, 'e-title', 'focus starts on the dialog title');

    await page.keyboard.press('Tab'); // close button
    assert.match((await focused(page)).className, /close/);
    await page.keyboard.press('Tab'); // into the list: one tab stop
    let f = await focused(page);
    assert.match(f.text, /^Title #1 River town votes/);
    await page.keyboard.press('ArrowDown');
    f = await focused(page);
    assert.match(f.text, /^Paragraph #2 The council of Millbrook/);
    await page.keyboard.press('Space');
    assert.equal((await focused(page)).pressed, 'true');
    await page.keyboard.press('End');
    assert.match((await focused(page)).text, /^Paragraph #\d+ Traffic will be diverted/);
    await page.keyboard.press('Home');
    assert.match((await focused(page)).text, /^Title #1 River town/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.equal((await focused(page)).pressed, 'true');
    assert.equal(norm(await inDialog(page, '.counter').textContent()), '2 paragraphs selected');
    await page.keyboard.press('Tab'); // leaves the list in one step: "Next"
    assert.equal((await focused(page)).text, 'Next');
    await screenshot(page, 'en-keyboard-step1');
    await page.keyboard.press('Enter');

    assert.equal((await focused(page)).id, 'e-step2-title');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).id, 'e-item-0-corrected');
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Backspace'); // remove the final period
    await page.keyboard.type(' last week.');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).id, 'e-item-0-comment');
    await page.keyboard.type('The vote was last week, not on Tuesday.');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).id, 'e-item-0-type');
    await page.keyboard.press('ArrowDown'); // not specified -> typo
    await page.keyboard.press('ArrowDown'); // typo -> grammar
    await page.keyboard.press('ArrowDown'); // grammar -> fact
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).id, 'e-item-1-corrected');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Indeed.');
    await page.keyboard.press('Tab'); // comment
    await page.keyboard.press('Tab'); // type
    await page.keyboard.press('Tab'); // Back
    assert.equal((await focused(page)).text, 'Back');
    await page.keyboard.press('Tab'); // Next
    await screenshot(page, 'en-keyboard-step2');
    await page.keyboard.press('Enter');

    assert.equal((await focused(page)).id, 'e-step3-title');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).id, 'e-name');
    await page.keyboard.type('Sam');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).id, 'e-email');
    await page.keyboard.type('sam@example.org');
    await page.keyboard.press('Enter'); // submits the form: Send

    const [report] = await waitForReports(suite.site, 1);
    assert.equal(report.items.length, 2);
    assert.match(report.items[0].corrected, /since 1794, ending a debate that lasted almost ten years last week\.$/);
    assert.equal(report.items[0].errorType, 'fact');
    assert.equal(report.items[0].comment, 'The vote was last week, not on Tuesday.');
    assert.match(report.items[1].corrected, /Indeed\.$/);
    assert.deepEqual(report.reporter, { name: 'Sam', email: 'sam@example.org' });
    await inDialog(page, '.done-title').waitFor();
    assert.equal((await focused(page)).id, 'e-done-title');
    assert.equal(norm(await inDialog(page, '.done-title').textContent()), 'Thank you!');

    await page.keyboard.press('Escape');
    await dialog(page).waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.localName), 'erratum-trigger', 'focus back on the trigger');
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('Ctrl+Enter with a selection picks its paragraph and records the quote', { skip }, async () => {
  suite.site.endpoint.requests.length = 0;
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-en.html', { endpoint: '/reports', minFillMs: 0 }));
  try {
    await trigger(page).waitFor();
    // In an editable field the keys stay the page's: nothing opens or loads.
    await page.locator('#page-notes').click();
    await page.keyboard.type('note');
    await page.keyboard.press('Control+Enter');
    await page.waitForTimeout(400);
    assert.equal(await page.locator('erratum-dialog').count(), 0);
    assert.ok(!problems.requests.some((p) => p.endsWith('/widget.mjs')), 'the dialog did not even load');

    // Select "2.4 million pounds" in the second paragraph.
    await page.evaluate(() => {
      const p = [...document.querySelectorAll('article p')].find((x) => x.textContent.includes('2.4 million'));
      const node = p.firstChild;
      const start = node.data.indexOf('2.4 million pounds');
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + '2.4 million pounds'.length);
      document.getSelection().removeAllRanges();
      document.getSelection().addRange(range);
      document.activeElement.blur(); // leave the page's textarea
    });
    const before = await page.evaluate(() => window.pageShortcuts);
    await page.keyboard.press('Control+Enter');
    await dialog(page).waitFor({ state: 'visible' });
    // Straight to step 2 on that paragraph: the phrase shown, focus in its correction box.
    const corrected = inDialog(page, '#e-item-0-corrected');
    await corrected.waitFor();
    assert.equal(norm(await inDialog(page, '.quote').textContent()), 'Selected passage: “2.4 million pounds”');
    assert.match(await corrected.inputValue(), /^The restoration will cost/);
    assert.deepEqual(await focused(page).then((f) => [f.id, f.inDialog]), ['e-item-0-corrected', true]);
    assert.equal(await page.evaluate(() => window.pageShortcuts), before + 1, "the page's own listener still ran");
    await screenshot(page, 'en-shortcut-step2');
    // Back on step 1, the paragraph is the picked one.
    await inDialog(page, '.back').click();
    const picked = blocks(page).filter({ hasText: 'The restoration will cost' });
    assert.equal(await pressed(picked), 'true');
    assert.equal(norm(await inDialog(page, '.counter').textContent()), '1 paragraph selected');
    await inDialog(page, '.primary').click();
    await corrected.fill((await corrected.inputValue()).replace('2.4 million', '2.6 million'));
    await inDialog(page, '.primary').click();
    await inDialog(page, '.primary').click();

    const [report] = await waitForReports(suite.site, 1);
    const quote = report.items[0].anchor.selector.find((s) => s.type === 'TextQuoteSelector');
    assert.equal(quote.exact, '2.4 million pounds');
    assert.match(report.items[0].corrected, /2\.6 million pounds/);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('mobile viewport with touch: tap through the flow', { skip }, async () => {
  suite.site.endpoint.requests.length = 0;
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports', minFillMs: 0 }), {
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  try {
    await trigger(page).tap();
    await dialog(page).waitFor({ state: 'visible' });
    await blocks(page).first().waitFor();
    const box = await dialog(page).boundingBox();
    assert.ok(box.width >= 385 && box.height >= 800, `dialog fills the screen (${box.width}x${box.height})`);
    await blocks(page).filter({ hasText: 'Dans le petit monde' }).tap();
    assert.equal(norm(await inDialog(page, '.counter').textContent()), '1 paragraphe sélectionné');
    await screenshot(page, 'mobile-step1');
    await inDialog(page, '.primary').tap();
    await inDialog(page, '#e-item-0-comment').fill('« accusé » devrait être « accusée ».');
    await screenshot(page, 'mobile-step2');
    await inDialog(page, '.primary').tap();
    await screenshot(page, 'mobile-step3');
    await inDialog(page, '.primary').tap();
    const [report] = await waitForReports(suite.site, 1);
    assert.equal(report.items[0].comment, '« accusé » devrait être « accusée ».');
    await inDialog(page, '.done-title').waitFor();
    await screenshot(page, 'mobile-done');
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await context.close();
  }
});
