// The JavaScript peers Erratum is measured against, each wrapped to take two
// strings and return parts {kind: 'equal'|'insert'|'delete', text}, the shape
// the edit counter reads. Conversions to that shape are left out of the timed
// calls (see diff-bench.mjs); what a peer needs to produce its own output
// (tokenizing, mapping words to characters and back) is timed.

import { diffWords, diffWordsWithSpace } from 'diff';
import DiffMatchPatch from 'diff-match-patch';
import { tokenize } from './word-tokens.mjs';

// Two jsdiff calls. diffWords is what most code reaches for; it compares
// words with the white space around them trimmed and post-processes the white
// space of the changes, so its parts need not rebuild the texts exactly.
// diffWordsWithSpace keeps every white space run as a token of its own and
// its parts rebuild both texts, which is what Erratum's core does: that is
// the like-for-like peer.
export function jsdiffWords(original, corrected) {
  return diffWords(original, corrected);
}

export function jsdiffWordsWithSpace(original, corrected) {
  return diffWordsWithSpace(original, corrected);
}

export function jsdiffParts(changes) {
  return changes.map((c) => ({ kind: c.added ? 'insert' : c.removed ? 'delete' : 'equal', text: c.value }));
}

const dmp = new DiffMatchPatch();
// No time limit: the diff is then minimal (with the default 1 s limit,
// diff-match-patch may give up on optimality for long texts).
dmp.Diff_Timeout = 0;

/**
 * diff-match-patch in word mode: its documented line-mode trick (each distinct
 * line becomes one character, the character strings are diffed, characters are
 * mapped back) applied to word tokens.
 */
export function dmpWords(original, corrected) {
  const tokenTexts = [''];
  const ids = new Map();
  const encode = (text) => {
    let chars = '';
    for (const token of tokenize(text)) {
      let id = ids.get(token);
      if (id === undefined) {
        id = tokenTexts.length;
        ids.set(token, id);
        tokenTexts.push(token);
      }
      chars += String.fromCharCode(id);
    }
    return chars;
  };
  const a = encode(original);
  const b = encode(corrected);
  const diffs = dmp.diff_main(a, b, false);
  for (const d of diffs) {
    let text = '';
    for (let i = 0; i < d[1].length; i++) text += tokenTexts[d[1].charCodeAt(i)];
    d[1] = text;
  }
  return diffs;
}

export function dmpParts(diffs) {
  return diffs.map(([op, text]) => ({ kind: op === 1 ? 'insert' : op === -1 ? 'delete' : 'equal', text }));
}

export function erratumParts(response) {
  return response.ops.map((o) => ({ kind: o.op, text: o.text }));
}
