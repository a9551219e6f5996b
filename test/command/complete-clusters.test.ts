import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeWords } from '../../src/completion/candidates.js';
import { createClusterSources } from '../../src/completion/cluster-sources.js';
import { createSources } from '../../src/completion/sources.js';
import { defaultCacheDir } from '../../src/io.js';
import { discoveryCacheFile, readDiscoveryCache, writeDiscoveryCache } from '../../src/kube/discovery-cache.js';
import { startCluster, writeKubeconfig, type SimCluster } from '../../src/sim/index.js';
import { Capture, testEnv } from '../helpers/cli.js';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';

// Completion of resource types, namespaces and object names against simulated clusters, in process.
let east: SimCluster;
let west: SimCluster;
let kubeconfig: string;

beforeAll(async () => {
  [east, west] = await Promise.all([startCluster({ name: 'east', seed: 1 }), startCluster({ name: 'west', seed: 2 })]);
  kubeconfig = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubemux-complete-sim-')), 'config');
  await writeKubeconfig(kubeconfig, [east, west], { currentContext: 'east' });
});
afterAll(async () => {
  await Promise.all([east.stop(), west.stop()]);
});

/** Completes `words` with real sources and a clock the test moves. */
function completer(env: NodeJS.ProcessEnv, clock = { now: Date.now() }, deadlineMs?: number) {
  const sources = { ...createSources(env, process.cwd(), new Capture()), ...createClusterSources(env, process.cwd(), { now: () => clock.now, deadlineMs }) };
  return async (...words: string[]): Promise<string[]> => (await completeWords(words, sources)).candidates.map((c) => c.value);
}

const requestsTo = (c: SimCluster, prefix: string): number => c.requests.filter((r) => r.path.startsWith(prefix)).length;

describe('resource types', () => {
  it('does one discovery of the primary cluster when no cache is warm, then none', async () => {
    const env = testEnv({ KUBECONFIG: kubeconfig });
    const complete = completer(env);
    const before = requestsTo(east, '/api');
    const types = await complete('get', 'dep');
    expect(types).toEqual(['deployments']);
    expect(requestsTo(east, '/api')).toBeGreaterThan(before);
    expect(await readDiscoveryCache(defaultCacheDir(env), east.url, Date.now())).toBeDefined();
    const after = east.requests.length;
    expect(await complete('get', 'pods,svc,')).toContain('pods,svc,configmaps');
    const watchable = await complete('watch', 'p');
    expect(watchable).toContain('pods');
    expect(watchable.every((t) => t.startsWith('p'))).toBe(true);
    expect(east.requests.length).toBe(after);
  });

  it('unites the warm caches of every selected cluster without asking any', async () => {
    const env = testEnv();
    const cacheDir = defaultCacheDir(env);
    const base = { version: 'v1', namespaced: true, verbs: ['list', 'watch'], preferred: true };
    await writeDiscoveryCache(cacheDir, east.url, [{ ...base, resource: 'pods', group: '', kind: 'Pod' }], Date.now());
    await writeDiscoveryCache(cacheDir, west.url, [{ ...base, resource: 'widgets', group: 'example.com', kind: 'Widget' }], Date.now());
    const counts = [east.requests.length, west.requests.length];
    const complete = completer(env);
    expect(await complete('get', '--kubeconfig', kubeconfig, '--context', 'east', '--context', 'west', '')).toEqual(['pods', 'widgets']);
    expect(await complete('get', '--kubeconfig', kubeconfig, '--context', 'west', '')).toEqual(['widgets']);
    expect(await complete('get', '--kubeconfig', kubeconfig, '--all-contexts', '--exclude-context', 'west', '')).toEqual(['pods']);
    expect([east.requests.length, west.requests.length]).toEqual(counts);
  });
});

describe('namespaces and names', () => {
  it('lists namespaces of the primary cluster and remembers them for a few seconds', async () => {
    const env = testEnv({ KUBECONFIG: kubeconfig });
    const clock = { now: Date.now() };
    const complete = completer(env, clock);
    const asked = (): number => requestsTo(west, '/api/v1/namespaces');
    const before = asked();
    const namespaces = await complete('get', 'pods', '--context', 'west', '-n', 'kube-');
    expect(namespaces.sort()).toEqual(['kube-node-lease', 'kube-public', 'kube-system']);
    expect(asked()).toBe(before + 1);
    expect(existsSync(path.join(defaultCacheDir(env), 'completion'))).toBe(true);
    await complete('get', 'pods', '--context', 'west', '--namespace=');
    expect(asked()).toBe(before + 1);
    clock.now += 11_000;
    await complete('get', 'pods', '--context', 'west', '-n', '');
    expect(asked()).toBe(before + 2);
  });

  it('lists object names in the namespace of the line, else of the context', async () => {
    const env = testEnv({ KUBECONFIG: kubeconfig });
    const complete = completer(env);
    const inDefault = east.list('pods', 'default').map((p) => p.metadata!.name!);
    expect(await complete('get', 'pods', '')).toEqual(inDefault);
    const coredns = east.list('deployments.apps', 'kube-system').map((d) => d.metadata!.name!);
    expect(await complete('get', 'deploy', '-n', 'kube-system', '')).toEqual(coredns);
    expect(await complete('watch', 'pods', inDefault[0]!.slice(0, 3))).toContain(inDefault[0]);
    expect(await complete('get', 'pods', inDefault[0]!, '')).not.toContain(inDefault[0]);
  });

  it('gives up on a cluster that does not answer within the deadline', async () => {
    const env = testEnv({ KUBECONFIG: kubeconfig });
    west.setFaults({ hang: true });
    try {
      const started = Date.now();
      expect(await completer(env, undefined, 300)('get', 'pods', '--context', 'west', '-n', '')).toEqual([]);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      west.clearFaults();
    }
  });

  it('offers nothing when nothing is selected or the type is unknown', async () => {
    const complete = completer(testEnv({ KUBECONFIG: path.join(os.tmpdir(), 'no-such-kubeconfig') }));
    expect(await complete('get', 'pods', '-n', '')).toEqual([]);
    expect(await complete('get', '')).toEqual([]);
    expect(await completer(testEnv({ KUBECONFIG: kubeconfig }))('get', 'gizmos', '')).toEqual([]);
  });

  it('keeps the cache file name free of credentials', () => {
    expect(discoveryCacheFile('/c', east.url)).not.toContain(east.tokenFor('admin'));
  });
});
