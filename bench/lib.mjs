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

/**
 * Bundles a TypeScript entry (a simulator host) into one ES module at `outfile` with esbuild, so a benchmark can run
 * the simulator in its own process. Bare imports stay external and resolve through the repository's node_modules,
 * even when `outfile` is outside the repository.
 */
export async function bundleForBench(entry, outfile) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    nodePaths: [fileURLToPath(new URL('../node_modules', import.meta.url))],
  });
  return outfile;
}

let bash;
/** Whether bash is there to read CPU times from (asked once, when first needed). */
function hasBash() {
  bash ??= spawnSync('bash', ['-c', 'times'], { stdio: 'ignore' }).status === 0;
  return bash;
}

/**
 * The CPU time (user + system, ms) of one run of `cmd`, read from bash's `times` (NaN without bash): on a machine
 * shared with other work it moves far less than wall time, so it tells whether a change helped when wall times are
 * noisy.
 */
export function cpuTimeMs(cmd, args, env) {
  if (!hasBash()) return Number.NaN;
  const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
  const r = spawnSync('bash', ['-c', `${[cmd, ...args].map(quote).join(' ')} >/dev/null 2>&1; times`], { env, encoding: 'utf8' });
  const [user, sys] = r.stdout.trim().split('\n').at(-1).split(/\s+/).map((t) => {
    const m = /(\d+)m([\d.]+)s/.exec(t);
    return (Number(m[1]) * 60 + Number(m[2])) * 1000;
  });
  return user + sys;
}

/**
 * Times `commands` ([{name, cmd, args, env?}]; a command's own `env` replaces the shared one) interleaved: one run of each per round, after two warm-up rounds, so load
 * from elsewhere on the machine hits every row alike (timing each row's runs back to back let a burst of load skew
 * one row). Returns the median wall and CPU rows for `report()`; `cpu` is undefined where bash is missing.
 */
export function timeInterleaved(commands, { runs, env }) {
  const wall = commands.map(() => []);
  const cpu = commands.map(() => []);
  for (let round = 0; round < runs + 2; round++) {
    commands.forEach((c, i) => {
      const ms = timeCommand(c.cmd, c.args, { runs: 1, warmup: 0, env: c.env ?? env });
      const cpuMs = cpuTimeMs(c.cmd, c.args, c.env ?? env);
      if (round >= 2) {
        wall[i].push(ms);
        cpu[i].push(cpuMs);
      }
    });
  }
  return {
    wall: commands.map((c, i) => ({ name: c.name, ms: median(wall[i]) })),
    cpu: hasBash() ? commands.map((c, i) => ({ name: c.name, ms: median(cpu[i]) })) : undefined,
  };
}
