// Sends what waits in the outbox: on page load (the loader imports this only
// when the outbox holds something), when the browser comes back online, when
// the next retry is due, and on pagehide (sendBeacon or keepalive requests)
// so that a report queued just before leaving still goes out. One watcher
// per page.

import { createOutbox, flushOutbox, nextDueIn } from './outbox.mjs';
import { createTransport } from './transport.mjs';

const MIN_RETRY_DELAY_MS = 1000;
let watcher = null;

/**
 * @param {object} config the widget's config (endpoint, format, headers, credentials, timeoutMs)
 * @param {{flushNow?: boolean}} [options] flushNow: send what waits right away (page load),
 *   rather than when each entry is due (a report just queued after a failure)
 */
export function watchOutbox(config, { flushNow = true } = {}) {
  if (watcher) {
    if (flushNow) watcher.kick();
    else watcher.reschedule();
    return watcher;
  }
  const endpoint = new URL(config.endpoint, location.href).href;
  const outbox = createOutbox();
  const transport = createTransport({ ...config, endpoint });
  let timer = 0;
  let running = null;

  const pending = () => outbox.entries().filter((e) => e.endpoint === endpoint);
  const schedule = () => {
    clearTimeout(timer);
    const due = nextDueIn(outbox, endpoint);
    if (due !== null) timer = setTimeout(() => run(), Math.max(due, MIN_RETRY_DELAY_MS));
  };
  const run = (force = false) =>
    (running ??= flushOutbox(outbox, { endpoint, transport, force })
      .catch(() => null) // storage or lock failures: try again on the next occasion
      .finally(() => {
        running = null;
        schedule();
      }));
  // On pagehide there is no time to wait for answers: every pending report
  // goes out at once, by sendBeacon when the site says its endpoint takes
  // one (config.beacon), else (or when the browser refuses the beacon) by a
  // keepalive fetch. Either way it stays in the outbox: nothing confirms the
  // delivery, and the endpoint keeps one copy per report id, so the next
  // flush's resend is harmless.
  const onPageHide = () => {
    for (const entry of pending()) {
      if (config.beacon === true && transport.beacon(entry.body)) continue;
      transport.send(entry.body, { id: entry.id, keepalive: true }).catch(() => {});
    }
  };
  const onOnline = () => run(true);
  addEventListener('online', onOnline);
  addEventListener('pagehide', onPageHide);

  watcher = {
    kick: () => run(true),
    reschedule: () => running || schedule(),
    pending: () => pending().length,
    stop() {
      clearTimeout(timer);
      removeEventListener('online', onOnline);
      removeEventListener('pagehide', onPageHide);
      watcher = null;
    },
  };
  if (flushNow) run(true);
  else schedule();
  return watcher;
}
