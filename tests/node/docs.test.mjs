// The documentation cannot fall behind the code: docs/configuration.md lists
// every configuration key the core knows, with the core's default, and every
// relative link of README.md and docs/*.md names a file of the tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadTestCore, repoRoot } from './helpers.mjs';

const reference = readFileSync(path.join(repoRoot, 'docs/configuration.md'), 'utf8');
const core = await loadTestCore();

function referenceRow(key) {
  return reference.split('\n').find((line) => line.startsWith(`| \`${key}\` |`));
}

test('every configuration key is documented with its default', () => {
  const { config } = core.validateConfig({ endpoint: 'https://example.org/r' });
  const keys = Object.keys(config);
  assert.ok(keys.length >= 20);
  for (const key of keys) {
    const row = referenceRow(key);
    assert.ok(row, `docs/configuration.md has no row for ${key}`);
    if (key === 'endpoint') continue;
    const shown = JSON.stringify(config[key]).replaceAll('"', "'");
    assert.ok(row.includes(`\`${shown}\``), `docs/configuration.md row for ${key} should show the default ${shown}: ${row}`);
  }
});

test('every hook key is documented', () => {
  for (const hook of ['onSubmit', 'onSuccess', 'onError', 'transform', 'send']) {
    assert.ok(core.validateConfig({ endpoint: 'https://example.org/r', [hook]: true }).ok, hook);
    assert.ok(referenceRow(hook), `docs/configuration.md has no row for ${hook}`);
  }
});

/** [page, target] for each relative link (not http:, mailto: or #fragment only) of the docs. */
function relativeLinks() {
  const pages = ['README.md', ...readdirSync(path.join(repoRoot, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  return pages.flatMap((page) => {
    const text = readFileSync(path.join(repoRoot, page), 'utf8').replace(/```[\s\S]*?```/g, '');
    return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1].split('#')[0])
      .filter((href) => href && !/^[a-z]+:/i.test(href))
      .map((href) => [page, path.posix.normalize(path.posix.join(path.posix.dirname(page), href))]);
  });
}

test('every relative link of README.md and docs/*.md names a file of the tree', () => {
  const links = relativeLinks();
  assert.ok(links.some(([page, target]) => page === 'README.md' && target === 'docs/configuration.md'));
  const broken = links.filter(([, target]) => !existsSync(path.join(repoRoot, target)));
  assert.deepEqual(broken, [], `broken links: ${broken.map(([page, target]) => `${page} -> ${target}`).join(', ')}`);
});
