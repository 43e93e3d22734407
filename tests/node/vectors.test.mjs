// The shared vectors (tests/vectors/*.json) against the wasm build, through
// the public JS API. tests/native/vectors.cpp runs the same files natively.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTestCore, readVectors, mismatch } from './helpers.mjs';

const core = await loadTestCore();
const cases = await readVectors();

// Raw JSON text is sent as-is (to test malformed input); objects go through
// the typed API like any caller's would.
function callFree(c) {
  if (c.raw !== undefined) return core.requestRaw(c.call, c.raw);
  return core.request(c.call, c.request ?? {});
}

function callStep(session, step) {
  if (step.raw !== undefined) return session.requestRaw(step.call, step.raw);
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
  test(`${c.file}: ${c.name}`, () => {
    if (c.call === 'session') {
      const session = core.createSession();
      try {
        c.steps.forEach((step, i) => {
          const got = callStep(session, step);
          assert.equal(mismatch(step.expect ?? {}, got), '', `step ${i} (${step.call}): ${JSON.stringify(got)}`);
        });
      } finally {
        session.dispose();
      }
    } else {
      const got = callFree(c);
      assert.equal(mismatch(c.expect ?? {}, got), '', JSON.stringify(got));
      // The widget's diff takes the two strings directly (no JSON): same answer.
      if (c.call === 'diff' && c.raw === undefined && typeof c.request?.original === 'string' && typeof c.request?.corrected === 'string') {
        assert.deepEqual(core.diff(c.request.original, c.request.corrected), got);
      }
    }
  });
}
