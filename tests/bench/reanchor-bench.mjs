// 2. Re-anchoring: quotes of 30, 64 and 300 characters, with 32-unit
// prefix/suffix, found again in three articles: two real ones from the shared
// corpus (lemonde-1, ~10,000 characters; wikipedia-2, ~57,000) and the
// synthetic 200-paragraph one (~396,000). Five cases, each with 5 quotes in
// 5 different paragraphs:
//   verbatim, in place     the article unchanged, the position selector right;
//   verbatim, shifted      an update note added at the top moved every quote:
//                          the position selector is stale;
//   edited, right hint     ~10 % of each quote's characters edited, the
//                          position selector's start where the quote now starts;
//   edited, no hint        the same, without a position selector;
//   edited, wrong hint     the same, the position selector half an article away.
// Erratum with the article already loaded (session.reanchor, the case's 5
// anchors in one call) and including the load (core.reanchor with the
// article and the 5 anchors), against the Hypothesis pipeline (anchor() of
// match-quote.mjs: the position selector checked first, then matchQuote), per
// anchor. Both work on the same text: the article's blocks as the core
// normalizes them, joined by \n. Both must pick the same location; the
// one-anchor-per-call results are checked against the batched ones.

import { createRandom, article } from './french-text.mjs';
import { corpusArticle } from './corpus.mjs';
import { anchor as hypothesisAnchor } from './match-quote.mjs';
import { compare } from './timing.mjs';

export const QUOTE_LENGTHS = [30, 64, 300];
const CONTEXT = 32;
const ANCHORS_PER_CASE = 5;
const EDIT_SHARE = 0.1;
const LETTERS = 'abcdefghijlmnopqrstuvéèàêç';
// What an editor adds at the top of an article once it is out.
const UPDATE_NOTE = 'Mise à jour : cet article a été modifié après sa publication pour préciser deux chiffres. ';

export const CASES = [
  { key: 'verbatim', label: 'verbatim, in place', edited: false },
  { key: 'shifted', label: 'verbatim, shifted by an edit above', edited: false },
  { key: 'editedHint', label: 'edited, right hint', edited: true },
  { key: 'editedNoHint', label: 'edited, no hint', edited: true },
  { key: 'editedWrongHint', label: 'edited, wrong hint', edited: true },
];

/** The article's text as the core sees it (normalized blocks joined by \n), from loadArticle's answer. */
function articleText(loaded) {
  const text = loaded.blocks.map((b) => b.text).join('\n');
  for (const b of loaded.blocks) {
    if (text.slice(b.start, b.end) !== b.text) throw new Error(`block ${b.index}: offsets do not match the joined text`);
  }
  return text;
}

/**
 * The benchmark's articles, as blocks the core leaves as they are (each
 * paragraph normalized by the core once), so that its text and the one the
 * Hypothesis pipeline searches are the same string.
 */
export function reanchorArticles(core) {
  const sources = [
    { name: 'lemonde-1 (corpus)', paragraphs: corpusArticle('lemonde-1') },
    { name: 'wikipedia-2 (corpus)', paragraphs: corpusArticle('wikipedia-2') },
    { name: 'synthetic, 200 paragraphs', paragraphs: article(4242, 200, 310) },
  ];
  const session = core.createSession();
  try {
    return sources.map(({ name, paragraphs }) => {
      const loaded = session.loadArticle(paragraphs.map((text) => ({ text, kind: 'paragraph' })));
      if (!loaded.ok) throw new Error(`loadArticle(${name}) failed: ${JSON.stringify(loaded.errors)}`);
      const blocks = loaded.blocks.map((b) => ({ text: b.text, kind: 'paragraph' }));
      const again = session.loadArticle(blocks);
      const text = articleText(again);
      if (text !== articleText(loaded)) throw new Error(`${name}: the core's normalization is not stable`);
      return { name, blocks, loaded: again, text, words: text.split(/\s+/).filter(Boolean).length };
    });
  } finally {
    session.dispose();
  }
}

