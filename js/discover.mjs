// Paragraph discovery: finds the blocks of the article body on the host page
// so the reader can pick the one that contains the error. Runs in the reader's
// browser when the dialog opens, so it must be small and fast (one DOM pass).
//
// Model. The visible text of the page is split into "runs": maximal stretches
// of inline content that belong to one block-level element, cut at block
// children and at <br><br>. An element whose whole text is a single run is a
// block by itself ({element}); otherwise each run is a block of its container
// ({element: container, range}). So nested blocks never duplicate text: a <p>
// in a <blockquote> is the block (the innermost element), and loose text next
// to it becomes its own run.
//
// Choosing the article. Every run gets a prose weight (its text outside links).
// The weight is credited to the run's container and, decreasingly, to two more
// ancestors, so the element where prose paragraphs cluster wins. Page chrome
// recognised by tag, role, class or id (comments, ads, share bars, related
// lists...) stops that credit and, below the chosen root, drops its blocks.
// Chrome is judged relative to the root because wrappers and <body> often carry
// class names such as "comments-open" or "has-ads".

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details',
  'dialog', 'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li', 'main', 'menu', 'nav',
  'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

// Never text a reader can report on, wherever it sits.
const SKIP_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'svg', 'math', 'canvas', 'video', 'audio',
  'object', 'embed', 'button', 'select', 'textarea', 'input', 'option', 'label', 'head', 'title',
  'nav', 'dialog',
]);

// Page furniture when found below the article root.
const CHROME_TAGS = new Set(['aside', 'footer', 'form', 'menu']);
const CHROME_ROLES = /^(navigation|complementary|banner|contentinfo|search|menu|menubar|toolbar|dialog|alert)$/;
const CHROME_NAMES = new RegExp(
  '(?:^|[^a-z0-9])(?:' + [
    'comments?', 'commentlist', 'disqus\\w*', 'respond', 'repl(?:y|ies)', // reader comments
    'ads?', 'adv', 'advert\\w*', 'adslot\\w*', 'adunit\\w*', 'dfp\\w*', 'sponsor\\w*', 'promo\\w*',
    'outbrain\\w*', 'taboola\\w*', // advertising
    'share', 'sharing', 'social\\w*', 'sharebar', // share bars
    'related\\w*', 'most-?(?:popular|read|shared|viewed|commented|emailed)\\w*', 'popular', 'trending',
    'recommend\\w*', // teasers
    'nav', 'navbar', 'navigation', 'menu', 'breadcrumbs?', 'pagination', 'pager', 'sidebar',
    'masthead', 'footer', 'cookies?', 'newsletter', 'subscribe', 'subscription', 'tags?', 'skip-?link\\w*',
  ].join('|') + ')(?:[^a-z0-9]|$)',
);

const CONTAINER_KINDS = { blockquote: 'quote', li: 'listItem', dt: 'listItem', dd: 'listItem', figcaption: 'caption', caption: 'caption' };
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Finds the article's blocks in document order.
 * @param {Document} [doc]
 * @param {{articleSelector?: string, paragraphSelector?: string, exclude?: string}} [options]
 * @returns {{element: Element, text: string, kind: string, id: string, range?: Range}[]}
 */
export function discoverBlocks(doc = document, { articleSelector, paragraphSelector, exclude } = {}) {
  const body = doc.body;
  if (!body) return [];
  const view = pageView(doc);
  if (articleSelector || paragraphSelector) {
    return explicitBlocks(doc, { articleSelector, paragraphSelector, exclude }, view);
  }
  const runs = collectRuns(body, view, exclude);
  const roots = chooseRoots(runs, body);
  const title = findTitle(doc, roots, view, runs);
  const out = [];
  for (const run of runs) {
    if (!roots.some((root) => root.contains(run.element))) continue;
    if (title && (run.element === title || title.contains(run.element))) continue;
    if (isBelowChrome(run, roots) || !LETTER_OR_DIGIT.test(run.text) || isByline(run, roots)) continue;
    out.push(toBlock(run));
  }
  if (title) {
    const text = visibleText(title, view, exclude);
    let at = out.findIndex((b) => precedes(title, b.range ? b.range.startContainer : b.element));
    if (at < 0) at = out.length;
    // A short line right above the headline is its kicker ("Sécurité"), or a date.
    if (at && weightOf(out[at - 1].text) < KICKER) out.splice(--at, 1);
    out.splice(at, 0, { element: title, text, kind: 'title', id: title.id || '' });
  }
  return out;
}

