/**
 * Flow control of `kubemux watch` as a real process (run `npm run build` first):
 * - backpressure: stdout is a pipe nobody reads for 10 s while five clusters churn at 2,000 events/s in total; the
 *   process's RSS (sampled from /proc/<pid>/status) stays under 150 MB, and once reading resumes the state rebuilt from
 *   its NDJSON is still exact;
 * - fairness: one cluster at 5,000 events/s and four at 10/s; the quiet clusters' events reach stdout within a second
 *   of being written in the simulator (each pod carries its write time in an annotation). The 99th percentile is
 *   asserted rather than the maximum, so one scheduling hiccup of a shared CI machine does not fail the run.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startFleet } from '../../src/sim/index.js';
import { startSimHost } from '../../bench/watch-host.mjs';
import { BIN, testEnv } from '../helpers/cli.js';
import { Churner, eventually, fleetConfig, MADE_AT, RecordTail, StateBuilder, truth } from '../command/watch-helpers.js';

const linux = process.platform === 'linux';

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

function spawnWatch(file: string, env: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [BIN, 'watch', 'pods', '-A', '--all-contexts', '-o', 'ndjson', '--kubeconfig', file], { env, stdio: 'pipe' });
}

describe.skipIf(!linux)('watch flow control (real process)', () => {
  it('keeps memory bounded while stdout is not read, and loses nothing once it is', async () => {
    const fleet = await startFleet(5, { pods: 2, crd: false, namePrefix: 'bp' });
    const { file, env } = await fleetConfig(fleet);
    const child = spawnWatch(file, env);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const churners = fleet.map((c, i) => new Churner(c, { eventsPerSecond: 400, seed: 50 + i, population: 60 }).start());
    let maxRss = 0;
    const sampler = setInterval(() => (maxRss = Math.max(maxRss, rssMb(child.pid!))), 200);
    try {
      await new Promise((r) => setTimeout(r, 10_000)); // nobody reads stdout meanwhile
      const writesWhilePaused = churners.reduce((n, c) => n + c.writes, 0);
      const out = { text: '' };
      child.stdout.setEncoding('utf8').on('data', (s: string) => (out.text += s));
      await new Promise((r) => setTimeout(r, 2000));
      churners.forEach((c) => c.stop());
      const tail = new RecordTail(out);
      const built = new StateBuilder();
      const exact = await eventually(() => {
        built.apply(tail.next());
        return fleet.every((c) => JSON.stringify(built.of(c.name)) === JSON.stringify(truth(c)));
      }, 30_000, 250);
      clearInterval(sampler);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(writesWhilePaused).toBeGreaterThan(15_000);
      expect(maxRss).toBeGreaterThan(0);
      expect(maxRss).toBeLessThan(150);
      for (const c of fleet) expect(built.of(c.name)).toEqual(truth(c));
      expect(exact).toBe(true);
      expect(built.backwards).toEqual([]);
      console.log(`backpressure: max RSS ${maxRss.toFixed(1)} MB, ${built.records} records, stderr: ${stderr.split('\n').length - 1} lines`);
    } finally {
      clearInterval(sampler);
      churners.forEach((c) => c.stop());
      child.kill('SIGKILL');
      await Promise.all(fleet.map((c) => c.stop()));
    }
  }, 90_000);

  it('delivers the quiet clusters\' events within a second while one cluster floods', async () => {
    // The simulator runs in its own process, so its CPU does not delay this process's reading of kubemux's stdout.
    const host = await startSimHost([
      { name: 'fair-1', eventsPerSecond: 5000, population: 200, seed: 1, prefix: 'flood' },
      ...[2, 3, 4, 5].map((i) => ({ name: `fair-${i}`, eventsPerSecond: 10, population: 20, seed: i })),
    ]);
    const child = spawnWatch(host.kubeconfig, testEnv());
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const delays: number[] = [];
    let flood = 0;
    let rest = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      const now = Date.now();
      const lines = (rest + s).split('\n');
      rest = lines.pop()!;
      for (const l of lines) {
        if (l.includes('"clusterName":"fair-1"')) {
          flood++;
          continue;
        }
        const r = JSON.parse(l) as { type: string; object?: { metadata?: { annotations?: Record<string, string> } } };
        const made = Number(r.object?.metadata?.annotations?.[MADE_AT]);
        if (r.type !== 'DELETED' && made > 0) delays.push(now - made);
      }
    });
    try {
      await new Promise((r) => setTimeout(r, 1500));
      host.churn();
      await new Promise((r) => setTimeout(r, 8000));
      const { writes } = await host.stop();
      await new Promise((r) => setTimeout(r, 1000));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      const sorted = [...delays].sort((a, b) => a - b);
      const p99 = sorted[Math.floor(sorted.length * 0.99)]!;
      console.log(`fairness: flood writes ${writes[0]}, flood lines ${flood}, quiet events ${delays.length}, quiet delay p50 ${sorted[sorted.length >> 1]} ms, p99 ${p99} ms, max ${sorted.at(-1)} ms`);
      expect(writes[0]).toBeGreaterThan(10_000);
      expect(delays.length).toBeGreaterThan(100);
      expect(p99).toBeLessThan(1000);
    } finally {
      child.kill('SIGKILL');
      await host.exit();
    }
  }, 60_000);
});
