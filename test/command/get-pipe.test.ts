import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { Io } from '../../src/io.js';
import { Capture } from '../helpers/cli.js';
import { startSimFleet, type Fleet } from '../helpers/fleet.js';

/** A stdout whose reader leaves after `writes` writes (then it reports itself destroyed, like a closed pipe). */
class ClosingPipe extends Capture {
  destroyed = false;
  listeners: ((err: Error) => void)[] = [];
  constructor(private writes: number) {
    super();
  }
  override write(chunk: string): boolean {
    if (this.writes-- <= 0) this.destroyed = true;
    return super.write(chunk);
  }
  on(_event: 'error', listener: (err: Error) => void): this {
    this.listeners.push(listener);
    return this;
  }
}

describe('get when stdout goes away or the run is interrupted', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startSimFleet([{ name: 'a', pods: 40 }, { name: 'b', pods: 40 }, { name: 'hung', pods: 1 }, { name: 'slow', pods: 40 }, { name: 'nocrd', pods: 1, crd: false }]);
    fleet.clusters[2]!.setFaults({ hang: true });
    fleet.clusters[3]!.setFaults({ latencyMs: 400 });
  });
  afterAll(() => fleet.stop());

  const run = async (args: string[], stdout: Capture, signal = new AbortController().signal) => {
    const stderr = new Capture();
    const io: Io = { stdout, stderr, env: fleet.env, cwd: process.cwd(), signal };
    return { exitCode: await main(['get', ...args, '--kubeconfig', fleet.kubeconfig], io), stderr: stderr.text };
  };

  it('ndjson: a reader that stops reading ends the run quietly, exit 0', async () => {
    const pipe = new ClosingPipe(1);
    const r = await run(['pods', '-A', '-o', 'ndjson', '--chunk-size', '5', '--context', 'a,b'], pipe);
    expect(r).toEqual({ exitCode: 0, stderr: '' });
    expect(pipe.listeners).toHaveLength(1);
  });

  it('table: a closed stdout at print time is not an error either', async () => {
    const r = await run(['pods', '-A', '--context', 'a'], new ClosingPipe(0));
    expect(r).toEqual({ exitCode: 0, stderr: '' });
  });

  it('real failures are still reported when stdout closes; clusters cut short by it are not', async () => {
    const r = await run(['pods,crontabs', '-A', '-o', 'ndjson', '--chunk-size', '5', '--context', 'slow,nocrd'], new ClosingPipe(1));
    expect(r.stderr).toBe('error: [nocrd] NotFound: the server doesn\'t have a resource type "crontabs"\n');
    expect(r.exitCode).toBe(3);
  });

  it('SIGINT cancels the outstanding clusters and prints what arrived', async () => {
    const interrupt = new AbortController();
    setTimeout(() => interrupt.abort(new Error('interrupted')), 500);
    const stdout = new Capture();
    const r = await run(['pods', '-A', '-o', 'name', '--context', 'a,hung', '--request-timeout', '0'], stdout, interrupt.signal);
    expect(r.exitCode).toBe(3);
    expect(stdout.text).toMatch(/^a pod\//m);
    expect(r.stderr).toBe('error: [hung] Canceled: interrupted before the cluster answered\n');
  });
});