// Quote starts: at a word start inside one block, far enough from its end.
function pickQuotes(random, loaded, length, count) {
  const quotes = [];
  const used = new Set();
  const fitting = loaded.blocks.filter((b) => b.text.length >= length + 2);
  if (fitting.length < count) throw new Error(`only ${fitting.length} paragraphs hold a ${length}-char quote`);
  while (quotes.length < count) {
    const block = random.pick(fitting);
    if (used.has(block.index)) continue;
    let at = random.int(block.text.length - length);
    while (at > 0 && block.text[at - 1] !== ' ') at--;
    // A quote that ends with white space is trimmed by the core's
    // normalization (the widget never makes one): end on a visible character.
    let end = at + length;
    while (/\s/u.test(block.text[end - 1])) end--;
    used.add(block.index);
    quotes.push({ block: block.index, start: block.start + at, end: block.start + end });
  }
  return quotes.sort((a, b) => a.start - b.start);
}

// Edits `edits` letters inside [start, end) of `s` (substitution, deletion or
// insertion of a letter; never a space, so word boundaries stay put).
function editSpan(s, start, end, edits, random) {
  const chars = [...s.slice(start, end)];
  for (let e = 0; e < edits; e++) {
    const letters = chars.map((c, i) => (/\p{L}/u.test(c) ? i : -1)).filter((i) => i > 0 && i < chars.length - 1);
    const i = random.pick(letters);
    const roll = random.next();
    if (roll < 0.5) chars[i] = chars[i] === 'e' ? 'a' : 'e';
    else if (roll < 0.75) chars.splice(i, 1);
    else chars.splice(i, 0, random.pick([...LETTERS]));
  }
  return chars.join('');
}

/** The blocks with every quote edited, and where each quote now is. */
function editedArticle(loaded, quotes, random) {
  const texts = loaded.blocks.map((b) => b.text);
  const moved = [];
  let shift = 0;
  for (const q of quotes) {
    const block = loaded.blocks[q.block];
    const from = q.start - block.start;
    const to = q.end - block.start;
    const edits = Math.max(1, Math.round((q.end - q.start) * EDIT_SHARE));
    const replaced = editSpan(texts[q.block], from, to, edits, random);
    texts[q.block] = texts[q.block].slice(0, from) + replaced + texts[q.block].slice(to);
    moved.push({ start: q.start + shift, end: q.start + shift + replaced.length, edits });
    shift += replaced.length - (to - from);
  }
  return { blocks: texts.map((text) => ({ text, kind: 'paragraph' })), moved };
}

/** The blocks with the update note at the top, and where each quote now is. */
function shiftedArticle(loaded, quotes) {
  const texts = loaded.blocks.map((b) => b.text);
  texts[0] = UPDATE_NOTE + texts[0];
  return {
    blocks: texts.map((text) => ({ text, kind: 'paragraph' })),
    moved: quotes.map((q) => ({ start: q.start + UPDATE_NOTE.length, end: q.end + UPDATE_NOTE.length, edits: 0 })),
  };
}

/** The anchor made when the quote was picked, with the position selector the case gives it. */
function anchorFor(text, q, position) {
  const selector = [
    {
      type: 'TextQuoteSelector',
      exact: text.slice(q.start, q.end),
      prefix: text.slice(Math.max(0, q.start - CONTEXT), q.start),
      suffix: text.slice(q.end, q.end + CONTEXT),
    },
  ];
  if (position) selector.push({ type: 'TextPositionSelector', start: position, end: position + (q.end - q.start) });
  return { blockIndex: q.block, selector };
}

