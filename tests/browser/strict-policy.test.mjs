// The whole flow under the strictest policy a site would use: no inline
// script or style, wasm allowed ('wasm-unsafe-eval'), fetch limited to the
// module's folder and the endpoint, and Trusted Types enforced with no policy
// allowed at all ('none'): the widget must never hand a string to an HTML or
// script sink. Zero violations are reported, with both entry points; and
// connect-src without the module's folder shows why the policy in docs/security.md has it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './support.mjs';
import { startSite, haveWasm, openPage, openWidget, blocks, inDialog, dialog, trigger, norm, waitForReports } from './widget-harness.mjs';

const skip = haveWasm() ? false : 'wasm core not built (build/wasm/dist or ERRATUM_WASM_DIST)';

/** The policy of docs/security.md, with the module served from /erratum/ and the endpoint at /reports. */
const strictPolicy = (origin, connect = `${origin}/erratum/ ${origin}/reports`) =>
  [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    `connect-src ${connect}`,
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');

let browser;
let site;
let endpointOnlySite;

before(async () => {
  if (skip) return;
  browser = await launchBrowser();
  site = await startSite({ csp: (origin) => strictPolicy(origin) });
  endpointOnlySite = await startSite({ csp: (origin) => strictPolicy(origin, `${origin}/reports`) });
});
after(async () => {
  await browser?.close();
  await site?.close();
  await endpointOnlySite?.close();
});

/** Scripts without src anywhere (document and the widget's shadow roots). */
const inlineScripts = (page) =>
  page.evaluate(() => {
    const roots = [document, ...[...document.querySelectorAll('erratum-dialog, erratum-trigger, erratum-bubble')].map((h) => h.shadowRoot)];
    return roots.reduce((n, r) => n + r.querySelectorAll('script:not([src])').length, 0);
  });

/** Whether Trusted Types are really enforced here: a plain string into innerHTML must throw. */
const trustedTypesEnforced = (page) =>
  page.evaluate(() => {
    try {
      document.createElement('div').innerHTML = '<b>x</b>';
      return false;
    } catch (err) {
      return err instanceof TypeError;
    }
  });

/** The run left no trace of trouble, and the policy was live all along (the page itself cannot use innerHTML). */
async function assertNoViolation(page, problems) {
  assert.deepEqual(await problems.csp(), [], 'no CSP or Trusted Types violation');
  assert.deepEqual(problems.consoleErrors, []);
  assert.equal(await inlineScripts(page), 0);
  assert.equal(await trustedTypesEnforced(page), true);
}

test('module entry under strict CSP + Trusted Types: Ctrl+Enter, pick, correct, an error, send, thanks; zero violations', { skip }, async () => {
  site.endpoint.requests.length = 0;
  const { context, page, problems } = await openPage(browser, site.url('widget-fr.html', { endpoint: '/reports', minFillMs: 0 }));
  try {
    const response = await page.reload();
    assert.match(response.headers()['content-security-policy'], /require-trusted-types-for 'script'; trusted-types 'none'/);
    await trigger(page).waitFor();

    // Ctrl+Enter with a phrase selected in the article.
    await page.evaluate(() => {
      const p = [...document.querySelectorAll('article p')].find((x) => x.textContent.includes('prestataire privilégiée'));
      const node = p.firstChild;
      const start = node.data.indexOf('prestataire privilégiée');
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + 'prestataire privilégiée'.length);
      document.getSelection().removeAllRanges();
      document.getSelection().addRange(range);
    });
    await page.keyboard.press('Control+Enter');
    await dialog(page).waitFor({ state: 'visible' });
    // Opened at step 2 on the selection; back to step 1 to pick one more.
    await inDialog(page, '#e-item-0-corrected').waitFor();
    await inDialog(page, '.back').click();
    await inDialog(page, '.blocks:not([aria-busy])').waitFor();
    await blocks(page).filter({ hasText: 'Dans le petit monde' }).click();
    assert.equal(norm(await inDialog(page, '.counter').textContent()), '2 paragraphes sélectionnés');
    await inDialog(page, '.primary').click();

    assert.equal(norm(await inDialog(page, '.quote').textContent()), 'Passage sélectionné : « prestataire privilégiée »');
    const corrected = inDialog(page, '#e-item-0-corrected');
    await corrected.fill((await corrected.inputValue()).replace('prestataire privilégiée', 'prestataire privilégié'));
    await inDialog(page, '.item:first-child .diff ins').waitFor();
    await inDialog(page, '#e-item-1-comment').fill('« DPI » est écrit en entier plus loin.');
    await inDialog(page, '.primary').click();

    // An error from the core, shown next to its field and in the summary.
    await inDialog(page, '#e-email').fill('pas-une-adresse');
    await inDialog(page, '.primary').click();
    await inDialog(page, '#e-email-error:not([hidden])').waitFor();
    assert.equal(await inDialog(page, '#e-email').getAttribute('aria-invalid'), 'true');
    await inDialog(page, '#e-email').fill('lectrice@example.org');
    await inDialog(page, '.primary').click();
    await inDialog(page, '.done-title').waitFor();
    assert.equal(norm(await inDialog(page, '.done-title').textContent()), 'Merci !');
    const [report] = await waitForReports(site, 1);
    assert.equal(report.items.length, 2);
    assert.equal(report.items[0].anchor.selector.find((s) => s.type === 'TextQuoteSelector').exact, 'prestataire privilégiée');
    assert.equal(report.reporter.email, 'lectrice@example.org');
    await inDialog(page, '.primary').click(); // "Fermer"
    await dialog(page).waitFor({ state: 'hidden' });

    await assertNoViolation(page, problems);
  } finally {
    await context.close();
  }
});

