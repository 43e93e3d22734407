// The catalogs: one file per language (the widget downloads only the one it
// speaks), so each must have every key and placeholder the English one has,
// a count's forms being those of its language; a missing key would show its
// name, since a catalog does not fall back to another language key by key.
// Each built catalog carries the core's table of its language, which the core
// needs (it has no built-in messages).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCatalogs, loadTestModule, repoRoot } from './helpers.mjs';
import { LANGUAGES } from '../../js/language.mjs';
import { messagesFor } from '../../js/messages.mjs';

const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
// A count's keys: the English catalog's <stem>_one and <stem>_other, and in
// each language <stem>_<each plural category it needs>.
const COUNTED = new Set();
const FORM = /_(zero|one|two|few|many|other)$/;
const sources = Object.fromEntries(
  await Promise.all(LANGUAGES.map(async (code) => [code, (await import(pathToFileURL(path.join(repoRoot, `js/messages-${code}.mjs`)).href)).default])),
);
const en = sources.en;
for (const key of Object.keys(en)) if (key.endsWith('_one')) COUNTED.add(key.slice(0, -4));
const formOf = (key) => {
  const form = FORM.exec(key);
  return form && COUNTED.has(key.slice(0, form.index)) ? form : null;
};
const tables = Object.fromEntries(LANGUAGES.map((code) => [code, JSON.parse(readFileSync(path.join(repoRoot, `wasm/messages/${code}.json`), 'utf8'))]));

test('every language has a UI catalog and a core message table, and nothing else has', () => {
  const catalogs = readdirSync(path.join(repoRoot, 'js')).filter((f) => /^messages-.+\.mjs$/.test(f));
  assert.deepEqual(catalogs.sort(), LANGUAGES.map((code) => `messages-${code}.mjs`));
  const coreTables = readdirSync(path.join(repoRoot, 'wasm/messages')).filter((f) => f.endsWith('.json'));
  assert.deepEqual(coreTables.sort(), LANGUAGES.map((code) => `${code}.json`));
  assert.ok(LANGUAGES.length >= 10);
});

for (const code of LANGUAGES) {
  test(`${code}: the keys and placeholders of English, the plural forms of ${code}`, () => {
    const catalog = sources[code];
    const base = (keys) => [...new Set(keys.map((k) => (formOf(k) ? k.slice(0, formOf(k).index) : k)))].sort();
    assert.deepEqual(base(Object.keys(catalog)), base(Object.keys(en)));
    const plural = new Intl.PluralRules(code);
    const categories = plural.resolvedOptions().pluralCategories;
    for (const [key, text] of Object.entries(catalog)) {
      assert.ok(typeof text === 'string' && text.trim(), `${key} is a non-empty string`);
      const form = formOf(key);
      if (!form) {
        assert.deepEqual(placeholders(text), placeholders(en[key]), `placeholders of ${key}`);
        continue;
      }
      assert.ok(categories.includes(form[1]), `${key}: ${code} has no "${form[1]}" form`);
      const stem = key.slice(0, form.index);
      // A form may leave the number out ("one paragraph"), never add another.
      for (const name of placeholders(text)) assert.ok(placeholders(en[`${stem}_other`]).includes(name), `${key}: {${name}}`);
      assert.ok(`${stem}_other` in catalog, `${stem}_other, the fallback form`);
    }
    // Every count the dialog shows (up to 50 paragraphs, and more) has its own form.
    assert.ok(COUNTED.size >= 1);
    for (const stem of COUNTED) {
      for (let n = 0; n <= 200; n++) assert.ok(`${stem}_${plural.select(n)}` in catalog, `${stem}: ${n} needs the "${plural.select(n)}" form`);
    }
  });

  test(`${code}: the core's table has every code of the English one, with its placeholders`, () => {
    assert.deepEqual(Object.keys(tables[code]).sort(), Object.keys(tables.en).sort());
    for (const [issue, text] of Object.entries(tables[code])) {
      assert.ok(text.trim(), issue);
      assert.deepEqual(placeholders(text), placeholders(tables.en[issue]), `${code} ${issue}`);
    }
  });
}

test('typography: French spacing in French only, ¿¡ in Spanish, full-width and Arabic punctuation', () => {
  const strings = (code) => [...Object.values(sources[code]), ...Object.values(tables[code])];
  for (const code of LANGUAGES.filter((c) => c !== 'fr')) {
    for (const text of strings(code)) assert.doesNotMatch(text, /[\u00a0\u202f ][?!;]|[\u00a0\u202f]:/, `${code}: ${text}`);
  }
  for (const text of strings('fr')) assert.doesNotMatch(text, /[^\u00a0\u202f][?!;»]|« /, `fr: ${text}`);
  for (const text of strings('es')) {
    if (text.includes('?')) assert.ok(text.includes('¿'), `es: ${text}`);
    if (text.includes('!')) assert.ok(text.includes('¡'), `es: ${text}`);
  }
  for (const text of strings('ja')) assert.doesNotMatch(text, /[?!()]|[。、] |[^\x20-\x7e]\.$/, `ja: ${text}`);
  for (const text of strings('ar')) assert.doesNotMatch(text, /[?;]|[\u0600-\u06ff],/, `ar: ${text}`);
});

