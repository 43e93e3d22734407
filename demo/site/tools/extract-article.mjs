// Regenerates demo/site/article.json: the article's blocks exactly as the
// widget discovers them in a browser (js/discover.mjs in headless Chromium),
// so that the collector's inbox re-anchors reports against the same blocks
// the readers selected. Run after editing index.html (e.g. to fix a typo a
// reader reported), then reload /inbox:
//
//   node demo/site/tools/extract-article.mjs [page.html] [> article.json]
//
// Without redirection the file is written next to the page.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const siteDir = path.resolve(here, '..');
const repoRoot = path.resolve(siteDir, '../..');
const pageFile = path.resolve(process.argv[2] || path.join(siteDir, 'index.html'));

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.mjs': 'text/javascript', '.js': 'text/javascript', '.svg': 'image/svg+xml' };

// Serves the page's folder at / and the widget's modules at /js/ (the widget
// itself is not mounted: only its discovery is wanted).
function serve(request, response) {
  const url = new URL(request.url, 'http://localhost');
  const [root, rel] = url.pathname.startsWith('/js/')
    ? [path.join(repoRoot, 'js'), url.pathname.slice(4)]
    : [path.dirname(pageFile), url.pathname.slice(1) || 'index.html'];
  const file = path.resolve(root, decodeURIComponent(rel));
  if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(response);
}

const server = http.createServer(serve);
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  await page.goto(`${base}/${path.basename(pageFile)}`, { waitUntil: 'load' });
  const blocks = await page.evaluate(async () => {
    const { discoverBlocks } = await import('/js/discover.mjs');
    return discoverBlocks(document).map(({ text, kind, id }) => ({ text, kind, id }));
  });
  const name = path.basename(pageFile);
  const urls = name === 'index.html' ? ['/', '/index.html'] : [`/${name}`];
  const article = { url: urls[urls.length - 1], urls, blocks };
  const json = JSON.stringify(article, null, 2) + '\n';
  if (process.stdout.isTTY) {
    const out = path.join(path.dirname(pageFile), 'article.json');
    fs.writeFileSync(out, json);
    console.error(`${blocks.length} blocks written to ${out}`);
  } else {
    process.stdout.write(json);
  }
} finally {
  await browser.close();
  server.close();
}