function runCase({ core, art, length, spec, quotes, current, budgetMs }) {
  const { text: originalText } = art;
  const session = core.createSession();
  const loaded = session.loadArticle(current.blocks);
  if (!loaded.ok) throw new Error(`loadArticle failed: ${JSON.stringify(loaded.errors)}`);
  const text = articleText(loaded);
  const anchors = quotes.map((q, i) => {
    const at = current.expected[i];
    const position =
      spec.key === 'verbatim' || spec.key === 'shifted'
        ? q.start // where the quote was when the anchor was made
        : spec.key === 'editedHint'
          ? at.start
          : spec.key === 'editedWrongHint'
            ? (at.start + Math.floor(text.length / 2)) % text.length
            : null;
    return anchorFor(originalText, q, position);
  });
  const articleRequest = { blocks: current.blocks };

  // Results, compared once.
  const disagreements = [];
  const single = anchors.map((a) => session.reanchor([a]).results?.[0]);
  const batched = session.reanchor(anchors).results ?? [];
  const withLoad = core.reanchor(articleRequest, anchors).results ?? [];
  const theirs = anchors.map((a) => hypothesisAnchor(text, a.selector));
  anchors.forEach((_, i) => {
    const o = batched[i];
    const t = theirs[i];
    if (single[i]?.start !== o?.start || single[i]?.end !== o?.end) {
      disagreements.push({ anchor: i, note: 'one call for all anchors differs from one call each', batched: o, single: single[i] });
    }
    if (withLoad[i]?.start !== o?.start || withLoad[i]?.end !== o?.end) {
      disagreements.push({ anchor: i, note: 'core.reanchor and session.reanchor differ', withLoad: withLoad[i], loaded: o });
    }
    const same = o?.found && t ? o.start === t.start && o.end === t.end : !o?.found && !t;
    if (!same) disagreements.push({ anchor: i, erratum: o && { found: o.found, start: o.start, end: o.end, errors: o.errors }, hypothesis: t, expected: current.expected[i] });
  });
  const atQuote = batched.filter((o, i) => o?.found && Math.abs(o.start - current.expected[i].start) <= 3).length;
  const viaPosition = theirs.filter((t) => t?.via === 'position').length;

  let sink = 0;
  const times = compare(
    {
      // One call for the case's anchors, as the API is meant to be used (the
      // collector's inbox re-anchors a page's reports together); times are
      // reported per anchor, for both engines.
      erratumLoaded: () => {
        sink += session.reanchor(anchors).results.length;
      },
      erratumWithLoad: () => {
        sink += core.reanchor(articleRequest, anchors).results.length;
      },
      hypothesis: () => {
        for (const a of anchors) sink += hypothesisAnchor(text, a.selector) ? 1 : 0;
      },
    },
    { budgetMs, sampleMs: 10, minSamples: 9, warmupMs: 100 },
  );
  session.dispose();
  // Per anchor.
  for (const t of Object.values(times)) for (const k of ['median', 'p10', 'p90']) t[k] /= anchors.length;
  const edits = current.expected[0].edits;
  return {
    case: `${length}-char quote, ${spec.label}${spec.edited ? ` (${edits} edits)` : ''}`,
    article: art.name,
    chars: text.length,
    quoteLength: length,
    variant: spec.key,
    edited: spec.edited,
    anchors: anchors.length,
    times,
    ratio: { loaded: times.hypothesis.median / times.erratumLoaded.median, withLoad: times.hypothesis.median / times.erratumWithLoad.median },
    sameLocation: disagreements.length === 0,
    disagreements,
    atQuote,
    hypothesisViaPosition: viaPosition,
    sink,
  };
}

export function runReanchorBench({ core, budgetMs = 1200, log = () => {} }) {
  const articles = reanchorArticles(core);
  const rows = [];
  for (const art of articles) {
    const random = createRandom(1789);
    for (const length of QUOTE_LENGTHS) {
      const quotes = pickQuotes(random, art.loaded, length, ANCHORS_PER_CASE);
      const edited = editedArticle(art.loaded, quotes, random);
      const shifted = shiftedArticle(art.loaded, quotes);
      for (const spec of CASES) {
        const current =
          spec.key === 'verbatim'
            ? { blocks: art.blocks, expected: quotes.map((q) => ({ ...q, edits: 0 })) }
            : spec.key === 'shifted'
              ? { blocks: shifted.blocks, expected: shifted.moved }
              : { blocks: edited.blocks, expected: edited.moved };
        const row = runCase({ core, art, length, spec, quotes, current, budgetMs });
        const { times } = row;
        log(
          `reanchor ${art.name} (${row.chars} chars), ${row.case}: erratum ${(times.erratumLoaded.median * 1000).toFixed(1)} µs ` +
            `(with load ${(times.erratumWithLoad.median * 1000).toFixed(0)} µs), hypothesis ${(times.hypothesis.median * 1000).toFixed(1)} µs ` +
            `(x${row.ratio.loaded.toFixed(1)}, with load x${row.ratio.withLoad.toFixed(2)}); same location: ${row.sameLocation}; ` +
            `${row.atQuote}/${row.anchors} at the quote`,
        );
        rows.push(row);
      }
    }
  }
  return {
    articles: articles.map((a) => ({ name: a.name, paragraphs: a.blocks.length, words: a.words, chars: a.text.length })),
    rows,
  };
}
