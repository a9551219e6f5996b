/**
 * Conformance: the real kubectl (through the version dispatcher on PATH) against simulated clusters reporting
 * 1.27, 1.30 and 1.33, asserting on kubectl's own output. Skips with a printed reason when kubectl is absent.
 */
import { execa } from 'execa';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { kubeconfigYaml, startCluster, type SimCluster } from '../../src/sim/index.js';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
if (!hasKubectl) console.log('skipping kubectl conformance: no kubectl on PATH');

interface Run { stdout: string; stderr: string; exitCode: number }

const VERSIONS = [
  { server: '1.27.3', columns: undefined },
  { server: '1.30.2', columns: undefined },
  { server: '1.33.1', columns: [{ name: 'Schedule', type: 'string', jsonPath: '.spec.cronSpec' }, { name: 'Image', type: 'string', jsonPath: '.spec.image', priority: 1 }, { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }] },
];

const POD_YAML = (name: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
    app: created
spec:
  containers:
  - name: main
    image: busybox:1.36
`;

describe.skipIf(!hasKubectl).each(VERSIONS)('kubectl against a $server cluster', ({ server, columns }) => {
  const minor = server.split('.')[1]!;
  let c: SimCluster;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const kubectl = async (args: string[], kubeconfig = 'admin'): Promise<Run> => {
    const r = await execa('kubectl', args, { env: { ...env, KUBECONFIG: path.join(dir, `${kubeconfig}.yaml`) }, extendEnv: false, reject: false, timeout: 30_000 });
    return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
  };
  const podNames = (ns?: string): string[] => c.list('pods', ns).map((p) => p.metadata!.name!);

  beforeAll(async () => {
    c = await startCluster({
      name: `conf-${minor}`, version: server, pods: 14, seed: Number(minor), logIntervalMs: 100, crdPrinterColumns: columns,
      users: [{ name: 'admin' }, { name: 'bob', rules: [{ verbs: ['get', 'list', 'watch'], resources: ['pods', 'pods/log'], namespaces: ['default'] }] }],
    });
    dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-kubectl-'));
    env = { PATH: process.env.PATH, HOME: dir, NO_COLOR: '1' };
    writeFileSync(path.join(dir, 'admin.yaml'), kubeconfigYaml([c]));
    writeFileSync(path.join(dir, 'bob.yaml'), kubeconfigYaml([c], { user: 'bob' }));
    writeFileSync(path.join(dir, 'bad.yaml'), kubeconfigYaml([c]).replace(c.tokenFor(), 'not-a-valid-token'));
  });
  afterAll(async () => c?.stop());

  it('version: the dispatcher runs the matching kubectl and prints the server version', async () => {
    const r = await kubectl(['version']);
    expect(r.exitCode).toBe(0);
    if (minor === '27') {
      expect(r.stdout).toContain(`Client Version: version.Info{Major:"1", Minor:"27"`);
      expect(r.stdout).toContain(`GitVersion:"v${server}"`);
    } else {
      expect(r.stdout).toMatch(new RegExp(`^Client Version: v1\\.${minor}\\.\\d+$`, 'm'));
      expect(r.stdout).toMatch(new RegExp(`^Server Version: v${server.replace(/\./g, '\\.')}$`, 'm'));
    }
  });

  it('get pods -A, -o wide, nodes, namespaces, deploy,svc', async () => {
    const all = await kubectl(['get', 'pods', '-A']);
    const lines = all.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    const expected = c.list('pods').map((p) => `${p.metadata!.namespace} ${p.metadata!.name}`);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(expected);
    expect(lines.slice(1).every((l) => /\s1\/1\s+Running\s+\d+( \([^)]+ ago\))?\s+\S+$/.test(l))).toBe(true);

    const wide = await kubectl(['get', 'pods', '-o', 'wide', '-n', 'kube-system']);
    expect(wide.stdout.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
    for (const p of c.list('pods', 'kube-system')) {
      const spec = p.spec as { nodeName: string };
      const status = p.status as { podIP: string };
      expect(wide.stdout).toMatch(new RegExp(`^${p.metadata!.name}\\s+1/1\\s+Running\\s+.*\\s${status.podIP.replace(/\./g, '\\.')}\\s+${spec.nodeName}\\s+<none>\\s+<none>$`, 'm'));
    }

    const nodes = await kubectl(['get', 'nodes']);
    expect(nodes.stdout).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/m);
    expect(nodes.stdout).toMatch(new RegExp(`^node-1\\s+Ready\\s+control-plane\\s+\\S+\\s+v${server.replace(/\./g, '\\.')}$`, 'm'));
    expect(nodes.stdout).toMatch(/^node-2\s+Ready\s+<none>\s+/m);

    const ns = await kubectl(['get', 'ns']);
    expect(ns.stdout.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+AGE$/);
    for (const n of c.list('namespaces')) expect(ns.stdout).toMatch(new RegExp(`^${n.metadata!.name}\\s+Active\\s+\\S+$`, 'm'));

    const ds = await kubectl(['get', 'deploy,svc', '-n', 'kube-system']);
    expect(ds.stdout).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m);
    expect(ds.stdout).toMatch(/^deployment\.apps\/coredns\s+2\/2\s+2\s+2\s+\S+$/m);
    expect(ds.stdout).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/m);
    expect(ds.stdout).toMatch(/^service\/kube-dns\s+ClusterIP\s+10\.96\.0\.10\s+<none>\s+53\/UDP,53\/TCP\s+\S+$/m);
  });

  it('a custom resource with its printer columns (which differ per cluster)', async () => {
    const r = await kubectl(['get', 'crontabs']);
    expect(r.exitCode).toBe(0);
    if (columns) {
      expect(r.stdout).toMatch(/^NAME\s+SCHEDULE\s+AGE$/m);
      expect(r.stdout).toMatch(/^nightly-backup\s+0 2 \* \* \*\s+\S+$/m);
      const wide = await kubectl(['get', 'ct', '-o', 'wide']);
      expect(wide.stdout).toMatch(/^report\s+\*\/15 \* \* \* \*\s+busybox:1\.36\s+\S+$/m);
    } else {
      expect(r.stdout).toMatch(/^NAME\s+SPEC\s+REPLICAS\s+AGE$/m);
      expect(r.stdout).toMatch(/^report\s+\*\/15 \* \* \* \*\s+3\s+\S+$/m);
    }
  });

  it('-o json, -o yaml, -o name, -l and --field-selector', async () => {
    const json = JSON.parse((await kubectl(['get', 'pods', '-n', 'default', '-o', 'json'])).stdout);
    expect(json.kind).toBe('List');
    expect(json.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(podNames('default'));
    expect(json.items[0]).toMatchObject({ apiVersion: 'v1', kind: 'Pod' });
    const yaml = parseYaml((await kubectl(['get', 'deploy', '-n', 'kube-system', 'coredns', '-o', 'yaml'])).stdout);
    expect(yaml).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'coredns' }, spec: { replicas: 2 } });
    const names = (await kubectl(['get', 'pods', '-A', '-o', 'name'])).stdout.trim().split('\n');
    expect(names).toEqual(podNames().map((n) => `pod/${n}`));
    const web = c.list('pods').filter((p) => p.metadata!.labels?.app === 'coredns').map((p) => `pod/${p.metadata!.name}`);
    expect((await kubectl(['get', 'pods', '-A', '-l', 'app=coredns', '-o', 'name'])).stdout.trim().split('\n')).toEqual(web);
    const node = (c.list('pods')[0]!.spec as { nodeName: string }).nodeName;
    const onNode = c.list('pods').filter((p) => (p.spec as { nodeName: string }).nodeName === node).map((p) => `pod/${p.metadata!.name}`);
    expect((await kubectl(['get', 'pods', '-A', '--field-selector', `spec.nodeName=${node}`, '-o', 'name'])).stdout.trim().split('\n')).toEqual(onNode);
  });

  it('--chunk-size=2 pages through the list', async () => {
    const before = c.requests.length;
    const r = await kubectl(['get', 'pods', '-A', '--chunk-size=2', '--no-headers']);
    expect(r.stdout.trim().split('\n').map((l) => l.split(/\s+/)[1])).toEqual(podNames());
    const pages = c.requests.slice(before).filter((q) => q.path === '/api/v1/pods' && q.query.get('limit') === '2');
    expect(pages.length).toBe(Math.ceil(podNames().length / 2));
    expect(pages.filter((q) => q.query.has('continue')).length).toBe(pages.length - 1);
  });

  it('get pods -w sees a change made during the watch', async () => {
    const proc = execa('kubectl', ['get', 'pods', '-n', 'default', '-w'], { env: { ...env, KUBECONFIG: path.join(dir, 'admin.yaml') }, extendEnv: false, reject: false });
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    const waitFor = async (re: RegExp): Promise<void> => {
      for (let i = 0; i < 200 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    };
    await waitFor(new RegExp(podNames('default').at(-1)!));
    c.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'watched-1', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    await waitFor(/^watched-1\s+1\/1\s+Running\s+0\s+\d+s$/m);
    proc.kill('SIGTERM');
    await proc;
    expect(out).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m);
    expect(out).toMatch(/^watched-1\s+1\/1\s+Running\s+0\s+\d+s$/m);
    c.remove('pods', 'default', 'watched-1');
  });

  it('api-resources lists built-in and custom types', async () => {
    const r = await kubectl(['api-resources']);
    expect(r.stdout).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/m);
    expect(r.stdout).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(r.stdout).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    expect(r.stdout).toMatch(/^crontabs\s+ct\s+stable\.example\.com\/v1\s+true\s+CronTab$/m);
  });

  it('create -f, label, annotate, apply, scale, delete', async () => {
    const file = path.join(dir, 'pod.yaml');
    writeFileSync(file, POD_YAML('created-1'));
    const validate = minor === '27' ? ['--validate=false'] : [];
    expect((await kubectl(['create', '-f', file, ...validate])).stdout).toBe('pod/created-1 created');
    const again = await kubectl(['create', '-f', file, ...validate]);
    expect([again.exitCode, again.stderr.trim()]).toEqual([1, `Error from server (AlreadyExists): error when creating "${file}": pods "created-1" already exists`]);
    expect((await kubectl(['label', 'pod', 'created-1', 'tier=gold'])).stdout).toBe('pod/created-1 labeled');
    // kubectl 1.27 prints "annotate" here (its own wording; later releases say "annotated")
    expect((await kubectl(['annotate', 'pod', 'created-1', 'note=hello'])).stdout).toBe(minor === '27' ? 'pod/created-1 annotate' : 'pod/created-1 annotated');
    expect(c.list('pods', 'default').find((p) => p.metadata!.name === 'created-1')!.metadata!.annotations).toEqual({ note: 'hello' });
    writeFileSync(path.join(dir, 'applied.yaml'), POD_YAML('applied-1'));
    expect((await kubectl(['apply', '-f', path.join(dir, 'applied.yaml'), ...validate])).stdout).toBe('pod/applied-1 created');
    writeFileSync(path.join(dir, 'applied.yaml'), POD_YAML('applied-1').replace('busybox:1.36', 'busybox:1.37'));
    expect((await kubectl(['apply', '-f', path.join(dir, 'applied.yaml'), ...validate])).stdout).toBe('pod/applied-1 configured');
    const applied = c.list('pods', 'default').find((p) => p.metadata!.name === 'applied-1')!;
    expect((applied.spec as { containers: { image: string }[] }).containers.map((x) => x.image)).toEqual(['busybox:1.37']);
    c.remove('pods', 'default', 'applied-1');
    expect(c.list('pods', 'default').find((p) => p.metadata!.name === 'created-1')!.metadata!.labels).toEqual({ app: 'created', tier: 'gold' });
    expect((await kubectl(['scale', 'deploy', 'coredns', '-n', 'kube-system', '--replicas=3'])).stdout).toBe('deployment.apps/coredns scaled');
    expect((c.list('deployments.apps', 'kube-system')[0]!.spec as { replicas: number }).replicas).toBe(3);
    expect(c.list('pods', 'kube-system').filter((p) => p.metadata!.labels?.app === 'coredns')).toHaveLength(3);
    expect((await kubectl(['get', 'deploy', 'coredns', '-n', 'kube-system', '--no-headers'])).stdout).toMatch(/^coredns\s+3\/3\s+3\s+3\s+\S+$/);
    expect((await kubectl(['delete', 'pod', 'created-1'])).stdout).toBe('pod "created-1" deleted');
    expect(podNames('default')).not.toContain('created-1');
    await kubectl(['scale', 'deploy', 'coredns', '-n', 'kube-system', '--replicas=2']);
  });

  it('typed creates (protobuf bodies from 1.32 on) and auth whoami', async () => {
    expect((await kubectl(['create', 'namespace', 'team-a'])).stdout).toBe('namespace/team-a created');
    expect((await kubectl(['create', 'configmap', 'c1', '--from-literal=a=b', '-n', 'team-a'])).stdout).toBe('configmap/c1 created');
    expect((await kubectl(['create', 'secret', 'generic', 's1', '--from-literal=pw=hunter2', '-n', 'team-a'])).stdout).toBe('secret/s1 created');
    expect(c.list('configmaps', 'team-a').find((x) => x.metadata!.name === 'c1')!.data).toEqual({ a: 'b' });
    const secret = c.list('secrets', 'team-a')[0]!;
    expect([secret.type, Buffer.from((secret.data as { pw: string }).pw, 'base64').toString()]).toEqual(['Opaque', 'hunter2']);
    expect((await kubectl(['create', 'deployment', 'd1', '--image=nginx:1.27', '--port=80', '--replicas=2', '-n', 'team-a'])).stdout).toBe('deployment.apps/d1 created');
    expect((await kubectl(['get', 'deploy', 'd1', '-n', 'team-a', '-o', 'wide', '--no-headers'])).stdout).toMatch(/^d1\s+2\/2\s+2\s+2\s+\S+\s+nginx\s+nginx:1\.27\s+app=d1$/);
    expect(c.list('pods', 'team-a').filter((p) => p.metadata!.labels?.app === 'd1')).toHaveLength(2);
    expect((await kubectl(['get', 'ns', 'team-a', '--show-labels', '--no-headers'])).stdout).toMatch(/^team-a\s+Active\s+\S+\s+kubernetes\.io\/metadata\.name=team-a$/);
    if (Number(minor) >= 28) {
      const who = await kubectl(['auth', 'whoami']);
      expect(who.stdout).toMatch(/^Username\s+admin$/m);
      expect(who.stdout).toMatch(/^Groups\s+\[system:authenticated\]$/m);
    }
    expect((await kubectl(['delete', 'namespace', 'team-a'])).stdout).toBe('namespace "team-a" deleted');
    expect(c.list('configmaps', 'team-a')).toEqual([]);
  });

  it('auth can-i yes and no', async () => {
    const before = c.requests.length;
    const yes = await kubectl(['auth', 'can-i', 'list', 'pods']);
    expect([yes.stdout, yes.exitCode]).toEqual(['yes', 0]);
    const review = c.requests.slice(before).find((q) => q.path.endsWith('/selfsubjectaccessreviews'))!;
    expect(review.headers['content-type']).toBe(Number(minor) >= 32 ? 'application/vnd.kubernetes.protobuf' : 'application/json');
    const no = await kubectl(['auth', 'can-i', 'delete', 'deployments'], 'bob');
    expect([no.stdout, no.exitCode]).toEqual(['no', 1]);
    expect((await kubectl(['auth', 'can-i', 'list', 'pods'], 'bob')).stdout).toBe('yes');
    const list = await kubectl(['auth', 'can-i', '--list'], 'bob');
    expect(list.stdout).toMatch(/^pods\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    expect(list.stdout).toMatch(/^pods\/log\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
  });

  it("prints kubectl's Forbidden and Unauthorized messages", async () => {
    const forbidden = await kubectl(['get', 'deploy'], 'bob');
    expect(forbidden.exitCode).toBe(1);
    expect(forbidden.stderr.trim()).toBe('Error from server (Forbidden): deployments.apps is forbidden: User "bob" cannot list resource "deployments" in API group "apps" in the namespace "default"');
    await kubectl(['get', 'pods']);
    const bad = await kubectl(['get', 'pods'], 'bad');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr.trim().split('\n').at(-1)).toBe('error: You must be logged in to the server (Unauthorized)');
  });

  it('daemonsets, jobs and events print their server-side columns', async () => {
    const r = await kubectl(['get', 'ds,jobs', '-A']);
    expect(r.stdout).toMatch(/^NAMESPACE\s+NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE$/m);
    expect(r.stdout).toMatch(/^kube-system\s+daemonset\.apps\/kube-proxy\s+(\d+)\s+\1\s+\1\s+\1\s+\1\s+kubernetes\.io\/os=linux\s+\S+$/m);
    // servers before 1.30 had no STATUS column for jobs
    expect(r.stdout).toMatch(Number(minor) >= 30 ? /^NAMESPACE\s+NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE$/m : /^NAMESPACE\s+NAME\s+COMPLETIONS\s+DURATION\s+AGE$/m);
    expect(r.stdout).toMatch(Number(minor) >= 30 ? /^\S+\s+job\.batch\/db-migrate\s+Complete\s+1\/1\s+42s\s+\S+$/m : /^\S+\s+job\.batch\/db-migrate\s+1\/1\s+42s\s+\S+$/m);
    const ev = await kubectl(['get', 'events', '-A']);
    expect(ev.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(ev.stdout).toMatch(/\sNormal\s+Scheduled\s+pod\/\S+\s+Successfully assigned \S+ to node-\d+$/m);
  });

  it('fails verification against a certificate from another CA, and shows server errors', async () => {
    c.setFaults({ wrongCert: true });
    const tls = await kubectl(['get', 'pods']);
    c.clearFaults();
    expect(tls.exitCode).toBe(1);
    expect(tls.stderr).toMatch(/x509: certificate signed by unknown authority/);
    await kubectl(['get', 'pods']);
    c.setFaults({ errorRate: 1, errorStatus: 500 });
    const boom = await kubectl(['get', 'pods', '--request-timeout=5s']);
    c.clearFaults();
    expect(boom.exitCode).toBe(1);
    expect(boom.stderr.trim().split('\n').at(-1)).toBe('Error from server (InternalError): Internal error occurred: simulated fault');
  });

  it('logs and logs -f', async () => {
    const pod = podNames('default')[0]!;
    const tail = await kubectl(['logs', pod, '--tail=3']);
    const lines = tail.stdout.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => /^level=(info|debug|warn|error) msg="/.test(l))).toBe(true);
    const stamped = (await kubectl(['logs', pod, '--tail=2', '--timestamps'])).stdout.split('\n');
    for (const l of stamped) {
      const t = Date.parse(l.split(' ')[0]!);
      expect(Math.abs(Date.now() - t)).toBeLessThan(60_000);
    }
    const proc = execa('kubectl', ['logs', '-f', pod, '--tail=1'], { env: { ...env, KUBECONFIG: path.join(dir, 'admin.yaml') }, extendEnv: false, reject: false });
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    for (let i = 0; i < 200 && out.split('\n').length < 4; i++) await new Promise((r) => setTimeout(r, 50));
    proc.kill('SIGTERM');
    await proc;
    expect(out.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(3);
  });
});
