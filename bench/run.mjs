// Runs every bench/*.bench.mjs in turn (or only those whose names contain one of the arguments):
//   npm run bench                 all of them
//   npm run bench -- contexts     only bench/contexts.bench.mjs
import { readdirSync } from 'node:fs';

const filters = process.argv.slice(2);
const files = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches ${filters.join(', ')}`);
  process.exitCode = 2;
}
for (const file of files) {
  console.log(`\n## ${file}`);
  await import(new URL(file, import.meta.url));
}
