// Raw calls into the wasm core for the tests: a JSON text goes in as is and
// the envelope comes back parsed. The shared vectors send invalid or odd JSON
// that no typed call of js/core.mjs can produce, and js/core.mjs ships to
// browsers, so the raw way in lives here and nowhere in the product.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { distDir, loadMessageTables, loadTestModule } from './helpers.mjs';

const encoder = new TextEncoder();
const FREE_CALLS = new Set(['version', 'validateConfig', 'diff', 'validateReport', 'reanchor', 'normalize', 'loadMessages']);
const SESSION_TEXT_CALLS = new Set(['configure', 'loadArticle', 'anchor', 'reanchor', 'compose']);

/**
 * One Emscripten module with both faces over it: the typed core (the built
 * core.mjs) and raw calls, so a test can mix typed and raw calls in one
 * session; every message table is loaded, from the browser's catalogs.
 * @returns {Promise<{core: import('../../js/core.mjs').ErratumCore,
 *   createSession: () => {session: import('../../js/core.mjs').ErratumSession, handle: number},
 *   rawCall: (name: string, text: string) => object,
 *   rawSessionCall: (handle: number, method: string, text: string) => object}>}
 */
export async function loadRawCore() {
  const { ErratumCore } = await import(pathToFileURL(path.join(distDir, 'core.mjs')).href);
  const module = await loadTestModule();
  // An ErratumSession keeps its registry handle private; the typed core runs
  // over a view of the module that notes each handle it creates, so raw
  // session calls can reach the same session. Everything else (the calls,
  // the heap views that memory growth replaces) is read through to the module.
  let created = 0;
  const view = Object.create(module, {
    sessionCreate: { value: () => (created = module.sessionCreate()) },
  });
  const core = await loadMessageTables(new ErratumCore(view));
  return {
    core,
    createSession() {
      const session = core.createSession();
      return { session, handle: created };
    },
    /** A free core call by name with a JSON text (version takes none). */
    rawCall(name, text) {
      if (!FREE_CALLS.has(name)) throw new Error(`no free core call named ${name}`);
      return JSON.parse(name === 'version' ? module.version() : module[name](encoder.encode(String(text))));
    },
    /** A session call that takes a JSON text, on the session with this handle. */
    rawSessionCall(handle, method, text) {
      if (!SESSION_TEXT_CALLS.has(method)) throw new Error(`no session call named ${method} that takes a text`);
      const fn = module['session' + method[0].toUpperCase() + method.slice(1)];
      return JSON.parse(fn(handle, encoder.encode(String(text))));
    },
  };
}
