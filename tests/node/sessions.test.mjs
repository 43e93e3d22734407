// Sessions live in the core's registry under integer handles (wasm/bindings)
// and js/core.mjs owns one per ErratumSession: sessions stay independent, a
// disposed one answers session.disposed, and dispose() really frees it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTestCore, loadTestModule } from './helpers.mjs';

const core = await loadTestCore();
const blocks = (n, word) => Array.from({ length: n }, (_, i) => ({ text: `${word} paragraph number ${i} of the article.` }));

test('two sessions keep their own article and selection', () => {
  const a = core.createSession();
  const b = core.createSession();
  try {
    assert.equal(a.loadArticle(blocks(3, 'Alpha')).ok, true);
    assert.equal(b.loadArticle(blocks(5, 'Beta')).ok, true);
    assert.deepEqual(a.toggle(2).selected, [2]);
    assert.deepEqual(b.selection().selected, []);
    assert.deepEqual(b.select(4).selected, [4]);
    assert.deepEqual(a.selection().selected, [2]);
    assert.equal(a.anchor(2).anchor.selector[0].exact, 'Alpha paragraph number 2 of the article.');
    assert.equal(b.select(7).ok, false, 'b has 5 blocks, a has 3');
  } finally {
    a.dispose();
    b.dispose();
  }
});

test('a disposed session answers session.disposed, and disposing twice is harmless', () => {
  const s = core.createSession();
  s.loadArticle(blocks(2, 'Gamma'));
  s.dispose();
  s.dispose();
  for (const got of [s.selection(), s.toggle(0), s.loadArticle(blocks(1, 'x')), s.configure({}), s.compose({})]) {
    assert.equal(got.ok, false);
    assert.equal(got.errors[0].code, 'session.disposed');
  }
  const next = core.createSession();
  try {
    assert.deepEqual(next.selection().selected, [], 'a new session starts empty, whatever slot it reuses');
    assert.equal(next.select(0).ok, false, 'and without the disposed session\'s article');
  } finally {
    next.dispose();
  }
});

test('the registry frees a session on delete and ignores handles that are not live', async () => {
  const m = await loadTestModule();
  const request = (value) => new TextEncoder().encode(JSON.stringify(value));
  const first = m.sessionCreate();
  assert.ok(first > 0);
  assert.equal(JSON.parse(m.sessionLoadArticle(first, request({ blocks: blocks(2, 'Delta') }))).ok, true);
  m.sessionDelete(first);
  for (const handle of [first, 0, -1, 1e6]) assert.equal(m.sessionSelection(handle), '', `handle ${handle}`);
  m.sessionDelete(first); // already freed: nothing happens
  // Loading a 1 MB article in a fresh session and deleting it, again and
  // again, must not grow memory: each delete gives the article back.
  const big = request({ blocks: blocks(20000, 'Epsilon') });
  const cycle = () => {
    const h = m.sessionCreate();
    assert.equal(JSON.parse(m.sessionLoadArticle(h, big)).ok, true);
    m.sessionDelete(h);
    return h;
  };
  const reused = cycle();
  const heapAfterOne = m.HEAPU8.length;
  for (let i = 0; i < 20; i++) assert.equal(cycle(), reused, 'the freed slot is reused');
  assert.equal(m.HEAPU8.length, heapAfterOne);
});
