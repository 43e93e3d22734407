// Typed JS face of the wasm core. Hides the Emscripten Module: callers get
// plain objects, never pointers, numbers-as-errors or Embind handles.
//
// Every request crosses the boundary as one JSON document (JSON.stringify
// escapes lone surrogates, which the core then reports on the exact field),
// and every answer comes back as an envelope {ok, ...} parsed here.

import createErratumCore from './erratum-core.mjs';

/** An envelope for failures that happen on the JS side of the boundary. */
function failure(code, message) {
  return { ok: false, errors: [{ code, path: '', params: {}, message }] };
}

function call(fn, ...args) {
  try {
    return JSON.parse(fn(...args));
  } catch (err) {
    // A trap or abort inside wasm reaches JS as an exception; the module may
    // be unusable after it, so the caller is told plainly.
    return failure('core.crashed', `Erratum core failed: ${err && err.message ? err.message : err}`);
  }
}

// Requests go in as UTF-8 bytes: the native TextEncoder is much faster than
// Embind's per-character string encoder on megabyte-sized articles, and
// JSON.stringify has already escaped any lone surrogate, so nothing is lost.
const encoder = new TextEncoder();
const json = (value) => encoder.encode(JSON.stringify(value ?? null));

// TextEncoder turns a lone surrogate into U+FFFD (one UTF-16 unit for one),
// so two different lone surrogates would compare equal in the core; the diff
// is therefore taken, and sliced, on the well-formed strings.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const wellFormed = (s) =>
  typeof s.isWellFormed === 'function' ? (s.isWellFormed() ? s : s.toWellFormed()) : s.replace(LONE_SURROGATE, '\ufffd');
const OP_NAMES = ['equal', 'insert', 'delete'];
const PACKED_DIFF_HEADER = 5; // api::kPackedDiffHeader
// The answer is read in place, words[at .. end), not copied out first: nothing
// runs in wasm meanwhile, so the memory cannot change under it.
function unpackDiff(words, at, end, original, corrected) {
  if (end - at < PACKED_DIFF_HEADER) return failure('core.crashed', 'Erratum core failed: empty diff answer');
  const ops = [];
  for (let i = at + PACKED_DIFF_HEADER; i + 2 < end; i += 3) {
    const op = OP_NAMES[words[i]];
    ops.push({ op, text: (op === 'insert' ? corrected : original).slice(words[i + 1], words[i + 2]) });
  }
  const counts = {
    equal: words[at],
    inserted: words[at + 1],
    deleted: words[at + 2],
    wordsInserted: words[at + 3],
    wordsDeleted: words[at + 4],
  };
  return { ok: true, ops, counts };
}

// session.reanchor sends a batch packed (api::Session::reanchor_packed: a
// count, four words per anchor, then the UTF-8 strings) and reads the results
// in place; nothing when the JSON call has to answer instead (anchors of
// another shape, an anchor without a quote, no article loaded). The selector
// fields the JSON call reads are read as it reads them; a lone surrogate goes
// as the U+FDD0 the JSON reader makes of its escape.
function reanchorPacked(m, handle, anchors) {
  if (!Array.isArray(anchors)) return;
  const packed = []; // start (-1: none), exact, prefix, suffix per anchor
  let room = 4 + 16 * anchors.length;
  for (const { selector } of anchors) {
    let start = -1;
    let exact;
    let prefix = '';
    let suffix = '';
    if (!Array.isArray(selector)) return;
    for (const s of selector) {
      if (s.type === 'TextQuoteSelector' && typeof s.exact === 'string') {
        exact = s.exact;
        if (typeof s.prefix === 'string') prefix = s.prefix;
        if (typeof s.suffix === 'string') suffix = s.suffix;
      } else if (s.type === 'TextPositionSelector' && Number.isInteger(s.start) && s.start >= 0 && s.start <= 4e9) {
        start = s.start;
      }
    }
    if (exact === undefined) return;
    room += 3 * (exact.length + prefix.length + suffix.length);
    packed.push(start, exact, prefix, suffix);
  }
  const at = m.reanchorBuffer(room);
  if (!at) return;
  const heap = m.HEAPU8; // read after the call: growing memory replaces the views
  const words = m.HEAPU32;
  let w = at >>> 2;
  let end = at + 4 + 16 * anchors.length;
  words[w++] = anchors.length;
  for (const v of packed) {
    if (typeof v === 'number') words[w++] = v;
    else end += words[w++] = encoder.encodeInto(v.replace(LONE_SURROGATE, '\ufdd0'), heap.subarray(end, at + room)).written;
  }
  const out = m.sessionReanchorPacked(handle, end - at) >>> 3;
  if (!out) return;
  const f = m.HEAPF64;
  const results = [];
  for (let i = out; i < out + 7 * anchors.length; i += 7) {
    results.push({ found: !!f[i], exact: !!f[i + 1], start: f[i + 2], end: f[i + 3], score: f[i + 4], errors: f[i + 5], block: f[i + 6] });
  }
  return { ok: true, results };
}

