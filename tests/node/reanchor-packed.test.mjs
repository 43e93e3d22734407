// session.reanchor() sends a batch packed, without JSON
// (api::Session::reanchor_packed), and leaves to the JSON call what only it
// answers (errors, anchors of another shape). Both ways must answer the same,
// on the shared vectors and on random anchors; the tests count the packed
// answers, so a packed path that always fell back would fail them. Malformed
// packed input, which only a caller of the raw exports can send, must be
// refused without a trap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { distDir, loadMessageTables, loadTestModule, readVectors } from './helpers.mjs';
import { createRandom } from '../bench/prng.mjs';

const { ErratumCore } = await import(pathToFileURL(path.join(distDir, 'core.mjs')).href);
const module = await loadTestModule();
// The typed core runs over a view of the module that counts the packed
// answers and notes each session handle (js/core.mjs keeps it private).
let packedAnswers = 0;
let created = 0;
const view = Object.create(module, {
  sessionCreate: { value: () => (created = module.sessionCreate()) },
  sessionReanchorPacked: {
    value: (...args) => {
      const at = module.sessionReanchorPacked(...args);
      if (at) packedAnswers++;
      return at;
    },
  },
});
const core = await loadMessageTables(new ErratumCore(view));
const encoder = new TextEncoder();
const jsonReanchor = (handle, anchors) => JSON.parse(module.sessionReanchor(handle, encoder.encode(JSON.stringify({ anchors }))));

function openSession() {
  const session = core.createSession();
  return { session, handle: created };
}

// Seeded, so that a failure can be replayed.
const prng = (seed) => createRandom(seed).next;

test('the shared re-anchoring vectors: the packed answer is the JSON one', async () => {
  const cases = (await readVectors()).filter((c) => c.call === 'reanchor' && Array.isArray(c.request?.anchors));
  assert.ok(cases.length >= 5);
  for (const c of cases) {
    const { session, handle } = openSession();
    try {
      assert.equal(session.loadArticle(c.request.article.blocks).ok, true, c.name);
      const before = packedAnswers;
      const got = session.reanchor(c.request.anchors);
      assert.equal(packedAnswers, before + 1, `${c.name}: answered the packed way`);
      assert.deepEqual(got, jsonReanchor(handle, c.request.anchors), c.name);
      assert.equal(got.results.length, c.request.anchors.length);
    } finally {
      session.dispose();
    }
  }
});

const WORDS = ['le', 'conseil', 'élève', "l'article", 'aujourd’hui', '3,5', '2016', 'peut-être', '😀', '漢字', 'e\u0301',
  'Ω', 'ß', 'budget', 'vote', 'mardi', 'soir'];
const SPACES = [' ', ' ', '  ', '\u00a0', '\n', ' \u200b'];
const LONE = ['\ud800', '\udc00'];

test('random anchors, edited articles, odd hints and lone surrogates: the same answers both ways', () => {
  const random = prng(12);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const phrase = (n) => Array.from({ length: n }, () => pick(WORDS)).join(pick(SPACES));
  const { session, handle } = openSession();
  try {
    let before = packedAnswers;
    let batches = 0;
    for (let round = 0; round < 60; round++) {
      const blocks = Array.from({ length: 1 + Math.floor(random() * 6) }, () => ({ text: phrase(5 + Math.floor(random() * 40)) }));
      assert.equal(session.loadArticle(blocks).ok, true);
      const text = session.loadArticle(blocks).blocks.map((b) => b.text).join('\n');
      const anchors = Array.from({ length: 1 + Math.floor(random() * 5) }, () => {
        const start = Math.floor(random() * text.length);
        const end = Math.min(text.length, start + 1 + Math.floor(random() * 60));
        let exact = text.slice(start, end);
        const roll = random();
        if (roll < 0.2) exact = exact.replace(/e/g, 'a'); // edited since
        else if (roll < 0.3) exact += pick(LONE);
        else if (roll < 0.35) exact = phrase(3); // somewhere else, or nowhere
        const quote = { type: 'TextQuoteSelector', exact };
        if (random() < 0.8) quote.prefix = text.slice(Math.max(0, start - 32), start) + (random() < 0.1 ? pick(LONE) : '');
        if (random() < 0.8) quote.suffix = text.slice(end, end + 32);
        if (random() < 0.05) quote.prefix = 42; // not a string: no prefix, both ways
        const hints = [start, start + 3, text.length * 2, -1, 2.5, '7', 4e9, 5e9, undefined];
        const selector = [quote];
        const hint = pick(hints);
        if (hint !== undefined) selector.push({ type: 'TextPositionSelector', start: hint, end: hint });
        if (random() < 0.1) selector.push({ type: 'TextQuoteSelector', exact: text.slice(0, 5) }); // the last one counts
        if (random() < 0.1) selector.reverse();
        return { blockIndex: 0, selector };
      });
      const got = session.reanchor(anchors);
      assert.deepEqual(got, jsonReanchor(handle, anchors), JSON.stringify(anchors));
      if (packedAnswers > before) batches++;
      before = packedAnswers;
    }
    assert.ok(batches >= 50, `${batches} of 60 batches answered the packed way`);
  } finally {
    session.dispose();
  }
});

