// The one word tokenizer the benchmark uses to count edits, whatever engine
// produced them, and to feed diff-match-patch in word mode. Words keep inner
// apostrophes and hyphens (l’article, peut-être), numbers keep inner
// separators (3,5), every other non-space character is its own token and
// white space runs are tokens too, so joining the tokens gives the text back.

const TOKEN = /[\p{L}\p{M}\p{N}]+(?:['’\-‐‑.,][\p{L}\p{M}\p{N}]+)*|\s+|[^\s]/gsu;
const SPACE = /^\s+$/u;

/** The tokens of `text`, in order; their concatenation is `text`. */
export function tokenize(text) {
  return text.match(TOKEN) || [];
}

/** Tokens that are not white space: what a reader sees as changed words and marks. */
export function countVisibleTokens(text) {
  let n = 0;
  for (const t of tokenize(text)) if (!SPACE.test(t)) n++;
  return n;
}

/**
 * Edit count of a diff given as parts {kind: 'equal'|'insert'|'delete', text}:
 * the visible tokens inserted plus those deleted.
 */
export function editCount(parts) {
  let n = 0;
  for (const p of parts) if (p.kind !== 'equal') n += countVisibleTokens(p.text);
  return n;
}

/** Checks that the parts turn `original` into `corrected`; returns '' or what is wrong. */
export function checkParts(parts, original, corrected) {
  const before = parts.filter((p) => p.kind !== 'insert').map((p) => p.text).join('');
  const after = parts.filter((p) => p.kind !== 'delete').map((p) => p.text).join('');
  if (before !== original) return 'equal+delete parts do not rebuild the original';
  if (after !== corrected) return 'equal+insert parts do not rebuild the correction';
  return '';
}
