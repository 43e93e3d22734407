// What the loader leaves for when the page is idle (it imports this through
// ui-dialog.mjs, whose chunk the widget shares, so nothing more downloads on
// open): the default trigger moves after the text, and with selectionButton
// the reader's selections are watched. The bubble's own code loads only then.

import { discoverBlocks } from './discover.mjs';
import { messagesFor } from './messages.mjs';
import { placeTrigger } from './trigger-place.mjs';
import { pickFromSelection } from './widget-selection.mjs';

/**
 * @param {Element} [host] the default trigger's host, absent with the site's own trigger
 * @param {object} config as mounted
 * @param {(options: {range: Range, preventScroll: boolean}) => void} open the loader's open
 * @param {string} ui the interface language (a catalog's code)
 * @param {() => boolean} off whether the widget is off (destroyed, or its configuration invalid)
 */
export function whenIdle(host, config, open, ui, off) {
  if (host) placeTrigger(host, config);
  if (config.selectionButton !== true) return;
  let strings;
  return import('./selection-button.mjs').then((m) =>
    m.watchSelection({
      // The block a selection starts in, as Ctrl+Enter picks it, or null.
      pick(range) {
        const blocks = discoverBlocks(document, config);
        return blocks[pickFromSelection(range, blocks)?.block]?.element || null;
      },
      // The catalog the dialog uses too, on the first selection in the article.
      strings: () => (strings ||= import(new URL(`messages-${ui}.mjs`, import.meta.url).href).then((c) => messagesFor(ui, c.default, config.messages))),
      open: (range) => open({ range, preventScroll: true }),
      off,
    }),
  );
}
