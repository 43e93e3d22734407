// 4. Memory: the wasm heap (linear memory: it grows, never shrinks) around
// 10,000 cycles of what a reader does: load the article → select a paragraph
// → compose the report → validate it. After a warm-up, the heap must not
// grow: a leak or a fragmenting allocation pattern would show as growth.
// Articles of different sizes alternate, so freed blocks are reused by
// requests of other sizes.

import { article } from './french-text.mjs';
import { heapBytes } from './load-core.mjs';
import { now } from './timing.mjs';

const CONFIG = { endpoint: 'https://example.org/api/reports' };

function draftFor(blocks, index, cycle) {
  const original = blocks[index].text;
  return {
    id: '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b',
    createdAt: '2026-11-28T10:00:00.000Z',
    page: { url: 'https://example.org/article', canonicalUrl: 'https://example.org/article', title: 'Un article', lang: 'fr' },
    items: [{ block: index, corrected: original.replace(/é/, 'e') + (cycle % 2 ? ' Fin.' : ''), comment: 'Coquille', errorType: 'typo' }],
    reporter: { name: 'Ana', email: 'ana@example.fr' },
    client: { locale: 'fr-FR' },
    form: { honeypot: '', elapsedMs: 12000 },
  };
}

export function runMemoryBench({ core, module, cycles = 10000, warmup = 300, log = () => {} }) {
  const articles = [12, 30, 7, 50].map((n, i) => article(100 + i, n, 60).map((text) => ({ text, kind: 'paragraph' })));
  const session = core.createSession();
  const configured = session.configure(CONFIG, 'fr');
  if (!configured.ok) throw new Error(`configure failed: ${JSON.stringify(configured.errors)}`);

  const cycle = (i) => {
    const blocks = articles[i % articles.length];
    const index = i % blocks.length;
    const loaded = session.loadArticle(blocks);
    const selected = session.select(index);
    const composed = session.compose(draftFor(blocks, index, i));
    const validated = composed.report ? core.validateReport(composed.report, CONFIG, 'fr') : { ok: false };
    return loaded.ok && selected.ok && composed.ok && validated.ok;
  };

  if (!cycle(0)) throw new Error('a load → select → compose → validate cycle failed');
  const atStart = heapBytes(module);
  for (let i = 1; i <= warmup; i++) cycle(i);
  const afterWarmup = heapBytes(module);
  let failures = 0;
  const t0 = now();
  for (let i = 0; i < cycles; i++) if (!cycle(warmup + 1 + i)) failures++;
  const perCycleMs = (now() - t0) / cycles;
  const afterCycles = heapBytes(module);
  session.dispose();
  const result = { cycles, warmup, atStart, afterWarmup, afterCycles, growth: afterCycles - afterWarmup, failures, perCycleMs };
  log(
    `memory: heap ${atStart} B at start, ${afterWarmup} B after ${warmup} warm-up cycles, ${afterCycles} B after ${cycles} cycles ` +
      `(growth ${result.growth} B, ${failures} failed cycles, ${perCycleMs.toFixed(3)} ms/cycle)`,
  );
  return result;
}
