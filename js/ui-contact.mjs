// Step 3: the reader's name and email as config.contact asks (off: none;
// optional; required — the core decides what is valid), plus the honeypot: a
// field people never see or reach, which only bots fill in.

import { h } from './ui-dom.mjs';
import { field } from './ui-errors.mjs';

/**
 * @param {{t: Function, contact: 'off'|'optional'|'required', reporter: {name: string, email: string}, onChange: () => void}} options
 */
export function renderContact({ t, contact, reporter, onChange }) {
  const honeypot = h('input', { type: 'text', name: 'website', tabindex: '-1', autocomplete: 'off' });
  const trap = h(
    'div',
    { class: 'hp', 'aria-hidden': 'true' },
    h('label', { for: 'e-website' }, t('honeypot')),
    honeypot,
  );
  honeypot.id = 'e-website';
  if (contact === 'off') return { element: h('div', { class: 'contact' }, trap), controls: {}, honeypot };

  const label = (key) => (contact === 'required' && key === 'email' ? t(key) : t('optional', { label: t(key) }));
  const name = h('input', { type: 'text', autocomplete: 'name' });
  const email = h('input', { type: 'email', autocomplete: 'email', spellcheck: 'false', inputmode: 'email' });
  if (contact === 'required') email.setAttribute('aria-required', 'true');
  name.value = reporter.name;
  email.value = reporter.email;
  name.addEventListener('input', () => {
    reporter.name = name.value;
    onChange();
  });
  email.addEventListener('input', () => {
    reporter.email = email.value;
    onChange();
  });
  return {
    element: h(
      'div',
      { class: 'contact' },
      field({ id: 'e-name', label: label('name'), control: name, t }),
      field({ id: 'e-email', label: label('email'), control: email, t }),
      trap,
    ),
    controls: { name, email },
    honeypot,
  };
}
