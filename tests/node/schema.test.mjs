// The published JSON Schema and the core agree: every report the core
// composes validates against schema/report.schema.json, and reports the
// schema refuses are refused by the core too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { readVectors, repoRoot } from './helpers.mjs';
import { loadRawCore } from './raw-core.mjs';

const schema = JSON.parse(readFileSync(path.join(repoRoot, 'schema/report.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
const { core, createSession, rawSessionCall } = await loadRawCore();
const vectors = await readVectors();

test('every report composed in the shared vectors matches the schema', () => {
  let composed = 0;
  for (const c of vectors.filter((v) => v.call === 'session')) {
    const { session, handle } = createSession();
    for (const step of c.steps) {
      let got;
      if (step.raw !== undefined) got = rawSessionCall(handle, step.call, step.raw);
      else if (step.call === 'configure') got = session.configure(step.request.config, step.request.lang);
      else if (step.call === 'loadArticle') got = session.loadArticle(step.request.blocks);
      else if (step.call === 'compose') got = session.compose(step.request);
      else continue;
      if (step.call === 'compose' && got.ok) {
        composed++;
        assert.ok(validate(got.report), `${c.name}: ${JSON.stringify(validate.errors)}`);
      }
    }
    session.dispose();
  }
  assert.ok(composed >= 3, `only ${composed} reports composed`);
});

test('reports the schema refuses, the core refuses too', () => {
  const refusedBySchema = vectors.filter((v) => v.call === 'validateReport' && v.request && !validate(v.request.report));
  assert.ok(refusedBySchema.length >= 5);
  for (const v of refusedBySchema) {
    assert.equal(core.validateReport(v.request.report, v.request.config).ok, false, v.name);
  }
});

test('metadata strings and keys: the schema refuses what the core refuses, at any depth', () => {
  const report = vectors.find((v) => v.name === 'a well-formed report passes').request.report;
  const clean = { section: 'tech', tags: ['a', 'b'], nested: { n: 1, ok: true, none: null, deep: [{ s: 'café\t' }] } };
  assert.ok(validate({ ...report, metadata: clean }), JSON.stringify(validate.errors));
  assert.equal(core.validateReport({ ...report, metadata: clean }).ok, true);
  for (const metadata of [
    { section: 'te\u0007ch' },
    { tags: ['a', 'b', 'c\u0085'] },
    { nested: { deep: ['\uD800'] } },
    { ['k\uDC00']: 'v' },
    { x: '\uFDD0' },
    { x: ['\uFDEF'] },
  ]) {
    assert.equal(validate({ ...report, metadata }), false, JSON.stringify(metadata));
    assert.equal(core.validateReport({ ...report, metadata }).ok, false, JSON.stringify(metadata));
  }
});
