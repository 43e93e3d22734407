// Loads the built wasm core in node for the tests. The module is the browser
// build (ES module, web only: the glue has no node branch), so node hands it
// the wasm bytes directly instead of letting it fetch a file path.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
export const distDir = path.resolve(process.env.ERRATUM_WASM_DIST || path.join(repoRoot, 'build/wasm/dist'));

const wasmBinary = () => readFileSync(path.join(distDir, 'erratum-core.wasm'));

/** The built catalog of each language (dist/messages-<code>.mjs): {code: {default, issues}}. */
export async function loadCatalogs() {
  const { LANGUAGES } = await import('../../js/language.mjs');
  const modules = await Promise.all(LANGUAGES.map((code) => import(pathToFileURL(path.join(distDir, `messages-${code}.mjs`)).href)));
  return Object.fromEntries(LANGUAGES.map((code, i) => [code, modules[i]]));
}

/**
 * Gives `core` every language's message table, from the catalogs the
 * browser downloads (the core has none built in).
 */
export async function loadMessageTables(core) {
  for (const [code, catalog] of Object.entries(await loadCatalogs())) {
    const loaded = core.loadMessages(code, catalog.issues);
    if (!loaded.ok) throw new Error(`the ${code} message table was refused: ${JSON.stringify(loaded.errors)}`);
  }
  return core;
}

/** @returns {Promise<import('../../js/core.mjs').ErratumCore>} with every message table */
export async function loadTestCore() {
  const { loadCore } = await import(pathToFileURL(path.join(distDir, 'core.mjs')).href);
  return loadMessageTables(await loadCore({ wasmBinary: wasmBinary() }));
}

/** A new Emscripten module, for tests of what js/core.mjs hides (the bindings, shared modules). */
export async function loadTestModule() {
  const { default: createErratumCore } = await import(pathToFileURL(path.join(distDir, 'erratum-core.mjs')).href);
  return createErratumCore({ wasmBinary: wasmBinary() });
}

export function readVectors() {
  const dir = path.join(repoRoot, 'tests/vectors');
  return import('node:fs').then(({ readdirSync }) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .flatMap((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')).cases.map((c) => ({ file: f, ...c }))),
  );
}

/** "" when `actual` matches `expected` (objects by listed keys, arrays whole), else where it differs. */
export function mismatch(expected, actual, at = 'response') {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${at}: expected an object, got ${JSON.stringify(actual)}`;
    for (const key of Object.keys(expected)) {
      if (!(key in actual)) return `${at}.${key}: missing`;
      const m = mismatch(expected[key], actual[key], `${at}.${key}`);
      if (m) return m;
    }
    return '';
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      return `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const m = mismatch(expected[i], actual[i], `${at}[${i}]`);
      if (m) return m;
    }
    return '';
  }
  return Object.is(expected, actual) ? '' : `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}
