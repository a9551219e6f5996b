import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess, testEnv } from '../helpers/cli.js';
import { listRequests, startSimFleet, type Fleet } from '../helpers/fleet.js';

const ESC = '\u001b';
// east's crontab columns, then the one west adds: first-seen order over the clusters in selection order.
const UNION = ['CLUSTER', 'NAME', 'SPEC', 'REPLICAS', 'AGE', 'IMAGE'];

describe('get output and lookups', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startSimFleet([
      { name: 'east', pods: 4 },
      { name: 'west', pods: 3, seed: 7, crdPrinterColumns: [{ name: 'Image', type: 'string', jsonPath: '.spec.image' }, { name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec' }] },
    ]);
    const [east, west] = fleet.clusters;
    east!.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'only-east', namespace: 'default', creationTimestamp: '2020-01-01T00:00:00Z' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    west!.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'old-west', namespace: 'default', creationTimestamp: '2019-01-01T00:00:00Z' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    west!.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `evil${ESC}]0;pwned${ESC}\\`, namespace: 'esc', labels: { app: `x${ESC}[31mred` }, creationTimestamp: '2021-01-01T00:00:00Z' },
      spec: { containers: [{ name: 'c', image: 'x' }] },
    });
  });
  afterAll(() => fleet.stop());
  const get = (...args: string[]) => runInProcess(['get', ...args, ...fleet.args], { env: fleet.env });

  it('ndjson: one record per object with cluster identity and type meta', async () => {
    const r = await get('pods', '-n', 'default', '-o', 'ndjson');
    expect(r.exitCode).toBe(0);
    const records = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { clusterId: string; clusterName: string; object: { apiVersion: string; kind: string; metadata: { name: string } } });
    expect(records.map((x) => `${x.clusterName} ${x.object.kind} ${x.object.apiVersion} ${x.object.metadata.name}`)).toContain('east Pod v1 only-east');
    expect(records.find((x) => x.object.metadata.name === 'only-east')!.clusterId).toBe('config:east');
  });

  it('json: one MultiClusterList with every cluster status', async () => {
    const r = await get('crontabs', '-o', 'json');
    const doc = JSON.parse(r.stdout) as { kind: string; clusters: { clusterName: string; ok: boolean; count: number }[]; items: unknown[] };
    expect(doc.kind).toBe('MultiClusterList');
    expect(doc.clusters.map((c) => [c.clusterName, c.ok, c.count])).toEqual([['east', true, 2], ['west', true, 2]]);
    expect(doc.items).toHaveLength(4);
  });

  it('merges different custom resource columns into one table', async () => {
    const r = await get('crontabs');
    expect(r.exitCode).toBe(0);
    const [header, ...rows] = r.stdout.trim().split('\n');
    // The union is in first-seen order over the clusters in selection order, whichever answers first.
    expect(header!.split(/\s+/)).toEqual(UNION);
    expect(rows.filter((l) => l.startsWith('west')).every((l) => l.includes('<none>'))).toBe(true);
    expect(rows).toHaveLength(4);
  });

  it('a name found in one cluster is not an error in the others', async () => {
    const r = await get('pods', 'only-east', '-o', 'name');
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([0, 'east pod/only-east\n', '']);
  });

  it('a name found nowhere is reported per cluster like kubectl', async () => {
    const r = await get('pods', 'only-east', 'ghost');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^east +only-east /m);
    expect(r.stderr).toBe('error: [east] NotFound: pods "ghost" not found\nerror: [west] NotFound: pods "ghost" not found\n');
    const nd = await get('pod/ghost', 'pod/nobody', '-o', 'ndjson');
    expect(nd.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { error: { message: string } }).error.message)).toEqual([
      'pods "ghost" not found; pods "nobody" not found',
      'pods "ghost" not found; pods "nobody" not found',
    ]);
  });

  it('says No resources found, as kubectl words it', async () => {
    expect(await get('pods', '-n', 'empty')).toMatchObject({ exitCode: 0, stdout: '', stderr: 'No resources found in empty namespace.\n' });
    expect(await get('pods', '-A', '-l', 'app=none')).toMatchObject({ exitCode: 0, stdout: '', stderr: 'No resources found\n' });
    expect(await get('nodes', '-l', 'none=1')).toMatchObject({ stderr: 'No resources found\n' });
    expect(await get('pods', '-n', 'empty', '-o', 'ndjson')).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
  });

  it('--sort-by orders rows across clusters', async () => {
    const r = await get('pods', '-n', 'default', '--sort-by=.metadata.creationTimestamp', '--no-headers');
    const names = r.stdout.trim().split('\n').map((l) => l.split(/\s+/).slice(0, 2).join(' '));
    expect(names.slice(0, 2)).toEqual(['west old-west', 'east only-east']);
  });

  it('escapes control characters in every text format', async () => {
    const escaped = 'evil\\x1b]0;pwned\\x1b\\';
    for (const format of ['table', 'wide', 'name', 'custom-columns=N:.metadata.name,L:.metadata.labels.app']) {
      const r = await get('pods', '-n', 'esc', '-o', format, '--show-labels');
      expect(r.stdout, format).not.toContain(ESC);
      expect(r.stdout, format).toContain(escaped);
    }
    const labels = await get('pods', '-n', 'esc', '-L', 'app');
    expect(labels.stdout).toContain('x\\x1b[31mred');
    const nd = await get('pods', '-n', 'esc', '-o', 'ndjson');
    expect(nd.stdout).not.toContain(ESC);
    expect(nd.stdout).toContain('\\u001b');
  });

  it('several types and short names', async () => {
    const r = await get('deploy,svc', '-n', 'kube-system', '-o', 'name');
    expect(r.stdout).toMatch(/^east deployment.apps\/coredns$/m);
    expect(r.stdout).toMatch(/^west service\/kube-dns$/m);
  });

  it('expands a category (get all) per cluster, kubectl-style', async () => {
    const r = await get('all', '-n', 'kube-system', '-o', 'name');
    expect(r.exitCode).toBe(0);
    const kinds = new Set(r.stdout.trim().split('\n').map((l) => l.split(' ')[1]!.split('/')[0]));
    expect(kinds).toEqual(new Set(['pod', 'service', 'deployment.apps', 'replicaset.apps']));
    const named = await get('all', 'coredns', '-n', 'kube-system', '-o', 'name');
    expect(named.stdout).toMatch(/^east deployment.apps\/coredns$/m);
  });

  it('unknown types fail every cluster (exit 1)', async () => {
    const r = await get('gizmos');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('error: [east] NotFound: the server doesn\'t have a resource type "gizmos"\nerror: [west] NotFound: the server doesn\'t have a resource type "gizmos"\n');
  });

  it('usage errors come before any request (exit 2)', async () => {
    const before = fleet.clusters[0]!.requests.length;
    for (const args of [['-o', 'xml'], ['--concurrency', '0'], ['--request-timeout', 'x'], ['--context', 'nope']]) {
      const r = await runInProcess(['get', 'pods', '--kubeconfig', fleet.kubeconfig, '--context', 'east', ...args], { env: fleet.env });
      expect(r.exitCode, args.join(' ')).toBe(2);
    }
    expect(fleet.clusters[0]!.requests.length).toBe(before);
  });

  it('reads discovery from the disk cache, refreshing once for an unknown type', async () => {
    const env = testEnv();
    const east = fleet.clusters[0]!;
    const discovery = () => east.requests.filter((q) => q.path === '/api' || q.path === '/apis').length;
    const args = ['get', 'pods', '--kubeconfig', fleet.kubeconfig, '--context', 'east'];
    const first = discovery();
    await runInProcess(args, { env });
    expect(discovery() - first).toBe(2);
    await runInProcess(args, { env });
    expect(discovery() - first).toBe(2);
    await runInProcess(['get', 'gizmos', '--kubeconfig', fleet.kubeconfig, '--context', 'east'], { env });
    expect(discovery() - first).toBe(4);
  });

  it('pages lists with --chunk-size', async () => {
    const east = fleet.clusters[0]!;
    const before = listRequests(east, '/api/v1/pods').length;
    const r = await get('pods', '-A', '--chunk-size', '2', '-o', 'name');
    expect(r.exitCode).toBe(0);
    const pages = listRequests(east, '/api/v1/pods').slice(before);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.every((p) => p.query.get('limit') === '2')).toBe(true);
    expect(pages.slice(1).every((p) => p.query.get('continue'))).toBe(true);
  });
});