test('what the packed way cannot answer goes the JSON way, with its errors', () => {
  const { session, handle } = openSession();
  try {
    const before = packedAnswers;
    const quote = (exact) => ({ selector: [{ type: 'TextQuoteSelector', exact }] });
    const notLoaded = session.reanchor([quote('chat')]);
    assert.equal(notLoaded.errors[0].code, 'article.not_loaded');
    assert.deepEqual(notLoaded, jsonReanchor(handle, [quote('chat')]));
    session.loadArticle([{ text: 'Le chat dort au soleil.' }]);
    for (const anchors of [null, 'chat', {}, [null], [{}], [{ selector: 'x' }], [{ selector: [null] }], [quote('   ')], [quote(7)],
      [quote('chat'), { selector: [] }]]) {
      const got = session.reanchor(anchors);
      assert.deepEqual(got, jsonReanchor(handle, anchors), JSON.stringify(anchors));
    }
    assert.equal(session.reanchor([quote('   ')]).results[0].error.code, 'anchor.invalid');
    assert.equal(packedAnswers, before, 'none of these was answered the packed way');
    assert.deepEqual(session.reanchor([]), { ok: true, results: [] });
    assert.deepEqual(jsonReanchor(handle, []), { ok: true, results: [] });
    session.dispose();
    assert.equal(session.reanchor([quote('chat')]).errors[0].code, 'session.disposed');
  } finally {
    session.dispose();
  }
});

test('malformed packed input through the raw exports is refused, never a trap', () => {
  const { session, handle } = openSession();
  try {
    session.loadArticle([{ text: 'Le chat dort au soleil.' }, { text: 'Le chien aboie.' }]);
    assert.equal(module.reanchorBuffer(2 ** 31), 0, 'over kMaxRequestBytes: no buffer');
    const at = module.reanchorBuffer(256);
    assert.notEqual(at, 0);
    const write = (words, bytes = []) => {
      module.HEAPU32.set(words, at >>> 2);
      module.HEAPU8.set(bytes, at + 4 * words.length);
      return 4 * words.length + bytes.length;
    };
    const chat = [...encoder.encode('chat')];
    // A well-formed batch of one: found, at 3..7 in block 0.
    const size = write([1, 3, 4, 0, 0], chat);
    const out = module.sessionReanchorPacked(handle, size) >>> 3;
    assert.deepEqual([...module.HEAPF64.subarray(out, out + 7)], [1, 1, 3, 7, 1, 0, 0]);
    const refused = [
      ['no handle', 0, size],
      ['a handle never given', 9999, size],
      ['a negative handle', -1, size],
      ['more bytes than the buffer', handle, 2 ** 31],
      ['fewer bytes than a count', handle, 3],
      ['a count larger than the input', handle, write([0xffffffff, 3, 4, 0, 0], chat)],
      ['a length past the end', handle, write([1, 3, 0xffffffff, 0, 0], chat)],
      ['lengths past the end together', handle, write([1, 3, 2, 0x7fffffff, 0x7fffffff], chat)],
      ['a quote of spaces only', handle, write([1, 0xffffffff, 3, 0, 0], [32, 32, 32])],
    ];
    for (const [what, h, bytes] of refused) assert.equal(module.sessionReanchorPacked(h, bytes), 0, what);
    // Ill-formed UTF-8 is read as U+FFFD, as everywhere in the core.
    const illFormed = module.sessionReanchorPacked(handle, write([1, 0xffffffff, 3, 2, 0], [0xff, 0xc3, 0x28, 0xed, 0xa0]));
    assert.notEqual(illFormed, 0);
    assert.equal(module.HEAPF64[illFormed >>> 3], 0, 'not found');
    // Random bytes behind random headers: an answer or a refusal, never a throw.
    const random = prng(5);
    for (let round = 0; round < 2000; round++) {
      const count = Math.floor(random() * 4);
      const words = [count];
      for (let i = 0; i < 4 * count; i++) words.push(random() < 0.3 ? Math.floor(random() * 2 ** 32) : Math.floor(random() * 12));
      const bytes = Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * 256));
      const n = write(words, bytes);
      module.sessionReanchorPacked(handle, random() < 0.1 ? Math.floor(random() * 2 ** 32) : n);
    }
    // The session still answers, the packed way.
    const before = packedAnswers;
    const anchors = [{ selector: [{ type: 'TextQuoteSelector', exact: 'chien' }] }];
    assert.deepEqual(session.reanchor(anchors), jsonReanchor(handle, anchors));
    assert.equal(session.reanchor(anchors).results[0].block, 1);
    assert.equal(packedAnswers, before + 2);
  } finally {
    session.dispose();
  }
});
