// `kubemux contexts -o name` over a kubeconfig with 200 contexts, next to `node -e 0` (the floor for any Node CLI)
// and `kubectl config get-contexts -o name` on the same file, measured in the same run. Target: within 1.5x of
// `node -e 0`. Also times `--help` (commander only, no yaml) so startup and kubeconfig parsing can be told apart.
//   npm run bench -- contexts
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN as BUILT_BIN, median, report, timeCommand } from './lib.mjs';

// KUBEMUX_BENCH_BIN points at another build (a private copy while others rebuild dist/).
const BIN = process.env.KUBEMUX_BENCH_BIN ?? BUILT_BIN;

const CONTEXTS = 200;
const dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-bench-contexts-'));
const file = path.join(dir, 'config');

// Written by hand (not with the yaml package) so the file looks like what kubectl writes: block style, base64 CA.
const ca = Buffer.from('-----BEGIN CERTIFICATE-----\n' + 'MIIB'.repeat(200) + '\n-----END CERTIFICATE-----\n').toString('base64');
let yaml = 'apiVersion: v1\nkind: Config\nclusters:\n';
for (let i = 0; i < CONTEXTS; i++) yaml += `- name: cluster-${i}\n  cluster:\n    server: https://10.0.${i >> 8}.${i & 255}:6443\n    certificate-authority-data: ${ca}\n`;
yaml += 'users:\n';
for (let i = 0; i < CONTEXTS; i++) yaml += `- name: user-${i}\n  user:\n    token: token-${i}-${'x'.repeat(40)}\n`;
yaml += 'contexts:\n';
for (let i = 0; i < CONTEXTS; i++) yaml += `- name: ctx-${i}\n  context:\n    cluster: cluster-${i}\n    user: user-${i}\n    namespace: ns-${i % 7}\n`;
yaml += 'current-context: ctx-0\npreferences: {}\n';
writeFileSync(file, yaml);

const env = { PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: path.join(dir, '.config'), NO_COLOR: '1' };
const runs = Number(process.env.BENCH_RUNS ?? 21);
const rows = [
  { name: 'node -e 0', ms: timeCommand(process.execPath, ['-e', '0'], { runs, env }) },
  { name: 'kubemux --help', ms: timeCommand(process.execPath, [BIN, '--help'], { runs, env }) },
  { name: `kubemux contexts -o name (${CONTEXTS} contexts)`, ms: timeCommand(process.execPath, [BIN, 'contexts', '-o', 'name', '--kubeconfig', file], { runs, env }) },
];
const kubectl = spawnSync('kubectl', ['version', '--client'], { env, stdio: 'ignore' });
if (kubectl.status === 0) {
  rows.push({ name: 'kubectl config get-contexts -o name', ms: timeCommand('kubectl', ['config', 'get-contexts', '-o', 'name', '--kubeconfig', file], { runs, env }) });
} else {
  console.log('(kubectl not found on PATH: its row is skipped)');
}
report(`contexts -o name over ${CONTEXTS} contexts (${(yaml.length / 1024).toFixed(0)} KiB kubeconfig), median of ${runs}`, rows, 'node -e 0');

// CPU time (user + system) of the same commands: steadier than wall time when other work shares the machine.
const TIME = '/usr/bin/time';
if (spawnSync(TIME, ['-f', '%U', 'true']).status === 0) {
  const cpuMs = (cmd, args) => {
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const r = spawnSync(TIME, ['-f', '%U %S', cmd, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
      const [user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
      samples.push((user + sys) * 1000);
    }
    return median(samples);
  };
  const cpuRows = [
    { name: 'node -e 0', ms: cpuMs(process.execPath, ['-e', '0']) },
    { name: 'kubemux --help', ms: cpuMs(process.execPath, [BIN, '--help']) },
    { name: `kubemux contexts -o name (${CONTEXTS} contexts)`, ms: cpuMs(process.execPath, [BIN, 'contexts', '-o', 'name', '--kubeconfig', file]) },
  ];
  if (kubectl.status === 0) cpuRows.push({ name: 'kubectl config get-contexts -o name', ms: cpuMs('kubectl', ['config', 'get-contexts', '-o', 'name', '--kubeconfig', file]) });
  report('the same, CPU time (user + sys, 10 ms resolution), median', cpuRows, 'node -e 0');
}
