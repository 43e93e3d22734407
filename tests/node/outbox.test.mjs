// The outbox's rules in node, with an in-memory Storage and a scripted transport.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOutbox, flushOutbox, backoffMs, parseRetryAfter, isRetryable, nextDueIn, OUTBOX_STORAGE_KEY } from '../../js/outbox.mjs';

function memoryStorage({ quota = Infinity } = {}) {
  const map = new Map();
  return {
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    setItem: (k, v) => {
      if (String(v).length > quota) throw new Error('QuotaExceededError');
      map.set(k, String(v));
    },
    removeItem: (k) => map.delete(k),
    get size() {
      return map.size;
    },
  };
}

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

const EP = 'https://example.org/reports';

test('retryable outcomes are network, timeout, 408, 425, 429 and 5xx only', () => {
  assert.ok(isRetryable({ status: 'failed', reason: 'network' }));
  assert.ok(isRetryable({ status: 'failed', reason: 'timeout' }));
  for (const s of [408, 425, 429, 500, 503, 599]) assert.ok(isRetryable({ status: 'failed', reason: 'http', httpStatus: s }), s);
  for (const s of [400, 401, 404, 413, 422]) assert.ok(!isRetryable({ status: 'failed', reason: 'http', httpStatus: s }), s);
  assert.ok(!isRetryable({ status: 'delivered' }));
  assert.ok(!isRetryable({ status: 'failed', reason: 'hook' }));
});

test('Retry-After: seconds and HTTP dates', () => {
  const now = Date.parse('2026-11-28T10:00:00Z');
  assert.equal(parseRetryAfter('7', now), 7000);
  assert.equal(parseRetryAfter('Sat, 28 Nov 2026 10:00:30 GMT', now), 30000);
  assert.equal(parseRetryAfter('Sat, 28 Nov 2026 09:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon', now), 0);
  assert.equal(parseRetryAfter(null, now), 0);
});

test('backoff grows exponentially under a cap, with full jitter, never below Retry-After', () => {
  assert.equal(backoffMs(1, 0, () => 0.999999), 3999);
  assert.equal(backoffMs(3, 0, () => 0.5), 8000);
  assert.equal(backoffMs(30, 0, () => 0.999999), 599999);
  assert.equal(backoffMs(1, 0, () => 0), 0);
  assert.equal(backoffMs(1, 45000, () => 0.1), 45000);
});

test('put, reschedule and remove keep storage tidy; empty outbox leaves no key behind', () => {
  const storage = memoryStorage();
  const c = clock();
  const outbox = createOutbox({ storage, now: c.now, random: () => 0.5 });
  assert.ok(outbox.put({ id: 'a', endpoint: EP, body: { id: 'a' } }));
  assert.ok(outbox.put({ id: 'a', endpoint: EP, body: { id: 'a' } }), 'same id replaces');
  assert.equal(outbox.entries().length, 1);
  assert.equal(outbox.entries()[0].nextAt, c.now() + 2000);
  outbox.reschedule('a', 60000);
  assert.equal(outbox.entries()[0].attempts, 2);
  assert.equal(outbox.entries()[0].nextAt, c.now() + 60000);
  outbox.remove('a');
  assert.equal(storage.getItem(OUTBOX_STORAGE_KEY), null);
});

test('the outbox is bounded: the oldest entries give way', () => {
  const storage = memoryStorage();
  const outbox = createOutbox({ storage, now: clock().now });
  for (let i = 0; i < 60; i++) outbox.put({ id: `r${i}`, endpoint: EP, body: { i } });
  const ids = outbox.entries().map((e) => e.id);
  assert.equal(ids.length, 50);
  assert.equal(ids[0], 'r10');
  assert.equal(ids.at(-1), 'r59');
});

test('a full or disabled storage says so instead of pretending', () => {
  const full = createOutbox({ storage: memoryStorage({ quota: 10 }) });
  assert.equal(full.put({ id: 'a', endpoint: EP, body: { text: 'x'.repeat(100) } }), false);
  const none = createOutbox({ storage: null });
  assert.equal(none.available, false);
  assert.equal(none.put({ id: 'a', endpoint: EP, body: {} }), false);
  const broken = memoryStorage();
  broken.setItem(OUTBOX_STORAGE_KEY, '{not json');
  assert.deepEqual(createOutbox({ storage: broken }).entries(), []);
});

test('flush sends due entries for this endpoint only, once each', async () => {
  const storage = memoryStorage();
  const c = clock();
  const outbox = createOutbox({ storage, now: c.now, random: () => 0.5 });
  outbox.put({ id: 'a', endpoint: EP, body: { id: 'a' } });
  outbox.put({ id: 'b', endpoint: 'https://other.example/r', body: { id: 'b' } });
  const sent = [];
  const transport = { send: async (body, meta) => (sent.push(meta.id), { status: 'delivered' }) };

  let result = await flushOutbox(outbox, { endpoint: EP, transport, now: c.now });
  assert.deepEqual(sent, [], 'not due yet');
  assert.equal(result.pending, 1);
  assert.equal(nextDueIn(outbox, EP, c.now()), 2000);

  c.advance(2000);
  result = await flushOutbox(outbox, { endpoint: EP, transport, now: c.now });
  assert.deepEqual(sent, ['a']);
  assert.deepEqual(result.delivered, ['a']);
  assert.equal(result.pending, 0);
  result = await flushOutbox(outbox, { endpoint: EP, transport, now: c.now, force: true });
  assert.deepEqual(sent, ['a'], 'never twice');
  assert.deepEqual(result, { delivered: [], rejected: [], pending: 0 });
  assert.deepEqual(outbox.entries().map((e) => e.id), ['b'], "another endpoint's entry is left alone");
});

test('flush: 503 with Retry-After reschedules, 422 drops, a throwing transport counts as network', async () => {
  const c = clock();
  const outbox = createOutbox({ storage: memoryStorage(), now: c.now, random: () => 0 });
  outbox.put({ id: 'x', endpoint: EP, body: {} });
  outbox.put({ id: 'y', endpoint: EP, body: {} });
  outbox.put({ id: 'z', endpoint: EP, body: {} });
  const outcomes = {
    x: { status: 'failed', reason: 'http', httpStatus: 503, retryAfter: '120' },
    y: { status: 'rejected', errors: [] },
  };
  const transport = {
    send: async (_b, { id }) => {
      if (id === 'z') throw new TypeError('Failed to fetch');
      return outcomes[id];
    },
  };
  const result = await flushOutbox(outbox, { endpoint: EP, transport, now: c.now, force: true });
  assert.deepEqual(result.rejected, ['y']);
  const left = Object.fromEntries(outbox.entries().map((e) => [e.id, e]));
  assert.equal(left.x.nextAt, c.now() + 120000);
  assert.equal(left.x.attempts, 2);
  assert.equal(left.z.attempts, 2);
  assert.equal(left.y, undefined);
});
