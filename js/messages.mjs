// Every string of the dialog, one catalog per language (messages-<code>.mjs,
// the languages of language.mjs), so that opening the widget downloads only
// the language it speaks (the loader asks for it while the core loads). A
// catalog's default export is the dialog's strings; its `issues` export is
// the core's message table for that language (wasm/messages/<code>.json,
// added by the build), which the widget hands to the core: the core's
// validation messages arrive already localized. The trigger's label
// ("trigger") lives in language.mjs so that the page loads only the loader
// before the reader opens the dialog. Placeholders are {name}; a count's
// forms are key_<plural category> (Intl.PluralRules: zero, one, two, few,
// many, other), other being the one every catalog has; any key can be
// overridden with config.messages.

// Languages written right to left.
const RTL = /^(ar|fa|he|ur)$/;

/**
 * The strings of `catalog`, the catalog of the interface language `code`
 * (as language.mjs picks it), with the site's overrides ({key: text})
 * applied.
 * @returns {((key: string, params?: object) => string) & {count: (key: string, n: number) => string, lang: string, dir: 'ltr'|'rtl'}}
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
  t.count = (key, count) => {
    const form = `${key}_${plural.select(count)}`;
    return t(form in table ? form : `${key}_other`, { count });
  };
  t.lang = code;
  t.dir = RTL.test(code) ? 'rtl' : 'ltr';
  return t;
}
