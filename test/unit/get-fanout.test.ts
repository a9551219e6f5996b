import { describe, expect, it } from 'vitest';
import { fanOut } from '../../src/clusters/fanout.js';
import { ClusterError } from '../../src/errors.js';
import { entryFor } from '../helpers/get-fixtures.js';

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), reject(new Error('aborted'))), { once: true });
  });

describe('fanOut', () => {
  const entries = ['a', 'b', 'c', 'd'].map((n) => entryFor(n));

  it('returns outcomes in entry order, failures as ClusterErrors', async () => {
    const settled: string[] = [];
    const results = await fanOut(
      entries,
      async (e) => {
        await sleep(e.clusterName === 'a' ? 30 : 1);
        if (e.clusterName === 'c') throw Object.assign(new Error('x'), { code: 'ECONNREFUSED' });
        if (e.clusterName === 'd') throw new ClusterError(e.clusterId, e.clusterName, 'Forbidden', 'no', 403);
        return e.clusterName.toUpperCase();
      },
      { concurrency: 16, timeoutMs: 0, signal: new AbortController().signal, onSettled: (e, ok) => settled.push(`${e.clusterName}:${ok}`) },
    );
    expect(results.map((r) => (r.ok ? r.value : r.error.toLine()))).toEqual([
      'A',
      'B',
      'error: [c] ConnectionRefused: connection to https://127.0.0.1:6443 was refused',
      'error: [d] Forbidden: no',
    ]);
    expect(settled.at(-1)).toBe('a:true');
    expect(results[0]!.durationMs).toBeGreaterThan(0);
  });

  it('bounds concurrency', async () => {
    let running = 0;
    let peak = 0;
    await fanOut(
      entries,
      async () => {
        peak = Math.max(peak, ++running);
        await sleep(5);
        running--;
      },
      { concurrency: 2, timeoutMs: 0, signal: new AbortController().signal },
    );
    expect(peak).toBe(2);
  });

  it('fails a hung cluster at its deadline even if the task ignores the signal', async () => {
    const results = await fanOut(
      entries.slice(0, 2),
      async (e, signal) => {
        if (e.clusterName === 'a') return new Promise<string>(() => undefined);
        await sleep(1, signal);
        return 'ok';
      },
      { concurrency: 4, timeoutMs: 50, signal: new AbortController().signal },
    );
    expect(results[0]).toMatchObject({ ok: false });
    expect(!results[0]!.ok && results[0]!.error.toLine()).toBe('error: [a] Timeout: no answer within 50ms');
    expect(results[1]).toMatchObject({ ok: true, value: 'ok' });
  });

  it('cancels every cluster when the root signal aborts', async () => {
    const root = new AbortController();
    setTimeout(() => root.abort(), 20);
    const results = await fanOut(entries.slice(0, 2), (_e, signal) => sleep(10_000, signal), { concurrency: 1, timeoutMs: 0, signal: root.signal });
    expect(results.map((r) => !r.ok && r.error.reason)).toEqual(['Canceled', 'Canceled']);
  });
});
