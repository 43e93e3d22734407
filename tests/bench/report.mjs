// Turns the benchmark results into the markdown report and checks the goals:
// diff ≥ 5× faster than jsdiff's diffWords with edit counts never larger,
// re-anchoring ≥ 2× faster than the Hypothesis pipeline at the same location,
// indexing cost linear in the number of paragraphs, no wasm heap growth,
// and the download within its budget.

export const GOALS = {
  diffSpeedup: 5,
  reanchorSpeedup: 2,
  // 10× the paragraphs may cost up to 12.5× (25 % slack for cache effects and noise).
  linearRatio: 12.5,
};

const ms = (t) => (t >= 100 ? t.toFixed(0) : t >= 10 ? t.toFixed(1) : t >= 1 ? t.toFixed(2) : t.toFixed(3));
const spread = (s) => `${ms(s.median)} (${ms(s.p10)}–${ms(s.p90)})`;
const times = (r) => `×${r.toFixed(1)}`;
const yes = (ok) => (ok ? 'yes' : '**no**');

export function evaluateGoals(results) {
  const goals = [];
  if (results.diff) {
    const slow = results.diff.filter((r) => r.ratio.jsdiff < GOALS.diffSpeedup).map((r) => r.case);
    const larger = results.diff.filter((r) => !r.editCountOk).map((r) => r.case);
    // Only Erratum's ops must rebuild both texts exactly (jsdiff's diffWords
    // may fold white space; that is reported under the table, not a goal).
    const broken = results.diff.filter((r) => r.problems.some((p) => p.startsWith('erratum'))).map((r) => `${r.case}: ${r.problems.join(', ')}`);
    goals.push({
      goal: `diff ≥ ${GOALS.diffSpeedup}× faster than jsdiff diffWords at every size`,
      met: slow.length === 0,
      detail: slow.length ? `slower than the goal on: ${slow.join('; ')}` : 'every input',
    });
    goals.push({
      goal: 'diff edit count never larger than a peer’s',
      met: larger.length === 0,
      detail: larger.length ? `larger on: ${larger.join('; ')}` : 'every input',
    });
    if (broken.length) goals.push({ goal: 'Erratum’s ops rebuild both texts', met: false, detail: broken.join('; ') });
  }
  if (results.reanchor) {
    const rows = results.reanchor.rows;
    const slow = rows.filter((r) => r.ratio.loaded < GOALS.reanchorSpeedup).map((r) => r.case);
    const differ = rows.filter((r) => !r.sameLocation).map((r) => r.case);
    goals.push({
      goal: `re-anchor ≥ ${GOALS.reanchorSpeedup}× faster than the approx-string-match pipeline (article loaded)`,
      met: slow.length === 0,
      detail: slow.length ? `slower than the goal on: ${slow.join('; ')}` : 'every case',
    });
    goals.push({ goal: 're-anchor picks the same location', met: differ.length === 0, detail: differ.length ? `differs on: ${differ.join('; ')}` : 'every anchor' });
  }
  if (results.index) {
    const bad = results.index.filter((r) => r.ratioToPrevious !== undefined && r.ratioToPrevious > GOALS.linearRatio);
    goals.push({
      goal: `indexing grows linearly (10× paragraphs ≤ ${GOALS.linearRatio}× time)`,
      met: bad.length === 0,
      detail: results.index
        .filter((r) => r.ratioToPrevious !== undefined)
        .map((r) => `${r.paragraphs}: ×${r.ratioToPrevious.toFixed(1)}`)
        .join(', '),
    });
  }
  if (results.memory) {
    goals.push({
      goal: 'no wasm heap growth after warm-up',
      met: results.memory.growth === 0 && results.memory.failures === 0,
      detail: `${results.memory.growth} B over ${results.memory.cycles} cycles, ${results.memory.failures} failed cycles`,
    });
  }
  if (results.size) {
    const { loader, everything, budget } = results.size;
    goals.push({ goal: `loader ≤ ${budget.loaderGzip / 1024} KB gzip`, met: loader.gzip <= budget.loaderGzip, detail: `${loader.gzip} B` });
    goals.push({ goal: `everything ≤ ${budget.everythingGzip / 1024} KB gzip`, met: everything.gzip <= budget.everythingGzip, detail: `${everything.gzip} B` });
  }
  return goals;
}

