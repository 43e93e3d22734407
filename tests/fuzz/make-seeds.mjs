// Writes seed corpora for the fuzz targets from the shared test vectors
// (tests/vectors/*.json), each in its target's input format, so the fuzzers
// start from requests the core really answers instead of from nothing.
//
//   node tests/fuzz/make-seeds.mjs [out-dir]    (default: build/fuzz/seeds)
//
// Writes <out-dir>/<target>/<vector file>-<case>[-<n>] per target (document,
// config, report, article, diff, reanchor; the folder is emptied first) and prints
// how many seeds each target got. The formats follow tests/fuzz/fuzz_*.cpp:
//  - document: every request document of the vectors, as sent;
//  - config:   a validateConfig request, and its "config" member alone;
//  - report:   a validateReport request, and its "report" member alone;
//  - article:  a loadArticle request, optionally followed by 0x1E and a draft
//              part (a compose request, or {"anchors": [...]}), and the block
//              texts joined by NUL;
//  - diff:     original, NUL, corrected;
//  - reanchor: 7 header bytes (mode, error bound, 16-bit hint, quote length,
//              prefix and suffix lengths), then the text as UTF-16LE units.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.resolve(process.argv[2] || path.join(repoRoot, 'build/fuzz/seeds'));
// The fuzzers run with -max_len=4096: a longer seed would be cut, and a cut
// JSON document only tests the parser's "unexpected end".
const MAX_SEED_BYTES = 4096;
const RECORD_SEPARATOR = '\x1e';

const seeds = { document: new Map(), config: new Map(), report: new Map(), article: new Map(), diff: new Map(), reanchor: new Map() };

function add(target, name, content) {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  if (bytes.length === 0 || bytes.length > MAX_SEED_BYTES) return;
  for (const existing of seeds[target].values()) if (existing.equals(bytes)) return;
  seeds[target].set(name, bytes);
}

// The request as the vector runners send it: "raw" verbatim, else the JSON.
const requestText = (c) => (typeof c.raw === 'string' ? c.raw : JSON.stringify(c.request ?? {}));

// Close to the core's normalization (wasm/core/text.hpp), enough for seeds:
// invisible characters removed, whitespace runs collapsed, ends trimmed.
const normalize = (s) => s.replace(/[\u200b\u2060\ufeff\u00ad]/g, '').replace(/\s+/g, ' ').trim();

function articleText(blocks) {
  return blocks.map((b) => normalize(String(b.text ?? ''))).filter((t) => t).join('\n');
}

function reanchorSeed(text, exact, start, mode) {
  // A window of the text around the quote that fits the seed size (two bytes
  // per unit), with the hint and the quote's place moved along.
  const room = Math.floor((MAX_SEED_BYTES - 7) / 2) - exact.length;
  const from = Math.max(0, Math.min(start - Math.floor(room / 2), text.length - room));
  let window = text.slice(from, from + room);
  let hint = Math.min(start - from, 0xffff);
  const quoteLength = Math.min(exact.length, 255);
  if (!(mode & 2)) {
    // Without bit 1 the target takes the quote from the end of the units.
    window += exact.slice(0, quoteLength);
  }
  const header = Buffer.from([mode, 8 + Math.min(quoteLength >> 1, 247), hint & 0xff, hint >> 8, quoteLength, 32, 32]);
  const body = Buffer.alloc(window.length * 2);
  for (let i = 0; i < window.length; i++) body.writeUInt16LE(window.charCodeAt(i), 2 * i);
  return Buffer.concat([header, body]);
}

