// colorScheme: 'auto' (default) follows the page's own scheme before the
// system's: the background the page paints, else the color-scheme it
// declares; 'light' and 'dark' force one. The default trigger takes the
// page's text colour, so it reads on any page. Phone and desktop.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPage, openWidget, dialog, trigger, axeSerious, screenshot } from './widget-harness.mjs';
const SCREENS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
};

const suite = browserSuite();
const { skip } = suite;

const LIGHT = 'rgb(255, 255, 255)';
const DARK = 'rgb(31, 31, 31)';
// The fixture page is light (#fdfcf8 on its root); these restyle it.
const PAGES = {
  light: '',
  dark: 'html { color: #e8eaed; background: #16181d; } a { color: #8ab4f8; }',
  darkBody: 'html { background: none; } body { color: #e8eaed; background: rgb(10, 10, 10); } a { color: #8ab4f8; }',
  unpainted: 'html { background: none; }',
  both: 'html { background: none; color-scheme: light dark; }',
  onlyDark: 'html { background: none; color-scheme: dark; }',
};

const CASES = [
  // [page, system, colorScheme option, expected dialog background]
  ['light', 'dark', undefined, LIGHT],
  ['dark', 'light', undefined, DARK],
  ['darkBody', 'light', undefined, DARK],
  ['unpainted', 'dark', undefined, LIGHT],
  ['both', 'dark', undefined, DARK],
  ['both', 'light', undefined, LIGHT],
  ['onlyDark', 'light', undefined, DARK],
  ['light', 'light', 'dark', DARK],
  ['dark', 'dark', 'light', LIGHT],
];

for (const [screen, options] of Object.entries(SCREENS)) {
  test(`colorScheme: the dialog follows the page, then the system (${screen})`, { skip }, async () => {
    for (const [kind, system, colorScheme, expected] of CASES) {
      const label = `${kind} page, ${system} system, colorScheme ${colorScheme ?? 'unset'}`;
      const config = { endpoint: '/reports', ...(colorScheme && { colorScheme }) };
      const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-fr.html', config), { ...options, colorScheme: system });
      try {
        if (PAGES[kind]) await page.addStyleTag({ content: PAGES[kind] });
        await openWidget(page);
        assert.equal(await dialog(page).evaluate((d) => getComputedStyle(d).backgroundColor), expected, label);
        // The trigger has the page's text colour (only the light and dark pages set one here).
        if (!colorScheme && (kind === 'light' || kind === 'dark')) {
          const [text, button] = await trigger(page).evaluate((b) => [getComputedStyle(b.getRootNode().host.parentElement).color, getComputedStyle(b).color]);
          assert.equal(button, text, `${label}: trigger colour`);
          assert.deepEqual(await axeSerious(page, `scheme-${screen}-${kind}-${system}`), [], label);
          await screenshot(page, `scheme-${screen}-${kind}-${system}`);
        }
        assert.deepEqual(problems.consoleErrors, [], label);
      } finally {
        await context.close();
      }
    }
  });
}

test('colorScheme: a value other than auto, light or dark is named and the widget stays off', { skip }, async () => {
  const { context, page, problems } = await openPage(suite.browser, suite.site.url('widget-fr.html', { endpoint: '/reports', colorScheme: 'sepia', loadOnIdle: true }));
  try {
    const until = Date.now() + 10000;
    while (!problems.consoleErrors.some((e) => /colorScheme/.test(e)) && Date.now() < until) await page.waitForTimeout(50);
    assert.match(problems.consoleErrors.join('\n'), /Invalid configuration \(colorScheme\)/);
  } finally {
    await context.close();
  }
});
