// What a page downloads for Erratum, compressed as a server would send it.
//
// The files are found by following references from the loader, not listed by
// hand, so a new module or asset is counted as soon as the code uses it:
// a string literal naming another file of dist/ is a reference; inside a
// dynamic import(...), the loader's importPart(...) (an import by URL from
// its asset folder) or a fetch(new URL(...)) it is loaded later (on open:
// the loader asks for the widget's files, the wasm core among them, only
// when the reader opens it or the page is idle), anywhere else it is loaded
// with the file that names it (static imports, new URL('x.css',
// import.meta.url), the wasm named by the Emscripten glue).
//
// The UI strings (with the core's messages) are one catalog per language
// (messages-<lang>.mjs), imported on open by a name the loader computes from
// the interface language, so no literal names them: every catalog of dist/
// is one, and opening downloads exactly one, so the opened group counts one,
// the largest (gzip). Any other dynamic import made by opened code
// (widget-unavailable.mjs, when the core fails) is not counted.
//
//   loader: erratum.js (classic tag) and what it loads at once: what every
//           page view costs, before the reader opens the widget;
//   opened: what opening the widget adds (JS, wasm, CSS);
//   everything: both, i.e. a page view where the widget is opened.
//
// Usage: node tests/bench/size.mjs [dist]   (prints a table; --json for JSON)

import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const LOADER_ENTRY = 'erratum.js';
/**
 * Budgets in bytes (1 KB = 1024 B), gzip -9: the loader's ceiling, and for
 * everything loaded on open a ceiling (asserted by the size test) and the
 * target below it (reported by the benchmark).
 */
export const BUDGET = { loaderGzip: 3 * 1024, everythingGzip: 100 * 1024, everythingTargetGzip: 90 * 1024 };

const SCANNED = /\.(m?js|css)$/;
const CATALOG = /^messages-[\w-]+\.mjs$/;
const LITERAL = /(['"`])(?:\.\/)?([\w.-]+\.(?:mjs|js|css|wasm))\1/g;
// What comes right before a literal that is loaded later: import(, .importPart( or fetch(new URL(.
const LATER = /(?:\bimport\(\s*|\.importPart\(\s*|\bfetch\(\s*new URL\(\s*)$/;

export function compressedSizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

/** {eager: [...], lazy: [...]}: the dist files `file` refers to. */
function references(dist, file, present) {
  const eager = new Set();
  const lazy = new Set();
  if (!SCANNED.test(file)) return { eager, lazy };
  const source = readFileSync(path.join(dist, file), 'utf8');
  for (const m of source.matchAll(LITERAL)) {
    const name = m[2];
    if (name === file || !present.has(name)) continue;
    const before = source.slice(Math.max(0, m.index - 24), m.index);
    (LATER.test(before) ? lazy : eager).add(name);
  }
  return { eager, lazy };
}

/** Files reachable from `roots` through eager references; `lazyOut` collects lazy ones. */
function closure(dist, roots, present, lazyOut) {
  const seen = new Set();
  const queue = [...roots];
  while (queue.length) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    const { eager, lazy } = references(dist, file, present);
    for (const f of eager) queue.push(f);
    for (const f of lazy) lazyOut.add(f);
  }
  return seen;
}

/**
 * The page's download, grouped. Returns {loader, opened, everything, catalogs}:
 * the groups each {files: [{name, raw, gzip, brotli}], raw, gzip, brotli};
 * catalogs: the language catalogs found, [{name, raw, gzip, brotli}], the one
 * counted in opened first.
 */
export function measureDist(dist) {
  if (!existsSync(path.join(dist, LOADER_ENTRY))) throw new Error(`${LOADER_ENTRY} not found in ${dist}`);
  const present = new Set(readdirSync(dist));
  const sizeOf = (name) => ({ name, ...compressedSizes(readFileSync(path.join(dist, name))) });
  // erratum.js imports erratum.mjs through new URL('erratum.mjs', script.src)
  // right away: the literal is found like any other eager reference.
  const lazy = new Set();
  const loader = closure(dist, [LOADER_ENTRY], present, lazy);
  const lazyRoots = [...lazy].filter((f) => !loader.has(f));
  const opening = closure(dist, [...loader, ...lazyRoots], present, new Set());
  const catalogs = [...present]
    .filter((f) => CATALOG.test(f))
    .map(sizeOf)
    .sort((a, b) => b.gzip - a.gzip || a.name.localeCompare(b.name));
  const roots = [...opening].filter((f) => !CATALOG.test(f));
  if (catalogs.length) roots.push(catalogs[0].name);
  const all = closure(dist, roots, present, new Set());
  const opened = [...all].filter((f) => !loader.has(f));
  const group = (names) => {
    const files = [...names].sort().map(sizeOf);
    const sum = (k) => files.reduce((s, f) => s + f[k], 0);
    return { files, raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') };
  };
  return { loader: group(loader), opened: group(opened), everything: group(all), catalogs };
}

const kb = (n) => (n / 1024).toFixed(1);

export function formatSizes(sizes) {
  const lines = ['| group | file | raw | gzip | brotli |', '| --- | --- | ---: | ---: | ---: |'];
  for (const key of ['loader', 'opened']) {
    for (const f of sizes[key].files) lines.push(`| ${key} | ${f.name} | ${f.raw} | ${f.gzip} | ${f.brotli} |`);
  }
  for (const key of ['loader', 'opened', 'everything']) {
    const g = sizes[key];
    lines.push(`| **${key}** | ${g.files.length} files | ${g.raw} | **${g.gzip}** (${kb(g.gzip)} KB) | ${g.brotli} (${kb(g.brotli)} KB) |`);
  }
  lines.push('');
  if (sizes.catalogs.length > 1) {
    const each = sizes.catalogs.map((c) => `${c.name} ${c.gzip} B`).join(', ');
    lines.push(`UI catalogs, one downloaded on open (gzip): ${each}; counted: ${sizes.catalogs[0].name}, the largest.`);
  }
  lines.push(
    `Budgets (gzip -9, 1 KB = 1024 B): loader ≤ ${kb(BUDGET.loaderGzip)} KB: ${kb(sizes.loader.gzip)} KB ` +
      `${sizes.loader.gzip <= BUDGET.loaderGzip ? 'OK' : 'OVER'}; everything ≤ ${kb(BUDGET.everythingGzip)} KB (ceiling): ` +
      `${kb(sizes.everything.gzip)} KB ${sizes.everything.gzip <= BUDGET.everythingGzip ? 'OK' : 'OVER'}, ` +
      `target < ${kb(BUDGET.everythingTargetGzip)} KB: ${sizes.everything.gzip < BUDGET.everythingTargetGzip ? 'met' : 'not met'}`,
  );
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const dist = path.resolve(args.find((a) => !a.startsWith('--')) || process.env.ERRATUM_WASM_DIST || path.join(repoRoot, 'build/wasm/dist'));
  const sizes = measureDist(dist);
  console.log(args.includes('--json') ? JSON.stringify(sizes, null, 2) : formatSizes(sizes));
}
