// The one rule that picks the interface language from a language tag. The
// loader applies it (the trigger's label, which catalog to fetch) and hands
// the result to the dialog, so the two never disagree; the "unavailable"
// notice, bundled on its own, applies it too. A module of its own, so that
// the loader bundles only this and the widget's bundle shares no chunk with it.

/** 'fr' for any French tag (fr, fr-CA, FR_be), else 'en'. */
export function uiLanguage(tag) {
  return /^fr(?:$|[-_])/i.test(String(tag || '')) ? 'fr' : 'en';
}