/**
 * The text discovery reports for an element: its text nodes in order, <br> as
 * "\n", a "\n" before a nested block that does not follow whitespace, and
 * nothing from hidden or non-text descendants (script, style, svg, form
 * controls...). For an element block (no range) it equals the block's text.
 * @param {Element} element
 * @param {{exclude?: string}} [options] selector list of descendants to skip
 */
export function textOf(element, { exclude } = {}) {
  return visibleText(element, pageView(element.ownerDocument), exclude);
}

function visibleText(element, view, exclude) {
  let text = '';
  const visit = (node) => {
    for (let n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) text += n.data;
      else if (n.nodeType === 1) {
        const tag = n.localName;
        if (tag === 'br') { text += '\n'; continue; }
        if (SKIP_TAGS.has(tag)) continue;
        const isBlock = view.isBlock(n, tag);
        if (view.hidden(n, isBlock) || (exclude && n.matches(exclude))) continue;
        if (isBlock && text && !/\s/.test(text[text.length - 1])) text += '\n';
        visit(n);
      }
    }
  };
  visit(element);
  return text;
}

// --- explicit selectors -----------------------------------------------------

// The site said where the article and/or its paragraphs are: no root
// heuristics, no chrome guessing; `exclude` is how the site skips parts.
function explicitBlocks(doc, { articleSelector, paragraphSelector, exclude }, view) {
  const roots = articleSelector ? outermost([...doc.querySelectorAll(articleSelector)]) : [doc.body];
  const skipped = (el) => isHiddenInside(el, view) || (!!exclude && !!el.closest(exclude));
  const out = [];
  if (paragraphSelector) {
    const chosen = new Set();
    for (const root of roots) {
      if (root !== doc.body && root.matches(paragraphSelector)) chosen.add(root);
      for (const el of root.querySelectorAll(paragraphSelector)) chosen.add(el);
    }
    const inOrder = [...chosen].sort((a, b) => (precedes(a, b) ? -1 : 1));
    for (const el of outermost(inOrder)) {
      if (skipped(el)) continue;
      const text = visibleText(el, view, exclude);
      if (LETTER_OR_DIGIT.test(text)) out.push({ element: el, text, kind: kindOf(el), id: el.id || '' });
    }
  } else {
    for (const root of roots) {
      if (skipped(root)) continue;
      for (const run of collectRuns(root, view, exclude)) {
        if (LETTER_OR_DIGIT.test(run.text)) out.push(toBlock(run));
      }
    }
  }
  // The first top-level heading of the article is its title.
  const title = out.find((b) => b.element.localName === 'h1' && !b.range);
  if (title) title.kind = 'title';
  return out;
}

// Keeps only elements that have no ancestor in the list (list in document order).
function outermost(elements) {
  const kept = [];
  for (const el of elements) {
    if (!kept.length || !kept[kept.length - 1].contains(el)) kept.push(el);
  }
  return kept;
}

// Whether an element is hidden by itself or by an ancestor. In a rendered
// document one computed check covers the ancestors' display and visibility.
function isHiddenInside(el, view) {
  if (el.closest('[hidden], [aria-hidden="true"]')) return true;
  if (view.rendered) return view.hiddenByStyle(el);
  for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
    const style = e.getAttribute('style');
    if (style && INLINE_HIDING.test(style)) return true;
  }
  return false;
}

// --- the single pass ---------------------------------------------------------

