// The browser module answers strtod and snprintf itself
// (wasm/libc/number_parsing.cpp, integer_printf.cpp) instead of linking
// musl's: nlohmann/json reads every number with a fraction or an exponent
// through strtod and writes control characters and parse errors through
// snprintf. These tests take those paths through the built module and hold
// them to what JSON.parse reads from the same text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRawCore } from './raw-core.mjs';

const { core, rawCall } = await loadRawCore();
const endpoint = 'https://example.org/erratum';

// Config metadata comes back as the core parsed it, so each number below
// crosses the module's strtod once and nlohmann's writer once.
const numbers = [
  '0.1', '-1e-7', '1E+2', '123.456e2', '-12.0', '-0.0', '0.30000000000000004',
  '1.7976931348623157e308', '5e-324', '2.2250738585072011e-308', '2.2250738585072014E-308',
  '9007199254740993.0', '1.00000000000000011102230246251565404236316680908203125',
  '1.0000000000000001110223024625156540423631668090820312500001', '7.038531e-26',
  '0.000000000000000000000000000000000000000000001234567890123456789', '4.9406564584124654e-324',
  '123456789012345678901234567890.5', '1e-400',
];

test('numbers with a fraction or an exponent read as JSON.parse reads them', () => {
  const members = numbers.map((n, i) => `"n${i}": ${n}`).join(', ');
  const answer = rawCall('validateConfig', `{"config": {"endpoint": "${endpoint}", "metadata": {${members}}}}`);
  assert.equal(answer.ok, true, JSON.stringify(answer.errors));
  numbers.forEach((n, i) => {
    assert.ok(Object.is(answer.config.metadata[`n${i}`], JSON.parse(n)), `${n}: ${answer.config.metadata[`n${i}`]}`);
  });
});

test('a number too large for a double is refused as invalid JSON, not read as infinity', () => {
  for (const n of ['1e400', '-1.5e309']) {
    const answer = rawCall('validateConfig', `{"config": {"endpoint": "${endpoint}", "metadata": {"n": ${n}}}}`);
    assert.equal(answer.ok, false, n);
    assert.equal(answer.errors[0].code, 'json.invalid', n);
  }
});

test('control characters come back escaped and whole', () => {
  const original = 'a\u0001b \u001fc\u007f';
  const corrected = 'a\u0002b \u001ec\u007f';
  const answer = core.diff(original, corrected);
  assert.equal(answer.ok, true);
  const rebuilt = (skip) => answer.ops.filter((op) => op.op !== skip).map((op) => op.text).join('');
  assert.equal(rebuilt('insert'), original);
  assert.equal(rebuilt('delete'), corrected);
});

test('a control character where nlohmann reports a syntax error leaves the module working', () => {
  for (let code = 0; code < 0x20; code += 1) {
    const answer = rawCall('validateConfig', `{"config": "${String.fromCharCode(code)}"}`);
    assert.equal(answer.ok, false);
    assert.equal(answer.errors[0].code, 'json.invalid', `U+${code.toString(16)}`);
  }
  assert.equal(core.validateConfig({ endpoint }).ok, true);
});
