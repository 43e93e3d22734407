// Renders the core's word diff ({op: equal|insert|delete, text}) as <ins> and
// <del>, each with a visually hidden prefix so screen readers say what changed.
// A thin space parts a deletion from the insertion it touches, on screen and
// for screen readers alike. On a phone the preview keeps only some context
// around each change: the whole paragraph would double what the reader
// scrolls through, the text being in the field above.

import { h, hiddenText } from './ui-dom.mjs';

const CONTEXT = 40; // characters kept on each side of a change, on a phone

/** Fills `container` with the diff; returns whether anything changed. */
export function renderDiff(container, ops, t) {
  const changed = ops.some((op) => op.op !== 'equal');
  if (!changed) {
    container.replaceChildren(h('span', { class: 'diff-none' }, t('previewNone')));
    return false;
  }
  const phone = matchMedia('(max-width: 600px)').matches;
  container.replaceChildren(
    ...ops.flatMap(({ op, text }, i) => {
      if (op === 'equal') {
        // Cut between words, none left in pieces.
        const head = i ? text.slice(0, CONTEXT).replace(/\S*$/, '') : '';
        const tail = ops[i + 1] ? text.slice(-CONTEXT).replace(/^\S*/, '') : '';
        return phone && text.length > 3 * CONTEXT ? [head, '…', tail] : [text];
      }
      const tag = op === 'insert' ? 'ins' : 'del';
      const run = h(tag, {}, hiddenText(t(op === 'insert' ? 'inserted' : 'deleted')), text);
      return i && ops[i - 1].op !== 'equal' ? ['\u2009', run] : [run];
    }),
  );
  return true;
}