// Walks `root` and returns its runs in document order. A run records the
// block element it belongs to, whether it is that element's whole content
// (else it is the stretch first..last of its text nodes), its text, its weight
// and link weight (for scoring) and its innermost chrome ancestor (or null).
function collectRuns(root, view, exclude) {
  const runs = [];
  let chrome = null;
  let linkDepth = 0;
  const chromeNames = new Map();

  const walkBlock = (blockEl) => {
    const ctx = { el: blockEl, runs: 0, blockChildren: 0, run: null, brs: 0, lead: '', first: runs.length };
    walkInline(blockEl, ctx);
    const last = ctx.run;
    endRun(ctx);
    // A block whose whole text is one run (its block children, if any, have
    // no text) is reported as the element itself, with the text textOf() gives.
    if (ctx.runs === 1 && runs.length === ctx.first + 1) {
      const only = runs[ctx.first];
      only.whole = true;
      only.text = ctx.blockChildren || !last ? visibleText(blockEl, view, exclude) : ctx.lead + last.all;
    }
  };

  // This loop visits every node of the page: DOM calls are kept to a minimum
  // (attributes are read only from elements that have some).
  const walkInline = (parent, ctx) => {
    for (let n = parent.firstChild; n; n = n.nextSibling) {
      const type = n.nodeType;
      if (type === 3) {
        addText(ctx, n);
        continue;
      }
      if (type !== 1) continue;
      const tag = n.localName;
      if (tag === 'br') {
        if (ctx.run) { ctx.brs++; ctx.run.all += '\n'; } else if (!ctx.runs) ctx.lead += '\n';
        continue;
      }
      if (SKIP_TAGS.has(tag)) continue;
      const isBlock = view.isBlock(n, tag);
      let isChrome = CHROME_TAGS.has(tag);
      if (n.hasAttributes()) {
        const cls = n.getAttribute('class');
        const id = n.id;
        if (view.hiddenByAttributes(n, isBlock, cls, id) || (exclude && n.matches(exclude))) continue;
        if (!isChrome) isChrome = chromeByAttributes(n, cls, id, chromeNames);
      } else if ((isBlock && view.hiddenByStyle(n)) || (exclude && n.matches(exclude))) {
        continue;
      }
      const outerChrome = chrome;
      if (isChrome) chrome = n;
      if (isBlock) {
        endRun(ctx);
        ctx.blockChildren++;
        walkBlock(n);
      } else if (tag === 'a' && n.hasAttribute('href')) {
        linkDepth++;
        walkInline(n, ctx);
        linkDepth--;
      } else {
        walkInline(n, ctx);
      }
      chrome = outerChrome;
    }
  };

  const addText = (ctx, node) => {
    const data = node.data;
    const w = weightOf(data);
    if (w > 0 && ctx.brs >= 2) endRun(ctx); // <br><br> separates runs
    let run = ctx.run;
    if (!run) {
      if (w === 0) {
        if (!ctx.runs) ctx.lead += data;
        return;
      }
      run = ctx.run = {
        element: ctx.el, whole: false, first: node, last: node, all: '', end: 0, text: '',
        weight: 0, linkWeight: 0, chrome,
      };
    }
    run.all += data;
    if (w > 0) {
      run.last = node;
      run.end = run.all.length;
      ctx.brs = 0;
      run.weight += w;
      if (linkDepth > 0) run.linkWeight += w;
    }
  };

  const endRun = (ctx) => {
    const run = ctx.run;
    ctx.run = null;
    ctx.brs = 0;
    if (!run) return;
    // Trailing <br>s and whitespace after the last text belong to no run.
    run.text = run.all.slice(0, run.end);
    ctx.runs++;
    runs.push(run);
  };

  walkBlock(root);
  for (const run of runs) run.all = null;
  return runs;
}

function isChromeElement(el, tag, cache) {
  if (CHROME_TAGS.has(tag)) return true;
  return el.hasAttributes() && chromeByAttributes(el, el.getAttribute('class'), el.id, cache);
}

function chromeByAttributes(el, cls, id, cache) {
  if ((cls || id) && chromeByName(cls ? (id ? cls + ' ' + id : cls) : id, cache)) return true;
  const role = el.getAttribute('role');
  return !!role && CHROME_ROLES.test(role);
}

// Pages repeat the same class lists, so the pattern's verdicts are cached.
function chromeByName(names, cache) {
  let verdict = cache.get(names);
  if (verdict === undefined) {
    verdict = CHROME_NAMES.test(names.toLowerCase());
    cache.set(names, verdict);
  }
  return verdict;
}

// Prose weight: length without surrounding whitespace (0 for blank text);
// text with kana, ideographs or hangul counts three per character (one
// carries about as much as a short word). Native string calls only: this
// runs on every text node, before the engine has optimised anything.
const WIDE_SCRIPT = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]/;

function weightOf(text) {
  const length = text.trim().length;
  return length && WIDE_SCRIPT.test(text) ? 3 * length : length;
}

// --- choosing the article root ------------------------------------------------

