// 1. Word diff: Erratum's core.diff (strings in, ops out as the widget gets
// them, the JS↔wasm boundary included) against jsdiff's diffWordsWithSpace
// (the like-for-like peer: white space runs are tokens, the texts are rebuilt
// exactly), jsdiff's diffWords (the common call) and diff-match-patch in word
// mode.
//
// Headline inputs: every paragraph of ≥ 20 words of the shared corpus's
// articles (real text, corpus.mjs), each with 1 and with 5 reader-like edits
// (edits.mjs, seeded). The same paragraphs split by length are extra rows, and
// so is one synthetic 3,015-word paragraph with 5 % of its words edited (151
// edits), far longer and more edited than what readers send: it shows how
// the engines scale, not what a reader waits for.
//
// A row's inputs are cycled within each timed batch (one batch = one pass
// over all of them, every contender the same pass), so a row's time is the
// mean per paragraph of a pass; the row's figure is the median over passes.

import { createRandom, paragraph, countWords as syntheticWords } from './french-text.mjs';
import { realParagraphs } from './corpus.mjs';
import { edit } from './edits.mjs';
import { editCount, checkParts } from './word-tokens.mjs';
import { jsdiffWords, jsdiffWordsWithSpace, jsdiffParts, dmpWords, dmpParts, erratumParts } from './peers.mjs';
import { compare, summarize, now } from './timing.mjs';

const EDITS = [1, 5];
const MIN_WORDS = 20;
const BANDS = [
  { label: '20–59 words', from: 20, to: 59 },
  { label: '60–119 words', from: 60, to: 119 },
  { label: '≥ 120 words', from: 120, to: Infinity },
];
export const PEERS = ['diffWordsWithSpace', 'diffWords', 'dmp'];

const ENGINES = {
  erratum: { run: (core, a, b) => core.diff(a, b), parts: erratumParts, size: (out) => out.ops.length },
  diffWordsWithSpace: { run: (core, a, b) => jsdiffWordsWithSpace(a, b), parts: jsdiffParts, size: (out) => out.length },
  diffWords: { run: (core, a, b) => jsdiffWords(a, b), parts: jsdiffParts, size: (out) => out.length },
  dmp: { run: (core, a, b) => dmpWords(a, b), parts: dmpParts, size: (out) => out.length },
};

const median = (values) => summarize(values).median;

// The synthetic extra row: the generator's 3,000-word paragraph (3,015
// words) with 5 % of its words edited, drawn after the 80- and 400-word
// paragraphs from the same seeded sequence, so it is the same input on every
// machine and in every earlier report.
function syntheticRow(seed) {
  const random = createRandom(seed);
  let input = null;
  for (const size of [80, 400, 3000]) {
    const original = paragraph(random, size);
    const words = syntheticWords(original);
    for (const edits of [1, 5, Math.round(words * 0.05)]) input = { original, corrected: edit(original, edits, random), words, edits };
  }
  return {
    case: `synthetic ${input.words.toLocaleString('en')} words, ${input.edits} edits (5 %)`,
    headline: false,
    kind: 'synthetic',
    edits: input.edits,
    inputs: [input],
  };
}

/** The benchmark's rows of inputs: [{case, headline, kind, edits, inputs: [{original, corrected, words}]}]. */
export function diffRows(seed = 2024) {
  const paragraphs = realParagraphs(MIN_WORDS);
  const rows = [];
  const articles = new Set(paragraphs.map((p) => p.article)).size;
  for (const edits of EDITS) {
    const random = createRandom(seed + edits);
    const inputs = paragraphs.map((p) => ({ original: p.text, corrected: edit(p.text, edits, random), words: p.words }));
    const label = edits === 1 ? '1 edit' : `${edits} edits`;
    if (inputs.length) rows.push({ case: `real paragraphs, ${label}`, headline: true, kind: 'real', edits, articles, inputs });
    for (const band of BANDS) {
      const some = inputs.filter((i) => i.words >= band.from && i.words <= band.to);
      if (some.length) rows.push({ case: `real, ${band.label}, ${label}`, headline: false, kind: 'real', edits, articles, inputs: some });
    }
  }
  rows.push(syntheticRow(seed));
  return rows;
}

