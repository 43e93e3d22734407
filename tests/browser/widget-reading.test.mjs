// What the reader reads and hears, on a desktop and a phone (touch), in light
// and dark: step 1 shows each paragraph whole, under a short accessible name
// (kind, number, first words) with the text as description; step 2 numbers
// its paragraphs as step 1 does, starts with no error type, and shows a diff
// whose deletion and insertion are apart, legible (contrast measured by axe
// in both schemes) and spoken; on a phone the diff keeps only the context of
// each change. Done, one "Fermer" button is left. axe finds nothing serious
// at any step.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPage, openWidget, blocks, pressed, inDialog, axeSerious, waitForReports, screenshot, norm } from './widget-harness.mjs';

const suite = browserSuite();
const { skip } = suite;

const LONG = 'Il y a quelques semaines';
const LONG_END = 'du futur fichier mis en place par le gouvernement.';

const VIEWS = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 800 } } },
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } },
];

// The accessibility tree as Chromium gives it to screen readers: name and
// description of every button in it.
async function axButtons(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return nodes
    .filter((n) => !n.ignored && n.role?.value === 'button')
    .map((n) => ({ name: n.name?.value ?? '', description: n.description?.value ?? '' }));
}

// axe's colour-contrast rule on the diff: violations, and the elements it
// could measure (so that a pass means something).
async function diffContrast(page) {
  return page.evaluate(async () => {
    const r = await window.axe.run({ include: { fromShadowDom: ['erratum-dialog', '.diff'] } }, { runOnly: ['color-contrast'], resultTypes: ['violations', 'passes', 'incomplete'] });
    const targets = (list) => list.flatMap((v) => v.nodes.map((n) => JSON.stringify(n.target)));
    return { violations: targets(r.violations), incomplete: targets(r.incomplete), passes: targets(r.passes) };
  });
}

// axe on the dialog. (The trigger, behind it, takes the dark scheme's
// colours from the system while this page stays light: a matter of the
// trigger's stylesheet, not of this test.)
async function dialogSerious(page, label) {
  const all = await axeSerious(page, label);
  return all.map((v) => ({ ...v, nodes: v.nodes.filter((n) => n.flat()[0] !== 'erratum-trigger') })).filter((v) => v.nodes.length);
}

