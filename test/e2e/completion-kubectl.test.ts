import { execa } from 'execa';
import { mkdtempSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, writeKubeconfig, type SimCluster } from '../../src/sim/index.js';
import { testEnv } from '../helpers/cli.js';
import { bashComplete, binDir, fishComplete, hasShell, zshComplete } from '../helpers/completion-shells.js';

// The kubectl plugin form and cluster-backed completion, through real processes against simulated clusters
// (run `npm run build` first).
const COMPLETE_BIN = fileURLToPath(new URL('../../bin/kubectl_complete-mux.js', import.meta.url));
let east: SimCluster;
let west: SimCluster;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  [east, west] = await Promise.all([startCluster({ name: 'east', seed: 3 }), startCluster({ name: 'west', seed: 4 })]);
  const kubeconfig = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubemux-kubectl-')), 'config');
  await writeKubeconfig(kubeconfig, [east, west], { currentContext: 'east' });
  const bin = binDir();
  symlinkSync(COMPLETE_BIN, path.join(bin, 'kubectl_complete-mux'));
  env = testEnv({ KUBECONFIG: kubeconfig, PATH: `${bin}${path.delimiter}${process.env.PATH}` });
});
afterAll(async () => {
  await Promise.all([east.stop(), west.stop()]);
});

const hasKubectl = hasShell('kubectl');
if (!hasKubectl) console.log('skipping kubectl plugin tests: kubectl is not on PATH');

describe.runIf(hasKubectl)('kubectl mux', () => {
  it('runs kubemux as a kubectl plugin', async () => {
    const r = await execa('kubectl', ['mux', 'get', 'pods', '--context', 'west', '-o', 'name'], { env, extendEnv: false, reject: false });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const expected = west.list('pods', 'default').map((p) => `west pod/${p.metadata!.name}`);
    expect(expected.length).toBeGreaterThan(0);
    expect(String(r.stdout).split('\n')).toEqual(expected);
  });

  it('completes through kubectl_complete-mux', async () => {
    const r = await execa('kubectl', ['__complete', 'mux', '--context', ''], { env, extendEnv: false, reject: false });
    expect(r.exitCode).toBe(0);
    expect(String(r.stdout).split('\n')).toEqual(['east\tconfig:east', 'west\tconfig:west', 'config:east', 'config:west', ':4']);
    const types = await execa('kubectl', ['__complete', 'mux', 'get', 'pods,deploy', '-n', 'kube-p'], { env, extendEnv: false, reject: false });
    expect(String(types.stdout).split('\n')[0]).toBe('kube-public');
  });
});

describe('cluster-backed completion in real shells', () => {
  it('bash completes resource types and namespaces', async () => {
    expect(await bashComplete('kubemux get deploy', env)).toEqual(['deployments']);
    expect(await bashComplete('kubemux get pods --context west -n kube-s', env)).toEqual(['kube-system']);
  });
  it.runIf(hasShell('zsh'))('zsh completes resource types and namespaces', async () => {
    expect(await zshComplete('kubemux get configm', env)).toEqual(['configmaps']);
    expect(await zshComplete('kubemux get pods -n kube-s', env)).toEqual(['kube-system']);
  });
  it.runIf(hasShell('fish'))('fish completes resource types and namespaces', async () => {
    expect(await fishComplete('kubemux watch servicea', env)).toEqual(['serviceaccounts']);
    expect(await fishComplete('kubectl-mux get pods --namespace=kube-s', env)).toEqual(['--namespace=kube-system']);
  });
});
