// Benchmark page: an article of ?paragraphs=N synthetic French paragraphs
// (the generator the node benchmarks use), the widget mounted on it, and
// window.benchOpen() timing one open of the widget:
//   openMs: until open() resolves (modules and wasm loaded on the first
//           open, the dialog shown, the page's blocks discovered and indexed
//           by the core, the block list started);
//   listMs: until the last block of the list is rendered.
import { article } from '/bench/french-text.mjs';
import { mount } from '/erratum/erratum.mjs';

const params = new URLSearchParams(location.search);
const paragraphs = Number(params.get('paragraphs') || 200);
const root = document.getElementById('bench');
const fragment = document.createDocumentFragment();
for (const text of article(paragraphs, paragraphs, 60)) {
  const p = document.createElement('p');
  p.textContent = text;
  fragment.append(p);
}
root.append(fragment);

const handle = mount({ endpoint: '/reports', articleSelector: '#bench', lang: 'fr' });

const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

window.benchOpen = async () => {
  const t0 = performance.now();
  await handle.open();
  const opened = performance.now();
  // The list's element counts are read, not queried: a query over 20,000
  // items on every frame would slow down the very rendering it waits for.
  // Items sit in chunks of the list, so the count is summed per chunk.
  let container = null;
  const listed = () => {
    container ??= document.querySelector('erratum-dialog')?.shadowRoot?.querySelector('.blocks') || null;
    let count = 0;
    for (const chunk of container?.children ?? []) count += chunk.childElementCount;
    return count;
  };
  // The title is listed too, so there is one block more than paragraphs.
  // Bounded: a list that never completes is reported (listMs: null), not waited for.
  const deadline = t0 + 300000;
  while (listed() < paragraphs) {
    if (performance.now() > deadline) return { openMs: opened - t0, listMs: null, blocks: listed() };
    await frame();
  }
  return { openMs: opened - t0, listMs: performance.now() - t0, blocks: listed() };
};
window.benchClose = () => handle.close();
window.benchReady = true;
