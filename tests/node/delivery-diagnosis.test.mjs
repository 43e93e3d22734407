// The delivery diagnosis in node: which failures are the site's configuration
// (never queued, named once on the console) and which may pass (offline,
// unreachable), from the signals a page has: the fetch's outcome, a no-cors
// probe, navigator.onLine, CSP violation events and the two URLs' protocols.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { diagnoseThrownFetch, isMixedContent, tellIntegrator } from '../../js/delivery-diagnosis.mjs';
import { explain } from '../../js/delivery-explain.mjs';
import { createTransport, isConfigurationError, watchViolations } from '../../js/transport.mjs';
import { isRetryable } from '../../js/outbox.mjs';

const REPORT = { id: '0f8fad5b-d9cb-469f-a165-70867728950e', items: [] };
const realNavigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
const realError = console.error;

function online(onLine) {
  Object.defineProperty(globalThis, 'navigator', { value: { onLine }, configurable: true, writable: true });
}

/** Resolves once `predicate` holds (the console's sentence loads on its own), or after a second. */
async function settled(predicate) {
  for (let i = 0; i < 100 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10));
}

/** Collects console.error calls until the test ends. */
function captureErrors() {
  const errors = [];
  console.error = (...args) => errors.push(args.join(' '));
  return errors;
}

afterEach(() => {
  console.error = realError;
  if (realNavigator) Object.defineProperty(globalThis, 'navigator', realNavigator);
  else delete globalThis.navigator;
});

/** A fetch where the POST throws like a CORS refusal and the no-cors probe gets `probe`: 'answer' or 'throw'. */
function corsFetch(probe, calls = []) {
  return async (url, init) => {
    calls.push(init.mode);
    if (init.mode === 'no-cors' && probe === 'answer') return new Response(null, { status: 200 });
    throw new TypeError('Failed to fetch');
  };
}

function violation(blockedURI, effectiveDirective = 'connect-src') {
  return Object.assign(new Event('securitypolicyviolation'), { blockedURI, effectiveDirective, violatedDirective: effectiveDirective });
}

test('mixed content: an https page and a plain-http endpoint off loopback only', () => {
  const page = 'https://news.example/article';
  assert.equal(isMixedContent('http://reports.example/api/reports', page), true);
  assert.equal(isMixedContent('http://10.0.0.5:8080/api/reports', page), true);
  for (const trusted of ['https://reports.example/', 'http://127.0.0.1:8080/', 'http://127.9.9.9/', 'http://localhost/', 'http://a.localhost/', 'http://[::1]:80/', '/api/reports']) {
    assert.equal(isMixedContent(trusted, page), false, trusted);
  }
  assert.equal(isMixedContent('http://reports.example/', 'http://news.example/'), false, 'an http page may');
  assert.equal(isMixedContent('http://reports.example/', undefined), false, 'no page: no claim');
});

test('the order of the signals: CSP, mixed content, then the probe', async () => {
  const endpoint = 'https://reports.example/api/reports';
  const page = 'https://news.example/a';
  let probes = 0;
  const probe = (answer) => async () => (probes++, answer);
  const blocked = () => ({ directive: 'connect-src' });
  const none = () => null;

  assert.deepEqual(await diagnoseThrownFetch({ endpoint, pageUrl: page, violation: blocked, probe: probe(true) }), { reason: 'csp', directive: 'connect-src' });
  assert.deepEqual(await diagnoseThrownFetch({ endpoint: 'http://reports.example/', pageUrl: page, violation: none, probe: probe(true) }), { reason: 'mixed-content' });
  assert.equal(probes, 0, 'no probe when the answer is already known');
  assert.deepEqual(await diagnoseThrownFetch({ endpoint, pageUrl: page, violation: none, probe: probe(true) }), { reason: 'cors' });
  assert.deepEqual(await diagnoseThrownFetch({ endpoint, pageUrl: page, violation: none, probe: probe(false) }), { reason: 'network' });
  assert.equal(probes, 2);

  // A violation reported while the probe runs still counts.
  let seen = null;
  const probeThenViolation = async () => ((seen = { directive: 'default-src' }), false);
  assert.deepEqual(await diagnoseThrownFetch({ endpoint, pageUrl: page, violation: () => seen, probe: probeThenViolation }), { reason: 'csp', directive: 'default-src' });
});

test('CSP violations count for the endpoint origin and connect-src only, until stopped', () => {
  const target = new EventTarget();
  const watch = watchViolations('https://reports.example/api/reports', target);
  target.dispatchEvent(violation('https://reports.example/api/reports', 'img-src'));
  target.dispatchEvent(violation('https://cdn.example/x.js', 'connect-src'));
  target.dispatchEvent(violation('inline', 'connect-src'));
  assert.equal(watch.blocked(), null);
  target.dispatchEvent(violation('https://reports.example', 'connect-src'));
  assert.deepEqual(watch.blocked(), { directive: 'connect-src' });

  const stopped = watchViolations('https://reports.example/api/reports', target);
  stopped.stop();
  target.dispatchEvent(violation('https://reports.example/api/reports'));
  assert.equal(stopped.blocked(), null);
});

