// ESLint (flat config): `npm run lint`, also run by scripts/test.sh.
// The recommended rules; where the code runs decides the globals.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['build/', 'node_modules/'] },
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `try { storage… } catch {}`: best-effort calls whose failure changes nothing are the idiom here.
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  // In the page: the module, the demo site, the test fixtures and bench pages.
  {
    files: ['js/**', 'demo/site/**', 'tests/browser/fixtures/**', 'tests/bench/page/**'],
    languageOptions: { globals: globals.browser },
  },
  // The classic loader is a script, not a module (it imports erratum.mjs dynamically).
  { files: ['js/erratum.js'], languageOptions: { sourceType: 'script' } },
  // In node: the tests, benchmarks, build scripts and the demo's article tool.
  {
    files: ['tests/**', 'scripts/**', 'demo/site/tools/**', 'eslint.config.js'],
    ignores: ['tests/browser/fixtures/**', 'tests/bench/page/**'],
    languageOptions: { globals: globals.node },
  },
  // Browser tests and benchmarks drive Chromium: the functions they hand to
  // page.evaluate() run in the page, so they see the page's globals too.
  {
    files: ['tests/browser/**', 'tests/bench/**'],
    languageOptions: { globals: globals.browser },
  },
];
