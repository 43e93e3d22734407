// Finding the trigger (issue 14 item 5): by a skip link first in the Tab
// order, or by Ctrl+Enter (announced with aria-keyshortcuts, said in the dialog).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPage, openWidget, dialog, trigger, inDialog, norm, axeSerious } from './widget-harness.mjs';

const suite = browserSuite();
const { skip } = suite;

const SCREENS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
};

test('the trigger announces Ctrl+Enter and the dialog says it', { skip }, async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports' }));
  try {
    await trigger(page).waitFor();
    assert.equal(await trigger(page).getAttribute('aria-keyshortcuts'), 'Control+Enter');
    await openWidget(page);
    assert.match(norm(await inDialog(page, '#e-step1-hint').textContent()), /Ctrl\+Entrée\.$/);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('a skip link: the first Tab reaches a twin of the trigger, seen only while focused', { skip }, async () => {
  const { context, page } = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports' }));
  try {
    const twin = page.locator('erratum-trigger[skip] button');
    await twin.waitFor({ state: 'attached' });
    await page.waitForFunction(() => !document.querySelector('erratum-trigger[skip]').shadowRoot.lastChild.hidden);
    const clip = () => page.locator('erratum-trigger[skip]').evaluate((h) => getComputedStyle(h).clipPath);
    await page.waitForFunction(() => getComputedStyle(document.querySelector('erratum-trigger[skip]')).clipPath === 'inset(50%)'); // unseen before focus
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.localName + document.activeElement.hasAttribute('skip')), 'erratum-triggertrue');
    assert.equal(await clip(), 'none', 'seen while focused');
    assert.equal(norm(await twin.textContent()), norm(await trigger(page).textContent()));
    await page.keyboard.press('Enter');
    await dialog(page).waitFor({ state: 'visible' });
  } finally {
    await context.close();
  }
});

test('shortcut: false: no aria-keyshortcuts and no word of it in the dialog', { skip }, async () => {
  const { context, page } = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports', shortcut: false }));
  try {
    await trigger(page).waitFor();
    assert.equal(await trigger(page).getAttribute('aria-keyshortcuts'), null);
    await openWidget(page);
    assert.doesNotMatch(await inDialog(page, '#e-step1-hint').textContent(), /Ctrl/);
  } finally {
    await context.close();
  }
});

for (const [screen, options] of Object.entries(SCREENS)) {
  for (const colorScheme of ['light', 'dark']) {
    test(`the shortcut hint shows with a keyboard, not on touch (${screen}, ${colorScheme})`, { skip }, async () => {
      const { context, page } = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports' }), { ...options, colorScheme });
      try {
        await openWidget(page);
        assert.equal(await inDialog(page, '#e-step1-hint').isVisible(), screen === 'desktop');
      } finally {
        await context.close();
      }
    });
  }
}

for (const [screen, options] of Object.entries(SCREENS)) {
  for (const colorScheme of ['light', 'dark']) {
    test(`without <article>/<main>, the trigger goes after the last paragraph, in its column (${screen}, ${colorScheme})`, { skip }, async () => {
      const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-noarticle.html', { endpoint: '/reports' }), { ...options, colorScheme });
      try {
        // Idle: the trigger moves from the end of <body> to after the text.
        await page.waitForFunction(() => document.querySelector('erratum-trigger:not([skip])').previousElementSibling?.id === 'last');
        const [text, button] = await page.evaluate(() => [
          document.getElementById('last').getBoundingClientRect().left,
          document.querySelector('erratum-trigger:not([skip])').shadowRoot.lastChild.getBoundingClientRect().left,
        ]);
        assert.equal(button, text, 'aligned with the paragraph');
        await openWidget(page);
        assert.deepEqual(await axeSerious(page, `place-${screen}-${colorScheme}`), []);
        assert.deepEqual(problems.consoleErrors, []);
      } finally {
        await context.close();
      }
    });
  }
  test(`trigger: 'floating' keeps a corner beside the text, goes into the text where it would cover it (${screen})`, { skip }, async () => {
    const { context, page } = await openPage(suite.browser, suite.site.url('widget-noarticle.html', { endpoint: '/reports', trigger: 'floating' }), { ...options, reducedMotion: 'reduce' });
    try {
      const host = page.locator('erratum-trigger:not([skip])');
      await trigger(page).waitFor();
      const box = await trigger(page).boundingBox();
      const viewport = page.viewportSize();
      if (screen === 'desktop') {
        assert.equal(await host.evaluate((h) => getComputedStyle(h).position), 'fixed');
        assert.ok(box.x + box.width <= viewport.width && box.x + box.width > viewport.width - 40, `in the corner: ${JSON.stringify(box)}`);
        assert.ok(box.y + box.height <= viewport.height && box.y + box.height > viewport.height - 40);
        const column = await page.locator('#last').boundingBox();
        assert.ok(box.x >= column.x + column.width, 'beside the text column');
        assert.equal(await trigger(page).evaluate((b) => getComputedStyle(b).transitionDuration + getComputedStyle(b).animationName), '0snone');
      } else {
        // On a phone the corner is over the text: the trigger goes after the last paragraph.
        await page.waitForFunction(() => document.querySelector('erratum-trigger:not([skip])').previousElementSibling?.id === 'last');
        assert.equal(await host.evaluate((h) => h.hasAttribute('floating') + getComputedStyle(h).position), 'falsestatic');
      }
      await trigger(page).click();
      await dialog(page).waitFor({ state: 'visible' });
    } finally {
      await context.close();
    }
  });
}
