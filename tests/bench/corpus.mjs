// Real article text for the benchmarks, read in place from the shared corpus
// (../shared/corpus/articles next to the repository, or ERRATUM_SHARED): the
// <p> elements of each page's expected.html, the article body Mozilla
// Readability extracted (see the corpus README). Nothing is copied into the
// repository. A paragraph's text is its content without tags, character
// references decoded and runs of HTML white space (not U+00A0, which French
// puts before « : ; ? ! ») collapsed to one space, as a reader sees it.

import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const corpusDir = path.join(process.env.ERRATUM_SHARED || path.resolve(repoRoot, '../shared'), 'corpus', 'articles');

const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const decode = (html) =>
  html.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref) => {
    if (ref[0] !== '#') return NAMED[ref] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });

/** The text of each <p> of `html`, in document order, empty ones left out. */
export function paragraphsOf(html) {
  const out = [];
  for (const m of html.matchAll(/<p\b[^>]*>([\s\S]*?)<\/p\s*>/gi)) {
    const text = decode(m[1].replace(/<br\b[^>]*>/gi, ' ').replace(/<[^>]*>/g, ''))
      .replace(/[ \t\n\r\f]+/g, ' ')
      .trim();
    if (text) out.push(text);
  }
  return out;
}

export function haveCorpus() {
  return existsSync(corpusDir);
}

/** [{name, paragraphs}] for every article folder of the corpus, by name. */
export function corpusArticles() {
  if (!haveCorpus()) return [];
  return readdirSync(corpusDir)
    .filter((name) => existsSync(path.join(corpusDir, name, 'expected.html')) && statSync(path.join(corpusDir, name)).isDirectory())
    .sort()
    .map((name) => ({ name, paragraphs: paragraphsOf(readFileSync(path.join(corpusDir, name, 'expected.html'), 'utf8')) }));
}

/** The paragraphs of one corpus article; throws when it is missing. */
export function corpusArticle(name) {
  const file = path.join(corpusDir, name, 'expected.html');
  if (!existsSync(file)) throw new Error(`corpus article ${name} not found in ${corpusDir}`);
  return paragraphsOf(readFileSync(file, 'utf8'));
}

export const countWords = (text) => text.split(' ').filter(Boolean).length;

/**
 * Every paragraph of the corpus with at least `minWords` space-separated words:
 * a paragraph a reader would correct, not a caption, a byline or a link line.
 * Pages written without spaces between words (Chinese, Japanese) have none
 * that long, and a word diff is not how they would be compared anyway.
 * Returns [{article, text, words}].
 */
export function realParagraphs(minWords = 20) {
  const out = [];
  for (const { name, paragraphs } of corpusArticles()) {
    for (const text of paragraphs) {
      const words = countWords(text);
      if (words >= minWords) out.push({ article: name, text, words });
    }
  }
  return out;
}
