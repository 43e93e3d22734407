// Writes package.json's version where a file must spell it out: the
// schema's $id (the URL the published package serves it at). `npm version`
// runs this (package.json "version" script); tests/node/version.test.mjs
// fails when they disagree. The core and the package read the version from
// package.json at build time and need nothing here.
//   node scripts/sync-version.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { name, version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const schemaPath = path.join(root, 'schema/report.schema.json');
const schema = fs.readFileSync(schemaPath, 'utf8');
const id = `https://cdn.jsdelivr.net/npm/${name}@${version}/schema/report.schema.json`;
// Only the $id line changes, so the file keeps its layout.
const updated = schema.replace(/("\$id":\s*)"[^"]*"/, `$1${JSON.stringify(id)}`);
if (updated !== schema) fs.writeFileSync(schemaPath, updated);
console.log(`schema $id: ${id}`);
