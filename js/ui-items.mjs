// Step 2: one editor per picked paragraph — the corrected text (pre-filled
// with the paragraph), a live word-diff preview, an optional comment and the
// type of error. Edits go straight into the item objects the controller holds.

import { h } from './ui-dom.mjs';
import { field } from './ui-errors.mjs';
import { renderDiff } from './ui-diff.mjs';

const ERROR_TYPES = ['unspecified', 'typo', 'grammar', 'fact', 'other'];
const DIFF_DELAY_MS = 100;

function rowsFor(text) {
  return String(Math.min(14, Math.max(3, Math.ceil(text.length / 60) + 1)));
}

/**
 * @param {{k: number, block: {text: string, kind: string}, number: number, item: object}[]} entries
 *        item: {corrected, comment, errorType, quote?} — mutated as the reader types
 * @param {{t: Function, pageLang?: string, diff: (a: string, b: string) => object[]|null, onChange: () => void}} options
 *        pageLang: the article's language, for spell checking the correction
 * @returns {{element: Element, controls: {corrected, comment, errorType}[], dispose: () => void}}
 */
export function renderItems(entries, { t, pageLang, diff, onChange }) {
  const timers = new Set();
  const controls = [];
  const fieldsets = entries.map(({ k, block, number, item }) => {
    const id = `e-item-${k}`;
    // The article's text and the reader's words run in their own direction.
    const corrected = h('textarea', { rows: rowsFor(block.text), spellcheck: 'true', lang: pageLang || null, dir: 'auto' });
    corrected.value = item.corrected;
    const comment = h('textarea', { rows: '2', dir: 'auto' });
    comment.value = item.comment;
    const errorType = h('select', {}, ...ERROR_TYPES.map((type) => h('option', { value: type }, t(`errorType_${type}`))));
    errorType.value = item.errorType;
    const preview = h('p', { class: 'diff', dir: 'auto' });
    controls.push({ corrected, comment, errorType });

    const update = () => {
      const ops = diff(block.text, corrected.value);
      if (ops) renderDiff(preview, ops, t);
    };
    let timer = 0;
    corrected.addEventListener('input', () => {
      item.corrected = corrected.value;
      clearTimeout(timer);
      timers.delete(timer);
      timer = setTimeout(() => {
        timers.delete(timer);
        update();
      }, DIFF_DELAY_MS);
      timers.add(timer);
      onChange();
    });
    comment.addEventListener('input', () => {
      item.comment = comment.value;
      onChange();
    });
    errorType.addEventListener('change', () => {
      item.errorType = errorType.value;
      onChange();
    });
    update();

    return h(
      'fieldset',
      { class: 'item' },
      h('legend', {}, t('itemLegend', { kind: t(`kind_${block.kind}`), number })),
      item.quote ? h('p', { class: 'quote' }, t('quote', { quote: item.quote })) : null,
      field({ id: `${id}-corrected`, label: t('corrected'), control: corrected, t }),
      h('div', { class: 'preview' }, h('p', { class: 'preview-label' }, t('preview')), preview),
      field({ id: `${id}-comment`, label: t('comment'), control: comment, t }),
      field({ id: `${id}-type`, label: t('errorType'), control: errorType, t, className: 'field-inline' }),
    );
  });
  return {
    element: h('div', { class: 'items' }, fieldsets),
    controls,
    dispose: () => timers.forEach(clearTimeout),
  };
}
