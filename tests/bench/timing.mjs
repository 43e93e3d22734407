// Timing with warm-up, batching and interleaving. Each contender is warmed up,
// then timed in batches long enough for the clock's resolution; contenders
// take turns sample by sample, so a burst of load on this shared machine hits
// all of them alike and their ratio stays meaningful. The order of the turns
// rotates every round: no contender always runs first (after the pause of
// the loop) or right after the same other one (its garbage, its cache state).
//
// Two clocks: 'wall' (performance.now) and 'cpu' (this process's CPU time,
// from getrusage). On a quiet machine they agree; on a machine shared with
// builds, wall time mostly measures how long the process waited for a core,
// so the CPU clock is the default (BENCH_CLOCK=wall to change it). The CPU
// clock counts V8's helper threads too, which only matters before warm-up.

import { performance } from 'node:perf_hooks';

export const clockName = process.env.BENCH_CLOCK === 'wall' ? 'wall' : 'cpu';

/** The current time on the chosen clock, in milliseconds. */
export const now =
  clockName === 'wall'
    ? () => performance.now()
    : () => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
      };

const quantile = (sorted, q) => {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
};

/** {median, p10, p90, samples} of per-call times in milliseconds. */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p10: quantile(sorted, 0.1), p90: quantile(sorted, 0.9), samples: sorted.length };
}

/** Per-call time of `fn` run `batch` times in a row. */
export function timeBatch(fn, batch = 1) {
  const t0 = now();
  for (let i = 0; i < batch; i++) fn();
  return (now() - t0) / batch;
}

/**
 * Times each function of `contenders` ({name: () => void}).
 * Options: warmupMs per contender, sampleMs (target length of one sample),
 * budgetMs (total, for all contenders), minSamples, maxSamples.
 * Returns {name: {median, p10, p90, samples, batch}} in milliseconds per call.
 */
export function compare(contenders, { warmupMs = 150, sampleMs = 4, budgetMs = 1500, minSamples = 11, maxSamples = 300 } = {}) {
  const names = Object.keys(contenders);
  const batches = {};
  for (const name of names) {
    const fn = contenders[name];
    let calls = 0;
    const t0 = now();
    do {
      fn();
      calls++;
    } while (now() - t0 < warmupMs || calls < 3);
    const perCall = (now() - t0) / calls;
    batches[name] = Math.max(1, Math.round(sampleMs / Math.max(perCall, 1e-6)));
  }
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  const start = now();
  for (let round = 0; round < maxSamples; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length];
      samples[name].push(timeBatch(contenders[name], batches[name]));
    }
    if (round + 1 >= minSamples && now() - start > budgetMs) break;
  }
  return Object.fromEntries(names.map((n) => [n, { ...summarize(samples[n]), batch: batches[n] }]));
}
