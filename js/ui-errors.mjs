// Errors shown the GOV.UK way: a message next to each field (linked with
// aria-describedby, aria-invalid set) and a summary at the top of the dialog
// that takes focus and links to the fields.

import { h, hiddenText } from './ui-dom.mjs';

/** A labelled form field with a slot for its error message. */
export function field({ id, label, control, t, className = '' }) {
  control.id = id;
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  error.dataset.prefix = t('errorPrefix');
  return h('div', { class: `field ${className}`.trim() }, h('label', { for: id }, label), error, control);
}

function describedBy(control, id, add) {
  const ids = new Set((control.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean));
  if (add) ids.add(id);
  else ids.delete(id);
  if (ids.size) control.setAttribute('aria-describedby', [...ids].join(' '));
  else control.removeAttribute('aria-describedby');
}

/** Shows `messages` under a control made by field() (or any control with an `${id}-error` slot). */
export function setFieldError(control, messages, root) {
  const slot = root.getElementById(`${control.id}-error`);
  if (!slot) return;
  slot.replaceChildren(hiddenText(slot.dataset.prefix || ''), messages.join(' '));
  slot.hidden = false;
  slot.closest('.field')?.classList.add('has-error');
  control.setAttribute('aria-invalid', 'true');
  describedBy(control, slot.id, true);
}

export function clearFieldErrors(root) {
  for (const slot of root.querySelectorAll('.field-error:not([hidden])')) {
    slot.hidden = true;
    slot.replaceChildren();
    slot.closest('.field')?.classList.remove('has-error');
    const control = root.getElementById(slot.id.replace(/-error$/, ''));
    if (control) {
      control.removeAttribute('aria-invalid');
      describedBy(control, slot.id, false);
    }
  }
}

/**
 * Fills and focuses the summary.
 * @param ui the dialog parts (summary, summaryTitle, summaryList, summaryNote)
 * @param {{title: string, note?: string, entries: {message: string, go?: () => void}[]}} content
 */
export function showSummary(ui, { title, note = '', entries }) {
  ui.summaryTitle.textContent = title;
  ui.summaryNote.textContent = note;
  ui.summaryNote.hidden = !note;
  ui.summaryList.replaceChildren(
    ...entries.map(({ message, go }) => {
      if (!go) return h('li', {}, message);
      const link = h('a', { href: '#' }, message);
      link.addEventListener('click', (event) => {
        event.preventDefault();
        go();
      });
      return h('li', {}, link);
    }),
  );
  ui.summary.hidden = false;
  ui.summary.focus();
}

export function hideSummary(ui) {
  ui.summary.hidden = true;
  ui.summaryList.replaceChildren();
}
