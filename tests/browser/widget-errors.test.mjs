// What the reader sees when something is wrong: the core's validation errors
// next to fields and in a focused error summary, the selection limit, the
// endpoint failing or refusing — and the draft that survives all of it.

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

const summaryItems = async (page) => (await inDialog(page, '.summary-list li').allTextContents()).map(norm);

test('validation errors: next to fields, in a focused summary linking to them', { skip }, async () => {
  suite.site.endpoint.requests.length = 0;
  suite.site.endpoint.reply = () => ({ status: 201 });
  const config = { endpoint: '/reports', contact: 'required', minFillMs: 0 };
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-fr.html', config));
  try {
    await openWidget(page);

    // Step 1 with nothing picked.
    await inDialog(page, '.primary').click();
    assert.deepEqual(await summaryItems(page), ['Sélectionnez au moins 1 paragraphe.']);
    assert.equal((await focused(page)).className, 'summary');
    assert.equal(norm(await inDialog(page, '.summary-title').textContent()), 'Il y a un problème');
    assert.equal(norm(await inDialog(page, '.notice').textContent()), 'Sélectionnez au moins 1 paragraphe.');
    await screenshot(page, 'fr-errors-step1');
    await inDialog(page, '.summary-list a').click();
    assert.match((await focused(page)).className, /block/, 'the link leads to the list');

    // Step 2 with a paragraph left unchanged and no comment.
    await blocks(page).filter({ hasText: 'Dans le petit monde' }).click();
    await inDialog(page, '.primary').click();
    await inDialog(page, '.primary').click();
    assert.deepEqual(await summaryItems(page), ['Corrigez le texte ou ajoutez un commentaire.']);
    assert.equal((await focused(page)).className, 'summary');
    const corrected = inDialog(page, '#e-item-0-corrected');
    assert.equal(await corrected.getAttribute('aria-invalid'), 'true');
    assert.match(await corrected.getAttribute('aria-describedby'), /e-item-0-corrected-error/);
    assert.equal(norm(await inDialog(page, '#e-item-0-corrected-error').textContent()), 'Erreur : Corrigez le texte ou ajoutez un commentaire.');
    await screenshot(page, 'fr-errors-step2');
    await inDialog(page, '.summary-list a').click();
    assert.equal((await focused(page)).id, 'e-item-0-corrected');
    await inDialog(page, '#e-item-0-comment').fill('« accusé » au lieu de « accusée ».');
    await inDialog(page, '.primary').click();

    // Step 3: contact required, email invalid, then missing.
    assert.equal(norm(await inDialog(page, 'label[for="e-email"]').textContent()), 'Adresse e-mail');
    await inDialog(page, '#e-email').fill('pas-une-adresse');
    await inDialog(page, '.primary').click();
    assert.deepEqual(await summaryItems(page), ['Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.']);
    assert.equal((await focused(page)).className, 'summary');
    assert.equal(await inDialog(page, '#e-email').getAttribute('aria-invalid'), 'true');
    await screenshot(page, 'fr-errors-step3');
    await inDialog(page, '#e-email').fill('');
    await inDialog(page, '.primary').click();
    assert.deepEqual(await summaryItems(page), ['Saisissez votre adresse e-mail.']);
    assert.equal(suite.site.endpoint.requests.length, 0, 'nothing sent while invalid');

    await inDialog(page, '.summary-list a').click();
    assert.equal((await focused(page)).id, 'e-email');
    await page.keyboard.type('lecteur@example.fr');
    await inDialog(page, '.primary').click();
    const [report] = await waitForReports(suite.site, 1);
    assert.equal(report.reporter.email, 'lecteur@example.fr');
    await inDialog(page, '.done-title').waitFor();
    assert.equal(await inDialog(page, '[aria-invalid="true"]').count(), 0);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('the core enforces maxParagraphs; the reader is told why', { skip }, async () => {
  const { context, page } = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports', maxParagraphs: 2 }));
  try {
    await openWidget(page);
    await blocks(page).nth(1).click();
    await blocks(page).nth(2).click();
    await blocks(page).nth(3).click();
    assert.equal(await pressed(blocks(page).nth(3)), 'false');
    assert.equal(norm(await inDialog(page, '.counter').textContent()), '2 paragraphes sélectionnés');
    const notice = inDialog(page, '.notice');
    assert.equal(await notice.getAttribute('role'), 'alert');
    assert.equal(norm(await notice.textContent()), "Vous pouvez choisir jusqu'à 2 paragraphes.");
    await screenshot(page, 'fr-max-paragraphs');
    // Deselecting one makes room again and clears the message.
    await blocks(page).nth(1).click();
    await blocks(page).nth(3).click();
    assert.equal(await pressed(blocks(page).nth(3)), 'true');
    assert.equal(norm(await notice.textContent()), '');
  } finally {
    await context.close();
  }
});

test('the draft survives closing, reopening and reloading; Escape returns focus to the trigger', { skip }, async () => {
  const url = suite.site.url('widget-fr.html', { endpoint: '/reports' });
  const { context, page } = await openPage(suite.browser, url);
  try {
    await openWidget(page);
    await blocks(page).filter({ hasText: 'Dans le petit monde' }).click();
    await blocks(page).filter({ hasText: 'Orange également' }).click();
    await inDialog(page, '.primary').click();
    await inDialog(page, '#e-item-1-comment').fill('Il manque « est » ?');
    await inDialog(page, '#e-item-0-corrected').fill('Dans le petit monde de la sécurité, Amesys est connu.');
    await page.keyboard.press('Escape');
    await dialog(page).waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.localName), 'erratum-trigger');

    await trigger(page).click();
    await dialog(page).waitFor({ state: 'visible' });
    assert.equal(await inDialog(page, '[data-step="2"]').isVisible(), true, 'reopens on the same step');
    assert.equal(await inDialog(page, '#e-item-0-corrected').inputValue(), 'Dans le petit monde de la sécurité, Amesys est connu.');
    await inDialog(page, '.close').click();
    await dialog(page).waitFor({ state: 'hidden' });

    const stored = await storedDraft(page);
    assert.equal(stored.items.length, 2);
    assert.equal(stored.items[1].comment, 'Il manque « est » ?');

    await page.reload();
    await openWidget(page);
    assert.equal(await inDialog(page, '#e-item-0-corrected').inputValue(), 'Dans le petit monde de la sécurité, Amesys est connu.');
    assert.equal(await inDialog(page, '#e-item-1-comment').inputValue(), 'Il manque « est » ?');
    await inDialog(page, '.back').click();
    assert.equal(norm(await inDialog(page, '.counter').textContent()), '2 paragraphes sélectionnés');
    assert.equal(await pressed(blocks(page).filter({ hasText: 'Orange également' })), 'true');
  } finally {
    await context.close();
  }
});

test('endpoint answering 404: a configuration failure, nothing lost nor queued, a new try delivers once with the same id', { skip }, async () => {
  suite.site.endpoint.requests.length = 0;
  suite.site.endpoint.reply = () => ({ status: 404, body: { error: 'no such endpoint' } });
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports', minFillMs: 0 }));
  try {
    await openWidget(page);
    await blocks(page).filter({ hasText: 'Amesys est une société' }).click();
    await inDialog(page, '.primary').click();
    await inDialog(page, '#e-item-0-comment').fill('« privilégiée » : accord fautif.');
    await inDialog(page, '.primary').click();
    await inDialog(page, '#e-name').fill('Dominique');
    await inDialog(page, '.primary').click();

    await waitForReports(suite.site, 1);
    const summary = inDialog(page, '.summary');
    await summary.waitFor();
    assert.equal(norm(await inDialog(page, '.summary-title').textContent()), "L'envoi a échoué");
    assert.match(norm(await inDialog(page, '.summary-note').textContent()), /mal configuré.*Rien n’est perdu/);
    assert.equal((await focused(page)).className, 'summary');
    assert.equal(await inDialog(page, '.done-title').isVisible(), false, 'no thank-you before the endpoint accepted');
    assert.equal(await inDialog(page, '#e-name').inputValue(), 'Dominique');
    const stored = await storedDraft(page);
    assert.equal(stored.items[0].comment, '« privilégiée » : accord fautif.');
    assert.equal(await page.evaluate(() => localStorage.getItem('erratum:outbox')), null, 'a 404 is not retried later');
    await screenshot(page, 'fr-failed-404');

    suite.site.endpoint.reply = () => ({ status: 201 });
    await inDialog(page, '.primary').click();
    await inDialog(page, '.done-title').waitFor();
    const [first, second] = suite.site.endpoint.requests;
    assert.equal(first.headers['idempotency-key'], second.headers['idempotency-key'], 'a retry is the same report');
    assert.equal(second.json.id, first.json.id);
    assert.equal(await storedDraft(page), null);
    // The failed POST shows up as a resource error, and the widget names the
    // cause once for the site; nothing else may.
    assert.equal(problems.consoleErrors.filter((e) => /^\[Erratum\] .*answered 404 Not Found/.test(e)).length, 1);
    assert.deepEqual(problems.consoleErrors.filter((e) => !/404/.test(e)), []);
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    suite.site.endpoint.reply = () => ({ status: 201 });
    await context.close();
  }
});

test('endpoint refusing with 422 errors: shown on the fields they name', { skip }, async () => {
  suite.site.endpoint.requests.length = 0;
  suite.site.endpoint.reply = () => ({
    status: 422,
    body: { ok: false, errors: [{ code: 'email.invalid', path: 'reporter.email', message: 'Adresse refusée par le serveur.' }] },
  });
  const { context, page } = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports', minFillMs: 0 }));
  try {
    await openWidget(page);
    await blocks(page).nth(1).click();
    await inDialog(page, '.primary').click();
    await inDialog(page, '#e-item-0-comment').fill('Coquille.');
    await inDialog(page, '.primary').click();
    await inDialog(page, '#e-email').fill('bloque@example.org');
    await inDialog(page, '.primary').click();
    await waitForReports(suite.site, 1);
    await inDialog(page, '.summary').waitFor();
    assert.deepEqual(await summaryItems(page), ['Adresse refusée par le serveur.']);
    assert.equal(norm(await inDialog(page, '.summary-note').textContent()), 'Le serveur a refusé le signalement.');
    assert.equal(await inDialog(page, '#e-email').getAttribute('aria-invalid'), 'true');
  } finally {
    suite.site.endpoint.reply = () => ({ status: 201 });
    await context.close();
  }
});

test('an endpoint that never answers times out after timeoutMs: the report is saved for later', { skip }, async () => {
  suite.site.endpoint.requests.length = 0;
  suite.site.endpoint.reply = () => ({ status: 201, delayMs: 3000 });
  const { context, page } = await openPage(suite.browser, suite.site.url('widget-en.html', { endpoint: '/reports', timeoutMs: 300, contact: 'off' }), {
    locale: 'en-GB',
  });
  try {
    await openWidget(page);
    await blocks(page).nth(1).click();
    await inDialog(page, '.primary').click();
    await inDialog(page, '#e-item-0-comment').fill('Typo.');
    await inDialog(page, '.primary').click();
    assert.equal(await inDialog(page, '#e-email').count(), 0, "contact 'off' asks nothing");
    const started = Date.now();
    await inDialog(page, '.primary').click();
    await inDialog(page, '.done-title').waitFor();
    assert.ok(Date.now() - started < 2500, 'gave up before the endpoint answered');
    assert.equal(norm(await inDialog(page, '.done-title').textContent()), 'Report saved');
    assert.match(norm(await inDialog(page, '.done-text').textContent()), /saved on this device and will be sent as soon as possible/);
    const outbox = JSON.parse(await page.evaluate(() => localStorage.getItem('erratum:outbox')));
    assert.equal(outbox.length, 1);
    assert.equal(outbox[0].id, suite.site.endpoint.requests[0].json.id);
  } finally {
    suite.site.endpoint.reply = () => ({ status: 201 });
    await context.close();
  }
});
