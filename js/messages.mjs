// Every string of the dialog, in French (messages-fr.mjs) and English
// (messages-en.mjs): one catalog per language, so that opening the widget
// downloads only the language it speaks (widget.mjs loads it while the core
// loads). Validation messages are not here: the core returns them already
// localized. The trigger's label ("trigger") lives in erratum.mjs so that the
// page loads only the loader before the reader opens the dialog. Placeholders
// are {name}; any key can be overridden with config.messages.


/**
 * The strings of `catalog`, the catalog of the interface language `code`
 * ('fr' or 'en', as language.mjs picks it), with the site's overrides
 * ({key: text}) applied.
 * @returns {(key: string, params?: object) => string}
 */
export function messagesFor(code, catalog, overrides = {}) {
  const table = { ...catalog };
  for (const [key, value] of Object.entries(overrides || {})) {
    if (typeof value === 'string') table[key] = value;
  }
  const plural = new Intl.PluralRules(code);
  const t = (key, params = {}) => {
    const text = table[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  };
  t.count = (key, count) => t(`${key}_${plural.select(count) === 'one' ? 'one' : 'other'}`, { count });
  t.lang = code;
  return t;
}
