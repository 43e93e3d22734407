// ES module entry. mount() installs only the trigger and the Ctrl+Enter
// shortcut; the dialog, wasm core and styles load on first open (or when idle
// with loadOnIdle). Config: core defaults < mount(config) < data-* attributes.

import { LABELS, chooseLanguage } from './language.mjs';

// One widget per page, even if both the classic script and the module mount.
const MOUNTED = Symbol.for('erratum.mounted');
const fail = (what, err) => console.error(`[Erratum] ${what}:`, err);
const query = (selector) => {
  try {
    return document.querySelector(selector);
  } catch {} // invalid: the core names the key when the dialog loads
};
const findArticle = (config) => query(config.articleSelector || 'article') || query('main');

// data-max-paragraphs="5" -> maxParagraphs: 5 (booleans, numbers, JSON parsed).
function parseData(raw) {
  if (raw == 'true' || raw == 'false') return raw == 'true';
  if (/^-?\d+(\.\d+)?$/.test(raw)) return +raw;
  try {
    if (/^[[{]/.test(raw)) return JSON.parse(raw);
  } catch {}
  return raw;
}

/**
 * Mounts the widget once per page; later calls return the first handle.
 * @param {object} [config] see erratum.d.ts
 * @param {Element} [element] whose data-* attributes override config
 */
export function mount(config = {}, element = null) {
  try {
    if (!globalThis[MOUNTED]) {
      const merged = { ...(config && typeof config == 'object' ? config : {}) };
      for (const [k, v] of Object.entries(element?.dataset || {})) merged[k] = parseData(v);
      globalThis[MOUNTED] = loader(merged);
    }
    return globalThis[MOUNTED];
  } catch (err) {
    fail('Could not mount', err);
    return null;
  }
}

// The folder the lazily loaded parts come from: the one this file was loaded
// from, unless the site names it (assetsUrl), which it must when a bundler
// has copied this file into its own bundle, away from the package's dist/.
// Parts are imported by computed URLs (importPart), so a bundler leaves them
// alone and they load from that folder at run time, cached like any static
// file. Returns {base, importPart(name)}; throws a message naming the fix.
function assetFolder(config) {
  const given = typeof config.assetsUrl == 'string' && config.assetsUrl;
  const fix = "set assetsUrl to the URL serving the package's dist/ folder";
  let base;
  try {
    base = new URL(given || '.', given ? document.baseURI : import.meta.url); // no import.meta.url in a classic-script bundle
  } catch {
    throw new Error(`no asset folder (assetsUrl: ${JSON.stringify(given)}): ${fix}`);
  }
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  // A part that does not load is most often missing next to a bundled copy
  // of this file: the error says where it looked and what to set.
  const importPart = (name) => {
    const url = new URL(name, base).href;
    return import(url).catch((err) => Promise.reject(new Error(`could not load ${url} (${err?.message || err}): if a bundler moved erratum.mjs, ${fix}`)));
  };
  return { base, importPart };
}

// Everything opening needs is asked for at once, not file after file: the
// wasm core, compiled while it downloads (the widget instantiates it; if this
// fails, the glue fetches it again and reports why), the Emscripten glue and
// the outbox module (both imported by the widget: here they download beside
// it rather than after it), the dialog's host with its stylesheet (mounted by
// the small ui-dialog module, so the stylesheet does not wait for the
// widget), the catalog of the interface language `ui` (its UI strings and
// the core's message table); the caller asks for the widget, which gets the
// compiled core, the host and the catalog as promises. Failures are marked
// as handled here: the widget reports them.
function fetchParts(ui, assets) {
  const quiet = (promise) => (promise?.catch(() => {}), promise);
  quiet(assets.importPart('erratum-core.mjs'));
  quiet(assets.importPart('outbox-flush.mjs'));
  return {
    frame: quiet(assets.importPart('ui-dialog.mjs').then((m) => m.mountFrame())),
    compiled: quiet(WebAssembly.compileStreaming?.(fetch(new URL('erratum-core.wasm', assets.base)))),
    catalog: quiet(assets.importPart(`messages-${ui}.mjs`)),
  };
}

// The interface language by language.mjs's rule, from the page as parsed:
// {tag, ui}.
function pageLanguage(config) {
  const article = findArticle(config);
  return chooseLanguage({
    site: config.lang,
    page: document.documentElement.lang,
    article: article?.closest('[lang]')?.lang,
    text: () => (article || document.body)?.textContent,
    browser: navigator.languages,
  });
}

const idle = (fn) => (globalThis.requestIdleCallback || setTimeout)(fn, { timeout: 3000 });

function loader(config) {
  let language; // chosen on first need: the trigger, or an open before it
  const speak = () => (language ||= pageLanguage(config));
  const assets = assetFolder(config);
  let widget, trigger, unlisten, off;
  const stop = () => {
    off = 1;
    trigger?.remove();
    unlisten?.();
  };
  const load = () => {
    if (off) return Promise.resolve();
    if (!widget) {
      const loading = assets.importPart('widget.mjs'); // first: its own imports wait for it
      const { tag, ui } = speak();
      const parts = fetchParts(ui, assets);
      widget = loading
        .then((m) => m.createWidget({ config, lang: tag, uiLang: ui, ...parts }))
        .then(
          (w) => (w || stop(), w), // null: invalid config, already reported
          (err) => {
            widget = null; // a later open may succeed
            fail('Could not load the widget', err);
          },
        );
    }
    return widget;
  };
  const open = async (options) => {
    try {
      await (await load())?.open({ returnFocus: trigger, ...options });
    } catch (err) {
      fail('Could not open', err);
    }
  };
  const start = () => {
    try {
      trigger = addTrigger(config, speak().ui, assets, () => open());
      // Idle (when-idle.mjs, through ui-dialog.mjs): our trigger moves after the text's last paragraph (if it cannot,
      // it stays), and the selection button starts watching, until the widget is off.
      if (trigger.host || config.selectionButton) idle(() => assets.importPart('ui-dialog.mjs').then((m) => m.whenIdle(trigger.host, config, open, speak().ui, () => off)).catch(() => {}));
      if (config.shortcut !== false) unlisten = onShortcut((range) => open({ range, preventScroll: true }));
      // Idle: the widget loads and builds its dialog, so opening only shows it.
      if (config.loadOnIdle === true) idle(() => load().then((w) => w?.prepare?.()).catch(fail.bind(0, 'Could not prepare')));
      // Reports left in the outbox by an earlier visit go out now.
      let waiting = 0;
      try {
        waiting = localStorage.getItem('erratum:outbox');
      } catch {} // storage disabled: nothing can be waiting
      if (waiting) assets.importPart('outbox-flush.mjs').then((m) => m.watchOutbox(config), fail.bind(0, 'Outbox'));
    } catch (err) {
      fail('Could not start', err);
    }
  };
  if (document.readyState == 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
  return {
    open,
    close: () => widget?.then((w) => w?.close()),
    destroy() {
      stop();
      widget?.then((w) => w?.destroy());
      delete globalThis[MOUNTED];
    },
  };
}

// The site's trigger element, or our button (host) after the article, in its own
// shadow root, with a twin first in the page, seen only when focused (a skip
// link: on long pages the button is hundreds of Tab presses away). Returns
// {focus(options), remove()}.
function addTrigger(config, ui, assets, onClick) {
  const own = config.trigger && query(config.trigger);
  if (own) {
    own.addEventListener('click', onClick);
    return { focus: (o) => own.focus(o), remove: () => own.removeEventListener('click', onClick) };
  }
  const [host, skip] = [0, 1].map((first) => {
    const host = document.createElement('erratum-trigger');
    const link = document.createElement('link');
    const button = document.createElement('button');
    link.rel = 'stylesheet';
    link.href = new URL('widget-trigger.css', assets.base).href;
    // Never shown unstyled; the twin goes in once the stylesheet is cached, or both would
    // download it (and once: the trigger moved by trigger-place.mjs loads it again).
    link.onload = link.onerror = () => ((button.hidden = false), first || skip.isConnected || !host.isConnected || document.body.prepend(skip));
    button.hidden = true;
    button.type = 'button';
    button.setAttribute('part', 'button');
    button.setAttribute('aria-haspopup', 'dialog');
    // Screen readers announce the shortcut that opens it from anywhere.
    if (config.shortcut !== false) button.setAttribute('aria-keyshortcuts', 'Control+Enter');
    button.textContent = config.messages?.trigger || LABELS[ui];
    button.lang = ui;
    button.onclick = onClick;
    host.attachShadow({ mode: 'open' }).append(link, button);
    if (first) host.setAttribute('skip', '');
    return host;
  });
  // trigger: 'floating' (no element is <floating>): fixed in a corner (widget-trigger.css).
  if (config.trigger == 'floating') host.setAttribute('floating', '');
  const article = findArticle(config);
  if (article) article.after(host);
  else document.body.append(host);
  return { host, focus: (o) => host.shadowRoot.lastChild.focus(o), remove: () => (host.remove(), skip.remove()) };
}

// Ctrl/Cmd+Enter outside editable fields -> fn(copy of the selection or null).
function onShortcut(fn) {
  const onKeydown = (e) => {
    if (e.key != 'Enter' || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.isComposing || e.defaultPrevented) return;
    let el = e.composedPath()[0];
    if (el.nodeType != 1) el = el.parentElement;
    // Typing stays the page's; keys inside our dialog are the dialog's.
    if (!el || el.isContentEditable || el.closest('input,textarea,select') || el.getRootNode().host?.localName.startsWith('erratum-')) return;
    const sel = document.getSelection();
    e.preventDefault();
    fn(sel?.rangeCount && !sel.isCollapsed ? sel.getRangeAt(0).cloneRange() : null);
  };
  document.addEventListener('keydown', onKeydown);
  return () => document.removeEventListener('keydown', onKeydown);
}