test('classic script entry under strict CSP + Trusted Types: the flow works with zero violations', { skip }, async () => {
  site.endpoint.requests.length = 0;
  const { context, page, problems } = await openPage(browser, site.url('widget-classic.html'));
  try {
    await openWidget(page);
    await blocks(page).nth(1).click();
    await inDialog(page, '.primary').click();
    await inDialog(page, '#e-item-0-comment').fill('Une remarque.');
    await inDialog(page, '.primary').click();
    await inDialog(page, '#e-email').fill('csp@example.org'); // data-contact="required"
    await inDialog(page, '.primary').click();
    await inDialog(page, '.done-title').waitFor();
    await waitForReports(site, 1);
    await assertNoViolation(page, problems);
  } finally {
    await context.close();
  }
});

test('selectionButton under strict CSP + Trusted Types: the button by a selection opens step 2; zero violations', { skip }, async () => {
  const { context, page, problems } = await openPage(browser, site.url('widget-fr.html', { endpoint: '/reports', selectionButton: true }), {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  try {
    const response = await page.reload();
    assert.match(response.headers()['content-security-policy'], /style-src 'self'/);
    await page.evaluate(() => {
      const node = [...document.querySelectorAll('article p')].find((x) => x.textContent.includes('posé hier')).firstChild;
      node.parentElement.scrollIntoView({ block: 'center' });
      const range = document.createRange();
      range.setStart(node, node.data.indexOf('posé hier'));
      range.setEnd(node, node.data.indexOf('posé hier') + 'posé hier'.length);
      document.getSelection().addRange(range);
    });
    await page.locator('erratum-bubble button').tap();
    await inDialog(page, '#e-item-0-corrected').waitFor();
    assert.equal(norm(await inDialog(page, '.quote').textContent()), 'Passage sélectionné : « posé hier »');
    await assertNoViolation(page, problems);
  } finally {
    await context.close();
  }
});

test("connect-src without the module's folder: the core's fetch is refused and the reader is told", { skip }, async () => {
  const { context, page, problems } = await openPage(browser, endpointOnlySite.url('widget-fr.html', { endpoint: '/reports' }));
  try {
    await trigger(page).click();
    await inDialog(page, '.done-title').waitFor();
    assert.equal(norm(await inDialog(page, '.done-title').textContent()), 'Formulaire indisponible');
    const violations = await problems.csp();
    assert.ok(
      violations.some((v) => /^connect-src .*\/erratum\/erratum-core\.wasm$/.test(v)),
      `the wasm fetch is what the policy refused: ${violations.join(', ')}`,
    );
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await context.close();
  }
});
