// Builds DOM without HTML parsing: page and reader text only ever reaches the
// document through text nodes (no innerHTML, Trusted Types friendly), and no
// style attribute is ever set (strict CSP without 'unsafe-inline').

/**
 * h('p', {class: 'x', 'aria-live': 'polite', onclick: fn}, 'text', child, ...)
 * Attributes: strings are set as given; true sets an empty attribute; false,
 * null and undefined are skipped. on* keys add event listeners.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child); // strings become text nodes
  }
}

/** Text for screen readers only. */
export function hiddenText(text) {
  return h('span', { class: 'vh' }, text);
}

/** A string with {placeholder} replaced by DOM nodes (e.g. a link inside a sentence). */
export function sentence(template, nodes) {
  const out = [];
  let last = 0;
  template.replace(/\{(\w+)\}/g, (match, name, at) => {
    out.push(template.slice(last, at), name in nodes ? nodes[name] : match);
    last = at + match.length;
    return match;
  });
  out.push(template.slice(last));
  return out.filter((part) => part !== '');
}

/**
 * Resolves after the browser and the page have had a turn (paint, input, the
 * page's own timers). A macrotask, not scheduler.yield(): the latter resumes
 * ahead of the page's queued tasks, which would still starve them. And a
 * delay of 1 ms, not 0: Chromium runs a zero-delay timer as an immediate task,
 * ahead of the page's timers that fell due while we were busy; a delayed one
 * is queued behind them.
 */
export function yieldToMain() {
  return new Promise((resolve) => setTimeout(resolve, 1));
}