test('every key the dialog asks for by name is in the catalogs', () => {
  const dir = path.join(repoRoot, 'js');
  // widget-unavailable.mjs adds its own two strings to the catalogs it bundles.
  const own = new Set(['unavailableTitle', 'unavailableText']);
  const asked = new Set();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.mjs'))) {
    const source = readFileSync(path.join(dir, file), 'utf8');
    for (const m of source.matchAll(/\bt\(\s*'(\w+)'/g)) asked.add(m[1]);
    for (const m of source.matchAll(/\bt\.count\(\s*'(\w+)'/g)) asked.add(`${m[1]}_other`);
  }
  assert.ok(asked.size >= 30, `found ${asked.size} keys`);
  for (const key of asked) if (!own.has(key)) for (const code of LANGUAGES) assert.ok(key in sources[code], `${key} is missing from ${code}`);
});

test('messagesFor: the catalog with the site overrides, placeholders, direction', () => {
  const t = messagesFor('fr', sources.fr, { next: 'Continuer', title: 42, close: null });
  assert.equal(t.lang, 'fr');
  assert.equal(t.dir, 'ltr');
  assert.equal(t('next'), 'Continuer', 'a string override wins');
  assert.equal(t('title'), sources.fr.title, 'a non-string override is ignored');
  assert.equal(t('close'), 'Fermer');
  assert.equal(t('stepOf', { step: 2, total: 3 }), 'Étape 2 sur 3');
  const english = messagesFor('en', en);
  assert.equal(english('stepOf', { step: 1 }), 'Step 1 of {total}', 'a missing parameter is left visible');
  assert.equal(english('noSuchKey'), 'noSuchKey');
  assert.equal(messagesFor('ar', sources.ar).dir, 'rtl');
});

test('messagesFor: counts take their language\'s plural form, else the other form', () => {
  const fr = messagesFor('fr', sources.fr);
  assert.equal(fr.count('counter', 0), '0\u00a0paragraphe sélectionné', 'French: 0 is singular');
  assert.equal(fr.count('counter', 2), '2\u00a0paragraphes sélectionnés');
  assert.equal(fr.count('counter', 1000000), '1000000\u00a0paragraphes sélectionnés', 'no "many" form: the other one');
  assert.equal(messagesFor('en', en).count('counter', 0), '0 paragraphs selected');
  const pl = messagesFor('pl', sources.pl);
  assert.deepEqual([1, 2, 5, 22, 25].map((n) => pl.count('counter', n)), [
    '1 zaznaczony akapit',
    '2 zaznaczone akapity',
    '5 zaznaczonych akapitów',
    '22 zaznaczone akapity',
    '25 zaznaczonych akapitów',
  ]);
  const ar = messagesFor('ar', sources.ar);
  const arabic = [0, 1, 2, 3, 11, 100].map((n) => ar.count('counter', n));
  assert.equal(new Set(arabic.slice(0, 5)).size, 5, `zero, one, two, few and many differ: ${arabic}`);
  assert.equal(arabic[3], '3 فقرات مختارة');
  assert.equal(arabic[4], '11 فقرة مختارة');
  assert.equal(messagesFor('ja', sources.ja).count('counter', 1), '1段落を選択中');
});

test('the built catalogs carry the UI strings and the core table of their language', async () => {
  const built = await loadCatalogs();
  for (const code of LANGUAGES) {
    assert.deepEqual(built[code].default, sources[code], `${code}: UI strings`);
    assert.deepEqual(built[code].issues, tables[code], `${code}: core messages`);
  }
});

test('the core has no built-in message: codes until a table is given, then that language', async () => {
  const m = await loadTestModule();
  const encode = (value) => new TextEncoder().encode(JSON.stringify(value));
  const check = (lang) => JSON.parse(m.validateConfig(encode({ config: { endpoint: 'https://example.org/r', maxParagraphs: 0 }, lang }))).errors[0];
  assert.equal(check('es').message, 'value.out_of_range');
  const loaded = JSON.parse(m.loadMessages(encode({ lang: 'es', messages: tables.es })));
  assert.deepEqual(loaded, { ok: true, lang: 'es' });
  assert.equal(check('es-MX').message, 'Debe estar entre 1 y 50.');
  assert.equal(check('de').message, 'value.out_of_range', 'no German and no English table: the code');
  JSON.parse(m.loadMessages(encode({ lang: 'en', messages: tables.en })));
  assert.equal(check('de').message, 'Must be between 1 and 50.', 'then English');
});
