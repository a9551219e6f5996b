// Starts bench/watch-sim-host.ts in its own process (bundled with esbuild into .bench-out/, where bare imports still
// resolve through the repository's node_modules) and talks to it line by line. Used by bench/watch.bench.mjs and by
// the watch flow tests.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { bundleForBench } from './lib.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Bundles the host once per call site; returns the .mjs path. */
export async function bundleSimHost() {
  const outDir = path.join(ROOT, '.bench-out');
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `watch-sim-host-${process.pid}.mjs`);
  await bundleForBench(path.join(ROOT, 'bench/watch-sim-host.ts'), outfile);
  return outfile;
}

/**
 * Starts a host with `clusters` ([{name, eventsPerSecond, population, seed, prefix?}]); resolves once it is ready with
 * {kubeconfig, dir, churn(), stop() -> {writes, truth}, exit()}.
 */
export async function startSimHost(clusters, { watchHistory } = {}) {
  const script = await bundleSimHost();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-simhost-'));
  const child = spawn(process.execPath, [script, JSON.stringify({ dir, clusters, watchHistory })], { stdio: ['pipe', 'pipe', 'inherit'] });
  const replies = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await replies.next();
    if (done) throw new Error('the simulator host exited');
    return JSON.parse(value);
  };
  const ready = await next();
  rmSync(script, { force: true }); // loaded by now; one bundle per run would otherwise pile up in .bench-out/
  return {
    kubeconfig: ready.kubeconfig,
    dir,
    churn: () => child.stdin.write('churn\n'),
    stop: async () => {
      child.stdin.write('stop\n');
      return next();
    },
    exit: async () => {
      child.stdin.write('exit\n');
      child.stdin.end();
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.on('exit', resolve)));
    },
    kill: () => child.kill('SIGKILL'),
  };
}
