// The npm package as a site developer meets it: the tarball the build packs
// (build/wasm/package/erratum-<version>.tgz) is installed into an empty
// project that knows nothing of this repository, then used two ways, each
// ending with "Merci !" in Chromium and the report stored by the real
// collector on another origin (started with --allow-origin for the site):
//   a. bundled: esbuild (from npm) bundles `import { mount } from 'erratum'`,
//      and the package's dist/ folder is served as-is at /vendor/erratum/
//      (the assetsUrl option), as docs/embedding.md says;
//   b. the classic script tag, served straight from node_modules/erratum/dist/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { launchBrowser, repoRoot, startStaticServer } from './support.mjs';
import { haveCollector, startCollector } from './collector-harness.mjs';
import { inDialog, norm, openPage, sendReport, wasmDist } from './widget-harness.mjs';

const run = promisify(execFile);
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const tarball = path.resolve(process.env.ERRATUM_PACKAGE || path.join(wasmDist(), '..', 'package', `erratum-${manifest.version}.tgz`));
// The bundler the scratch project installs: the version this repository pins, so npm finds it in its cache.
const esbuildVersion = manifest.devDependencies.esbuild;
const skip = !fs.existsSync(tarball)
  ? `no package at ${tarball} (the wasm preset packs it: scripts/build.sh)`
  : !haveCollector() && 'the collector is not built (scripts/build.sh)';

const ARTICLE = `<article>
  <h1>Un article de test</h1>
  <p>Le premier paragraphe parle du temps qu'il fait, sans aucune faute.</p>
  <p>Elle serait le prestataire privilégiée du gouvernement pour ce marché.</p>
  <p>Le troisième paragraphe conclut l'article et remercie ses lecteurs.</p>
</article>`;
const page = (title, script) =>
  `<!doctype html><html lang="fr"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title></head><body>${ARTICLE}${script}</body></html>`;

let project, site, collector, browser;

before(async () => {
  if (skip) return;
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'erratum-package-'));
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'scratch-site', private: true, type: 'module' }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, `esbuild@${esbuildVersion}`], {
    cwd: project,
    timeout: 300000,
  });
  const publicDir = path.join(project, 'public');
  fs.mkdirSync(publicDir);
  site = await startStaticServer({ routes: { '/': publicDir, '/node_modules/': path.join(project, 'node_modules') } });
  collector = await startCollector({ args: ['--allow-origin', site.origin] });
  const config = { endpoint: collector.endpoint, contact: 'off', minFillMs: 0 };

  // a. The bundler: the site's own module, bundled with the package.
  fs.mkdirSync(path.join(project, 'src'));
  fs.writeFileSync(
    path.join(project, 'src/main.js'),
    `import { mount } from 'erratum';\nmount(${JSON.stringify({ ...config, assetsUrl: '/vendor/erratum/' })});\n`,
  );
  await run(path.join(project, 'node_modules/.bin/esbuild'), ['src/main.js', '--bundle', '--format=esm', '--outfile=public/app.js'], {
    cwd: project,
  });
  fs.cpSync(path.join(project, 'node_modules/erratum/dist'), path.join(publicDir, 'vendor/erratum'), { recursive: true });
  fs.writeFileSync(path.join(publicDir, 'bundled.html'), page('Bundled', '<script type="module" src="/app.js"></script>'));

  // b. The classic script tag, from the installed package.
  const tag = `<script src="/node_modules/erratum/dist/erratum.js" data-endpoint="${collector.endpoint}" data-contact="off" data-min-fill-ms="0" defer></script>`;
  fs.writeFileSync(path.join(publicDir, 'classic.html'), page('Classic', tag));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await collector?.close();
  await site?.close();
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