function chooseRoots(runs, body) {
  const score = new Map();
  const credit = (el, s) => score.set(el, (score.get(el) || 0) + s);
  for (const run of runs) {
    const s = proseScore(run);
    if (s <= 0) continue;
    let el = run.whole ? run.element.parentElement : run.element;
    for (let level = 0, share = s; level < 3 && el; level++, share /= 2, el = el.parentElement) {
      if (run.chrome && el.contains(run.chrome)) break;
      credit(el, share);
      if (el === body) break;
    }
  }
  let best = body;
  let bestScore = 0;
  for (const [el, s] of score) {
    if (s > bestScore) { best = el; bestScore = s; }
  }
  return withSiblings(best, runs);
}

// Articles are often split between sibling containers: a lead paragraph in a
// header block before the body, or a body cut in two by an ad slot. A sibling
// of the root joins it when its text is prose with few links and either comes
// before the root with at least a sentence, or holds a good share of the
// root's own prose.
function withSiblings(root, runs) {
  const parent = root.parentElement;
  if (!parent) return [root];
  const tally = new Map();
  for (const run of runs) {
    if (!parent.contains(run.element) || root.contains(run.element)) continue;
    if (run.chrome && run.chrome !== parent && parent.contains(run.chrome)) continue;
    let child = run.element;
    while (child.parentElement !== parent) child = child.parentElement;
    const t = tally.get(child) || { weight: 0, linkWeight: 0, prose: 0 };
    t.weight += run.weight;
    t.linkWeight += run.linkWeight;
    t.prose += proseScore(run);
    tally.set(child, t);
  }
  let rootProse = 0;
  for (const run of runs) if (root.contains(run.element)) rootProse += proseScore(run);
  const roots = [];
  for (let child = parent.firstElementChild; child; child = child.nextElementSibling) {
    if (child === root) { roots.push(root); continue; }
    const t = tally.get(child);
    if (!t || t.linkWeight > 0.25 * t.weight) continue;
    const before = precedes(child, root);
    if ((before && t.prose >= 50) || t.prose >= 0.2 * rootProse) roots.push(child);
  }
  return roots;
}

// How much a run looks like article prose: its text outside links, if long
// enough to be a sentence and not mostly links.
function proseScore(run) {
  const own = run.weight - run.linkWeight;
  if (own < 25 || run.linkWeight > run.weight * 0.5) return 0;
  return own;
}

// Bylines, datelines and kickers: short lines about the article rather than
// of it, recognised by their markup (an author link or microdata, <address>,
// the class names sites give them) on the line or on its two nearest
// ancestors below the root (further up, a class is the whole article's).
const BYLINE_NAMES = /byline|author|signature|dateline|kicker|overline|eyebrow/i;
const BYLINE_LENGTH = 160;
const KICKER = 40;

function isByline(run, roots) {
  if (run.weight > BYLINE_LENGTH) return false;
  let e = run.element;
  if (run.whole && e.querySelector('[rel~=author],[itemprop~=author]')) return true;
  for (let level = 0; level < 3 && e && !roots.includes(e); level++, e = e.parentElement) {
    if (e.localName === 'address' || BYLINE_NAMES.test(e.getAttribute('class') + e.id + e.getAttribute('itemprop'))) return true;
  }
  return false;
}

function isBelowChrome(run, roots) {
  if (!run.chrome) return false;
  return roots.some((root) => root !== run.chrome && root.contains(run.chrome));
}

// --- title ----------------------------------------------------------------------

// The article's title: the first <h1> inside the article, else the nearest
// <h1> before it that either the page's <title> or og:title names (site
// templates often put the headline in a header block above the body), or that
// sits just before it: no prose in between, however the markup nests them. A
// site-logo <h1> also appears in <title>, hence the share-of-name test; just
// before the article it is recognised by being nothing but a link.
function findTitle(doc, roots, view, runs) {
  const h1s = [...doc.body.getElementsByTagName('h1')];
  const inside = h1s.find((h) => roots.some((r) => r.contains(h)) && !isHiddenInside(h, view));
  if (inside) return inside;
  const names = titleNames(doc);
  for (let i = h1s.length - 1; i >= 0; i--) {
    const h = h1s[i];
    if (!precedes(h, roots[0])) continue;
    const text = squash(visibleText(h, view));
    if (!LETTER_OR_DIGIT.test(text) || isHiddenInside(h, view) || inPageChrome(h, roots[0])) continue;
    if (names.some((name) => name.includes(text) && text.length >= 0.6 * name.length)) return h;
    if (!runs.some((r) => proseScore(r) && between(h, r.element, roots[0])) && !isLinkOnly(h, text, view)) return h;
  }
  return null;
}

