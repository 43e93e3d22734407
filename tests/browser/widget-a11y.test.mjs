// axe-core on the open dialog at every step (and in its error and failure
// states), in French and in English: no serious or critical violation.

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

for (const { lang, fixture, locale } of [
  { lang: 'fr', fixture: 'widget-fr.html', locale: 'fr-FR' },
  { lang: 'en', fixture: 'widget-en.html', locale: 'en-GB' },
]) {
  test(`axe: every step of the dialog (${lang})`, { skip }, async () => {
    suite.site.endpoint.requests.length = 0;
    suite.site.endpoint.reply = () => ({ status: 404 });
    const config = { endpoint: '/reports', contact: 'required', contactUrl: 'https://journal.example/contact' };
    const { context, page } = await openPage(suite.browser, suite.site.url(fixture, config), { locale });
    try {
      await openWidget(page);
      await expectClean(page, `${lang}-step1`);
      await inDialog(page, '.primary').click(); // nothing picked: error summary
      await expectClean(page, `${lang}-step1-errors`);

      await blocks(page).nth(1).click();
      await blocks(page).nth(2).click();
      await inDialog(page, '.primary').click();
      await inDialog(page, '#e-item-0-corrected').fill('A corrected paragraph.');
      await inDialog(page, '.diff ins').first().waitFor();
      await expectClean(page, `${lang}-step2`);
      await inDialog(page, '.primary').click(); // item 1 unchanged: field error
      await expectClean(page, `${lang}-step2-errors`);

      await inDialog(page, '#e-item-1-comment').fill('Comment.');
      await inDialog(page, '.primary').click();
      await inDialog(page, '#e-email').fill('not-an-address');
      await inDialog(page, '.primary').click();
      await expectClean(page, `${lang}-step3-errors`);

      await inDialog(page, '#e-email').fill('reader@example.org');
      await inDialog(page, '.primary').click(); // endpoint answers 404: a failure, draft kept
      await waitForReports(suite.site, 1);
      await inDialog(page, '.summary-title').waitFor();
      await expectClean(page, `${lang}-failed`);

      suite.site.endpoint.reply = () => ({ status: 503 }); // may pass later: saved in the outbox
      await inDialog(page, '.primary').click();
      await inDialog(page, '.done-title').waitFor();
      await expectClean(page, `${lang}-queued`);
    } finally {
      suite.site.endpoint.reply = () => ({ status: 201 });
      await context.close();
    }
  });
}