test('the package resolves by its exports map in a project that only installed it', { skip }, async () => {
  const resolve = async (specifier) =>
    (await run(process.execPath, ['--input-type=module', '-e', `console.log(import.meta.resolve(${JSON.stringify(specifier)}))`], { cwd: project })).stdout.trim();
  const dist = path.join(project, 'node_modules/erratum/dist');
  assert.equal(await resolve('erratum'), `file://${dist}/erratum.mjs`);
  assert.equal(await resolve('erratum/erratum.js'), `file://${dist}/erratum.js`);
  assert.equal(await resolve('erratum/dist/erratum-core.wasm'), `file://${dist}/erratum-core.wasm`);
  const installed = JSON.parse(fs.readFileSync(path.join(project, 'node_modules/erratum/package.json'), 'utf8'));
  assert.equal(installed.version, manifest.version);
  assert.equal(installed.types, './dist/erratum.d.ts');
  assert.ok(fs.existsSync(path.join(dist, '..', installed.types)), 'the declared types are in the package');
  assert.equal(installed.devDependencies, undefined, 'no development manifest in the package');
  assert.ok(fs.existsSync(path.join(project, 'node_modules/erratum/schema/report.schema.json')));
  // The bundle holds the loader only: the widget, glue and wasm load from assetsUrl on open.
  const bundle = fs.readFileSync(path.join(project, 'public/app.js'), 'utf8');
  assert.ok(bundle.length < 12000, `the bundle is the loader only (${bundle.length} B)`);
  assert.ok(!bundle.includes('HEAPU8'), 'the core is not bundled');
});

for (const [way, file] of [
  ['an esbuild bundle with assetsUrl', 'bundled.html'],
  ['the script tag from node_modules/erratum/dist', 'classic.html'],
]) {
  test(`${way} reaches "Merci !" and the collector stores the report`, { skip }, async () => {
    const before = (await collector.reports()).length;
    const { context, page: tab, problems } = await openPage(browser, `${site.origin}/${file}`);
    try {
      const title = await sendReport(tab, { block: 2, comment: 'Accord : privilégié.' });
      assert.equal(title, 'Merci !', `outcome: ${norm(await inDialog(tab, '.summary').textContent().catch(() => ''))}`);
      const reports = await collector.reports();
      assert.equal(reports.length, before + 1);
      const { report } = reports.find((r) => r.report.page.url === `${site.origin}/${file}`);
      assert.match(report.items[0].original, /prestataire privilégiée/);
      assert.equal(report.items[0].comment, 'Accord : privilégié.');
      assert.equal(report.client.version, manifest.version);
      assert.deepEqual(problems.pageErrors, []);
      assert.deepEqual(problems.consoleErrors, [], problems.requests.join(' '));
    } finally {
      await context.close();
    }
  });
}

test('a bundle without assetsUrl says which file it missed and what to set', { skip }, async () => {
  fs.writeFileSync(path.join(project, 'src/plain.js'), `import { mount } from 'erratum';\nmount({ endpoint: ${JSON.stringify(collector.endpoint)} });\n`);
  await run(path.join(project, 'node_modules/.bin/esbuild'), ['src/plain.js', '--bundle', '--format=esm', '--outfile=public/plain.js'], {
    cwd: project,
  });
  fs.writeFileSync(path.join(project, 'public/plain.html'), page('Plain', '<script type="module" src="/plain.js"></script>'));
  const { context, page: tab, problems } = await openPage(browser, `${site.origin}/plain.html`);
  try {
    await tab.locator('erratum-trigger:not([skip]) button').click();
    const expected = `${site.origin}/widget.mjs`;
    const deadline = Date.now() + 10000;
    while (!problems.consoleErrors.some((e) => e.includes(expected) && e.includes('assetsUrl')) && Date.now() < deadline) await tab.waitForTimeout(100);
    assert.ok(
      problems.consoleErrors.some((e) => e.includes(expected) && e.includes('assetsUrl')),
      `console: ${problems.consoleErrors.join(' | ')}`,
    );
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await context.close();
  }
});
