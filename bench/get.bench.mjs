// `kubemux get` against kubectl (issue 4), two scenarios, sims in a child process (bench/get-sim.ts):
//   1. 10 clusters, 100 ms added latency per request: `kubemux get pods -A` over all of them vs a shell loop of
//      `kubectl get pods -A --context C` vs `xargs -P10` running kubectl. Targets: >= 5x faster than the loop,
//      faster than xargs.
//   2. 10 clusters x 10,000 pods, `-o ndjson` into /dev/null: wall time vs the sum of `kubectl get pods -A -o json`
//      per cluster, and kubemux's peak RSS (/usr/bin/time -f %M). Targets: faster than the kubectl sum, RSS < 200 MB.
//   3. 5 clusters of which one never answers, `--request-timeout 2s`: the run ends within the deadline plus a second
//      (target < 3000 ms wall, process start included), exit code 3.
// Run: npm run bench -- get     (env GET_BENCH_RUNS=N timed runs, default 5; GET_BENCH_ONLY=1,3 picks scenarios)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, bundleForBench, report, timeCommand } from './lib.mjs';

const RUNS = Number(process.env.GET_BENCH_RUNS ?? 5);
const ONLY = (process.env.GET_BENCH_ONLY ?? '1,2,3').split(',');
const work = mkdtempSync(path.join(os.tmpdir(), 'kubemux-get-bench-'));
const simBundle = path.join(work, 'get-sim.mjs');
await bundleForBench(fileURLToPath(new URL('./get-sim.ts', import.meta.url)), simBundle);

/** Starts the sim fleet in a child process; resolves once it prints `ready`. */
function startFleet(count, pods, latencyMs, kubeconfig, hung = 0) {
  const child = spawn(process.execPath, [simBundle, String(count), String(pods), String(latencyMs), kubeconfig, String(hung)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('ready')) resolve({ stop: () => child.stdin.end() });
    });
    child.once('exit', (code) => reject(new Error(`sim fleet exited ${code}`)));
  });
}

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
if (!hasKubectl) console.log('kubectl is not on PATH: only kubemux figures are printed');
const contexts = Array.from({ length: 10 }, (_, i) => `bench-${String(i).padStart(2, '0')}`);
const env = { ...process.env, HOME: work, XDG_CACHE_HOME: path.join(work, 'cache'), NO_COLOR: '1', KUBECACHEDIR: path.join(work, 'kubecache') };
delete env.KUBECONFIG;

// 1. Latency.
if (ONLY.includes('1')) {
  const kubeconfig = path.join(work, 'latency.yaml');
  const fleet = await startFleet(10, 10, 100, kubeconfig);
  try {
    const rows = [];
    rows.push({ name: 'kubemux get pods -A (10 clusters)', ms: timeCommand(process.execPath, [BIN, 'get', 'pods', '-A', '--kubeconfig', kubeconfig, '--all-contexts', '-q'], { env, runs: RUNS, warmup: 1 }) });
    if (hasKubectl) {
      const loop = `for c in ${contexts.join(' ')}; do kubectl get pods -A --kubeconfig ${kubeconfig} --context $c >/dev/null || exit 1; done`;
      rows.push({ name: 'for-loop of kubectl', ms: timeCommand('sh', ['-c', loop], { env, runs: RUNS, warmup: 1 }) });
      const xargs = `printf '%s\\n' ${contexts.join(' ')} | xargs -P10 -I{} kubectl get pods -A --kubeconfig ${kubeconfig} --context {}`;
      rows.push({ name: 'xargs -P10 kubectl', ms: timeCommand('sh', ['-c', xargs], { env, runs: RUNS, warmup: 1 }) });
    }
    report('10 clusters, +100 ms per request, get pods -A (median ms)', rows, 'kubemux get pods -A (10 clusters)');
    if (hasKubectl) console.log(`\nspeed-up vs loop: ${(rows[1].ms / rows[0].ms).toFixed(1)}x (target >= 5x); vs xargs: ${(rows[2].ms / rows[0].ms).toFixed(2)}x (target > 1x)`);
  } finally {
    fleet.stop();
  }
}

// 3. Deadline.
if (ONLY.includes('3')) {
  const kubeconfig = path.join(work, 'deadline.yaml');
  const fleet = await startFleet(5, 10, 0, kubeconfig, 1);
  try {
    const args = [BIN, 'get', 'pods', '-A', '--kubeconfig', kubeconfig, '--all-contexts', '-q', '--request-timeout', '2s'];
    const ms = timeCommand(process.execPath, args, { env, runs: RUNS, warmup: 1, okCodes: [3] });
    report('5 clusters, one hung, --request-timeout 2s (median ms, exit 3)', [{ name: 'kubemux get pods -A', ms }], 'kubemux get pods -A');
    console.log(`\nwall ${ms.toFixed(0)} ms for a 2 s deadline (target < 3000 ms)`);
  } finally {
    fleet.stop();
  }
}

// 2. Volume.
if (ONLY.includes('2')) {
  const kubeconfig = path.join(work, 'volume.yaml');
  const fleet = await startFleet(10, 10_000, 0, kubeconfig);
  try {
    const args = [BIN, 'get', 'pods', '-A', '-o', 'ndjson', '--kubeconfig', kubeconfig, '--all-contexts', '-q'];
    const rows = [{ name: 'kubemux -o ndjson (10 x 10,000 pods)', ms: timeCommand(process.execPath, args, { env, runs: RUNS, warmup: 1 }) }];
    const timed = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
    const rssKb = Number(String(timed.stderr).trim().split('\n').at(-1));
    if (hasKubectl) {
      let sum = 0;
      for (const c of contexts) sum += timeCommand('kubectl', ['get', 'pods', '-A', '-o', 'json', '--kubeconfig', kubeconfig, '--context', c], { env, runs: 1, warmup: 0 });
      rows.push({ name: 'sum of kubectl get pods -A -o json per cluster', ms: sum });
    }
    report('10 clusters x 10,000 pods, ndjson to /dev/null (median ms)', rows, 'kubemux -o ndjson (10 x 10,000 pods)');
    console.log(`\nkubemux peak RSS: ${(rssKb / 1024).toFixed(0)} MB (target < 200 MB)`);
    if (hasKubectl) console.log(`speed-up vs kubectl sum: ${(rows[1].ms / rows[0].ms).toFixed(2)}x (target > 1x)`);
  } finally {
    fleet.stop();
  }
}
