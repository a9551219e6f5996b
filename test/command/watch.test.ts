import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, startFleet, type SimCluster } from '../../src/sim/index.js';
import { main } from '../../src/cli.js';
import { Capture, runInProcess } from '../helpers/cli.js';
import { eventually, fleetConfig, parseRecords, startLive, type WatchRecord } from './watch-helpers.js';

const pod = (name: string, namespace = 'default') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels: { app: 'w' } },
  spec: { containers: [{ name: 'main', image: 'nginx' }] },
});

describe('kubemux watch against simulated clusters', () => {
  let fleet: SimCluster[];
  let config: { file: string; env: NodeJS.ProcessEnv };
  beforeAll(async () => {
    fleet = await startFleet(2, { pods: 3, crd: false });
    config = await fleetConfig(fleet);
  });
  afterAll(async () => {
    await Promise.all(fleet.map((c) => c.stop()));
  });

  it('reports existing objects as ADDED, then changes from every cluster, in ndjson', async () => {
    const run = startLive(['watch', 'pods', '-A', '--all-contexts', '-o', 'ndjson', '--kubeconfig', config.file], config.env);
    const [a, b] = fleet as [SimCluster, SimCluster];
    const initial = a.list('pods').length + b.list('pods').length;
    expect(await eventually(() => parseRecords(run.stdout.text).length >= initial, 10_000)).toBe(true);
    const created = a.create(pod('w-1'));
    b.create(pod('w-2'));
    a.update({ ...created, metadata: { ...created.metadata, labels: { app: 'w', v: '2' } } });
    a.remove('pods', 'default', 'w-1');
    expect(await eventually(() => run.stdout.text.includes('"type":"DELETED"') && run.stdout.text.includes('w-2'), 15_000)).toBe(true);
    run.interrupt();
    expect(await run.done).toBe(0);
    const records = parseRecords(run.stdout.text);
    expect(records.slice(0, initial).every((r) => r.type === 'ADDED')).toBe(true);
    const changes = records.slice(initial).map((r) => `${r.type} ${r.clusterName} ${r.object?.metadata?.name}`);
    expect(changes).toEqual(expect.arrayContaining(['ADDED sim-1 w-1', 'MODIFIED sim-1 w-1', 'DELETED sim-1 w-1', 'ADDED sim-2 w-2']));
    expect(changes.filter((c) => c.includes('sim-1')).slice(-3)).toEqual(['ADDED sim-1 w-1', 'MODIFIED sim-1 w-1', 'DELETED sim-1 w-1']);
    const first = records[0] as WatchRecord;
    expect(Object.keys(first)).toEqual(['type', 'clusterId', 'clusterName', 'object']);
    expect(first.clusterId).toBe(`fleet.yaml:${first.clusterName}`);
    expect(first.object).toMatchObject({ apiVersion: 'v1', kind: 'Pod' });
    expect(run.stderr.text).toBe('');
    b.remove('pods', 'default', 'w-2');
  });

  it('prints one table: header once, CLUSTER then EVENT first, rows of every cluster', async () => {
    const expected = fleet[0]!.list('pods', 'default').length + fleet[1]!.list('pods', 'default').length;
    const run = startLive(['watch', 'pods', '--all-contexts', '--kubeconfig', config.file, '-l', 'app'], config.env);
    expect(await eventually(() => run.stdout.text.split('\n').length - 2 >= expected, 15_000)).toBe(true);
    run.interrupt();
    expect(await run.done).toBe(0);
    const lines = run.stdout.text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CLUSTER\s+EVENT\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(lines.filter((l) => l.startsWith('CLUSTER'))).toHaveLength(1);
    const rows = lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2).join(' '));
    expect(new Set(rows)).toEqual(new Set(['sim-1 ADDED', 'sim-2 ADDED']));
    expect(rows).toHaveLength(expected);
  });

  it('--timeout ends the watch with exit 0', async () => {
    const r = await runInProcess(['watch', 'pods', '--all-contexts', '--kubeconfig', config.file, '--timeout', '300ms'], { env: config.env });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('--watch-only skips existing objects; a NAME watches one object; SIGINT flushes and exits 0', async () => {
    const run = startLive(['watch', 'pods', 'only-me', '--watch-only', '--context', 'sim-2', '-o', 'ndjson', '--kubeconfig', config.file], config.env);
    await new Promise((r) => setTimeout(r, 700));
    fleet[1]!.create(pod('not-me'));
    fleet[1]!.create(pod('only-me'));
    expect(await eventually(() => run.stdout.text.includes('only-me'), 10_000)).toBe(true);
    run.interrupt();
    expect(await run.done).toBe(0);
    expect(parseRecords(run.stdout.text).map((r) => `${r.type} ${r.object?.metadata?.name}`)).toEqual(['ADDED only-me']);
    fleet[1]!.remove('pods', 'default', 'only-me');
    fleet[1]!.remove('pods', 'default', 'not-me');
  });

  it('asks for the namespace, bookmarks and Table rows with objects; KUBEMUX_DEBUG names streams clusterId|scope', async () => {
    const env = { ...config.env, KUBEMUX_DEBUG: '1' };
    const run = startLive(['watch', 'pods', '-n', 'default', '--context', 'sim-1', '-o', 'wide', '--kubeconfig', config.file], env);
    const before = fleet[0]!.requests.length;
    const watching = () => fleet[0]!.requests.slice(before).some((q) => q.query.get('watch') === '1');
    expect(await eventually(() => watching() && run.stdout.text.includes('\n'), 15_000)).toBe(true);
    run.interrupt();
    expect(await run.done).toBe(0);
    expect(run.stdout.text.split('\n')[0]).toMatch(/^CLUSTER\s+EVENT\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
    expect(run.stderr.text).toMatch(/^debug: \[fleet\.yaml:sim-1\|pods\/default\] listed \d+ objects at resourceVersion \d+$/m);
    const watch = fleet[0]!.requests.slice(before).find((q) => q.query.get('watch') === '1')!;
    expect(watch.path).toBe('/api/v1/namespaces/default/pods');
    expect(Object.fromEntries(watch.query)).toMatchObject({ allowWatchBookmarks: 'true', includeObject: 'Object' });
    expect(String(watch.headers.accept)).toBe('application/json;as=Table;v=v1;g=meta.k8s.io,application/json');
  });

  it('stops with exit 0 as soon as stdout is closed (| head), even when no more events come', async () => {
    class ClosingOut extends EventEmitter {
      text = '';
      destroyed = false;
      write(chunk: string): boolean {
        this.text += chunk;
        if (!this.destroyed) setImmediate(() => this.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })));
        this.destroyed = true;
        return true;
      }
    }
    const stdout = new ClosingOut();
    const stderr = new Capture();
    const io = { stdout, stderr, env: config.env, cwd: process.cwd(), signal: new AbortController().signal };
    const code = await main(['watch', 'pods', '-A', '--all-contexts', '-o', 'ndjson', '--kubeconfig', config.file], io);
    expect(code).toBe(0);
    expect(parseRecords(stdout.text).length).toBeGreaterThan(0);
    expect(stderr.text).toBe('');
  });

  it('an unknown type stops every cluster: one error line each, ERROR records, exit 1', async () => {
    const r = await runInProcess(['watch', 'gizmos', '--all-contexts', '-o', 'ndjson', '--kubeconfig', config.file], { env: config.env });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l).sort()).toEqual([
      'error: [sim-1] NotFound: the server doesn\'t have a resource type "gizmos"',
      'error: [sim-2] NotFound: the server doesn\'t have a resource type "gizmos"',
    ]);
    expect(parseRecords(r.stdout).map((x) => [x.type, x.clusterName, x.error?.reason]).sort()).toEqual([
      ['ERROR', 'sim-1', 'NotFound'],
      ['ERROR', 'sim-2', 'NotFound'],
    ]);
  });

  it.each([
    [['watch', 'pods,svc'], /one resource type/],
    [['watch', 'pods', '--timeout', 'soon'], /--timeout/],
    [['watch', 'pods', '-o', 'jsn'], /allowed formats/],
    [['watch', 'pods', '--concurrency', '0'], /--concurrency/],
    [['watch', 'pod/x', 'y'], /no need to specify a resource type/],
  ])('usage error for %j: exit 2 before any request', async (args, message) => {
    const r = await runInProcess([...args, '--kubeconfig', config.file], { env: config.env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('kubemux watch when clusters refuse', () => {
  it('all forbidden: exit 1; one forbidden: it stops, the other goes on, --timeout still exits 0', async () => {
    const users = [{ name: 'admin' }, { name: 'viewer', rules: [{ verbs: ['get', 'list', 'watch'], resources: ['services'] }] }];
    const locked = await startCluster({ name: 'locked', pods: 2, crd: false, users });
    const open = await startCluster({ name: 'open', pods: 2, crd: false, users });
    try {
      const viewer = await fleetConfig([locked, open], { user: 'viewer' });
      const all = await runInProcess(['watch', 'pods', '--all-contexts', '-o', 'ndjson', '--kubeconfig', viewer.file], { env: viewer.env });
      expect(all.exitCode).toBe(1);
      expect(all.stderr).toMatch(/^error: \[locked\] Forbidden: .*pods/m);
      expect(all.stderr).toMatch(/^error: \[open\] Forbidden: /m);

      const mixed = await fleetConfig([locked]);
      const openViewer = await fleetConfig([open], { user: 'viewer' });
      const r = await runInProcess(
        ['watch', 'pods', '--all-contexts', '-o', 'ndjson', '--kubeconfig', mixed.file, '--kubeconfig', openViewer.file, '--timeout', '5s'],
        { env: mixed.env },
      );
      expect(r.exitCode).toBe(0);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: \[open\] Forbidden: /)]);
      expect(parseRecords(r.stdout).filter((x) => x.type === 'ADDED').every((x) => x.clusterName === 'locked')).toBe(true);
    } finally {
      await Promise.all([locked.stop(), open.stop()]);
    }
  });
});

describe('kubemux watch with a hung cluster', () => {
  it('bounds discovery by --request-timeout, reports Timeout and keeps retrying while the other cluster streams', async () => {
    const [hung, ok] = await startFleet(2, { pods: 1, crd: false, namePrefix: 'h' });
    hung!.setFaults({ hang: true });
    try {
      const { file, env } = await fleetConfig([hung!, ok!]);
      const run = startLive(['watch', 'pods', '--all-contexts', '-o', 'ndjson', '--request-timeout', '300ms', '--kubeconfig', file], env);
      expect(await eventually(() => /^error: \[h-1\] Timeout: /m.test(run.stderr.text) && run.stdout.text.includes('"clusterName":"h-2"'), 15_000)).toBe(true);
      run.interrupt();
      expect(await run.done).toBe(0);
      expect(parseRecords(run.stdout.text).filter((r) => r.type === 'ERROR').map((r) => [r.clusterName, r.error?.reason])).toContainEqual(['h-1', 'Timeout']);
    } finally {
      hung!.clearFaults();
      await Promise.all([hung!.stop(), ok!.stop()]);
    }
  });
});

describe('kubemux watch interrupted before it starts', () => {
  it('returns 0 at once when the signal is already aborted', async () => {
    const [c] = await startFleet(1, { pods: 1, crd: false, namePrefix: 'pre' });
    try {
      const { file, env } = await fleetConfig([c!]);
      const controller = new AbortController();
      controller.abort();
      const r = await runInProcess(['watch', 'pods', '--all-contexts', '-o', 'ndjson', '--kubeconfig', file], { env, signal: controller.signal });
      expect(r.exitCode).toBe(0);
      expect(r.stderr).toBe('');
    } finally {
      await c!.stop();
    }
  });
});
