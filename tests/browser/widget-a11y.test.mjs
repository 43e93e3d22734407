// axe-core on the open dialog at every step (and in its error and failure
// states): no serious or critical violation, left to right (French, English)
// and right to left (Arabic), on a desktop and a touch phone (1280x800,
// 390x844), on a light and a dark page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  browserSuite,
  openPage,
  openWidget,
  blocks,
  axeSerious,
  waitForReports,
  inDialog,
} from './widget-harness.mjs';

const suite = browserSuite();
const { skip } = suite;


async function expectClean(page, label) {
  const serious = await axeSerious(page, label);
  assert.deepEqual(serious, [], `${label}: ${JSON.stringify(serious, null, 1)}`);
}

const SCREENS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
};
// A dark page on a dark system: the dialog follows it (colorScheme 'auto').
const DARK_PAGE = 'html { color: #e8eaed; background: #16181d; } a { color: #8ab4f8; }';

// French (the seed) and Arabic (right to left) at both sizes, light and
// dark; English once.
const RUNS = [
  ...['fr', 'ar'].flatMap((lang) =>
    Object.keys(SCREENS).flatMap((screen) => ['light', 'dark'].map((colorScheme) => ({ lang, screen, colorScheme }))),
  ),
  { lang: 'en', screen: 'desktop', colorScheme: 'light' },
];
const LOCALES = { fr: 'fr-FR', en: 'en-GB', ar: 'ar' };

for (const { lang, screen, colorScheme } of RUNS) {
  test(`axe: every step of the dialog (${lang}, ${screen}, ${colorScheme})`, { skip }, async () => {
    suite.site.endpoint.requests.length = 0;
    suite.site.endpoint.reply = () => ({ status: 404 });
    const config = { endpoint: '/reports', contact: 'required', contactUrl: 'https://journal.example/contact' };
    const { context, page } = await openPage(suite.browser, suite.site.url(`widget-${lang}.html`, config), {
      ...SCREENS[screen],
      colorScheme,
      locale: LOCALES[lang],
    });
    const label = (step) => `${lang}-${screen}-${colorScheme}-${step}`;
    try {
      if (colorScheme === 'dark') await page.addStyleTag({ content: DARK_PAGE });
      await openWidget(page);
      assert.equal(await page.locator('erratum-dialog').getAttribute('data-scheme'), colorScheme);
      assert.equal(await inDialog(page, 'dialog').evaluate((d) => getComputedStyle(d).direction), lang === 'ar' ? 'rtl' : 'ltr');
      await expectClean(page, label('step1'));
      await inDialog(page, '.primary').click(); // nothing picked: error summary
      await expectClean(page, label('step1-errors'));

      await blocks(page).nth(1).click();
      await blocks(page).nth(2).click();
      await inDialog(page, '.primary').click();
      await inDialog(page, '#e-item-0-corrected').fill('A corrected paragraph.');
      await inDialog(page, '.diff ins').first().waitFor();
      await expectClean(page, label('step2'));
      await inDialog(page, '.primary').click(); // item 1 unchanged: field error
      await expectClean(page, label('step2-errors'));

      await inDialog(page, '#e-item-1-comment').fill('Comment.');
      await inDialog(page, '.primary').click();
      await inDialog(page, '#e-email').waitFor();
      await expectClean(page, label('step3'));
      await inDialog(page, '#e-email').fill('not-an-address');
      await inDialog(page, '.primary').click();
      await expectClean(page, label('step3-errors'));

      await inDialog(page, '#e-email').fill('reader@example.org');
      await inDialog(page, '.primary').click(); // endpoint answers 404: a failure, draft kept
      await waitForReports(suite.site, 1);
      await inDialog(page, '.summary-title').waitFor();
      await expectClean(page, label('failed'));

      suite.site.endpoint.reply = () => ({ status: 503 }); // may pass later: saved in the outbox
      await inDialog(page, '.primary').click();
      await inDialog(page, '.done-title').waitFor();
      await expectClean(page, label('queued'));
    } finally {
      suite.site.endpoint.reply = () => ({ status: 201 });
      await context.close();
    }
  });
}
