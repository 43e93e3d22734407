// The browser layer never parses strings as HTML or code, and never sets
// inline styles: page text and reader text only ever become text nodes, so
// they cannot run, and the widget works under Trusted Types ('none') and a
// CSP without 'unsafe-inline' or 'unsafe-eval' (the browser tests
// hostile-page and strict-policy check the behaviour; this checks the source,
// so a new sink is caught before any page shows it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const jsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../js');
const sources = fs.readdirSync(jsDir).filter((f) => /\.(mjs|js)$/.test(f));

// Comments may name what the code avoids ("no innerHTML"): they are left out.
// A "//" after ":" (a URL in a string) is not a comment.
function code(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\])\/\/.*$/gm, '$1');
}

const SINKS = [
  ['innerHTML / outerHTML', /\.(?:inner|outer)HTML\b/],
  ['insertAdjacentHTML', /\binsertAdjacentHTML\b/],
  ['document.write', /\bdocument\s*\.\s*write(?:ln)?\b/],
  ['setHTML / setHTMLUnsafe / parseHTMLUnsafe', /\b(?:setHTML|setHTMLUnsafe|parseHTMLUnsafe)\b/],
  ['DOMParser / createContextualFragment', /\b(?:DOMParser|createContextualFragment)\b/],
  ['srcdoc', /\bsrcdoc\b/],
  ['eval / new Function', /(?:^|[^.\w])eval\s*\(|\bnew\s+Function\b/],
  ['string timer', /\bset(?:Timeout|Interval)\s*\(\s*['"`]/],
  ['inline style attribute', /setAttribute\s*\(\s*['"]style['"]|\.style\s*(?:\.|\[|=)|\bcssText\b|['"]?\bstyle['"]?\s*:/],
  ['inline event handler attribute', /setAttribute\s*\(\s*['"]on\w+['"]/],
  ['script element', /createElement\s*\(\s*['"]script['"]|\bh\s*\(\s*['"]script['"]/],
];

test('js/ holds sources to check', () => {
  assert.ok(sources.length >= 10, sources.join(', '));
});

for (const file of sources) {
  test(`${file}: no HTML, script or style sink`, () => {
    const lines = code(fs.readFileSync(path.join(jsDir, file), 'utf8')).split('\n');
    const found = [];
    lines.forEach((line, i) => {
      for (const [name, pattern] of SINKS) if (pattern.test(line)) found.push(`${file}:${i + 1} ${name}: ${line.trim()}`);
    });
    assert.deepEqual(found, []);
  });
}

test('the checks themselves catch each sink', () => {
  const samples = [
    'el.innerHTML = text;',
    'el.outerHTML = text;',
    "el.insertAdjacentHTML('beforeend', text);",
    'document.write(text);',
    'el.setHTMLUnsafe(text);',
    'new DOMParser().parseFromString(text, "text/html");',
    'frame.srcdoc = text;',
    'eval(text);',
    'const f = new Function(text);',
    "setTimeout('run()', 10);",
    "el.setAttribute('style', 'color: red');",
    'el.style.color = "red";',
    "h('p', { style: 'color: red' });",
    "el.setAttribute('onclick', text);",
    "document.createElement('script');",
  ];
  for (const sample of samples) {
    assert.ok(
      SINKS.some(([, pattern]) => pattern.test(code(sample))),
      `not caught: ${sample}`,
    );
  }
  assert.equal(code('// no innerHTML here\nconst url = "https://example.org";').includes('innerHTML'), false);
});
