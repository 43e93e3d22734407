// Loaded on first open (or when idle): loads the wasm core, has it validate
// the site's configuration, and creates the dialog controller. A bad
// configuration is reported once on the console, naming the keys, and the
// widget stays off; the page is never affected. A core that cannot load is
// reported too, and the reader who opens the widget is told it is unavailable
// (so is a UI catalog that cannot load).

import { loadCore } from './core.mjs';
import { mountFrame } from './ui-dialog.mjs';
import { WidgetController } from './widget-controller.mjs';

const HOOKS = ['onSubmit', 'onSuccess', 'onError', 'transform', 'send'];

/** The configuration as the core checks it: functions as `true`, endpoint absolute. */
function toCoreConfig(config) {
  const out = JSON.parse(JSON.stringify(config, (key, value) => (typeof value === 'function' ? true : value)) ?? '{}');
  if (typeof out.endpoint === 'string' && out.endpoint) {
    try {
      out.endpoint = new URL(out.endpoint, location.href).href;
    } catch {
      // Left as given: the core names the key in its error.
    }
  }
  return out;
}

/**
 * The catalog of the interface language `uiLang` (language.mjs: one of its
 * LANGUAGES), the only one downloaded: {default: UI strings, issues: the
 * core's message table}.
 */
const loadCatalog = (uiLang) => import(`./messages-${uiLang}.mjs`);

/** Reports a failed download once, then passes the failure on. */
const failed = (what) => (err) => {
  console.error(`[Erratum] Could not load ${what}:`, err);
  throw err;
};

function describe(issues) {
  return issues.map((e) => `  ${e.path || '(config)'}: ${e.message}`).join('\n');
}

/**
 * @param {{config: object, lang: string, uiLang: string, compiled?: Promise<WebAssembly.Module>, catalog?: Promise<object>,
 *          frame?: Promise<object>}} options
 *        the merged configuration (with hook functions); uiLang: the
 *        interface language the loader picked (language.mjs), so that the
 *        trigger and the dialog follow one rule, and lang the tag it came
 *        from; compiled, catalog and frame: the wasm core being compiled, the
 *        catalog module (loadCatalog) and the dialog's host with its
 *        stylesheet (ui-dialog mountFrame), when the loader has already asked
 *        for them (it does, so that they download alongside this file)
 * @param {{fallback?: boolean}} [mode] fallback: when the core cannot load, resolve to a
 *        stand-in that says so on open and tries again (else reject)
 * @returns {Promise<WidgetController|object|null>} null when the configuration is invalid
 */
export async function createWidget({ config, lang, uiLang, compiled, catalog: catalogLoading, frame: framing }, { fallback = true } = {}) {
  const request = toCoreConfig(config);
  // The stylesheet downloads while the core does, too.
  const frame = framing ? await framing.catch(() => mountFrame()) : mountFrame();
  // The catalog downloads while the core does, so neither waits for the other.
  const catalog = (catalogLoading || loadCatalog(uiLang)).catch(failed(`the messages (messages-${uiLang}.mjs)`));
  let core, strings, issues;
  try {
    [core, { default: strings, issues }] = await Promise.all([loadCore({ compiled }).catch(failed('the core (erratum-core.wasm)')), catalog]);
    // The core's messages in the interface language: its only table.
    core.loadMessages(uiLang, issues);
  } catch (err) {
    frame.host.remove();
    if (!fallback) throw err;
    const { unavailableWidget } = await import('./widget-unavailable.mjs');
    const loaded = await catalog.then((m) => m.default, () => null);
    return unavailableWidget({ config, uiLang, catalog: loaded, load: () => createWidget({ config, lang, uiLang }, { fallback: false }) });
  }
  const checked = core.validateConfig(request, uiLang);
  if (!checked.ok) {
    const keys = [...new Set(checked.errors.map((e) => e.path || '(config)'))].join(', ');
    console.error(`[Erratum] Invalid configuration (${keys}); the widget is disabled.\n${describe(checked.errors)}`);
    frame.host.remove();
    return null;
  }
  if (checked.warnings?.length) console.warn(`[Erratum] Configuration warnings:\n${describe(checked.warnings)}`);
  const session = core.createSession();
  const configured = session.configure(request, uiLang);
  if (!configured.ok) {
    console.error(`[Erratum] The core refused the configuration:\n${describe(configured.errors)}`);
    session.dispose();
    frame.host.remove();
    return null;
  }
  const hooks = {};
  for (const name of HOOKS) if (typeof config[name] === 'function') hooks[name] = config[name];
  return new WidgetController({ core, session, config: configured.config, hooks, lang, uiLang, catalog: strings, version: core.version().version, frame });
}
