// selectionButton: a small button near the reader's text selection in the
// article, the touch screen's Ctrl+Enter: it opens the dialog on that
// selection the same way. In its own shadow root, like the default trigger,
// so the page's CSS does not reach it. Put in the page right after the
// selection's block, so that Tab reaches it next; drawn fixed near the
// selection's end, below it (above when there is no room), never over it.

// Touch selections move in steps (handles dragged, words snapped): the
// button comes once the selection rests.
const SETTLE_MS = 300;
// Room between the selection and the button: a touch selection's handles
// hang below its ends.
const gap = () => (matchMedia('(pointer: coarse)').matches ? 28 : 8);
const MARGIN = 8; // from the viewport's edges

/**
 * @param {{pick: (range: Range) => Element|null, strings: () => Promise<Function>, open: (range: Range) => void, off: () => boolean}} hooks
 *        pick: the block element the selection starts in (null: not in the article);
 *        strings: the interface's messages (messages.mjs); open: the dialog on a selection;
 *        off: the widget is off, watching stops
 * @returns {() => void} stops watching
 */
export function watchSelection({ pick, strings, open, off }) {
  const host = document.createElement('erratum-bubble');
  const link = document.createElement('link');
  const button = document.createElement('button');
  link.rel = 'stylesheet';
  link.href = new URL('selection-button.css', import.meta.url).href;
  // Never shown unstyled, nor measured before (a hidden button has no size).
  const styled = new Promise((resolve) => (link.onload = link.onerror = resolve)).then(() => (button.hidden = false));
  button.hidden = true;
  button.type = 'button';
  button.setAttribute('part', 'button');
  button.setAttribute('aria-haspopup', 'dialog');
  host.attachShadow({ mode: 'open' }).append(link, button);

  let range = null; // the selection shown, a copy
  let block; // the block it starts in
  let timer;
  const hide = () => {
    range = null;
    host.remove();
    removeEventListener('scroll', place, true);
    removeEventListener('resize', place);
  };
  // Where the button is drawn, set by a still animation: the page's CSP
  // may forbid inline styles (style-src without 'unsafe-inline'), not this.
  let moved;
  const moveTo = (left, top) => {
    moved?.cancel();
    moved = button.animate({ left: [`${left}px`, `${left}px`], top: [`${top}px`, `${top}px`] }, { duration: 0, fill: 'forwards' });
  };
  function place() {
    const rects = [...range.getClientRects()].filter((r) => r.width || r.height);
    if (!rects.length) return hide();
    const [first, last] = [rects[0], rects.at(-1)];
    // Scrolled out of sight, the selection takes its button along.
    button.toggleAttribute('data-away', !rects.some((r) => r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth));
    const { width, height } = button.getBoundingClientRect();
    const end = getComputedStyle(block).direction == 'rtl' ? last.left : last.right;
    const clamp = (v, max) => Math.max(MARGIN, Math.min(v, max - MARGIN));
    const below = last.bottom + gap();
    const top = below + height <= innerHeight - MARGIN ? below : first.top - gap() - height;
    // Fixed, unless an ancestor's transform or filter makes another box its frame: where 0,0 lands corrects it.
    moveTo(0, 0);
    const origin = button.getBoundingClientRect();
    moveTo(clamp(end - width / 2, innerWidth - width) - origin.left, clamp(top, innerHeight - height) - origin.top);
  }
  async function update() {
    if (off()) return stop();
    const selection = document.getSelection();
    const current = selection?.rangeCount && !selection.isCollapsed ? selection.getRangeAt(0) : null;
    // Our dialog open (it holds the focus): nothing to offer over it.
    const picked = current && document.activeElement?.localName != 'erratum-dialog' && pick(current);
    if (!picked) return hide();
    range = current.cloneRange();
    block = picked;
    const t = await strings();
    if (!range) return; // collapsed meanwhile
    button.textContent = t('selectionButton');
    button.setAttribute('aria-label', t('selectionButtonLabel'));
    button.lang = t.lang;
    button.dir = t.dir;
    if (host.previousElementSibling != block) block.after(host);
    await styled;
    if (!range) return;
    addEventListener('scroll', place, { capture: true, passive: true });
    addEventListener('resize', place);
    place();
  }
  const onChange = () => {
    clearTimeout(timer);
    timer = setTimeout(() => update().catch(hide), SETTLE_MS);
  };
  const onKey = (e) => e.key == 'Escape' && range && hide();
  // Pressing the button must not move the selection (a mouse press in the page would collapse it).
  button.onpointerdown = (e) => e.preventDefault();
  button.onclick = () => {
    const chosen = range;
    hide();
    if (chosen && !off()) open(chosen);
  };
  function stop() {
    clearTimeout(timer);
    hide();
    document.removeEventListener('selectionchange', onChange);
    document.removeEventListener('keydown', onKey);
  }
  document.addEventListener('selectionchange', onChange);
  document.addEventListener('keydown', onKey);
  onChange(); // a selection made before the page was idle
  return stop;
}
