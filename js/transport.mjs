// Delivers one report to the site's endpoint. Kept behind a small interface
// ({send(body, {id, keepalive}) -> Promise<result>}, and beacon(body) for a
// page that is going away) so the outbox and the dialog share it. `id` is the
// report's id, sent as Idempotency-Key (the body may be a site's transform).
//
// Results:
//   {status: 'delivered', response}              2xx
//   {status: 'rejected', errors, response}       400/422: the endpoint refused the report
//   {status: 'failed', reason, httpStatus?, retryAfter?, offline?, directive?}
//     reason: timeout | network (offline: true when the browser says so) |
//     http, or a mistake of the site's configuration: cors | not-found |
//     method | mixed-content | csp, which delivery-diagnosis.mjs tells
//     apart and names on the console
// `errors` use the core's envelope format ({code, path, message}), so the
// dialog shows them next to the fields they name.

const REJECTED = new Set([400, 422]);
const WRONG_URL = { 404: 'not-found', 405: 'method' };

/** The failures a retry cannot fix: only the site's configuration can. */
export const CONFIGURATION_REASONS = new Set(['cors', 'not-found', 'method', 'mixed-content', 'csp']);

export function isConfigurationError(result) {
  return result?.status === 'failed' && CONFIGURATION_REASONS.has(result.reason);
}

// The diagnosis loads only after a failure; if it cannot, the network is the trouble.
const diagnosis = () => import('./delivery-diagnosis.mjs');

/**
 * Notes the page's CSP violations against `endpoint`'s origin while a send
 * runs: the browser reports them as securitypolicyviolation events on the
 * document, not through fetch's error.
 * @returns {{blocked: () => {directive: string}|null, stop: () => void}}
 */
export function watchViolations(endpoint, target = globalThis.document) {
  let found = null;
  const listener = (event) => {
    const directive = event.effectiveDirective || event.violatedDirective || '';
    try {
      if (!found && /^(connect|default)-src/.test(directive) && new URL(event.blockedURI).origin === new URL(endpoint).origin) {
        found = { directive: directive.split(' ')[0] };
      }
    } catch {} // a blockedURI that is no URL ('inline', 'eval') is not ours
  };
  target?.addEventListener?.('securitypolicyviolation', listener);
  return { blocked: () => found, stop: () => target?.removeEventListener?.('securitypolicyviolation', listener) };
}

function encodeBody(report, format) {
  const json = JSON.stringify(report);
  if (format === 'form') {
    return { body: new URLSearchParams({ report: json }).toString(), type: 'application/x-www-form-urlencoded' };
  }
  return { body: json, type: 'application/json' };
}

async function readErrors(response) {
  try {
    const data = await response.json();
    const errors = Array.isArray(data) ? data : data && Array.isArray(data.errors) ? data.errors : [];
    return errors
      .filter((e) => e && typeof e === 'object')
      .map((e) => ({
        code: String(e.code ?? ''),
        path: String(e.path ?? ''),
        params: e.params && typeof e.params === 'object' ? e.params : {},
        message: String(e.message ?? e.code ?? ''),
      }));
  } catch {
    return []; // not JSON: the dialog says the report was refused, without details
  }
}

/**
 * @param {{endpoint: string, format?: 'json'|'form', headers?: Record<string,string>,
 *          credentials?: RequestCredentials, timeoutMs?: number}} options
 * @param {typeof fetch} [fetchImpl]
 */
export function createTransport(options, fetchImpl = globalThis.fetch.bind(globalThis)) {
  const { endpoint, format = 'json', headers = {}, credentials = 'omit', timeoutMs = 10000 } = options;
  const page = globalThis.location;
  // The reader's answer does not wait for the console's sentence.
  const failed = (result) => {
    if (isConfigurationError(result)) diagnosis().then((m) => m.tellIntegrator(result, { endpoint, pageOrigin: page?.origin }), () => {});
    return result;
  };
  return {
    async send(report, { id = report && report.id, keepalive = false } = {}) {
      const { body, type } = encodeBody(report, format);
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      const violations = watchViolations(endpoint);
      try {
        const response = await fetchImpl(endpoint, {
          method: 'POST',
          body,
          credentials,
          mode: 'cors',
          signal: abort.signal,
          keepalive, // pagehide: the request outlives the page
          // The report says which page, with its query stripped by default: a
          // Referer header would repeat the full URL (same-origin endpoints).
          referrerPolicy: 'no-referrer',
          // The report id makes a retried POST safe: the endpoint keeps one copy.
          headers: { ...headers, 'Content-Type': type, ...(id ? { 'Idempotency-Key': String(id) } : {}) },
        });
        if (response.ok) return { status: 'delivered', response };
        if (REJECTED.has(response.status)) return { status: 'rejected', errors: await readErrors(response), response };
        const reason = WRONG_URL[response.status] || 'http';
        return failed({ status: 'failed', reason, httpStatus: response.status, retryAfter: response.headers.get('Retry-After') });
      } catch (error) {
        if (abort.signal.aborted) return { status: 'failed', reason: 'timeout', error };
        if (globalThis.navigator?.onLine === false) return { status: 'failed', reason: 'network', offline: true, error };
        // A page that is going away has no time to find out why.
        if (keepalive) return { status: 'failed', reason: 'network', error };
        const found = await diagnosis().then(
          (m) => m.diagnoseThrownFetch({ endpoint, pageUrl: page?.href, violation: violations.blocked, probe: () => m.probeReachable(endpoint, fetchImpl) }),
          () => ({ reason: 'network' }),
        );
        return failed({ status: 'failed', ...found, error });
      } finally {
        clearTimeout(timer);
        violations.stop();
      }
    },
    /**
     * Hands the report to navigator.sendBeacon, which sends it after the page
     * is gone. A string goes as text/plain and URLSearchParams as a form: both
     * CORS-safelisted, so no preflight (which a beacon cannot wait for). A
     * beacon carries no custom header: the id in the body dedups it.
     * @returns {boolean} false when the browser would not queue it
     */
    beacon(report) {
      if (typeof globalThis.navigator?.sendBeacon !== 'function') return false;
      const json = JSON.stringify(report);
      try {
        return navigator.sendBeacon(endpoint, format === 'form' ? new URLSearchParams({ report: json }) : json);
      } catch {
        return false; // e.g. an endpoint URL the browser refuses
      }
    },
  };
}
