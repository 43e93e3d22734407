// 3b. The whole open path in Chromium: a page with N paragraphs, the widget
// mounted, then opened: first open on a fresh page (loads the widget's
// modules, compiles the wasm, discovers and indexes the article, renders the
// list) and re-opens on the same page (discovery, indexing and rendering
// again). Wall clock (performance.now in the page): the browser's own time.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startStaticServer } from '../browser/support.mjs';
import { summarize } from './timing.mjs';
import { INDEX_SIZES } from './index-bench.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function runBrowserBench({ distDir, sizes = INDEX_SIZES, firstOpens = 3, reopens = 3, log = () => {} }) {
  const server = await startStaticServer({ routes: { '/erratum/': distDir, '/bench/': here } });
  const browser = await launchBrowser();
  const rows = [];
  try {
    for (const paragraphs of sizes) {
      const first = [];
      const again = [];
      const listFirst = [];
      const listAgain = [];
      for (let run = 0; run < firstOpens; run++) {
        const context = await browser.newContext({ locale: 'fr-FR' });
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`HTTP ${r.status()} ${r.url()}`));
        page.setDefaultTimeout(300000);
        await page.goto(`${server.origin}/bench/page/open.html?paragraphs=${paragraphs}`);
        await page.waitForFunction(() => window.benchReady === true);
        const cold = await page.evaluate(() => window.benchOpen());
        if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
        if (cold.listMs === null) throw new Error(`the list of ${paragraphs} paragraphs never completed (${cold.blocks} items)`);
        first.push(cold.openMs);
        listFirst.push(cold.listMs);
        for (let i = 0; i < (run === 0 ? reopens : 0); i++) {
          await page.evaluate(() => window.benchClose());
          const warm = await page.evaluate(() => window.benchOpen());
          again.push(warm.openMs);
          listAgain.push(warm.listMs);
        }
        await context.close();
      }
      const row = {
        paragraphs,
        firstOpen: summarize(first),
        firstList: summarize(listFirst),
        reopen: summarize(again),
        reopenList: summarize(listAgain),
      };
      log(
        `browser ${paragraphs} paragraphs: first open ${row.firstOpen.median.toFixed(0)} ms (list ${row.firstList.median.toFixed(0)} ms), ` +
          `re-open ${row.reopen.median.toFixed(0)} ms (list ${row.reopenList.median.toFixed(0)} ms)`,
      );
      rows.push(row);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  for (let i = 1; i < rows.length; i++) rows[i].reopenRatioToPrevious = rows[i].reopen.median / rows[i - 1].reopen.median;
  return rows;
}