// A site-name <h1> in the page header or menu bar: some element between the
// heading and the ancestor it shares with the article is page furniture.
function inPageChrome(heading, root) {
  const cache = new Map();
  for (let e = heading; e && !e.contains(root); e = e.parentElement) {
    if (isChromeElement(e, e.localName, cache)) return true;
    const names = e.getAttribute('class');
    if (names && SITE_BRANDING.test(names.toLowerCase())) return true;
  }
  return false;
}

const SITE_BRANDING = /(?:^|[^a-z0-9])(?:site-?header|global-?header|top-?bar\w*|logo\w*|brand|branding|site-?(?:name|title))(?:[^a-z0-9]|$)/;

// The headline as the page names it: og:title, <title>, and the longest part
// of <title> split at separators ("Headline - Site", "Site | Headline").
function titleNames(doc) {
  const title = squash(doc.title);
  const longest = title.split(TITLE_SEPARATORS).reduce((a, b) => (b.length > a.length ? b : a), '');
  const og = squash(doc.querySelector('meta[property="og:title"]')?.getAttribute('content') || '');
  return [og, title, longest.trim()].filter(Boolean);
}

const TITLE_SEPARATORS = /\s[|\-–—·•:@]+\s|::/;

function isLinkOnly(heading, text, view) {
  const link = heading.querySelector('a[href]');
  return !!link && squash(visibleText(link, view)) === text;
}

function squash(text) {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

// --- helpers ----------------------------------------------------------------------

function toBlock(run) {
  const element = run.element;
  if (run.whole) return { element, text: run.text, kind: kindOf(element), id: element.id || '' };
  const range = element.ownerDocument.createRange();
  range.setStart(run.first, 0);
  range.setEnd(run.last, run.last.data.length);
  return { element, text: run.text, kind: kindOf(element), id: '', range };
}

function kindOf(el) {
  const tag = el.localName;
  if (HEADINGS.has(tag)) return 'heading';
  for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
    const kind = CONTAINER_KINDS[e.localName];
    if (kind) return kind;
    if (e.localName === 'article' || e.localName === 'body') break;
  }
  return 'paragraph';
}

// Whether `el` follows `a` and precedes `b`, neither inside nor around them.
function between(a, el, b) {
  return a.compareDocumentPosition(el) === 4 && b.compareDocumentPosition(el) === 2;
}

function precedes(a, b) {
  return !!b && a !== b && !!(a.compareDocumentPosition(b) & 4);
}

// What the page looks like to the reader, asked as cheaply as possible.
// hidden(): attribute and inline-style checks always; computed visibility
// (checkVisibility, the costly part) only in a rendered document, and only for
// blocks and for inline elements carrying a class, id or style (how pages hide
// inline text). A DOMParser document has no boxes, so there everything would
// look hidden. The visibility property is ignored when <body> itself is
// visibility:hidden, as anti-flicker snippets leave it until scripts run.
// isBlock(): by tag name, plus computed display for custom elements, which
// are inline unless styled.
const INLINE_HIDING = /(?:^|[;\s])(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;
const INLINE_DISPLAY = /^(?:inline|contents|none)$/;

function pageView(doc) {
  const body = doc.body;
  const win = doc.defaultView;
  const rendered = !!win && typeof body?.checkVisibility === 'function' && body.checkVisibility();
  const options = rendered && body.checkVisibility({ visibilityProperty: true }) ? { visibilityProperty: true } : {};
  const hiddenByStyle = (el) => rendered && !el.checkVisibility(options);
  const hiddenByAttributes = (el, isBlock, cls, id) => {
    if (el.hidden || el.getAttribute('aria-hidden') === 'true') return true;
    const style = el.getAttribute('style');
    if (style && INLINE_HIDING.test(style)) return true;
    return (isBlock || !!style || !!cls || !!id) && hiddenByStyle(el);
  };
  return {
    rendered,
    hiddenByStyle,
    hiddenByAttributes,
    hidden(el, isBlock) {
      if (!el.hasAttributes()) return isBlock && hiddenByStyle(el);
      return hiddenByAttributes(el, isBlock, el.getAttribute('class'), el.id);
    },
    isBlock(el, tag) {
      if (BLOCK_TAGS.has(tag)) return true;
      return rendered && tag.includes('-') && !INLINE_DISPLAY.test(win.getComputedStyle(el).display);
    },
  };
}
