// The comparison side of bench/expand_vs_npm.cpp: expands every pattern of
// PATTERNS (one a line) with @cloud-copilot/iam-expand, installed under
// PREFIX (npm install --prefix PREFIX @cloud-copilot/iam-expand), and writes
// {"pattern": [actions...], ...} to OUT. A single "*" is expanded too, as
// iamtrim does; names it does not know expand to nothing (its default).
//
//   node bench/iam_expand.mjs PREFIX PATTERNS OUT
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [prefix, patternsFile, outFile] = process.argv.slice(2);
const require = createRequire(join(prefix, 'package.json'));
const { expandIamActions } = require('@cloud-copilot/iam-expand');

const patterns = readFileSync(patternsFile, 'utf8').split('\n').filter((p) => p.length > 0);
const out = {};
for (const pattern of patterns) {
  out[pattern] = await expandIamActions(pattern, { expandAsterisk: true });
}
writeFileSync(outFile, JSON.stringify(out));
