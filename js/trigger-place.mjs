// Where the default trigger goes once the page is idle (discovery reads the
// whole page, too much for the loader's first moments): right after the
// last paragraph discovery finds, in that paragraph's column, rather than
// after the article's comments or the page's footer. A floating trigger
// (trigger: 'floating') keeps its corner unless it would cover the text
// column there (a phone): then it goes after the text too.

import { discoverBlocks } from './discover.mjs';

/**
 * @param {Element} host the default trigger's host (erratum.mjs)
 * @param {{articleSelector?: string, paragraphSelector?: string, exclude?: string}} config
 */
export function placeTrigger(host, config) {
  const last = discoverBlocks(document, config).findLast((b) => b.kind == 'paragraph');
  if (!last) return;
  const column = last.element.getBoundingClientRect();
  const corner = host.getBoundingClientRect();
  if (host.hasAttribute('floating') && (corner.left >= column.right || corner.right <= column.left)) return;
  host.removeAttribute('floating');
  if (last.range) {
    const end = last.range.cloneRange();
    end.collapse(false);
    end.insertNode(host);
  } else last.element.after(host);
}
