// Loads the built wasm core in node as tests/node/helpers.mjs does (the wasm
// bytes handed over: the glue is built for the web only), but keeps the
// Emscripten module at hand: the memory benchmark reads the size of the wasm
// heap, which js/core.mjs deliberately hides.

import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
export const distDir = path.resolve(process.env.ERRATUM_WASM_DIST || path.join(repoRoot, 'build/wasm/dist'));

export function haveDist() {
  return existsSync(path.join(distDir, 'erratum-core.wasm')) && existsSync(path.join(distDir, 'core.mjs'));
}

/** {core, module}: the typed API of js/core.mjs over a module whose heap the caller can see. */
export async function loadCoreWithModule() {
  const { default: createErratumCore } = await import(pathToFileURL(path.join(distDir, 'erratum-core.mjs')).href);
  const { ErratumCore } = await import(pathToFileURL(path.join(distDir, 'core.mjs')).href);
  const module = await createErratumCore({ wasmBinary: readFileSync(path.join(distDir, 'erratum-core.wasm')) });
  return { core: new ErratumCore(module), module };
}

/** Bytes of linear memory the wasm core holds (grows, never shrinks). */
export function heapBytes(module) {
  return module.HEAP8.buffer.byteLength;
}
