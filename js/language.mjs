// The one rule that picks the interface language from a language tag, shared
// by the loader (the trigger's label, which catalog to fetch) and the dialog,
// so the two never disagree. A module of its own: the loader bundles only this.

/** 'fr' for any French tag (fr, fr-CA, FR_be), else 'en'. */
export function uiLanguage(tag) {
  return /^fr(?:$|[-_])/i.test(String(tag || '')) ? 'fr' : 'en';
}
