// The shared vectors (tests/vectors/*.json) against the wasm build, through
// the public JS API and as raw JSON text (raw-core.mjs), with the message
// tables the browser's catalogs carry. tests/native/vectors.cpp runs the
// same files natively, with the tables compiled into the collector.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readVectors, mismatch } from './helpers.mjs';
import { loadRawCore } from './raw-core.mjs';

const { core, createSession, rawCall, rawSessionCall } = await loadRawCore();
const cases = await readVectors();

// Each free call as a caller makes it, with the vector's request as arguments.
const typed = {
  version: () => core.version(),
  validateConfig: (r) => core.validateConfig(r.config, r.lang),
  diff: (r) => core.diff(r.original, r.corrected),
  validateReport: (r) => core.validateReport(r.report, r.config, r.lang),
  reanchor: (r) => core.reanchor(r.article, r.anchors),
  normalize: (r) => core.normalize(r.text),
  loadMessages: (r) => core.loadMessages(r.lang, r.messages),
};

// Raw JSON text is sent as is (to test malformed input); objects go through
// the typed API like any caller's would.
function callStep({ session, handle }, step) {
  if (step.raw !== undefined) return rawSessionCall(handle, step.call, step.raw);
  switch (step.call) {
    case 'configure': return session.configure(step.request.config, step.request.lang);
    case 'loadArticle': return session.loadArticle(step.request.blocks);
    case 'toggle': case 'select': case 'deselect': return session[step.call](step.index ?? 0);
    case 'clear': return session.clear();
    case 'selection': return session.selection();
    case 'anchor': return session.anchor(step.request.block, step.request.range, step.request.quote);
    case 'reanchor': return session.reanchor(step.request.anchors);
    case 'compose': return session.compose(step.request);
    default: throw new Error(`unknown step ${step.call}`);
  }
}

test('there are shared vectors', () => assert.ok(cases.length >= 20));

for (const c of cases) {
  // A "native" case calls what the browser module does not link (its reason).
  test(`${c.file}: ${c.name}`, { skip: c.native && `native only: ${c.native}` }, () => {
    if (c.call === 'session') {
      const opened = createSession();
      try {
        c.steps.forEach((step, i) => {
          const got = callStep(opened, step);
          assert.equal(mismatch(step.expect ?? {}, got), '', `step ${i} (${step.call}): ${JSON.stringify(got)}`);
        });
      } finally {
        opened.session.dispose();
      }
    } else if (c.raw !== undefined) {
      // Raw JSON text is sent as is, to test malformed input.
      const got = rawCall(c.call, c.raw);
      assert.equal(mismatch(c.expect ?? {}, got), '', JSON.stringify(got));
    } else {
      // The request goes in as the JSON document it is, and through the typed
      // API like any caller's would (the widget's diff takes the two strings
      // directly, no JSON): both give the expected answer, and the same one.
      const got = rawCall(c.call, JSON.stringify(c.request ?? {}));
      assert.equal(mismatch(c.expect ?? {}, got), '', JSON.stringify(got));
      assert.deepEqual(typed[c.call](c.request ?? {}), got, 'typed call');
    }
  });
}