function fromReanchorCase(base, request) {
  const blocks = request.article?.blocks ?? [];
  add('article', `${base}`, JSON.stringify({ blocks }) + RECORD_SEPARATOR + JSON.stringify({ anchors: request.anchors ?? [] }));
  const text = articleText(blocks);
  (request.anchors ?? []).forEach((anchor, n) => {
    const quote = (anchor.selector ?? []).find((s) => s.type === 'TextQuoteSelector');
    const position = (anchor.selector ?? []).find((s) => s.type === 'TextPositionSelector');
    if (!quote?.exact) return;
    const exact = normalize(quote.exact);
    let start = text.indexOf(exact);
    if (start < 0) start = Math.min(position?.start ?? 0, text.length);
    // Quote cut from the text at the hint (damaged every 7 or 22 units), and
    // the quote appended after the text, both with the hint given.
    add('reanchor', `${base}-${n}-cut`, reanchorSeed(text, exact, start, 0x06));
    add('reanchor', `${base}-${n}-cut-light`, reanchorSeed(text, exact, start, 0xf6));
    add('reanchor', `${base}-${n}-tail`, reanchorSeed(text, exact, start, 0x04));
  });
}

function fromReport(base, report) {
  if (!report || typeof report !== 'object') return;
  add('report', `${base}-report`, JSON.stringify(report));
  for (const [n, item] of (Array.isArray(report.items) ? report.items : []).entries()) {
    if (typeof item?.original === 'string' && typeof item?.corrected === 'string')
      add('diff', `${base}-item${n}`, `${item.original}\0${item.corrected}`);
  }
}

function fromSession(base, steps) {
  let article = null; // the last loadArticle request text
  let blocks = [];
  steps.forEach((step, n) => {
    const name = `${base}-step${n}`;
    if (step.request !== undefined || step.raw !== undefined) add('document', name, requestText(step));
    if (step.call === 'configure') {
      add('config', name, requestText(step));
      if (step.request?.config !== undefined) add('config', `${name}-member`, JSON.stringify(step.request.config));
    } else if (step.call === 'loadArticle') {
      article = requestText(step);
      blocks = Array.isArray(step.request?.blocks) ? step.request.blocks : [];
      add('article', name, article);
      if (blocks.length) add('article', `${name}-nul`, blocks.map((b) => String(b.text ?? '')).join('\0'));
    } else if (step.call === 'compose' && article !== null) {
      add('article', name, article + RECORD_SEPARATOR + requestText(step));
      if (step.expect?.report) fromReport(name, step.expect.report);
    } else if (step.call === 'anchor' && article !== null && step.expect?.anchor) {
      add('article', name, article + RECORD_SEPARATOR + JSON.stringify({ anchors: [step.expect.anchor] }));
    }
  });
}

const vectorDir = path.join(repoRoot, 'tests/vectors');
for (const file of readdirSync(vectorDir).filter((f) => f.endsWith('.json')).sort()) {
  const cases = JSON.parse(readFileSync(path.join(vectorDir, file), 'utf8')).cases ?? [];
  cases.forEach((c, index) => {
    const base = `${path.basename(file, '.json')}-${index}`;
    if (c.request !== undefined || c.raw !== undefined) add('document', base, requestText(c));
    switch (c.call) {
      case 'validateConfig':
        add('config', base, requestText(c));
        if (c.request?.config !== undefined) add('config', `${base}-member`, JSON.stringify(c.request.config));
        break;
      case 'validateReport':
        add('report', base, requestText(c));
        fromReport(base, c.request?.report);
        break;
      case 'diff':
        if (c.request) add('diff', base, `${c.request.original ?? ''}\0${c.request.corrected ?? ''}`);
        break;
      case 'reanchor':
        if (c.request) fromReanchorCase(base, c.request);
        break;
      case 'normalize':
        // Page text: a one-block article, and a text diffed with its normalized form.
        if (typeof c.request?.text === 'string') {
          add('article', base, c.request.text);
          if (c.expect?.text !== undefined) add('diff', base, `${c.request.text}\0${c.expect.text}`);
        }
        break;
      case 'session':
        fromSession(base, c.steps ?? []);
        break;
    }
  });
}

const counts = [];
for (const [target, map] of Object.entries(seeds)) {
  const dir = path.join(outDir, target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of map) writeFileSync(path.join(dir, name), bytes);
  counts.push(`${target} ${map.size}`);
}
console.log(`fuzz seeds in ${path.relative(process.cwd(), outDir) || '.'}: ${counts.join(', ')}`);
