// Shared helpers for the benchmarks: time whole commands (median of N runs, after a warm-up), compare ratios, and
// print one markdown table per benchmark. Absolute times drift on shared machines; ratios measured in the same run
// are what the targets are about.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Absolute path of the built CLI entry. */
export const BIN = fileURLToPath(new URL('../bin/kubemux.js', import.meta.url));

/** Median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The p-th percentile (0-100) of a list of numbers. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Runs `cmd args` `runs` times (after `warmup` untimed runs) and returns the median wall time in ms. Fails loudly if
 * the command exits non-zero (unless `okCodes` lists its code), so a broken benchmark never reports a number.
 */
export function timeCommand(cmd, args, { runs = 15, warmup = 2, env = process.env, okCodes = [0], input } = {}) {
  const times = [];
  for (let i = 0; i < warmup + runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { env, stdio: ['pipe', 'ignore', 'pipe'], input, maxBuffer: 1 << 30 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (!okCodes.includes(r.status)) {
      throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 500)}`);
    }
    if (i >= warmup) times.push(ms);
  }
  return median(times);
}

/** Prints a markdown table of `rows` ({name, ms, ...}) with a ratio column against the row named `baseline`. */
export function report(title, rows, baseline) {
  const base = rows.find((r) => r.name === baseline)?.ms;
  console.log(`\n### ${title}\n`);
  console.log('| what | median ms | ratio to ' + baseline + ' |');
  console.log('|---|---:|---:|');
  for (const r of rows) console.log(`| ${r.name} | ${r.ms.toFixed(1)} | ${base ? (r.ms / base).toFixed(2) + 'x' : ''} |`);
}
