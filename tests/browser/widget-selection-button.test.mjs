// selectionButton (issue 14 item 5): a button near a text selection in the
// article, on a phone (touch) and a desktop, light and dark, left to right
// and right to left, that opens the dialog at step 2 on the selection's paragraph with
// the phrase, as Ctrl+Enter does; none when the option is off or the
// selection is outside the article; Escape or a collapsed selection
// dismisses it; Tab reaches it right after the selection.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPage, dialog, inDialog, focused, norm, axeSerious, screenshot, isTouchTarget } from './widget-harness.mjs';

const suite = browserSuite();
const { skip } = suite;

const SCREENS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
};

const bubble = (page) => page.locator('erratum-bubble button');
// Longer than the button's settling delay: time enough for it to come.
const SETTLED_MS = 1000;

/**
 * Selects `phrase` in the first element matching `selector` that holds it,
 * scrolled to the middle of the screen; returns the selection's rectangles.
 */
function selectPhrase(page, selector, phrase) {
  return page.evaluate(
    ([selector, phrase]) => {
      const el = [...document.querySelectorAll(selector)].find((x) => x.textContent.includes(phrase));
      el.scrollIntoView({ block: 'center' });
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let node;
      while ((node = walker.nextNode()) && !node.data.includes(phrase));
      const range = document.createRange();
      range.setStart(node, node.data.indexOf(phrase));
      range.setEnd(node, node.data.indexOf(phrase) + phrase.length);
      document.getSelection().removeAllRanges();
      document.getSelection().addRange(range);
      return [...range.getClientRects()].map((r) => r.toJSON());
    },
    [selector, phrase],
  );
}

const overlaps = (a, b) => a.x < b.right && b.x < a.x + a.width && a.y < b.bottom && b.y < a.y + a.height;

/** Asserts the button is a 44 px target in the viewport, near the selection's end and over none of it. */
async function assertPlaced(page, rects, dir) {
  const box = await bubble(page).boundingBox();
  const { width, height } = page.viewportSize();
  assert.ok(isTouchTarget(box), `a 44 px target: ${JSON.stringify(box)}`);
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height, `in the viewport: ${JSON.stringify(box)}`);
  for (const r of rects) assert.ok(!overlaps(box, r), `over the selection: ${JSON.stringify(box)} ${JSON.stringify(r)}`);
  const last = rects.at(-1);
  const end = dir === 'rtl' ? last.left : last.right;
  assert.ok(Math.abs(box.x + box.width / 2 - end) <= box.width, `by the selection's end (${end}): ${JSON.stringify(box)}`);
  assert.ok(box.y >= last.bottom && box.y - last.bottom <= 40, `just below it (${last.bottom}): ${JSON.stringify(box)}`);
}

for (const [screen, options] of Object.entries(SCREENS)) {
  for (const colorScheme of ['light', 'dark']) {
  test(`selection button: a phrase in a paragraph opens step 2 on it (${screen}, ${colorScheme})`, { skip }, async () => {
    const config = { endpoint: '/reports', selectionButton: true };
    const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-fr.html', config), { ...options, colorScheme });
    const touch = screen === 'phone';
    const label = `${screen}-${colorScheme}`;
    try {
      // Dark: a dark page on a system in dark mode.
      if (colorScheme === 'dark') await page.addStyleTag({ content: 'html { color: #e8eaed; background: #16181d; } a { color: #8ab4f8; }' });
      // Outside the article (the footer): nothing.
      await page.waitForLoadState('networkidle');
      await selectPhrase(page, 'footer', 'Vos notes');
      await page.waitForTimeout(SETTLED_MS);
      assert.equal(await page.locator('erratum-bubble').count(), 0, 'no button for a selection outside the article');

      const rects = await selectPhrase(page, 'article p', 'posé hier');
      await bubble(page).waitFor({ state: 'visible' });
      assert.equal(norm(await bubble(page).textContent()), 'Signaler');
      assert.equal(await bubble(page).getAttribute('aria-label'), 'Signaler une erreur dans la sélection');
      await assertPlaced(page, rects, 'ltr');
      await screenshot(page, `selection-button-${label}`);
      assert.deepEqual(await axeSerious(page, `selection-button-${label}`), []);

      await (touch ? bubble(page).tap() : bubble(page).click());
      await dialog(page).waitFor({ state: 'visible' });
      const corrected = inDialog(page, '#e-item-0-corrected');
      await corrected.waitFor();
      assert.equal(await inDialog(page, '.form').getAttribute('data-current'), '2', 'straight to step 2');
      assert.match(norm(await inDialog(page, '.quote').textContent()), /« posé hier »/);
      assert.match(await corrected.inputValue(), /^On peut donc se demander/);
      assert.deepEqual(await focused(page).then((f) => [f.id, f.inDialog]), ['e-item-0-corrected', true]);
      assert.equal(await page.locator('erratum-bubble').count(), 0, 'the button leaves with the tap');
      assert.deepEqual(await axeSerious(page, `selection-button-${label}-step2`), []);
      assert.deepEqual(problems.consoleErrors, []);
    } finally {
      await context.close();
    }
  });
  }
}

