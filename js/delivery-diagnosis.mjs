// Why a report's fetch threw. It looks the same whether the endpoint is
// down or refuses this page (CORS), is blocked as mixed content or by the
// page's Content-Security-Policy. Each mistake of the site's configuration
// gets its own reason, so that the outbox keeps only what a later retry can
// deliver, and one console error per page names the endpoint, the page's
// origin and the fix (delivery-explain.mjs): the integrator reads it, the
// reader never does. The transport loads this module only after a failure,
// so opening the widget does not download it; the transport itself notes
// the signals that cannot wait (CSP violations during the request,
// navigator.onLine) and reads 404 and 405.

import { explain } from './delivery-explain.mjs';

const PROBE_TIMEOUT_MS = 5000;

// "Potentially trustworthy" of the Secure Contexts spec, for URLs: what a
// secure page may fetch without the browser blocking it as mixed content.
function isTrustworthy(url) {
  if (url.protocol === 'https:' || url.protocol === 'wss:') return true;
  const host = url.hostname;
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** True when a page at `pageUrl` may not fetch `endpoint`: an https page, a plain-http endpoint off loopback. */
export function isMixedContent(endpoint, pageUrl) {
  try {
    return new URL(pageUrl).protocol === 'https:' && !isTrustworthy(new URL(endpoint, pageUrl));
  } catch {
    return false; // an unreadable URL is the core's to name, not a mixed-content case
  }
}

/**
 * Asks whether anything answers at `endpoint` without CORS: a no-cors HEAD
 * needs no preflight and its (opaque) answer resolves even when the endpoint
 * refuses this origin; it throws when nothing answers.
 */
export async function probeReachable(endpoint, fetchImpl) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), PROBE_TIMEOUT_MS);
  try {
    await fetchImpl(endpoint, { method: 'HEAD', mode: 'no-cors', credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer', signal: abort.signal });
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Why a fetch to `endpoint` threw, the browser being online (a timeout is
 * already told apart). In order: a CSP violation the browser reported, a
 * mixed-content endpoint, then the probe: an endpoint that answers it
 * refused this origin; one that does not is unreachable.
 * @param {{endpoint: string, pageUrl: string, violation: () => {directive: string}|null,
 *          probe: () => Promise<boolean>}} signals
 * @returns {Promise<{reason: string, directive?: string}>}
 */
export async function diagnoseThrownFetch({ endpoint, pageUrl, violation, probe }) {
  // The violation event is queued as its own task: it may follow the rejection.
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (violation()) return { reason: 'csp', directive: violation().directive };
  if (isMixedContent(endpoint, pageUrl)) return { reason: 'mixed-content' };
  const reachable = await probe();
  if (violation()) return { reason: 'csp', directive: violation().directive };
  return { reason: reachable ? 'cors' : 'network' };
}

const told = new Set();

/**
 * Logs the configuration failure `result` once per page, reason and
 * endpoint: a retrying outbox does not repeat it.
 * @returns {boolean} whether it logged
 */
export function tellIntegrator(result, { endpoint, pageOrigin }) {
  const message = explain(result, { endpoint, pageOrigin });
  const key = `${result?.reason} ${endpoint}`;
  if (!message || told.has(key)) return false;
  told.add(key);
  console.error(message);
  return true;
}
