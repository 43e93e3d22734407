// Writes the word diff bench's headline inputs (diff-bench.mjs: the corpus
// paragraphs with 1 and with 5 edits, drawn as the bench draws them) for the
// native harness: DIR/inputs-1.bin and DIR/inputs-5.bin, each a sequence of
// (u32 little-endian byte length, UTF-8 bytes), original then correction.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { diffRows } from '../diff-bench.mjs';

const dir = process.argv[2] ?? '.';
const encoder = new TextEncoder();
for (const row of diffRows().filter((r) => r.headline)) {
  const parts = [];
  for (const { original, corrected } of row.inputs) {
    for (const text of [original, corrected]) {
      const bytes = encoder.encode(text);
      const length = Buffer.alloc(4);
      length.writeUInt32LE(bytes.length);
      parts.push(length, bytes);
    }
  }
  const file = path.join(dir, `inputs-${row.edits}.bin`);
  writeFileSync(file, Buffer.concat(parts));
  console.log(`${file}: ${row.case}, ${row.inputs.length} pairs`);
}