for (const view of VIEWS) {
  for (const colorScheme of ['light', 'dark']) {
    const label = `${view.name}-${colorScheme}`;
    test(`reading and correcting a long paragraph (${view.name}, ${colorScheme})`, { skip }, async () => {
      suite.site.endpoint.requests.length = 0;
      const url = suite.site.url('widget-fr.html', { endpoint: '/reports', minFillMs: 0 });
      const { context, page, problems } = await openPage(suite.browser, url, { ...view.options, colorScheme });
      const press = (locator) => (view.name === 'phone' ? locator.tap() : locator.click());
      try {
        await openWidget(page);
        await blocks(page).last().waitFor();

        // Step 1: the whole paragraph is on screen, not cut at 280 characters.
        const long = blocks(page).filter({ hasText: LONG });
        assert.ok(norm(await long.locator('.text').textContent()).endsWith(LONG_END), 'the paragraph is shown whole');
        const full = norm(await long.locator('.text').textContent());
        assert.ok(full.length > 600, `${full.length} characters`);
        await long.scrollIntoViewIfNeeded();
        // The button's frame is the entry's: it holds the whole text.
        const [frame, text] = [await long.locator('.block').evaluate((b) => b.getBoundingClientRect().toJSON()), await long.locator('.text').boundingBox()];
        assert.ok(await long.evaluate((e) => e.scrollHeight <= e.clientHeight + 1), 'nothing clipped');
        assert.ok(frame.height < text.height, 'the button is a label');

        // Its name is short: kind, number (its place in the list), first words;
        // its text is the description.
        const position = Number(await long.getAttribute('data-pos'));
        assert.equal(norm(await long.locator('.block').textContent()), `Paragraphe n° ${position + 1}`, 'the number shows');
        const named = (await axButtons(page)).find((b) => b.description && norm(b.description) === full);
        assert.ok(named, 'the paragraph text describes its button');
        assert.match(norm(named.name), new RegExp(`^Paragraphe n° ${position + 1}, ${LONG},`));
        assert.ok(named.name.length <= 80, `name of ${named.name.length} characters: ${named.name}`);
        assert.equal(await pressed(long), 'false');
        await press(long);
        assert.equal(await pressed(long), 'true');
        const picked = (await axButtons(page)).find((b) => norm(b.description) === full);
        assert.equal(picked.name, named.name, 'the ✓ of a picked paragraph stays out of its name');
        assert.deepEqual(await dialogSerious(page, `reading-${label}-step1`), []);
        await screenshot(page, `reading-${label}-step1`);

        // Step 2: the legend numbers the paragraph as step 1 named it.
        await press(inDialog(page, '.primary'));
        const item = inDialog(page, 'fieldset.item');
        assert.equal(norm(await item.locator('legend').textContent()), norm(named.name.split(',')[0]));
        // No error type is invented.
        const type = item.locator('select');
        assert.equal(norm(await item.locator(`label[for="${await type.getAttribute('id')}"]`).textContent()), "Type d'erreur (facultatif)");
        assert.equal(await type.inputValue(), 'unspecified');
        assert.equal(norm(await type.locator('option:checked').textContent()), 'Non précisé');

        // A word replaced near the end of the paragraph.
        const corrected = item.locator('textarea').first();
        await corrected.fill((await corrected.inputValue()).replace('du futur fichier', 'du nouveau fichier'));
        const del = item.locator('.diff del');
        const ins = item.locator('.diff ins');
        await ins.waitFor();
        // Screen readers hear what changed, deletion and insertion apart.
        assert.equal(norm(await del.textContent()), 'supprimé : futur');
        assert.equal(norm(await ins.textContent()), 'inséré : nouveau');
        assert.equal(await del.evaluate((d) => d.nextSibling.data), '\u2009', 'a thin space between the runs');
        const [d, i] = [await del.boundingBox(), await ins.boundingBox()];
        if (Math.abs(d.y - i.y) < 2) assert.ok(i.x - (d.x + d.width) >= 1, `runs ${i.x - (d.x + d.width)} px apart`);
        assert.equal(await del.evaluate((e) => getComputedStyle(e).textDecorationLine), 'line-through', 'struck, not only coloured');
        assert.equal(await ins.evaluate((e) => getComputedStyle(e).textDecorationLine), 'underline', 'underlined, not only coloured');
        await del.scrollIntoViewIfNeeded(); // axe measures what is on screen
        const contrast = await diffContrast(page);
        assert.deepEqual(contrast.violations, [], 'contrast of the diff');
        assert.deepEqual(contrast.incomplete, [], 'axe could measure every run');
        for (const tag of ['del', 'ins']) assert.ok(contrast.passes.some((t) => t.includes(tag)), `${tag} measured: ${contrast.passes}`);

        const preview = norm(await item.locator('.diff').textContent());
        if (view.name === 'phone') {
          // Only the change and some context: the text is in the field above.
          assert.match(preview, /^… .*supprimé : futur inséré : nouveau fichier mis en place par le gouvernement\.$/);
          assert.ok(preview.length < 150, `${preview.length} characters: ${preview}`);
        } else {
          assert.ok(preview.startsWith(LONG) && preview.length > full.length, 'the whole paragraph on a desktop');
        }
        assert.deepEqual(await dialogSerious(page, `reading-${label}-step2`), []);
        await screenshot(page, `reading-${label}-step2`);

        // Done: one button closes.
        await press(inDialog(page, '.primary'));
        await press(inDialog(page, '.primary'));
        await waitForReports(suite.site, 1);
        await inDialog(page, '.done-title').waitFor();
        assert.equal((await axButtons(page)).filter((b) => b.name === 'Fermer').length, 1, 'one "Fermer" button');
        assert.equal(await page.getByRole('button', { name: 'Fermer' }).count(), 1);
        assert.deepEqual(await dialogSerious(page, `reading-${label}-done`), []);
        await press(page.getByRole('button', { name: 'Fermer' }));
        await inDialog(page, 'dialog').waitFor({ state: 'hidden' });
        assert.deepEqual(problems.pageErrors, []);
      } finally {
        await context.close();
      }
    });
  }
}
