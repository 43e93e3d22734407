// The dialog's frame: header, warning, error summary, the three step sections
// and the footer buttons. Steps fill their own sections (ui-blocks, ui-items,
// ui-contact); this file only lays them out and switches between them.

import { h, sentence } from './ui-dom.mjs';

// The loader imports this module by URL when the page is idle, for what it
// leaves until then (discovery is shared with the widget, so nothing more
// downloads on open).
export { whenIdle } from './when-idle.mjs';

export const STEPS = 3;
const CSS_TIMEOUT_MS = 5000;

/**
 * An <erratum-dialog> at the end of the page whose shadow root holds the
 * widget's stylesheet (the page's CSS cannot reach it there), ready for the
 * dialog. Made as soon as the widget loads, so the stylesheet downloads
 * while the core does rather than after it.
 * @returns {{host: HTMLElement, root: ShadowRoot, styled: Promise<void>}} styled:
 *          the stylesheet loaded, failed or took over 5 s (unstyled beats unusable)
 */
export function mountFrame() {
  const host = document.createElement('erratum-dialog');
  const root = host.attachShadow({ mode: 'open' });
  const css = h('link', { rel: 'stylesheet', href: new URL('widget.css', import.meta.url).href });
  const styled = new Promise((resolve) => {
    css.addEventListener('load', resolve);
    css.addEventListener('error', resolve);
    setTimeout(resolve, CSS_TIMEOUT_MS);
  });
  root.append(css);
  document.body.append(host);
  return { host, root, styled };
}

/** Puts `dialog` in `frame` (a new one if none is given); returns the frame. */
export function mountDialog(dialog, frame = mountFrame()) {
  frame.root.append(dialog);
  return frame;
}

function stepSection(t, step, titleText, hint) {
  const heading = h(
    'h3',
    { id: `e-step${step}-title`, class: 'step-title', tabindex: '-1' },
    h('span', { class: 'step-of' }, t('stepOf', { step, total: STEPS })),
    ' ',
    h('span', { class: 'step-name' }, titleText),
  );
  const hintEl = h('p', { id: `e-step${step}-hint`, class: 'hint' }, hint);
  const body = h('div', { class: 'step-body' });
  const section = h('section', { class: 'step', 'data-step': step, 'aria-labelledby': heading.id, hidden: true }, heading, hintEl, body);
  return { section, heading, hint: hintEl, body };
}

/**
 * @param {{t: Function, contactUrl: string, contact: string, shortcut?: boolean}} options
 *        shortcut: Ctrl+Enter opens the dialog (step 1's hint says so)
 * @returns the dialog element and references to the parts the controller fills
 */
export function buildDialog({ t, contactUrl, contact, shortcut }) {
  const title = h('h2', { id: 'e-title', class: 'title', tabindex: '-1' }, t('title'));
  const close = h('button', { type: 'button', class: 'close', 'aria-label': t('close') }, h('span', { 'aria-hidden': 'true' }, '×'));
  const contactLink = contactUrl ? h('a', { href: contactUrl }, t('contactLink')) : t('contactLink');

  const summaryTitle = h('h3', { id: 'e-summary-title', class: 'summary-title' });
  const summaryList = h('ul', { class: 'summary-list' });
  const summaryNote = h('p', { class: 'summary-note', hidden: true });
  const summary = h(
    'div',
    { class: 'summary', role: 'group', tabindex: '-1', 'aria-labelledby': summaryTitle.id, hidden: true },
    summaryTitle,
    summaryNote,
    summaryList,
  );

  const stepTitles = [t('step1Title'), t('step2Title'), contact === 'off' ? t('step3OffTitle') : t('step3Title')];
  const stepHints = [
    shortcut ? `${t('step1Hint')} ${t('shortcutHint')}` : t('step1Hint'),
    t('step2Hint'),
    contact === 'off' ? t('step3Off') : contact === 'required' ? t('step3Required') : t('step3Optional'),
  ];
  const steps = stepTitles.map((name, i) => stepSection(t, i + 1, name, stepHints[i]));

  const doneTitle = h('h3', { id: 'e-done-title', class: 'done-title', tabindex: '-1' }, t('thanksTitle'));
  const doneText = h('p', { class: 'done-text' }, t('thanksText'));
  const done = h('section', { class: 'done', 'aria-labelledby': doneTitle.id, hidden: true }, doneTitle, doneText);

  const status = h('p', { class: 'status', role: 'status' });
  const back = h('button', { type: 'button', class: 'back' }, t('back'));
  const primary = h('button', { type: 'submit', class: 'primary' }, t('next'));

  const form = h(
    'form',
    { class: 'form', novalidate: true },
    h('div', { class: 'header' }, title, close),
    h(
      'div',
      { class: 'content' },
      h('p', { class: 'intro' }, t('intro')),
      h('p', { class: 'warning' }, sentence(t('warning'), { contact: contactLink })),
      summary,
      steps.map((s) => s.section),
      done,
    ),
    h('div', { class: 'footer' }, status, h('div', { class: 'actions' }, back, primary)),
  );
  // The dialog speaks the UI language, in its direction, whatever the page's:
  // the stylesheet's logical properties mirror the layout for right to left.
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': title.id, lang: t.lang, dir: t.dir }, form);
  return { dialog, form, title, close, summary, summaryTitle, summaryList, summaryNote, steps, done, doneTitle, doneText, status, back, primary };
}

/** Shows one step (1..3) or 'done', and sets the footer buttons to match. */
export function showStep(ui, t, step) {
  // The stylesheet keys on it: past step 1, the header is only the title.
  ui.form.dataset.current = step;
  ui.steps.forEach((s, i) => (s.section.hidden = step !== i + 1));
  ui.done.hidden = step !== 'done';
  ui.back.hidden = step === 1 || step === 'done';
  // Done, the footer's button closes: the header's would be a second "Close".
  ui.close.hidden = step === 'done';
  ui.primary.textContent = step === 'done' ? t('close') : step === STEPS ? t('send') : t('next');
}
