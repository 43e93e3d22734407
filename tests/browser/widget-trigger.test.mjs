// Finding the trigger (issue 14 item 5): Ctrl+Enter opens the dialog from
// anywhere, announced with aria-keyshortcuts and said in the dialog.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPage, openWidget, trigger, inDialog, norm } from './widget-harness.mjs';

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
