// Erratum's benchmark harness (not a pass/fail test): the built wasm core
// against its JavaScript peers on real paragraphs and articles of the shared
// corpus (and deterministic French-like inputs), the open path in Chromium,
// the first open on a throttled connection, the wasm heap over many cycles,
// and the download size.
// Prints a markdown report and writes build/bench/results.{md,json}.
//
//   node tests/bench/run.mjs          (or: bash scripts/bench.sh)
// Environment:
//   ERRATUM_WASM_DIST  the built dist/ (default build/wasm/dist)
//   BENCH_ONLY         comma-separated subset: diff,reanchor,index,browser,throttled,memory,size
//   BENCH_QUICK=1      shorter timing budgets and fewer cycles (a smoke run)
//   BENCH_CLOCK=wall   time with performance.now instead of CPU time

import { mkdirSync, writeFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCoreWithModule, distDir, repoRoot, haveDist } from './load-core.mjs';
import { runDiffBench } from './diff-bench.mjs';
import { runReanchorBench } from './reanchor-bench.mjs';
import { runIndexBench } from './index-bench.mjs';
import { runMemoryBench } from './memory-bench.mjs';
import { measureDist, formatSizes, BUDGET } from './size.mjs';
import { clockName } from './timing.mjs';
import { formatReport, evaluateGoals } from './report.mjs';

const quick = process.env.BENCH_QUICK === '1';
const only = new Set((process.env.BENCH_ONLY || 'diff,reanchor,index,browser,throttled,memory,size').split(',').map((s) => s.trim()));
const log = (line) => console.error(`[bench] ${line}`);

if (!haveDist()) {
  console.error(`No built core in ${distDir}: build it first (bash scripts/build.sh).`);
  process.exit(2);
}

const wasmPath = path.join(distDir, 'erratum-core.wasm');
const results = {
  environment: {
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    loadAverageAtStart: os.loadavg(),
    clock: clockName,
    dist: distDir,
    wasmBytes: statSync(wasmPath).size,
    wasmBuilt: statSync(wasmPath).mtime.toISOString(),
    quick,
  },
};

const { core, module } = await loadCoreWithModule();
results.environment.coreVersion = core.version().version;
const budget = (ms) => (quick ? ms / 4 : ms);

if (only.has('diff')) results.diff = runDiffBench({ core, module, budgetMs: budget(3000), log });
if (only.has('reanchor')) results.reanchor = runReanchorBench({ core, budgetMs: budget(1200), log });
if (only.has('index')) results.index = runIndexBench({ core, module, budgetMs: budget(4000), log });
if (only.has('memory')) {
  // A fresh instance: the heap the indexing benchmark grew would hide growth.
  const fresh = await loadCoreWithModule();
  results.memory = runMemoryBench({ ...fresh, cycles: quick ? 1000 : 10000, log });
}
if (only.has('browser')) {
  try {
    const { runBrowserBench } = await import('./browser-bench.mjs');
    results.browser = await runBrowserBench({ distDir, firstOpens: quick ? 1 : 3, reopens: quick ? 1 : 3, log });
  } catch (err) {
    results.browser = { skipped: String(err && err.message ? err.message : err) };
    log(`browser benchmark skipped: ${results.browser.skipped}`);
  }
}
if (only.has('throttled')) {
  try {
    const { runThrottledBench } = await import('./throttled-bench.mjs');
    results.throttled = await runThrottledBench({ distDir, runs: quick ? 1 : 5, log });
  } catch (err) {
    results.throttled = { skipped: String(err && err.message ? err.message : err) };
    log(`throttled benchmark skipped: ${results.throttled.skipped}`);
  }
}
if (only.has('size')) results.size = { ...measureDist(distDir), budget: BUDGET };

results.environment.loadAverageAtEnd = os.loadavg();
results.goals = evaluateGoals(results);

const outDir = path.join(repoRoot, 'build', 'bench');
mkdirSync(outDir, { recursive: true });
const markdown = formatReport(results, { formatSizes });
writeFileSync(path.join(outDir, 'results.md'), markdown);
writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(results, null, 2));
console.log(markdown);
log(`written: ${path.relative(repoRoot, path.join(outDir, 'results.md'))}, ${path.relative(repoRoot, path.join(outDir, 'results.json'))}`);
