// 1. Word diff: Erratum's core.diff (strings in, ops out as the widget gets
// them, the JS↔wasm boundary included) against jsdiff's diffWords
// and diff-match-patch in word mode, on paragraphs of ~80, ~400 and ~3,000
// words with 1 edit, 5 edits and 5 % of the words edited.

import { createRandom, paragraph, countWords } from './french-text.mjs';
import { edit } from './edits.mjs';
import { editCount, checkParts } from './word-tokens.mjs';
import { jsdiffWords, jsdiffParts, dmpWords, dmpParts, erratumParts } from './peers.mjs';
import { compare, summarize, now } from './timing.mjs';

const SIZES = [80, 400, 3000];
const EDITS = [
  { label: '1 edit', count: () => 1 },
  { label: '5 edits', count: () => 5 },
  { label: '5 % of words', count: (words) => Math.round(words * 0.05) },
];

export function diffInputs(seed = 2024) {
  const random = createRandom(seed);
  const inputs = [];
  for (const size of SIZES) {
    const original = paragraph(random, size);
    const words = countWords(original);
    for (const e of EDITS) {
      const edits = e.count(words);
      inputs.push({ size, words, edits, label: e.label, original, corrected: edit(original, edits, random) });
    }
  }
  return inputs;
}

// Where Erratum's time goes on one input, along the path core.diff() takes:
// encoding both strings into the core's input buffer (TextEncoder.encodeInto),
// the wasm call (tokenizer + Myers, spans out), building the ops from the
// spans, and the whole call on a one-word input (fixed cost). Also the JSON
// call (api::diff, what the collector uses) for comparison. `module` is the
// Emscripten module the core wraps.
function breakdown(core, module, input, budgetMs) {
  const encoder = new TextEncoder();
  const { original, corrected } = input;
  const request = JSON.stringify({ original, corrected });
  const parts = { encode: [], wasm: [], ops: [], emptyCall: [], json: [] };
  const until = now() + budgetMs;
  let sink = 0;
  while (now() < until || parts.wasm.length < 11) {
    let t = now();
    const room = 3 * (original.length + corrected.length);
    const at = module.diffBuffer(room);
    const heap = module.HEAPU8;
    const a = encoder.encodeInto(original, heap.subarray(at, at + 3 * original.length)).written;
    const b = encoder.encodeInto(corrected, heap.subarray(at + a, at + room)).written;
    parts.encode.push(now() - t);
    t = now();
    const out = module.diffInBuffer(a, b) >>> 2;
    const words = module.HEAPU32.slice(out + 1, out + 1 + module.HEAPU32[out]);
    parts.wasm.push(now() - t);
    t = now();
    for (let i = 5; i + 2 < words.length; i += 3) sink += (words[i] === 1 ? corrected : original).slice(words[i + 1], words[i + 2]).length;
    parts.ops.push(now() - t);
    t = now();
    sink += core.diff('a', 'b').ops.length;
    parts.emptyCall.push(now() - t);
    t = now();
    sink += JSON.parse(module.diff(request)).ops.length;
    parts.json.push(now() - t);
  }
  return { ...Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, summarize(v).median])), inputBytes: request.length, sink };
}

export function runDiffBench({ core, module, budgetMs = 1500, log = () => {} }) {
  const rows = [];
  for (const input of diffInputs()) {
    const { original, corrected } = input;
    const outputs = {
      erratum: erratumParts(core.diff(original, corrected)),
      jsdiff: jsdiffParts(jsdiffWords(original, corrected)),
      dmp: dmpParts(dmpWords(original, corrected)),
    };
    const editCounts = Object.fromEntries(Object.entries(outputs).map(([k, parts]) => [k, editCount(parts)]));
    const problems = Object.entries(outputs)
      .map(([k, parts]) => [k, checkParts(parts, original, corrected)])
      .filter(([, p]) => p)
      .map(([k, p]) => `${k}: ${p}`);
    let sink = 0;
    const times = compare(
      {
        erratum: () => (sink += core.diff(original, corrected).ops.length),
        jsdiff: () => (sink += jsdiffWords(original, corrected).length),
        dmp: () => (sink += dmpWords(original, corrected).length),
      },
      { budgetMs },
    );
    const row = {
      case: `${input.words} words, ${input.label}`,
      words: input.words,
      edits: input.edits,
      chars: original.length,
      times,
      ratio: { jsdiff: times.jsdiff.median / times.erratum.median, dmp: times.dmp.median / times.erratum.median },
      editCounts,
      editCountOk: editCounts.erratum <= editCounts.jsdiff && editCounts.erratum <= editCounts.dmp,
      problems,
      breakdown: breakdown(core, module, input, Math.min(400, budgetMs / 3)),
      sink,
    };
    log(
      `diff ${row.case}: erratum ${row.times.erratum.median.toFixed(4)} ms, jsdiff ${row.times.jsdiff.median.toFixed(4)} ms ` +
        `(x${row.ratio.jsdiff.toFixed(1)}), dmp ${row.times.dmp.median.toFixed(4)} ms (x${row.ratio.dmp.toFixed(1)}); ` +
        `edits ${editCounts.erratum}/${editCounts.jsdiff}/${editCounts.dmp}`,
    );
    rows.push(row);
  }
  return rows;
}
