// The persistent outbox: reports that could not be delivered yet wait here,
// in localStorage (per origin, bounded), and are retried with exponential
// backoff and full jitter, honouring Retry-After, when the browser comes back
// online and on the next page load. Each entry keeps the report id, sent as
// Idempotency-Key, so a retry can never store a report twice.
//
// Only entries for the endpoint the page is configured with are ever sent:
// a page never contacts another site's endpoint on behalf of an older entry.

const STORAGE_KEY = 'erratum:outbox';
const LOCK_NAME = 'erratum-outbox';
const BASE_DELAY_MS = 2000;
const MAX_DELAY_MS = 10 * 60 * 1000;
const MAX_ENTRIES = 50;
const MAX_BYTES = 1_000_000;
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/**
 * True when a failure may succeed later: network (offline, unreachable),
 * timeout, 408, 425, 429, 5xx. Never a configuration mistake (cors,
 * not-found, method, mixed-content, csp): only the site can fix those.
 */
export function isRetryable(result) {
  if (!result || result.status !== 'failed') return false;
  if (result.reason === 'network' || result.reason === 'timeout') return true;
  const s = result.httpStatus;
  return result.reason === 'http' && (s === 408 || s === 425 || s === 429 || (s >= 500 && s <= 599));
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date; 0 when absent or unreadable. */
export function parseRetryAfter(value, now = Date.now()) {
  if (value == null || value === '') return 0;
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_DELAY_MS * 6);
  const at = Date.parse(text);
  return Number.isNaN(at) ? 0 : Math.max(0, Math.min(at - now, MAX_DELAY_MS * 6));
}

/** Delay before attempt n+1: full jitter over an exponential cap, never below Retry-After. */
export function backoffMs(attempts, retryAfterMs = 0, random = Math.random) {
  const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(attempts, 20));
  return Math.max(retryAfterMs, Math.floor(random() * cap));
}

function readEntries(storage) {
  try {
    const parsed = JSON.parse(storage.getItem(STORAGE_KEY) || '[]');
    return Array.isArray(parsed) ? parsed.filter((e) => e && typeof e.id === 'string' && typeof e.endpoint === 'string') : [];
  } catch {
    return []; // unreadable storage is treated as empty, never as a crash
  }
}

function writeEntries(storage, entries) {
  try {
    if (entries.length === 0) storage.removeItem(STORAGE_KEY);
    else storage.setItem(STORAGE_KEY, JSON.stringify(entries));
    return true;
  } catch {
    return false; // quota exceeded or storage disabled
  }
}

/**
 * @param {{storage?: Storage, now?: () => number, random?: () => number}} [options]
 */
export function createOutbox({ storage = globalThis.localStorage, now = Date.now, random = Math.random } = {}) {
  const available = (() => {
    try {
      return !!storage && typeof storage.getItem === 'function';
    } catch {
      return false;
    }
  })();

  return {
    available,
    entries: () => (available ? readEntries(storage) : []),
    /**
     * Keeps a report for later. Oldest entries give way when the outbox is full.
     * @returns {boolean} whether the report is now stored
     */
    put({ id, endpoint, body, retryAfterMs = 0 }) {
      if (!available) return false;
      const t = now();
      let entries = readEntries(storage).filter((e) => e.id !== id && t - e.createdAt < MAX_AGE_MS);
      const entry = { id, endpoint, body, attempts: 1, createdAt: t, nextAt: t + backoffMs(1, retryAfterMs, random) };
      entries.push(entry);
      while (entries.length > MAX_ENTRIES || (entries.length > 1 && JSON.stringify(entries).length > MAX_BYTES)) entries.shift();
      if (JSON.stringify(entry).length > MAX_BYTES) return false;
      return writeEntries(storage, entries) && readEntries(storage).some((e) => e.id === id);
    },
    remove(id) {
      if (available) writeEntries(storage, readEntries(storage).filter((e) => e.id !== id));
    },
    /** Records a failed attempt and when to try again. */
    reschedule(id, retryAfterMs = 0) {
      if (!available) return;
      const entries = readEntries(storage).map((e) =>
        e.id === id ? { ...e, attempts: e.attempts + 1, nextAt: now() + backoffMs(e.attempts + 1, retryAfterMs, random) } : e,
      );
      writeEntries(storage, entries);
    },
  };
}

/**
 * Sends the due entries for `endpoint` through `transport` ({send(body, {id, keepalive})}).
 * Runs under a Web Lock when the browser has them, so two tabs never flush
 * the same outbox at once; the endpoint's dedup by id covers the rest.
 * @returns {Promise<{delivered: string[], rejected: string[], pending: number}>}
 */
export async function flushOutbox(outbox, { endpoint, transport, now = Date.now, force = false, keepalive = false }) {
  const run = async () => {
    const delivered = [];
    const rejected = [];
    for (const entry of outbox.entries()) {
      if (entry.endpoint !== endpoint || (!force && entry.nextAt > now())) continue;
      let result;
      try {
        result = await transport.send(entry.body, { id: entry.id, keepalive });
      } catch (error) {
        result = { status: 'failed', reason: 'network', error };
      }
      if (result.status === 'delivered') {
        outbox.remove(entry.id);
        delivered.push(entry.id);
      } else if (isRetryable(result)) {
        outbox.reschedule(entry.id, parseRetryAfter(result.retryAfter, now()));
      } else {
        // Refused for good (4xx, or a mistake of the site's configuration
        // such as CORS, which the transport names on the console): retrying
        // cannot help, and keeping it would retry for 30 days.
        outbox.remove(entry.id);
        rejected.push(entry.id);
      }
    }
    return { delivered, rejected, pending: outbox.entries().filter((e) => e.endpoint === endpoint).length };
  };
  const locks = globalThis.navigator?.locks;
  if (locks && typeof locks.request === 'function' && !keepalive) {
    // ifAvailable: a tab that finds another one flushing leaves it alone.
    return locks.request(LOCK_NAME, { ifAvailable: true }, (lock) =>
      lock ? run() : { delivered: [], rejected: [], pending: outbox.entries().length },
    );
  }
  return run();
}

/** Milliseconds until the next entry for `endpoint` is due, or null when none waits. */
export function nextDueIn(outbox, endpoint, now = Date.now()) {
  const due = outbox.entries().filter((e) => e.endpoint === endpoint).map((e) => e.nextAt - now);
  return due.length ? Math.max(0, Math.min(...due)) : null;
}

export const OUTBOX_STORAGE_KEY = STORAGE_KEY;
