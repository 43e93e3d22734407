// Deterministic French-like prose for the benchmarks: accented words,
// elisions with the typographic apostrophe (l’article, qu’il), « guillemets »
// with no-break spaces, em dashes, ellipses, numbers. Not grammatical, but it
// has the character mix, word lengths and punctuation of a French news page,
// which is what the tokenizer and the matchers see. Runs in node and in the
// browser (no imports but the PRNG).

import { createRandom } from './prng.mjs';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

const DETERMINERS = ['le', 'la', 'les', 'un', 'une', 'des', 'ce', 'cette', 'ces', 'son', 'sa', 'leur', 'notre', 'chaque'];
const NOUNS = [
  'article', 'journaliste', 'gouvernement', 'été', 'élève', 'ville', 'région', 'économie', 'société', 'histoire',
  'année', 'problème', 'enquête', 'député', 'ministère', 'hôpital', 'école', 'projet', 'réforme', 'électricité',
  'forêt', 'château', 'théâtre', 'musée', 'fenêtre', 'île', 'rivière', 'médecin', 'garçon', 'façade', 'équipe',
  'maire', 'conseil', 'budget', 'témoin', 'rédaction', 'décision', 'opinion', 'événement', 'accès', 'intérêt',
  'entreprise', 'salarié', 'présidente', 'université', 'étudiant', 'ouvrage', 'siècle', 'quartier', 'université',
  'agriculteur', 'récolte', 'sécheresse', 'tempête', 'hiver', 'automne', 'printemps', 'côte', 'crêpe', 'fromage',
  'boulangerie', 'pâtisserie', 'chômage', 'impôt', 'dépense', 'hausse', 'baisse', 'coût', 'prix', 'marché',
];
const ADJECTIVES = [
  'nouveau', 'ancienne', 'récent', 'économique', 'politique', 'général', 'sûr', 'précis', 'célèbre', 'élevé',
  'discret', 'inquiète', 'légère', 'première', 'dernier', 'grand', 'petite', 'régional', 'européen', 'français',
  'publique', 'sociale', 'longue', 'brève', 'complète', 'fidèle', 'étrange', 'honnête', 'âgé', 'rapide',
];
const VERBS = [
  'a annoncé', 'affirme', 'rappelle', 'précise', 'est', 'était', 'sera', 'a été', 'déclare', 'explique',
  'révèle', 'reconnaît', 'prévoit', 'dénonce', 'souligne', 'obtient', 'décide', 'répète', 'achève', 'possède',
  'a reçu', 'aurait dû', 'peut', 'doit', 'veut', 'a créé', 'a élu', 'interrompt', 'gère', 'célèbre',
];
const ADVERBS = ['aujourd’hui', 'déjà', 'très', 'peut-être', 'toujours', 'enfin', 'là', 'après', 'bientôt', 'désormais', 'assez'];
const CONNECTORS = ['et', 'mais', 'ou', 'donc', 'car', 'puis', 'or', 'ainsi', 'pourtant', 'cependant'];
const PREPOSITIONS = ['de', 'à', 'dans', 'pour', 'sur', 'avec', 'sans', 'sous', 'vers', 'chez', 'entre', 'selon', 'depuis', 'pendant'];
const SUBJECTS = ['il', 'elle', 'on', 'ils', 'nous', 'je', 'que', 'ne'];
const QUOTED = [
  'nous avons fait notre travail', 'c’est une première', 'il n’y a pas d’alternative', 'rien n’est décidé',
  'l’État doit agir', 'on verra bien', 'ce n’est qu’un début', 'la sécurité avant tout',
];

// Words that elide before a vowel or a mute h: le -> l’, de -> d’, que -> qu’.
const ELISIONS = { le: 'l', la: 'l', de: 'd', que: 'qu', ne: 'n', je: 'j', se: 's', ce: 'c' };
const STARTS_WITH_VOWEL = /^[aeiouyàâäéèêëîïôöùûüœæh]/i;

function capitalize(word) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

// Joins words, turning "le article" into "l’article" (and sometimes a straight
// apostrophe, as pasted or typed text has).
function joinWithElisions(words, random) {
  const out = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const next = words[i + 1];
    const elided = ELISIONS[w.toLowerCase()];
    if (elided && next && STARTS_WITH_VOWEL.test(next)) {
      const head = w[0] === w[0].toUpperCase() ? capitalize(elided) : elided;
      words[i + 1] = head + (random.chance(0.9) ? '’' : "'") + next;
      continue;
    }
    out.push(w);
  }
  return out;
}

function clause(random) {
  const words = [];
  if (random.chance(0.5)) words.push(random.pick(SUBJECTS));
  else words.push(random.pick(DETERMINERS), random.pick(NOUNS));
  if (random.chance(0.4)) words.push(random.pick(ADJECTIVES));
  words.push(...random.pick(VERBS).split(' '));
  if (random.chance(0.3)) words.push(random.pick(ADVERBS));
  const complements = 1 + random.int(3);
  for (let i = 0; i < complements; i++) {
    words.push(random.pick(PREPOSITIONS), random.pick(DETERMINERS), random.pick(NOUNS));
    if (random.chance(0.3)) words.push(random.pick(ADJECTIVES));
  }
  if (random.chance(0.15)) words.push('en', String(1900 + random.int(125)));
  if (random.chance(0.1)) words.push(`${1 + random.int(99)}${NBSP}${String(random.int(1000)).padStart(3, '0')}`, 'euros');
  return joinWithElisions(words, random).join(' ');
}

function sentence(random) {
  let text = clause(random);
  const roll = random.next();
  if (roll < 0.25) text += `, ${random.pick(CONNECTORS)} ${clause(random)}`;
  else if (roll < 0.35) text += ` — ${clause(random)} —`;
  else if (roll < 0.45) text += ` : «${NBSP}${random.pick(QUOTED)}${NBSP}»`;
  else if (roll < 0.5) text += `${NNBSP}; ${clause(random)}`;
  const end = random.next();
  const stop = end < 0.8 ? '.' : end < 0.9 ? '…' : end < 0.95 ? `${NNBSP}?` : `${NNBSP}!`;
  return capitalize(text) + stop;
}

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’\-‐‑\u00a0][\p{L}\p{M}\p{N}]+)*/gu;

/** Number of words as a reader counts them (l’article is one, 2 000 is one). */
export function countWords(text) {
  return (text.match(WORD) || []).length;
}

/** One paragraph of about `words` words (sentences are kept whole, so a few more). */
export function paragraph(random, words) {
  const sentences = [];
  let count = 0;
  while (count < words) {
    const s = sentence(random);
    sentences.push(s);
    count += countWords(s);
  }
  return sentences.join(' ');
}

/** `count` paragraphs of about `words` words each, from one seed. */
export function article(seed, count, words) {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => paragraph(random, words));
}

export { createRandom };
