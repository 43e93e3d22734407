// One version string, package.json's: the core's version() (which composed
// reports carry as client.version; the package test checks a stored one),
// the schema's $id (written by scripts/sync-version.mjs on `npm version`)
// and the changelog follow it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadTestCore, repoRoot } from './helpers.mjs';

const read = (file) => readFileSync(path.join(repoRoot, file), 'utf8');
const { name, version } = JSON.parse(read('package.json'));

test('the core reports package.json version', async () => {
  const core = await loadTestCore();
  assert.equal(core.version().version, version);
});

test("the schema's $id names the published package at that version", () => {
  const schema = JSON.parse(read('schema/report.schema.json'));
  assert.equal(schema.$id, `https://cdn.jsdelivr.net/npm/${name}@${version}/schema/report.schema.json`, 'run node scripts/sync-version.mjs');
});

test('the changelog has a section for that version, below Unreleased', () => {
  const headings = [...read('CHANGELOG.md').matchAll(/^## \[([^\]]+)\]/gm)].map((m) => m[1]);
  assert.equal(headings[0], 'Unreleased');
  assert.ok(headings.includes(version), `CHANGELOG.md has no "## [${version}]" section: ${headings.join(', ')}`);
});
