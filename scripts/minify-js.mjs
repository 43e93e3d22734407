// Second minification pass over the JS of dist/, with terser (npm dev
// dependency, pinned in the lockfile), after esbuild has bundled and
// minified it: terser's compressor folds more (sequences, conditionals,
// inlined single-use functions) and mangles the names esbuild keeps.
// Measured on this module (gzip -9): the Emscripten glue -0.7 KB, the widget
// -0.4 KB, everything the page downloads -1.2 KB.
// Terser's default, single-pass compression only, with no `unsafe*` option:
// `passes: 2` saved 0.1 KB more but dropped the loader's import of
// widget.mjs (terser 5.51.4 on esbuild's output), so the widget never
// opened. The browser tests run on this output and would catch such a
// miscompilation.
//
//   node scripts/minify-js.mjs <file.mjs|file.js>...   (rewrites each file)
// .mjs files are ES modules (top-level names are private and mangled);
// .js files are classic scripts, whose top-level names are left alone.
import { readFile, writeFile } from 'node:fs/promises';
import { minify } from 'terser';

async function minifyFile(file) {
  const module = file.endsWith('.mjs');
  const source = await readFile(file, 'utf8');
  const result = await minify(source, {
    module,
    ecma: 2020,
    compress: true,
    mangle: true,
    format: { comments: false },
  });
  await writeFile(file, result.code);
}

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node scripts/minify-js.mjs <file>...');
  process.exit(2);
}
await Promise.all(files.map(minifyFile));
