// The core.mjs that ships to browsers is the typed API of docs/core-api.md
// and nothing else: raw JSON calls serve the tests (raw-core.mjs) and stay
// out of the product, where a page could reach the core around the typed calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { distDir } from './helpers.mjs';

const file = path.join(distDir, 'core.mjs');
const api = await import(pathToFileURL(file).href);
const methods = (cls) => Object.getOwnPropertyNames(cls.prototype).filter((name) => name !== 'constructor').sort();

test('dist/core.mjs exports the loader, the core and the session', () => {
  assert.deepEqual(Object.keys(api).sort(), ['ErratumCore', 'ErratumSession', 'loadCore']);
});

test('the core and the session have the typed methods only', () => {
  assert.deepEqual(methods(api.ErratumCore), ['createSession', 'diff', 'loadMessages', 'normalize', 'reanchor', 'validateConfig', 'validateReport', 'version']);
  assert.deepEqual(methods(api.ErratumSession), [
    'anchor', 'clear', 'compose', 'configure', 'deselect', 'dispose', 'loadArticle', 'reanchor', 'select', 'selection', 'toggle',
  ]);
});

test('no call by name is in the shipped text, private methods included', () => {
  // A private method (#name) is not a property, so only the text shows it.
  const text = readFileSync(file, 'utf8');
  assert.doesNotMatch(text, /\brequest(Raw)?\s*\(/);
  assert.doesNotMatch(text, /core\.unknown_call/);
});

test('the packed re-anchoring is in dist/core.mjs and out of the widget, which never re-anchors', () => {
  assert.match(readFileSync(file, 'utf8'), /sessionReanchorPacked/);
  const widget = readFileSync(path.join(distDir, 'widget.mjs'), 'utf8');
  assert.doesNotMatch(widget, /sessionReanchorPacked|reanchorBuffer/);
  assert.match(widget, /reanchor/, 'the JSON path stays');
});
