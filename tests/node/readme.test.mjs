// The README's configuration reference lists every key the core knows, with
// the core's default: the documentation cannot fall behind the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadTestCore, repoRoot } from './helpers.mjs';

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const core = await loadTestCore();

function readmeRow(key) {
  return readme.split('\n').find((line) => line.startsWith(`| \`${key}\` |`));
}

test('every configuration key is documented with its default', () => {
  const { config } = core.validateConfig({ endpoint: 'https://example.org/r' });
  const keys = Object.keys(config);
  assert.ok(keys.length >= 20);
  for (const key of keys) {
    const row = readmeRow(key);
    assert.ok(row, `README has no row for ${key}`);
    if (key === 'endpoint') continue;
    const shown = JSON.stringify(config[key]).replaceAll('"', "'");
    assert.ok(row.includes(`\`${shown}\``), `README row for ${key} should show the default ${shown}: ${row}`);
  }
});

test('every hook key is documented', () => {
  for (const hook of ['onSubmit', 'onSuccess', 'onError', 'transform', 'send']) {
    assert.ok(core.validateConfig({ endpoint: 'https://example.org/r', [hook]: true }).ok, hook);
    assert.ok(readmeRow(hook), `README has no row for ${hook}`);
  }
});
