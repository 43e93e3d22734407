// Reader-like corrections of a paragraph, for the diff benchmark: a word
// replaced, a typo fixed (an accent, two letters swapped), a word removed or
// added. Edits apply to distinct words, chosen by the seeded PRNG.

import { tokenize } from './word-tokens.mjs';

const REPLACEMENTS = ['nouvelle', 'ancien', 'pourtant', 'député', 'été', 'hôpital', 'l’économie', 'déjà', 'très', 'trois', '2024'];
const ACCENTS = { e: 'é', é: 'e', è: 'e', a: 'à', à: 'a', u: 'ù', o: 'ô', ô: 'o', i: 'î', c: 'ç', ç: 'c' };
const IS_WORD = /^[\p{L}\p{M}\p{N}]/u;

function typo(word, random) {
  const letters = [...word];
  const accented = letters.map((c, i) => (ACCENTS[c] ? i : -1)).filter((i) => i >= 0);
  if (accented.length && random.chance(0.6)) {
    const i = random.pick(accented);
    letters[i] = ACCENTS[letters[i]];
  } else if (letters.length > 2) {
    const i = random.int(letters.length - 1);
    [letters[i], letters[i + 1]] = [letters[i + 1], letters[i]];
  } else {
    letters.push('s');
  }
  const out = letters.join('');
  return out === word ? word + 's' : out;
}

/** `text` with `edits` word edits (clamped to the number of words). */
export function edit(text, edits, random) {
  const tokens = tokenize(text);
  const words = tokens.map((t, i) => (IS_WORD.test(t) ? i : -1)).filter((i) => i >= 0);
  const chosen = new Set();
  const wanted = Math.min(edits, words.length);
  while (chosen.size < wanted) chosen.add(random.pick(words));
  for (const i of chosen) {
    const roll = random.next();
    if (roll < 0.4) tokens[i] = typo(tokens[i], random);
    else if (roll < 0.7) tokens[i] = random.pick(REPLACEMENTS);
    else if (roll < 0.85) tokens[i] = `${tokens[i]} ${random.pick(REPLACEMENTS)}`;
    else if (tokens[i + 1] && /^\s+$/u.test(tokens[i + 1])) {
      tokens[i] = '';
      tokens[i + 1] = '';
    } else tokens[i] = typo(tokens[i], random);
  }
  return tokens.join('');
}