test('selection button: off by default, nothing is shown or loaded', { skip }, async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports' }), SCREENS.phone);
  try {
    await page.waitForLoadState('networkidle');
    await selectPhrase(page, 'article p', 'posé hier');
    await page.waitForTimeout(SETTLED_MS);
    assert.equal(await page.locator('erratum-bubble').count(), 0);
    assert.ok(!problems.requests.includes('/erratum/selection-button.css'), problems.requests.join(' '));
  } finally {
    await context.close();
  }
});

test('selection button: a collapsed selection or Escape dismisses it; destroy() ends it', { skip }, async () => {
  const { context, page } = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports', selectionButton: true }), SCREENS.desktop);
  try {
    await selectPhrase(page, 'article p', 'posé hier');
    await bubble(page).waitFor({ state: 'visible' });
    await page.evaluate(() => document.getSelection().collapseToEnd());
    await page.locator('erratum-bubble').waitFor({ state: 'detached' });

    await selectPhrase(page, 'article p', 'quel fin');
    await bubble(page).waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page.locator('erratum-bubble').waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.getSelection().toString()), 'quel fin', 'the selection stays');

    // The widget destroyed: no more button.
    await page.evaluate(() => window.erratumHandle.destroy());
    await selectPhrase(page, 'article p', 'posé hier');
    await page.waitForTimeout(SETTLED_MS);
    assert.equal(await page.locator('erratum-bubble').count(), 0, 'none after destroy()');
  } finally {
    await context.close();
  }
});

test('selection button: by keyboard, Tab after a selection reaches it, Enter opens', { skip }, async () => {
  const { context, page } = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports', selectionButton: true }), SCREENS.desktop);
  try {
    // A double click selects a word and puts the Tab order's start there.
    const paragraph = page.locator('article p', { hasText: 'Orange également de la partie' });
    await paragraph.scrollIntoViewIfNeeded();
    await paragraph.dblclick({ position: { x: 5, y: 5 } });
    assert.equal(await page.evaluate(() => document.getSelection().toString().trim()), 'Orange');
    await bubble(page).waitFor({ state: 'visible' });
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.localName), 'erratum-bubble');
    await page.keyboard.press('Enter');
    await inDialog(page, '#e-item-0-corrected').waitFor();
    assert.match(norm(await inDialog(page, '.quote').textContent()), /« Orange »/);
  } finally {
    await context.close();
  }
});

test('selection button: right to left (ar), on a phone', { skip }, async () => {
  const config = { endpoint: '/reports', selectionButton: true };
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-ar.html', config), { ...SCREENS.phone, locale: 'ar' });
  try {
    const rects = await selectPhrase(page, 'article p', 'مليون جنيه');
    await bubble(page).waitFor({ state: 'visible' });
    assert.equal(norm(await bubble(page).textContent()), 'إبلاغ');
    assert.deepEqual(await bubble(page).evaluate((b) => [b.lang, b.dir]), ['ar', 'rtl']);
    await assertPlaced(page, rects, 'rtl');
    await screenshot(page, 'selection-button-ar');
    assert.deepEqual(await axeSerious(page, 'selection-button-ar'), []);
    await bubble(page).tap();
    await inDialog(page, '#e-item-0-corrected').waitFor();
    assert.match(norm(await inDialog(page, '.quote').textContent()), /مليون جنيه/);
    assert.match(await inDialog(page, '#e-item-0-corrected').inputValue(), /^ستبلغ كلفة الترميم/);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await context.close();
  }
});
