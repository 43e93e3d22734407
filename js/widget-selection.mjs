// Turns the reader's text selection (captured when Ctrl+Enter was pressed)
// into a pick: the block it starts in, the selected phrase, and its offsets in
// that block's text. The offsets are only a hint: the core locates the phrase
// itself (normalized), nearest to the hint when it occurs more than once.

// Where a block starts in the DOM: its own range, or its element.
function blockStart(block) {
  return block.range ? [block.range.startContainer, block.range.startOffset] : [block.element, 0];
}

function contains(block, node, offset) {
  if (block.range) {
    try {
      return block.range.comparePoint(node, offset) === 0;
    } catch {
      return false; // another document or a detached node
    }
  }
  return block.element.contains(node);
}

/**
 * @param {Range} range the reader's selection
 * @param {{element: Element, range?: Range, text: string}[]} blocks from discoverBlocks, document order
 * @returns {{block: number, quote: string, range: {start: number, end: number}} | null}
 */
export function pickFromSelection(range, blocks) {
  if (!range || range.collapsed) return null;
  // The innermost block comes last in document order among those containing the start.
  let index = -1;
  for (let i = 0; i < blocks.length; i++) {
    if (contains(blocks[i], range.startContainer, range.startOffset)) index = i;
  }
  if (index < 0) return null;
  const block = blocks[index];

  // Only the part of the selection inside this block is its quote.
  const clipped = range.cloneRange();
  if (!contains(block, range.endContainer, range.endOffset)) {
    if (block.range) clipped.setEnd(block.range.endContainer, block.range.endOffset);
    else clipped.setEnd(block.element, block.element.childNodes.length);
  }
  const quote = clipped.toString().replace(/\s+/g, ' ').trim();
  if (!quote) return null;

  const before = range.cloneRange();
  before.setStart(...blockStart(block));
  before.setEnd(range.startContainer, range.startOffset);
  const start = Math.min(before.toString().length, block.text.length);
  const end = Math.min(start + quote.length, block.text.length);
  return { block: index, quote, range: { start, end } };
}