export function formatReport(results, { formatSizes }) {
  const env = results.environment;
  const out = [];
  out.push('# Erratum benchmarks', '');
  out.push(
    `${env.date}, node ${env.node}, ${env.cpu} × ${env.cores}, load average ${env.loadAverageAtStart.map((l) => l.toFixed(1)).join(' ')} ` +
      `→ ${env.loadAverageAtEnd.map((l) => l.toFixed(1)).join(' ')}. Core ${env.coreVersion}, wasm ${env.wasmBytes} B built ${env.wasmBuilt}.`,
  );
  out.push(
    `Times in ms per call: median (p10–p90) over samples after warm-up, ${env.clock === 'cpu' ? 'process CPU time' : 'wall clock'}` +
      `${env.quick ? ' (quick run: short budgets)' : ''}. ×N: the peer's median over Erratum's (above 1: Erratum is faster).`,
    '',
  );

  if (results.diff) {
    out.push('## 1. Word diff (core.diff: strings in, ops out as the widget gets them, boundary included)', '');
    out.push('| input | Erratum | jsdiff diffWords | vs jsdiff | diff-match-patch (words) | vs dmp | edits E / jsdiff / dmp | not larger |');
    out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |');
    for (const r of results.diff) {
      const e = r.editCounts;
      out.push(
        `| ${r.case} | ${spread(r.times.erratum)} | ${spread(r.times.jsdiff)} | ${times(r.ratio.jsdiff)} | ${spread(r.times.dmp)} | ${times(r.ratio.dmp)} | ` +
          `${e.erratum} / ${e.jsdiff} / ${e.dmp} | ${yes(r.editCountOk)} |`,
      );
    }
    out.push('', 'Where Erratum’s time goes (medians, ms): encoding both strings into the core’s buffer, the wasm call (tokenizer, Myers, spans out), building the ops from the spans, a whole call on one-word inputs (fixed cost); and, for comparison, the JSON call (`api::diff`, the collector’s path) with JSON.parse.', '');
    out.push('| input | encode | wasm call | ops | one-word call | JSON call | input B |');
    out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of results.diff) {
      const b = r.breakdown;
      out.push(`| ${r.case} | ${ms(b.encode)} | ${ms(b.wasm)} | ${ms(b.ops)} | ${ms(b.emptyCall)} | ${ms(b.json)} | ${b.inputBytes} |`);
    }
    const problems = results.diff.filter((r) => r.problems.length);
    if (problems.length) out.push('', ...problems.map((r) => `- ${r.case}: ${r.problems.join('; ')}`));
    out.push('');
  }

  if (results.reanchor) {
    const a = results.reanchor.article;
    out.push(`## 2. Fuzzy re-anchoring (${a.paragraphs} paragraphs, ${a.words} words, ${a.chars} chars; per anchor)`, '');
    out.push('| case | Erratum, article loaded | vs Hypothesis | Erratum incl. load | vs Hypothesis | Hypothesis pipeline | same location | found at the quote’s place |');
    out.push('| --- | ---: | ---: | ---: | ---: | ---: | :---: | ---: |');
    for (const r of results.reanchor.rows) {
      out.push(
        `| ${r.case} | ${spread(r.times.erratumLoaded)} | ${times(r.ratio.loaded)} | ${spread(r.times.erratumWithLoad)} | ${times(r.ratio.withLoad)} | ` +
          `${spread(r.times.hypothesis)} | ${yes(r.sameLocation)} | ${r.nearExpected}/${r.anchors} |`,
      );
    }
    const differ = results.reanchor.rows.filter((r) => !r.sameLocation);
    if (differ.length) {
      out.push('', 'Disagreements ([start, end) in UTF-16 units):');
      for (const r of differ) {
        for (const d of r.disagreements) {
          if (d.note) out.push(`- ${r.case}, anchor ${d.anchor}: ${d.note}`);
          else out.push(`- ${r.case}, anchor ${d.anchor}: Erratum ${d.erratum ? `[${d.erratum.start}, ${d.erratum.end}) ${d.erratum.errors} errors` : 'none'}, Hypothesis ${d.hypothesis ? `[${d.hypothesis.start}, ${d.hypothesis.end}) ${d.hypothesis.errors} errors` : 'none'}, quote now at [${d.expected.start}, ${d.expected.end})`);
        }
      }
    }
    out.push('');
  }

  if (results.index) {
    out.push('## 3. Indexing: session.loadArticle in node', '');
    out.push('| paragraphs | chars | loadArticle | µs / paragraph | × previous size | stringify | wasm call | parse |');
    out.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of results.index) {
      const b = r.breakdown;
      out.push(
        `| ${r.paragraphs} | ${r.chars} | ${spread(r.times.loadArticle)} | ${r.perParagraphUs.toFixed(1)} | ${r.ratioToPrevious ? `×${r.ratioToPrevious.toFixed(1)}` : ''} | ` +
          `${ms(b.stringify)} | ${ms(b.wasm)} | ${ms(b.parse)} |`,
      );
    }
    out.push('');
  }

  if (results.browser) {
    out.push('## 3b. Opening the widget in Chromium (wall clock in the page, ms)', '');
    if (results.browser.skipped) out.push(`Skipped: ${results.browser.skipped}`, '');
    else {
      out.push('| paragraphs | first open: open() | first open: list rendered | re-open: open() | re-open: list rendered | re-open × previous size |');
      out.push('| ---: | ---: | ---: | ---: | ---: | ---: |');
      for (const r of results.browser) {
        out.push(
          `| ${r.paragraphs} | ${spread(r.firstOpen)} | ${spread(r.firstList)} | ${spread(r.reopen)} | ${spread(r.reopenList)} | ${r.reopenRatioToPrevious ? `×${r.reopenRatioToPrevious.toFixed(1)}` : ''} |`,
        );
      }
      out.push('');
    }
  }

  if (results.memory) {
    const m = results.memory;
    out.push('## 4. Memory: wasm heap over load → select → compose → validate cycles', '');
    out.push('| at start | after warm-up | after cycles | cycles | growth | failed cycles | ms / cycle |');
    out.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    out.push(`| ${m.atStart} | ${m.afterWarmup} (${m.warmup}) | ${m.afterCycles} | ${m.cycles} | ${m.growth} | ${m.failures} | ${ms(m.perCycleMs)} |`, '');
  }

  if (results.size) {
    out.push('## Size (what a page downloads)', '', formatSizes(results.size), '');
  }

  out.push('## Goals', '');
  out.push('| goal | met | detail |', '| --- | :---: | --- |');
  for (const g of results.goals) out.push(`| ${g.goal} | ${yes(g.met)} | ${g.detail} |`);
  out.push('');
  return out.join('\n');
}
