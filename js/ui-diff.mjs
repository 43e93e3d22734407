// Renders the core's word diff ({op: equal|insert|delete, text}) as <ins> and
// <del>, each with a visually hidden prefix so screen readers say what changed.

import { h, hiddenText } from './ui-dom.mjs';

/** Fills `container` with the diff; returns whether anything changed. */
export function renderDiff(container, ops, t) {
  const changed = ops.some((op) => op.op !== 'equal');
  if (!changed) {
    container.replaceChildren(h('span', { class: 'diff-none' }, t('previewNone')));
    return false;
  }
  container.replaceChildren(
    ...ops.map((op) => {
      if (op.op === 'insert') return h('ins', {}, hiddenText(t('inserted')), op.text);
      if (op.op === 'delete') return h('del', {}, hiddenText(t('deleted')), op.text);
      return op.text;
    }),
  );
  return true;
}
