// The transport's requests in node, with a scripted fetch and sendBeacon:
// what goes on the wire for a fetch and for a pagehide beacon.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createTransport } from '../../js/transport.mjs';

const EP = 'https://example.org/reports';
const REPORT = { id: '0f8fad5b-d9cb-469f-a165-70867728950e', items: [{ comment: 'Coquille « ici ».' }] };
const realNavigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');

function withBeacon(sendBeacon) {
  Object.defineProperty(globalThis, 'navigator', { value: { sendBeacon }, configurable: true, writable: true });
}

afterEach(() => {
  if (realNavigator) Object.defineProperty(globalThis, 'navigator', realNavigator);
  else delete globalThis.navigator;
});

test('fetch: JSON body, Idempotency-Key, no credentials, keepalive when asked', async () => {
  const calls = [];
  const fetchStub = async (url, init) => (calls.push({ url, init }), new Response('{}', { status: 201 }));
  const transport = createTransport({ endpoint: EP, headers: { 'X-Site': 'journal' } }, fetchStub);
  assert.equal((await transport.send(REPORT)).status, 'delivered');
  assert.equal((await transport.send(REPORT, { keepalive: true })).status, 'delivered');
  const [{ url, init }, pagehide] = calls;
  assert.equal(url, EP);
  assert.equal(init.method, 'POST');
  assert.deepEqual(JSON.parse(init.body), REPORT);
  assert.equal(init.credentials, 'omit');
  assert.deepEqual(init.headers, { 'X-Site': 'journal', 'Content-Type': 'application/json', 'Idempotency-Key': REPORT.id });
  assert.equal(init.keepalive, false);
  assert.equal(pagehide.init.keepalive, true);
});

test('fetch: 429 is a failure carrying Retry-After; a hung request is a timeout', async () => {
  const limited = createTransport({ endpoint: EP }, async () => new Response('', { status: 429, headers: { 'Retry-After': '7' } }));
  assert.deepEqual(await limited.send(REPORT), { status: 'failed', reason: 'http', httpStatus: 429, retryAfter: '7' });
  const hung = (url, { signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
  const result = await createTransport({ endpoint: EP, timeoutMs: 100 }, hung).send(REPORT);
  assert.equal(result.reason, 'timeout');
});

test('beacon: the JSON as a string (sent as text/plain), or the form fields, to the endpoint', () => {
  const beacons = [];
  withBeacon((url, data) => (beacons.push({ url, data }), true));
  assert.equal(createTransport({ endpoint: EP }).beacon(REPORT), true);
  assert.equal(createTransport({ endpoint: EP, format: 'form' }).beacon(REPORT), true);
  const [json, form] = beacons;
  assert.equal(json.url, EP);
  assert.equal(typeof json.data, 'string', 'a string body is sent as text/plain;charset=UTF-8');
  assert.deepEqual(JSON.parse(json.data), REPORT);
  assert.ok(form.data instanceof URLSearchParams, 'a URLSearchParams body is sent urlencoded');
  assert.deepEqual(JSON.parse(form.data.get('report')), REPORT);
});

test('beacon: false when the browser has none, refuses to queue it, or throws', () => {
  delete globalThis.navigator;
  assert.equal(createTransport({ endpoint: EP }).beacon(REPORT), false);
  withBeacon(() => false);
  assert.equal(createTransport({ endpoint: EP }).beacon(REPORT), false);
  withBeacon(() => {
    throw new TypeError('Illegal invocation');
  });
  assert.equal(createTransport({ endpoint: EP }).beacon(REPORT), false);
});