// The core's diff input buffer of each module, {at, half, heap, original,
// corrected}: its address, and the views both texts are encoded through,
// `original` on its first `half` bytes and `corrected` on the next `half`
// (3 UTF-8 bytes per UTF-16 unit at most). The buffer is asked for again
// only when a text needs more room, since it moves only when it grows; the
// views are made again only when growing memory replaces `heap`, the
// HEAPU8 they view. Kept per module, not per ErratumCore, because two
// ErratumCore objects over one module share the buffer.
const diffInputs = new WeakMap();
// Room for this many more UTF-16 units per text, so that a correction that
// grows as the reader types does not ask for a new buffer on every pause.
const DIFF_INPUT_SLACK = 512;

/**
 * Loads and instantiates the wasm core.
 * @param {{wasmBinary?: ArrayBuffer|Uint8Array, locateFile?: (name: string) => string,
 *          compiled?: Promise<WebAssembly.Module>}} [options]
 *        compiled: the core already being compiled (streamed by the loader while
 *        other files download); if it fails, the glue fetches the wasm itself
 *        and reports what went wrong
 * @returns {Promise<ErratumCore>}
 */
export async function loadCore({ compiled, ...options } = {}) {
  const wasm = compiled ? await compiled.catch(() => null) : null;
  const module = await new Promise((resolve, reject) => {
    // The glue calls instantiateWasm instead of fetching; an instantiation
    // that fails rejects here (the glue has no way to hear of it).
    const instantiateWasm = (imports, receive) => {
      WebAssembly.instantiate(wasm, imports).then((instance) => receive(instance, wasm), reject);
      return {};
    };
    createErratumCore(wasm ? { ...options, instantiateWasm } : { ...options }).then(resolve, reject);
  });
  return new ErratumCore(module);
}

export class ErratumCore {
  #m;
  constructor(module) {
    this.#m = module;
  }

