// The one rule that picks the interface language. The loader applies it once
// (the trigger's label, which catalog to fetch) and hands the result to the
// dialog, so the two never disagree. A module of its own, so that the loader
// bundles only this and the widget's bundle shares no chunk with it.

/**
 * The trigger's label in each language with a catalog (messages-<code>.mjs,
 * with the core's table wasm/messages/<code>.json): the loader shows it
 * before any catalog loads.
 */
export const LABELS = {
  ar: 'الإبلاغ عن خطأ',
  de: 'Fehler melden',
  en: 'Report an error',
  es: 'Informar de un error',
  fr: 'Signaler une erreur',
  it: 'Segnala un errore',
  ja: '誤りを報告',
  nl: 'Fout melden',
  pl: 'Zgłoś błąd',
  pt: 'Comunicar um erro',
};
export const LANGUAGES = Object.keys(LABELS);

/** The catalog language of a tag ('pt' for pt-BR, PT_pt), '' when none ships. */
export function catalogOf(tag) {
  const code = /^([a-z]{2,3})(?:$|[-_])/i.exec(tag || '')?.[1].toLowerCase();
  return LANGUAGES.includes(code) ? code : '';
}

/**
 * The language a text is written in, guessed from its script alone, for the
 * shipped languages whose script tells them apart: 'ja' when kana are there
 * and Japanese characters (kana, kanji) are most of the letters, 'ar' when
 * Arabic letters are; '' otherwise (Latin, or Han alone, which Chinese
 * shares: the browser's language decides).
 */
export function scriptLanguage(text) {
  const sample = String(text || '').slice(0, 4000);
  const count = (re) => sample.match(re)?.length || 0;
  const half = count(/\p{L}/gu) / 2;
  const kana = count(/[\p{sc=Hiragana}\p{sc=Katakana}]/gu);
  return kana && kana + count(/\p{sc=Han}/gu) > half ? 'ja' : count(/\p{sc=Arabic}/gu) > half ? 'ar' : '';
}

/**
 * The interface language: {tag, ui}, ui the catalog's language, tag the
 * language tag it came from (the report's client.locale). In order: the
 * site's `lang` option, the page's <html lang>, the article's own lang, the
 * article's script when the page declares no language at all, the browser's
 * languages, English. A tag whose language has no catalog is passed over.
 * @param {{site?: string, page?: string, article?: string, text?: () => string, browser?: readonly string[]}} sources
 *        text: the article's text, read only when the page declares no language
 */
export function chooseLanguage({ site, page, article, text, browser = [] }) {
  const declared = [site, page, article];
  const guessed = declared.some(Boolean) ? [] : [scriptLanguage(text?.())];
  const tag = [...declared, ...guessed, ...browser].find(catalogOf) || 'en';
  return { tag, ui: catalogOf(tag) };
}
