// The UI catalogs: one file per language (the widget downloads only the one
// it speaks), so each must have every key and placeholder the other has; a
// missing key would show its name, since a catalog no longer falls back to
// the other language key by key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './helpers.mjs';
import fr from '../../js/messages-fr.mjs';
import en from '../../js/messages-en.mjs';
import { uiLanguage } from '../../js/language.mjs';
import { messagesFor } from '../../js/messages.mjs';

const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('the French and English catalogs have the same keys and placeholders', () => {
  assert.deepEqual(Object.keys(fr).sort(), Object.keys(en).sort());
  for (const key of Object.keys(en)) {
    assert.equal(typeof fr[key], 'string', key);
    assert.ok(fr[key] && en[key], `${key} is not empty`);
    assert.deepEqual(placeholders(fr[key]), placeholders(en[key]), `placeholders of ${key}`);
  }
});

test('every key the dialog asks for by name is in the catalogs', () => {
  const dir = path.join(repoRoot, 'js');
  // widget-unavailable.mjs adds its own two strings to the catalogs it bundles.
  const own = new Set(['unavailableTitle', 'unavailableText']);
  const asked = new Set();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.mjs'))) {
    const source = readFileSync(path.join(dir, file), 'utf8');
    for (const m of source.matchAll(/\bt\(\s*'(\w+)'/g)) asked.add(m[1]);
    for (const m of source.matchAll(/\bt\.count\(\s*'(\w+)'/g)) asked.add(`${m[1]}_one`).add(`${m[1]}_other`);
  }
  assert.ok(asked.size >= 30, `found ${asked.size} keys`);
  for (const key of asked) if (!own.has(key)) assert.ok(key in en, `${key} is missing from the catalogs`);
});

test('language: French for any French tag, English for every other language', () => {
  for (const tag of ['fr', 'fr-CA', 'FR_be']) assert.equal(uiLanguage(tag), 'fr', tag);
  for (const tag of ['en', 'en-GB', 'de', 'es-ES', 'french', '', undefined]) assert.equal(uiLanguage(tag), 'en', String(tag));
});

test('messagesFor: the catalog with the site overrides, placeholders and plurals', () => {
  const t = messagesFor(uiLanguage('fr-CA'), fr, { next: 'Continuer', title: 42, close: null });
  assert.equal(t.lang, 'fr');
  assert.equal(t('next'), 'Continuer', 'a string override wins');
  assert.equal(t('title'), fr.title, 'a non-string override is ignored');
  assert.equal(t('close'), 'Fermer');
  assert.equal(t('stepOf', { step: 2, total: 3 }), 'Étape 2 sur 3');
  assert.equal(t.count('counter', 1), '1\u00a0paragraphe sélectionné');
  assert.equal(t.count('counter', 0), '0\u00a0paragraphe sélectionné', 'French: 0 is singular');
  assert.equal(t.count('counter', 2), '2\u00a0paragraphes sélectionnés');
  const en2 = messagesFor(uiLanguage('de'), en);
  assert.equal(en2.lang, 'en');
  assert.equal(en2.count('counter', 0), '0 paragraphs selected');
  assert.equal(en2('stepOf', { step: 1 }), 'Step 1 of {total}', 'a missing parameter is left visible');
  assert.equal(en2('noSuchKey'), 'noSuchKey');
});