  version() {
    return call(this.#m.version);
  }
  validateConfig(config, lang = 'en') {
    return call(this.#m.validateConfig, json({ config, lang }));
  }
  /**
   * Word diff of two strings: {ok, ops: [{op: 'equal'|'insert'|'delete', text}], counts}.
   * Strings cross as UTF-8 and the answer as offsets into them (no JSON),
   * since the widget diffs on every pause in typing; anything else goes the
   * JSON way and gets the core's own type errors.
   */
  diff(original, corrected) {
    if (typeof original !== 'string' || typeof corrected !== 'string') {
      return call(this.#m.diff, json({ original, corrected }));
    }
    original = wellFormed(original);
    corrected = wellFormed(corrected);
    // Both strings are encoded straight into the core's input buffer; the
    // answer is read out of wasm memory before anything else can run.
    const m = this.#m;
    try {
      const half = 3 * Math.max(original.length, corrected.length);
      let input = diffInputs.get(m);
      if (!input || half > input.half) {
        const room = half + 3 * DIFF_INPUT_SLACK;
        input = { at: m.diffBuffer(2 * room), half: room, heap: null };
        diffInputs.set(m, input);
      }
      if (input.heap !== m.HEAPU8) {
        // Read after any call: growing memory replaces the view.
        const heap = (input.heap = m.HEAPU8);
        input.original = heap.subarray(input.at, input.at + input.half);
        input.corrected = heap.subarray(input.at + input.half, input.at + 2 * input.half);
      }
      const originalBytes = encoder.encodeInto(original, input.original).written;
      const correctedBytes = encoder.encodeInto(corrected, input.corrected).written;
      const out = m.diffInBuffer(originalBytes, input.half, correctedBytes) >>> 2;
      const words = m.HEAPU32;
      return unpackDiff(words, out + 1, out + 1 + words[out], original, corrected);
    } catch (err) {
      return failure('core.crashed', `Erratum core failed: ${err && err.message ? err.message : err}`);
    }
  }
  validateReport(report, config = undefined, lang = 'en') {
    return call(this.#m.validateReport, json({ report, config, lang }));
  }
  reanchor(article, anchors) {
    return call(this.#m.reanchor, json({ article, anchors }));
  }
  normalize(text) {
    return call(this.#m.normalize, json({ text }));
  }
  /**
   * Gives the core the message table of a language ({code: template}, as the
   * `issues` export of messages-<lang>.mjs holds it): answers to requests in
   * that language (any of its tags) then carry its messages. The core has no
   * built-in messages: without a table of the request's language or English,
   * a message is its code.
   */
  loadMessages(lang, messages) {
    return call(this.#m.loadMessages, json({ lang, messages }));
  }
  createSession() {
    return new ErratumSession(this.#m);
  }
}

// A session lives in the core's registry (wasm/bindings) under an integer
// handle; this object owns the handle until dispose().
export class ErratumSession {
  #m;
  #handle;
  constructor(module) {
    this.#m = module;
    this.#handle = module.sessionCreate();
  }
  #call(method, ...args) {
    if (!this.#handle) return failure('session.disposed', 'Session already disposed');
    return call(this.#m['session' + method[0].toUpperCase() + method.slice(1)], this.#handle, ...args);
  }

  /** @param {object} config @param {string} lang */
  configure(config, lang = 'en') {
    return this.#call('configure', json({ config, lang }));
  }
  /** @param {{text: string, kind?: string, id?: string}[]} blocks */
  loadArticle(blocks) {
    return this.#call('loadArticle', json({ blocks }));
  }
  toggle(index) {
    return this.#call('toggle', index | 0);
  }
  select(index) {
    return this.#call('select', index | 0);
  }
  deselect(index) {
    return this.#call('deselect', index | 0);
  }
  clear() {
    return this.#call('clear');
  }
  selection() {
    return this.#call('selection');
  }
  /**
   * @param {number} block
   * @param {{start: number, end: number}} [range] UTF-16 offsets in the block's original text (a DOM range)
   * @param {string} [quote] the phrase the reader selected in that block
   */
  anchor(block, range = undefined, quote = undefined) {
    return this.#call('anchor', json({ block, range, quote }));
  }
  reanchor(anchors) {
    let packed;
    // The reader's widget never re-anchors: its bundle defines this
    // (scripts/dist-js.sh), which leaves the packed path out of what a
    // reader downloads.
    if (globalThis.ERRATUM_WIDGET_BUNDLE !== true) {
      try {
        packed = this.#handle && reanchorPacked(this.#m, this.#handle, anchors);
      } catch {
        // An anchor the packing cannot read (null, a selector of null...):
        // the JSON call answers it, with its error.
      }
    }
    return packed || this.#call('reanchor', json({ anchors }));
  }
  compose(draft) {
    return this.#call('compose', json(draft));
  }
  dispose() {
    if (this.#handle) {
      this.#m.sessionDelete(this.#handle);
      this.#handle = 0;
    }
  }
}
