// The dialog on a phone and on a desktop, light and dark: past step 1 the
// header is only the title; the selection's count stays in sight (sticky
// counter, count on "Next"); touch targets are 44 px at least; the keyboard
// hint is left out on touch screens; after a validation error on a 320 px
// screen, the field the summary names first is in view.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPage, openWidget, blocks, inDialog, axeSerious, screenshot, isTouchTarget } from './widget-harness.mjs';

const suite = browserSuite();
const { skip } = suite;

const SCREENS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
};

/** Where `selector` (in the dialog) is, against the viewport: {top, bottom, width, height, inView}. */
const placeOf = (page, selector) =>
  inDialog(page, selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, width: r.width, height: r.height, inView: r.top >= 0 && r.bottom <= innerHeight && r.height > 0 };
  });

/** The label "Next" shows, its generated count included. */
const nextLabel = (page) =>
  inDialog(page, '.primary').evaluate((b) => b.textContent + getComputedStyle(b, '::after').content.replace(/^(none|normal)$/, '').replace(/^"(.*)"$/, '$1'));

for (const [screen, options] of Object.entries(SCREENS)) {
  for (const colorScheme of ['light', 'dark']) {
    test(`mobile-first dialog: ${screen}, ${colorScheme}`, { skip }, async () => {
      const config = { endpoint: '/reports', contactUrl: 'https://journal.example/contact' };
      const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-fr.html', config), { ...options, colorScheme });
      const touch = screen === 'phone';
      const tap = (locator) => (touch ? locator.tap() : locator.click());
      try {
        // Dark: a dark page on a system in dark mode.
        if (colorScheme === 'dark') await page.addStyleTag({ content: 'html { color: #e8eaed; background: #16181d; } a { color: #8ab4f8; }' });
        await openWidget(page);
        assert.ok(await inDialog(page, '.intro').isVisible(), 'step 1 shows the intro');
        assert.ok(await inDialog(page, '.warning').isVisible(), 'step 1 shows the warning');
        assert.equal(await inDialog(page, '#e-step1-hint').isVisible(), !touch, 'the keyboard hint only without touch');

        // Touch targets: every toggle, the close button and the footer's buttons.
        for (const selector of ['.blocks .entry', '.close', '.primary']) {
          for (const box of await inDialog(page, selector).evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON()))) {
            assert.ok(isTouchTarget(box), `${selector} is ${box.width}x${box.height}`);
          }
        }

        assert.equal(await nextLabel(page), 'Suivant', 'no count on Next before a pick');
        await tap(blocks(page).nth(1));
        await tap(blocks(page).nth(2));
        assert.equal(await nextLabel(page), 'Suivant (2)');
        // The list scrolled to its end: the counter stays at the top of the content.
        await inDialog(page, '.content').evaluate((c) => (c.scrollTop = c.scrollHeight));
        const [content, counter] = await Promise.all([placeOf(page, '.content'), placeOf(page, '.counter')]);
        assert.ok(Math.abs(counter.top - content.top) < 1, `sticky counter at ${counter.top}, content at ${content.top}`);
        assert.ok(counter.inView);
        await screenshot(page, `mobile-first-${screen}-${colorScheme}-step1`);
        assert.deepEqual(await axeSerious(page, `mobile-${screen}-${colorScheme}-step1`), []);

        await tap(inDialog(page, '.primary'));
        await inDialog(page, '#e-item-0-corrected').waitFor();
        assert.ok(await inDialog(page, '.title').isVisible());
        assert.equal(await inDialog(page, '.intro').isVisible(), false, 'step 2: the intro is collapsed');
        assert.equal(await inDialog(page, '.warning').isVisible(), false, 'step 2: the warning is collapsed');
        assert.equal(await nextLabel(page), 'Suivant', 'the count is on step 1 only');
        await screenshot(page, `mobile-first-${screen}-${colorScheme}-step2`);
        assert.deepEqual(await axeSerious(page, `mobile-${screen}-${colorScheme}-step2`), []);
        assert.deepEqual(problems.consoleErrors, []);
      } finally {
        await context.close();
      }
    });
  }
}

test('320 px: after a validation error, the field the summary names is in view', { skip }, async () => {
  const { context, page } = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports', contact: 'required' }), {
    viewport: { width: 320, height: 568 },
    isMobile: true,
    hasTouch: true,
  });
  try {
    await openWidget(page);
    await blocks(page).nth(1).tap();
    await blocks(page).nth(2).tap();
    await inDialog(page, '.primary').tap();
    await inDialog(page, '#e-item-0-corrected').fill('Un paragraphe corrigé.');
    await inDialog(page, '.primary').tap(); // the second paragraph is unchanged: its field has an error
    await inDialog(page, '#e-item-1-corrected-error').waitFor();
    assert.equal(await inDialog(page, '.summary').evaluate((s) => s.getRootNode().activeElement === s), true, 'the summary has focus');
    for (const selector of ['#e-item-1-corrected-error', '#e-item-1-corrected']) {
      const place = await placeOf(page, selector);
      assert.ok(place.top >= 0 && place.top < (await page.evaluate(() => innerHeight)), `${selector} in view: ${JSON.stringify(place)}`);
    }
    await screenshot(page, 'mobile-320-step2-error');

    await inDialog(page, '#e-item-1-comment').fill('Commentaire.');
    await inDialog(page, '.primary').tap();
    await inDialog(page, '#e-email').fill('pas-une-adresse');
    await inDialog(page, '.primary').tap();
    await inDialog(page, '#e-email-error').waitFor();
    assert.ok((await placeOf(page, '#e-email')).inView, 'the email field is in view');
  } finally {
    await context.close();
  }
});
