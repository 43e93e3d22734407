// core.diff() sends both strings as UTF-8 and gets ops back as UTF-16 offsets
// into them (api::diff_packed). It must answer exactly what the JSON call
// answers, and its offsets must index the caller's strings even where UTF-8
// and UTF-16 lengths differ (accents, emoji, CJK); a lone surrogate, which
// no report can carry, shows as U+FFFD.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadTestModule, distDir } from './helpers.mjs';
import { loadRawCore } from './raw-core.mjs';
import { createRandom } from '../bench/prng.mjs';

const { core, rawCall } = await loadRawCore();
const jsonDiff = (original, corrected) => rawCall('diff', JSON.stringify({ original, corrected }));

// Seeded, so that a failure can be replayed.
const prng = (seed) => createRandom(seed).next;

const PIECES = ['le', 'chat', 'élève', "l'article", 'aujourd’hui', ' ', ' ', '  ', ',', '.', '«', '»', '—', '…',
  '3,5', '2016', 'peut-être', '😀', '👨‍👩‍👧', '🇫🇷', '漢', '字', 'e\u0301', '\u200b', 'Ω', 'ß', '\n'];
const LONE = ['\ud800', '\udc00', 'a\ud83d'];

function text(random, words, pieces = PIECES) {
  let s = '';
  for (let i = 0; i < words; i++) s += pieces[Math.floor(random() * pieces.length)];
  return s;
}

function mutate(random, s) {
  const chars = Array.from(s);
  const edits = 1 + Math.floor(random() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (chars.length + 1));
    const roll = random();
    if (roll < 0.4) chars.splice(at, 1);
    else if (roll < 0.8) chars.splice(at, 0, PIECES[Math.floor(random() * PIECES.length)]);
    else chars.splice(at, 1, PIECES[Math.floor(random() * PIECES.length)]);
  }
  return chars.join('');
}

function rebuilt(ops) {
  return {
    original: ops.filter((o) => o.op !== 'insert').map((o) => o.text).join(''),
    corrected: ops.filter((o) => o.op !== 'delete').map((o) => o.text).join(''),
  };
}

test('the packed diff equals the JSON diff on 400 random pairs', () => {
  const random = prng(7);
  for (let i = 0; i < 400; i++) {
    const original = text(random, 1 + Math.floor(random() * 60));
    const corrected = random() < 0.1 ? text(random, Math.floor(random() * 20)) : mutate(random, original);
    const fast = core.diff(original, corrected);
    const slow = jsonDiff(original, corrected);
    assert.deepEqual(fast, slow, JSON.stringify({ original, corrected }));
    assert.deepEqual(rebuilt(fast.ops), { original, corrected });
  }
});

test('offsets index the caller’s strings even around lone surrogates (shown as U+FFFD)', () => {
  const repaired = (s) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  const random = prng(11);
  for (let i = 0; i < 200; i++) {
    const original = text(random, 1 + Math.floor(random() * 30), [...PIECES, ...LONE]);
    const corrected = mutate(random, original) + (random() < 0.5 ? LONE[i % LONE.length] : '');
    const result = core.diff(original, corrected);
    assert.equal(result.ok, true);
    assert.deepEqual(rebuilt(result.ops), { original: repaired(original), corrected: repaired(corrected) },
      JSON.stringify({ original, corrected }));
  }
});

test('empty and identical inputs, and a long paragraph', () => {
  assert.deepEqual(core.diff('', ''), jsonDiff('', ''));
  assert.deepEqual(core.diff('même texte', 'même texte').ops, [{ op: 'equal', text: 'même texte' }]);
  const long = text(prng(3), 20000);
  const edited = long.slice(0, 50000) + ' ajouté ' + long.slice(50000);
  const result = core.diff(long, edited);
  assert.deepEqual(rebuilt(result.ops), { original: long, corrected: edited });
  assert.deepEqual(result, jsonDiff(long, edited));
});

test('non-string arguments get the core’s type errors', () => {
  const result = core.diff(null, 'x');
  assert.equal(result.ok, false);
  assert.equal(result.errors[0].code, 'type.expected');
  assert.equal(result.errors[0].path, 'original');
});

test('two ErratumCore objects over one module share its diff buffer, wherever it moves', async () => {
  const { ErratumCore } = await import(pathToFileURL(path.join(distDir, 'core.mjs')).href);
  const module = await loadTestModule();
  const first = new ErratumCore(module);
  const second = new ErratumCore(module);
  const short = ['le chat dort', 'le chien dort'];
  assert.deepEqual(rebuilt(first.diff(...short).ops), { original: short[0], corrected: short[1] });
  // A longer pair makes the core grow (and so move) the buffer.
  const long = text(prng(5), 5000);
  assert.deepEqual(rebuilt(second.diff(long, long + ' fin').ops), { original: long, corrected: long + ' fin' });
  assert.deepEqual(rebuilt(first.diff(...short).ops), { original: short[0], corrected: short[1] });
});
