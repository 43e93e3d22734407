// Delivers one report to the site's endpoint. Kept behind a small interface
// ({send(body, {id, keepalive}) -> Promise<result>}, and beacon(body) for a
// page that is going away) so the outbox and the dialog share it. `id` is the
// report's id, sent as Idempotency-Key (the body may be a site's transform).
//
// Results:
//   {status: 'delivered', response}              2xx
//   {status: 'rejected', errors, response}       400/422: the endpoint refused the report
//   {status: 'failed', reason, httpStatus?, retryAfter?}   timeout | network | http
// `errors` use the core's envelope format ({code, path, message}), so the
// dialog shows them next to the fields they name.

const REJECTED = new Set([400, 422]);

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
  return {
    async send(report, { id = report && report.id, keepalive = false } = {}) {
      const { body, type } = encodeBody(report, format);
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeoutMs);
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
        return { status: 'failed', reason: 'http', httpStatus: response.status, retryAfter: response.headers.get('Retry-After') };
      } catch (err) {
        return { status: 'failed', reason: abort.signal.aborted ? 'timeout' : 'network', error: err };
      } finally {
        clearTimeout(timer);
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
