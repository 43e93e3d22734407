// The rule that picks the interface language (js/language.mjs): the site's
// option, <html lang>, the article's lang, the article's script when the
// page declares nothing, the browser's languages, English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LANGUAGES, catalogOf, chooseLanguage, scriptLanguage } from '../../js/language.mjs';

const JAPANESE = '東京都は二十日、新しい計画を発表した。市民の意見を聞きながら、来年の春までに詳しい内容を決めるという。';
const ARABIC = 'أعلنت الحكومة اليوم عن خطة جديدة لتحسين النقل العام في المدينة، وقالت إنها ستبدأ في الربيع المقبل.';
const CHINESE = '政府今天宣布了一项改善城市公共交通的新计划，并表示将于明年春天开始实施。';
const ENGLISH = 'The council announced a new plan for public transport on Tuesday, to start next spring.';

test('a tag serves the catalog of its primary language, whatever its region or case', () => {
  for (const code of LANGUAGES) assert.equal(catalogOf(code), code);
  assert.equal(catalogOf('pt-BR'), 'pt');
  assert.equal(catalogOf('FR_be'), 'fr');
  assert.equal(catalogOf('ar-EG'), 'ar');
  assert.equal(catalogOf('ja-JP-u-ca-japanese'), 'ja');
  for (const tag of ['fry', 'sv', 'zh-Hant', 'french', 'e', '', undefined, null]) assert.equal(catalogOf(tag), '', String(tag));
});

test('the script of a text names Japanese and Arabic; Latin and Han alone name nothing', () => {
  assert.equal(scriptLanguage(JAPANESE), 'ja');
  assert.equal(scriptLanguage('カタカナだけのテキスト'), 'ja');
  assert.equal(scriptLanguage(ARABIC), 'ar');
  assert.equal(scriptLanguage(CHINESE), '', 'Han without kana is Chinese as often as Japanese');
  assert.equal(scriptLanguage(ENGLISH), '');
  assert.equal(scriptLanguage(`${ENGLISH} ${ENGLISH} The word for it is ありがとう.`), '', 'a quoted word does not make the text Japanese');
  assert.equal(scriptLanguage(`${ARABIC} (BBC)`), 'ar');
  assert.equal(scriptLanguage(''), '');
  assert.equal(scriptLanguage(undefined), '');
});

test('the site option wins, then <html lang>, then the article\'s lang', () => {
  const browser = ['de-DE', 'de'];
  assert.deepEqual(chooseLanguage({ site: 'it', page: 'fr', article: 'es', browser }), { tag: 'it', ui: 'it' });
  assert.deepEqual(chooseLanguage({ page: 'pt-BR', article: 'es', browser }), { tag: 'pt-BR', ui: 'pt' });
  assert.deepEqual(chooseLanguage({ page: '', article: 'nl-BE', browser }), { tag: 'nl-BE', ui: 'nl' });
  // A declared language without a catalog is passed over: the next one speaks.
  assert.deepEqual(chooseLanguage({ site: 'sv', page: 'pl', browser }), { tag: 'pl', ui: 'pl' });
});

test('a page that declares no language is guessed from its article\'s script, read only then', () => {
  let reads = 0;
  const text = (value) => () => (reads++, value);
  assert.deepEqual(chooseLanguage({ text: text(JAPANESE), browser: ['en-US'] }), { tag: 'ja', ui: 'ja' });
  assert.deepEqual(chooseLanguage({ page: '', article: '', text: text(ARABIC), browser: ['fr'] }), { tag: 'ar', ui: 'ar' });
  assert.equal(reads, 2);
  // Declared, even in a language without a catalog: the declaration is trusted, not the script.
  assert.deepEqual(chooseLanguage({ page: 'fa', text: text(ARABIC), browser: ['fr'] }), { tag: 'fr', ui: 'fr' });
  assert.deepEqual(chooseLanguage({ page: 'ja', text: text(ARABIC), browser: ['fr'] }), { tag: 'ja', ui: 'ja' });
  assert.equal(reads, 2, 'the text is not read when the page declares its language');
});

test('otherwise the browser\'s languages in order, then English', () => {
  assert.deepEqual(chooseLanguage({ text: () => ENGLISH, browser: ['sv-SE', 'de-AT', 'fr'] }), { tag: 'de-AT', ui: 'de' });
  assert.deepEqual(chooseLanguage({ text: () => CHINESE, browser: ['zh-CN', 'ja'] }), { tag: 'ja', ui: 'ja' });
  assert.deepEqual(chooseLanguage({ text: () => ENGLISH, browser: ['sv', 'fi'] }), { tag: 'en', ui: 'en' });
  assert.deepEqual(chooseLanguage({}), { tag: 'en', ui: 'en' });
});
