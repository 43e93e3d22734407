// Builds the npm package from a built dist/: stages it as the package's
// tree (dist/, schema/, docs/, README, CHANGELOG, LICENSE and a manifest
// made from the repository's package.json) and runs `npm pack` there, so
// the tarball holds what a release holds and nothing of the build tree.
// The repository's package.json is the one place the version, exports and
// files are written; the staged copy only drops what concerns this
// repository's own development (scripts, dev dependencies, engines).
//   node scripts/pack.mjs <dist dir> <output dir>
// Prints the tarball's path. Called by the wasm build (wasm/wasm-module.cmake).

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [distDir, outDir] = process.argv.slice(2).map((p) => p && path.resolve(p));
if (!distDir || !outDir) {
  console.error('usage: node scripts/pack.mjs <dist dir> <output dir>');
  process.exit(2);
}
for (const needed of ['erratum.mjs', 'erratum.js', 'erratum-core.wasm', 'erratum.d.ts']) {
  if (!fs.existsSync(path.join(distDir, needed))) {
    console.error(`pack: ${distDir} has no ${needed}; build the wasm preset first (scripts/build.sh)`);
    process.exit(1);
  }
}

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
for (const devOnly of ['scripts', 'devDependencies', 'engines']) delete manifest[devOnly];

const stage = path.join(outDir, 'package');
fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });
fs.cpSync(distDir, path.join(stage, 'dist'), { recursive: true });
for (const folder of ['schema', 'docs']) fs.cpSync(path.join(root, folder), path.join(stage, folder), { recursive: true });
for (const file of ['README.md', 'CHANGELOG.md', 'LICENSE']) fs.copyFileSync(path.join(root, file), path.join(stage, file));
fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');

// The tarball of an earlier version would otherwise sit beside the new one.
for (const old of fs.readdirSync(outDir)) {
  if (/^erratum-.*\.tgz$/.test(old)) fs.rmSync(path.join(outDir, old));
}
const [packed] = JSON.parse(
  execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
);
console.log(path.join(outDir, packed.filename));