// Where Erratum's time goes, per input (medians over passes), along the path
// core.diff() takes: encoding both strings into the core's input buffer
// (TextEncoder.encodeInto), the wasm call (tokenizer + Myers, spans out),
// building the ops from the spans, and the whole call on a one-word input
// (fixed cost). Also the JSON call (api::diff, what the collector uses) for
// comparison. `module` is the Emscripten module the core wraps.
function breakdown(core, module, inputs, budgetMs) {
  const encoder = new TextEncoder();
  const requests = inputs.map(({ original, corrected }) => JSON.stringify({ original, corrected }));
  const parts = { encode: [], wasm: [], ops: [], emptyCall: [], json: [] };
  const until = now() + budgetMs;
  let sink = 0;
  while (now() < until || parts.wasm.length < 5) {
    const pass = { encode: 0, wasm: 0, ops: 0, emptyCall: 0, json: 0 };
    inputs.forEach(({ original, corrected }, n) => {
      let t = now();
      const room = 3 * (original.length + corrected.length);
      const at = module.diffBuffer(room);
      const heap = module.HEAPU8;
      const a = encoder.encodeInto(original, heap.subarray(at, at + 3 * original.length)).written;
      const b = encoder.encodeInto(corrected, heap.subarray(at + a, at + room)).written;
      pass.encode += now() - t;
      t = now();
      const out = module.diffInBuffer(a, a, b) >>> 2;
      const words = module.HEAPU32.slice(out + 1, out + 1 + module.HEAPU32[out]);
      pass.wasm += now() - t;
      t = now();
      for (let i = 5; i + 2 < words.length; i += 3) sink += (words[i] === 1 ? corrected : original).slice(words[i + 1], words[i + 2]).length;
      pass.ops += now() - t;
      t = now();
      sink += core.diff('a', 'b').ops.length;
      pass.emptyCall += now() - t;
      t = now();
      sink += JSON.parse(module.diff(requests[n])).ops.length;
      pass.json += now() - t;
    });
    for (const k of Object.keys(parts)) parts[k].push(pass[k] / inputs.length);
  }
  const inputBytes = median(requests.map((r) => r.length));
  return { ...Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, median(v)])), inputBytes, sink };
}

// Every engine's output on every input, checked once: edit counts (visible
// tokens inserted + deleted, one tokenizer for all) and whether the parts
// rebuild both texts.
function check(core, inputs) {
  const editCounts = Object.fromEntries(Object.keys(ENGINES).map((k) => [k, 0]));
  const notRebuilt = Object.fromEntries(Object.keys(ENGINES).map((k) => [k, 0]));
  const largerThan = Object.fromEntries(PEERS.map((k) => [k, 0]));
  const examples = [];
  for (const { original, corrected } of inputs) {
    const counts = {};
    for (const [name, engine] of Object.entries(ENGINES)) {
      const parts = engine.parts(engine.run(core, original, corrected));
      counts[name] = editCount(parts);
      editCounts[name] += counts[name];
      const problem = checkParts(parts, original, corrected);
      if (problem) {
        notRebuilt[name]++;
        if (name === 'erratum' && examples.length < 3) examples.push(`erratum: ${problem} (“${original.slice(0, 40)}…”)`);
      }
    }
    for (const peer of PEERS) {
      if (counts.erratum > counts[peer]) {
        largerThan[peer]++;
        if (examples.length < 3) examples.push(`${counts.erratum} edits where ${peer} has ${counts[peer]} (“${original.slice(0, 40)}…”)`);
      }
    }
  }
  return { editCounts, notRebuilt, largerThan, examples };
}

export function runDiffBench({ core, module, budgetMs = 3000, log = () => {} }) {
  const rows = [];
  for (const spec of diffRows()) {
    const { inputs } = spec;
    const checked = check(core, inputs);
    let sink = 0;
    const passes = Object.fromEntries(
      Object.entries(ENGINES).map(([name, engine]) => [
        name,
        () => {
          for (const { original, corrected } of inputs) sink += engine.size(engine.run(core, original, corrected));
        },
      ]),
    );
    const times = compare(passes, { budgetMs: spec.headline ? budgetMs : budgetMs / 2, sampleMs: 4, minSamples: 11 });
    // Per paragraph.
    for (const t of Object.values(times)) for (const k of ['median', 'p10', 'p90']) t[k] /= inputs.length;
    const row = {
      case: spec.case,
      headline: spec.headline,
      kind: spec.kind,
      edits: spec.edits,
      articles: spec.articles,
      inputs: inputs.length,
      medianWords: median(inputs.map((i) => i.words)),
      medianChars: median(inputs.map((i) => i.original.length)),
      times,
      ratio: Object.fromEntries(PEERS.map((p) => [p, times[p].median / times.erratum.median])),
      ...checked,
      editCountOk: PEERS.every((p) => checked.largerThan[p] === 0),
      rebuiltOk: checked.notRebuilt.erratum === 0,
      breakdown: breakdown(core, module, inputs, Math.min(400, budgetMs / 4)),
      sink,
    };
    log(
      `diff ${row.case} (${row.inputs} inputs): erratum ${times.erratum.median.toFixed(4)} ms; ` +
        PEERS.map((p) => `${p} ${times[p].median.toFixed(4)} ms (x${row.ratio[p].toFixed(1)})`).join(', ') +
        `; edits ${Object.values(row.editCounts).join('/')}`,
    );
    rows.push(row);
  }
  return rows;
}
