// 3. Indexing in node: the core's article call (session.loadArticle), as the
// widget makes it on open, for synthetic articles of 200, 2,000 and 20,000
// paragraphs (~60 words each). The ratios between sizes tell whether the cost
// grows linearly (10× the paragraphs should cost ~10×).

import { article } from './french-text.mjs';
import { compare, now, summarize } from './timing.mjs';

export const INDEX_SIZES = [200, 2000, 20000];
const WORDS_PER_PARAGRAPH = 60;

export function indexArticle(paragraphs) {
  return article(paragraphs, paragraphs, WORDS_PER_PARAGRAPH).map((text, i) => ({ text, kind: 'paragraph', id: `p${i}` }));
}

// Where the time goes for one size: the request's JSON text, the wasm call
// (copy in, parse, normalize and hash every block, summary JSON out), and
// parsing the answer. `module` is the Emscripten module the core wraps.
function breakdown(module, blocks, rounds) {
  const session = module.sessionCreate();
  const parts = { stringify: [], wasm: [], parse: [] };
  try {
    for (let i = 0; i < rounds; i++) {
      let t = now();
      const request = JSON.stringify({ blocks });
      parts.stringify.push(now() - t);
      t = now();
      const response = module.sessionLoadArticle(session, request);
      parts.wasm.push(now() - t);
      t = now();
      JSON.parse(response);
      parts.parse.push(now() - t);
    }
  } finally {
    module.sessionDelete(session);
  }
  return Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, summarize(v).median]));
}

export function runIndexBench({ core, module, budgetMs = 3000, log = () => {} }) {
  const rows = [];
  for (const paragraphs of INDEX_SIZES) {
    const blocks = indexArticle(paragraphs);
    const chars = blocks.reduce((s, b) => s + b.text.length, 0);
    const session = core.createSession();
    const first = session.loadArticle(blocks);
    if (!first.ok || first.blocks.length !== paragraphs) throw new Error(`loadArticle(${paragraphs}) failed: ${JSON.stringify(first.errors)}`);
    let sink = 0;
    const times = compare(
      { loadArticle: () => (sink += session.loadArticle(blocks).blocks.length) },
      { budgetMs, sampleMs: 1, minSamples: paragraphs >= 20000 ? 5 : 9, warmupMs: 100 },
    );
    session.dispose();
    const row = {
      paragraphs,
      chars,
      times,
      perParagraphUs: (times.loadArticle.median * 1000) / paragraphs,
      breakdown: breakdown(module, blocks, paragraphs >= 20000 ? 3 : 7),
      sink,
    };
    log(`index ${paragraphs} paragraphs (${chars} chars): ${times.loadArticle.median.toFixed(2)} ms, ${row.perParagraphUs.toFixed(1)} µs/paragraph`);
    rows.push(row);
  }
  for (let i = 1; i < rows.length; i++) rows[i].ratioToPrevious = rows[i].times.loadArticle.median / rows[i - 1].times.loadArticle.median;
  return rows;
}
