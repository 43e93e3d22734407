// Reference re-anchoring pipeline, as the Hypothesis client anchors an
// annotation's selectors in an HTML page (its public anchoring algorithm),
// on the page's text as one string.
//
// anchor(): the selectors are tried from the cheapest: a TextPositionSelector
// first, kept when the text at its offsets is the quote; else the
// TextQuoteSelector through matchQuote, with the position's start as the
// hint. (Hypothesis tries a RangeSelector, an XPath into the DOM, before
// both; the anchors here carry none, as Erratum's reports carry none.)
//
// matchQuote(): exact matches by
// indexOf first; if there are none, approx-string-match's best matches with at
// most min(256, quote length / 2) errors; then each candidate is scored
// 50 × quote similarity + 20 × prefix similarity + 20 × suffix similarity
// + 2 × closeness to the position hint, divided by 92, and the highest score
// wins (a stable sort: the first in text order on ties). A context similarity
// is 1 − (errors of the context's best match in the text right next to the
// candidate) / context length.

import approxSearch from 'approx-string-match';

function search(text, pattern, maxErrors) {
  const exact = [];
  for (let at = text.indexOf(pattern); at !== -1; at = text.indexOf(pattern, at + 1)) {
    exact.push({ start: at, end: at + pattern.length, errors: 0 });
  }
  return exact.length ? exact : approxSearch(text, pattern, maxErrors);
}

function similarity(text, pattern) {
  if (!pattern.length || !text.length) return 0;
  return 1 - search(text, pattern, pattern.length)[0].errors / pattern.length;
}

const WEIGHTS = { quote: 50, prefix: 20, suffix: 20, position: 2 };
const MAX_SCORE = WEIGHTS.quote + WEIGHTS.prefix + WEIGHTS.suffix + WEIGHTS.position;

/**
 * @param {string} text the whole article text
 * @param {string} quote
 * @param {{prefix?: string, suffix?: string, hint?: number}} context
 * @returns {{start: number, end: number, score: number, errors: number} | null}
 */
export function matchQuote(text, quote, context = {}) {
  if (!quote.length) return null;
  const candidates = search(text, quote, Math.min(256, quote.length / 2));
  if (!candidates.length) return null;
  const { prefix, suffix, hint } = context;
  const scored = candidates.map((m) => {
    const quoteScore = 1 - m.errors / quote.length;
    const prefixScore = prefix ? similarity(text.slice(Math.max(0, m.start - prefix.length), m.start), prefix) : 1;
    const suffixScore = suffix ? similarity(text.slice(m.end, m.end + suffix.length), suffix) : 1;
    const positionScore = typeof hint === 'number' ? 1 - Math.abs(m.start - hint) / text.length : 1;
    const raw =
      WEIGHTS.quote * quoteScore + WEIGHTS.prefix * prefixScore + WEIGHTS.suffix * suffixScore + WEIGHTS.position * positionScore;
    return { start: m.start, end: m.end, errors: m.errors, score: raw / MAX_SCORE };
  });
  scored.sort((a, b) => b.score - a.score);
  return scored[0];
}

/**
 * Hypothesis's anchoring of one annotation's selectors in `text`.
 * @param {string} text the whole article text
 * @param {{type: string, exact?: string, prefix?: string, suffix?: string, start?: number, end?: number}[]} selectors
 * @returns {{start: number, end: number, via: 'position'|'quote'} | null}
 */
export function anchor(text, selectors) {
  let quote = null;
  let position = null;
  for (const s of selectors) {
    if (s.type === 'TextQuoteSelector') quote = s;
    else if (s.type === 'TextPositionSelector') position = s;
  }
  if (position && position.start >= 0 && position.end <= text.length && position.start <= position.end) {
    if (!quote?.exact || text.slice(position.start, position.end) === quote.exact) return { start: position.start, end: position.end, via: 'position' };
  }
  if (!quote) return null;
  const found = matchQuote(text, quote.exact, { prefix: quote.prefix, suffix: quote.suffix, hint: position ? position.start : undefined });
  return found && { start: found.start, end: found.end, via: 'quote' };
}
