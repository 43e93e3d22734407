// Step 1: the article's blocks as toggle buttons (aria-pressed) in one list
// with a roving tabindex: Tab enters the list once, arrows/Home/End move, Space
// and Enter toggle. Long pages are rendered in slices that yield to the main
// thread, so a 20,000-paragraph article keeps the page responsive. The items
// sit in chunks that the browser skips while out of view (content-visibility
// in widget.css): each frame then lays out and paints a screenful, not the
// whole list, which on 20,000 items made every frame cost hundreds of ms.

import { h, yieldToMain } from './ui-dom.mjs';

const LABEL = 48; // characters of a block's text in the name of its button
// Characters of a block shown: articles' paragraphs are far shorter; a page
// in one <p> (or a hostile one) would cost the list its speed.
const SHOWN = 5000;
// One slice of rendering: whichever limit comes first. The item cap bounds the
// style and layout work the browser then does for the slice.
const SLICE_MS = 8;
const SLICE_ITEMS = 250;
const CHUNK_ITEMS = 100; // items per skippable chunk; widget.css estimates a chunk's height from it

/**
 * @param {{t: Function, labelledBy: string, describedBy: string, pageLang?: string, onToggle: (index: number) => void}} options
 *        pageLang: the article's language (the list shows its text)
 */
export function createBlockList({ t, labelledBy, describedBy, pageLang, onToggle }) {
  // ARIA list roles rather than <ul>/<li>: the chunks between the list and
  // its items are plain <div>s, which a <ul> may not contain.
  const list = h('div', { class: 'blocks', role: 'list', 'aria-labelledby': labelledBy, 'aria-describedby': describedBy });
  let buttons = []; // by position in the list
  let positions = new Map(); // block index -> position
  let blocks = [];
  let selected = new Set();
  let current = 0; // position of the one tabbable button
  let generation = 0; // bumps to cancel an unfinished render

  const setCurrent = (position) => {
    if (position === current) return;
    buttons[current]?.setAttribute('tabindex', '-1');
    current = position;
    buttons[current]?.setAttribute('tabindex', '0');
  };

  // The button is the block's visible label (kind and number), its name
  // that label with the first words, the text its description; the text
  // sits next to it, whole (searchable in the page), and a click anywhere on
  // the entry toggles. Named by its whole text, a paragraph would be read out
  // in full at every arrow key.
  const item = (block, position) => {
    const id = `e-b${position}`;
    const legend = t('itemLegend', { kind: t(`kind_${block.kind}`), number: position + 1 });
    const words = block.text.slice(0, LABEL + 1).replace(/\s+/g, ' ').trim();
    const button = h(
      'button',
      {
        type: 'button',
        class: 'block',
        'aria-pressed': String(selected.has(block.index)),
        'aria-label': `${legend}, ${block.text.length > LABEL ? words.replace(/\s\S*$/, '') + '…' : words}`,
        'aria-describedby': id,
        tabindex: position === current ? '0' : '-1',
      },
      legend,
    );
    buttons[position] = button;
    // The article's text runs in its own direction, whatever the dialog's.
    const text = h('span', { id, class: 'text', lang: pageLang || null, dir: 'auto' }, block.text.length > SHOWN ? block.text.slice(0, SHOWN) + '…' : block.text);
    return h('div', { class: `entry kind-${block.kind}`, role: 'listitem', 'data-pos': position }, button, ' ', text);
  };

  const positionOf = (target) => {
    const entry = target instanceof Element ? target.closest('[data-pos]') : null;
    return entry ? Number(entry.dataset.pos) : -1;
  };

  list.addEventListener('click', (event) => {
    const position = positionOf(event.target);
    if (position < 0) return;
    setCurrent(position);
    buttons[position].focus();
    onToggle(blocks[position].index);
  });
  list.addEventListener('focusin', (event) => {
    const position = positionOf(event.target);
    if (position >= 0) setCurrent(position);
  });
  list.addEventListener('keydown', (event) => {
    const position = positionOf(event.target);
    if (position < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    const last = buttons.length - 1;
    const next = { ArrowDown: position + 1, ArrowUp: position - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = Math.max(0, Math.min(last, next));
    setCurrent(target);
    buttons[target].focus();
  });

  return {
    element: list,

    /** Replaces the list; resolves when every block is rendered (false if superseded). */
    async render(newBlocks, selectedIndices, currentIndex) {
      const mine = ++generation;
      blocks = newBlocks;
      selected = new Set(selectedIndices);
      positions = new Map(blocks.map((b, i) => [b.index, i]));
      buttons = [];
      current = positions.get(currentIndex) ?? Math.max(0, blocks.findIndex((b) => selected.has(b.index)));
      list.replaceChildren();
      list.setAttribute('aria-busy', 'true');
      let next = 0;
      let chunk = null;
      while (next < blocks.length) {
        const until = performance.now() + SLICE_MS;
        const stop = Math.min(blocks.length, next + SLICE_ITEMS);
        do {
          if (!chunk || chunk.childElementCount === CHUNK_ITEMS) list.append((chunk = h('div', { class: 'chunk' })));
          chunk.append(item(blocks[next], next));
        } while (++next < stop && performance.now() < until);
        if (next < blocks.length) {
          await yieldToMain();
          if (mine !== generation) return false;
        }
      }
      list.removeAttribute('aria-busy');
      return true;
    },

    cancel() {
      generation++;
    },

    /** Reflects the core's selection (block indices) on the buttons. */
    setSelected(indices) {
      const now = new Set(indices);
      for (const index of new Set([...selected, ...now])) {
        if (selected.has(index) !== now.has(index)) {
          buttons[positions.get(index)]?.setAttribute('aria-pressed', String(now.has(index)));
        }
      }
      selected = now;
    },

    /** The button of a block (or the tabbable one), for focus and error links. */
    buttonFor(index) {
      return buttons[index === undefined ? current : positions.get(index)] || null;
    },

    focus(index) {
      const position = index === undefined ? current : positions.get(index);
      if (position === undefined || !buttons[position]) return;
      setCurrent(position);
      buttons[position].focus();
    },
  };
}