test('configuration errors are never retryable; offline and unreachable are', () => {
  for (const reason of ['cors', 'not-found', 'method', 'mixed-content', 'csp']) {
    const result = { status: 'failed', reason };
    assert.equal(isConfigurationError(result), true, reason);
    assert.equal(isRetryable(result), false, reason);
  }
  assert.equal(isConfigurationError({ status: 'failed', reason: 'network', offline: true }), false);
  assert.equal(isRetryable({ status: 'failed', reason: 'network', offline: true }), true);
  assert.equal(isConfigurationError({ status: 'failed', reason: 'http', httpStatus: 503 }), false);
});

test('each message names the endpoint, the page origin and the fix', () => {
  const where = { endpoint: 'https://reports.example/api/reports', pageOrigin: 'https://news.example' };
  assert.match(explain({ reason: 'cors' }, where), /https:\/\/reports\.example\/api\/reports refused this page's origin https:\/\/news\.example \(CORS\).*--allow-origin https:\/\/news\.example/);
  assert.match(explain({ reason: 'not-found' }, where), /https:\/\/reports\.example\/api\/reports answered 404 .*https:\/\/news\.example.*Set endpoint/);
  assert.match(explain({ reason: 'method' }, where), /answered 405 .*https:\/\/news\.example.*does not take POST/);
  assert.match(explain({ reason: 'mixed-content' }, { ...where, endpoint: 'http://reports.example/api/reports' }), /http:\/\/reports\.example\/api\/reports is plain http: .*https:\/\/news\.example.*mixed content/);
  assert.match(explain({ reason: 'csp', directive: 'default-src' }, where), /Content-Security-Policy of this page https:\/\/news\.example blocks https:\/\/reports\.example\/api\/reports \(default-src\)\. Add https:\/\/reports\.example to its connect-src/);
  assert.equal(explain({ reason: 'network' }, where), '');
  assert.equal(explain({ reason: 'http', httpStatus: 500 }, where), '');
});

test('told once per page, reason and endpoint', () => {
  const errors = captureErrors();
  const where = { endpoint: 'https://once.example/api/reports', pageOrigin: 'https://news.example' };
  assert.equal(tellIntegrator({ reason: 'cors' }, where), true);
  assert.equal(tellIntegrator({ reason: 'cors' }, where), false);
  assert.equal(tellIntegrator({ reason: 'csp' }, where), true, 'another reason is news');
  assert.equal(tellIntegrator({ reason: 'network' }, where), false, 'nothing to tell');
  assert.equal(errors.length, 2);
  assert.match(errors[0], /^\[Erratum\] https:\/\/once\.example\/api\/reports refused this page's origin https:\/\/news\.example/);
});

test('transport: a thrown POST whose probe is answered is a CORS refusal, told once', async () => {
  online(true);
  const errors = captureErrors();
  const calls = [];
  const transport = createTransport({ endpoint: 'https://cors.example/api/reports' }, corsFetch('answer', calls));
  const first = await transport.send(REPORT);
  assert.equal(first.status, 'failed');
  assert.equal(first.reason, 'cors');
  assert.deepEqual(calls, ['cors', 'no-cors'], 'the report, then the probe');
  assert.equal((await transport.send(REPORT)).reason, 'cors');
  await settled(() => errors.length > 0);
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0], /https:\/\/cors\.example\/api\/reports refused this page's origin/);
});

test('transport: offline, or nothing answering the probe, is a network failure that may pass, told nowhere', async () => {
  const errors = captureErrors();
  online(false);
  const offline = await createTransport({ endpoint: 'https://down.example/api/reports' }, corsFetch('answer')).send(REPORT);
  assert.equal(offline.reason, 'network');
  assert.equal(offline.offline, true);
  online(true);
  const down = await createTransport({ endpoint: 'https://down.example/api/reports' }, corsFetch('throw')).send(REPORT);
  assert.equal(down.reason, 'network');
  assert.equal(down.offline, undefined);
  assert.equal(isRetryable(offline) && isRetryable(down), true);
  await new Promise((r) => setTimeout(r, 50)); // a sentence would have loaded by now
  assert.deepEqual(errors, []);
});

test('transport: 404 and 405 keep their status and are told; a pagehide send is not diagnosed', async () => {
  const errors = captureErrors();
  const answering = (status) => async () => new Response('', { status });
  const missing = await createTransport({ endpoint: 'https://nf.example/nope' }, answering(404)).send(REPORT);
  assert.deepEqual({ reason: missing.reason, httpStatus: missing.httpStatus }, { reason: 'not-found', httpStatus: 404 });
  const method = await createTransport({ endpoint: 'https://nf.example/inbox' }, answering(405)).send(REPORT);
  assert.deepEqual({ reason: method.reason, httpStatus: method.httpStatus }, { reason: 'method', httpStatus: 405 });
  for (const status of [403, 410, 500]) assert.equal((await createTransport({ endpoint: 'https://nf.example/x' }, answering(status)).send(REPORT)).reason, 'http');
  await settled(() => errors.length >= 2);
  assert.equal(errors.length, 2);
  online(true);
  const calls = [];
  const leaving = await createTransport({ endpoint: 'https://leaving.example/api/reports' }, corsFetch('answer', calls)).send(REPORT, { keepalive: true });
  assert.equal(leaving.reason, 'network');
  assert.deepEqual(calls, ['cors'], 'no probe while the page goes away');
});
