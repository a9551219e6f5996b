// Startup budget (issue 6): shell completion runs kubemux on every TAB, so `__complete` must answer in about the time
// Node itself takes to start, and `--help` close to it. Medians of one run each, compared with `node -e 0` measured
// in the same run (absolute times drift on shared machines; the ratios are the targets):
//   __complete --context ''   within 1.5x of node -e 0
//   --help                    within 1.6x of node -e 0
// The targets are checked on wall time; a CPU-time table follows, which moves less with load from elsewhere.
// Run: npm run bench -- startup   (builds first), or `node bench/startup.bench.mjs` on a fresh build.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN as BUILT_BIN, report, timeInterleaved } from './lib.mjs';

// KUBEMUX_BIN times another build (see KUBEMUX_DIST in scripts/build.mjs).
const BIN = process.env.KUBEMUX_BIN ?? BUILT_BIN;

const runs = Number(process.env.BENCH_RUNS ?? 21);

/** A kubeconfig the way kubectl and cloud CLIs write them: `count` contexts, each with its cluster (CA data) and user. */
function bigKubeconfig(count) {
  const ca = Buffer.from('-----BEGIN CERTIFICATE-----\n' + 'A'.repeat(1100) + '\n-----END CERTIFICATE-----\n').toString('base64');
  const lines = ['apiVersion: v1', 'clusters:'];
  const name = (i) => (i % 3 === 0 ? `arn:aws:eks:eu-west-1:123456789012:cluster/prod-${i}` : `gke_project_europe-west1_cluster-${i}`);
  for (let i = 0; i < count; i++) lines.push('- cluster:', `    certificate-authority-data: ${ca}`, `    server: https://10.0.${i}.1:6443`, `  name: ${name(i)}`);
  lines.push('contexts:');
  for (let i = 0; i < count; i++) lines.push('- context:', `    cluster: ${name(i)}`, `    namespace: team-${i}`, `    user: ${name(i)}`, `  name: ${name(i)}`);
  lines.push(`current-context: ${name(0)}`, 'kind: Config', 'preferences: {}', 'users:');
  for (let i = 0; i < count; i++) lines.push(`- name: ${name(i)}`, '  user:', `    token: token-${i}-${'x'.repeat(800)}`);
  return lines.join('\n') + '\n';
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-bench-startup-'));
const kubeconfig = path.join(dir, 'config');
writeFileSync(kubeconfig, bigKubeconfig(40));
// A clean environment, as the contexts bench uses: NODE_EXTRA_CA_CERTS (set on these machines) makes every Node
// process read the system CA bundle at start, ~70 ms that would inflate the `node -e 0` baseline and flatter ratios.
const env = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: kubeconfig, XDG_CACHE_HOME: path.join(dir, 'cache'), NO_COLOR: '1' };

// Sanity: the completion being timed answers with the 40 contexts (names and ids), not an empty list.
const check = spawnSync(process.execPath, [BIN, '__complete', 'get', '--context', ''], { env, encoding: 'utf8' });
const lines = check.stdout.trim().split('\n');
if (lines.length !== 81 || lines.at(-1) !== ':4') throw new Error(`__complete answered ${lines.length} lines: ${check.stdout.slice(0, 300)}`);

const commands = [{ name: 'node -e 0', cmd: process.execPath, args: ['-e', '0'] }];
if (spawnSync('kubectl', ['version', '--client'], { env, stdio: 'ignore' }).status === 0) {
  commands.push({ name: 'kubectl version --client', cmd: 'kubectl', args: ['version', '--client'] });
} else {
  console.log('(kubectl not found: its row is skipped)');
}
commands.push(
  { name: 'kubemux --version', cmd: process.execPath, args: [BIN, '--version'] },
  { name: 'kubemux --help', cmd: process.execPath, args: [BIN, '--help'] },
  { name: "kubemux __complete get --context '' (40 contexts)", cmd: process.execPath, args: [BIN, '__complete', 'get', '--context', ''] },
);
const { wall: rows, cpu } = timeInterleaved(commands, { runs, env });
report('Startup (median wall time)', rows, 'node -e 0');
if (cpu) report('Startup (median CPU time, user + system)', cpu, 'node -e 0');

const base = rows[0].ms;
const targets = [
  { name: "kubemux __complete get --context '' (40 contexts)", max: 1.5 },
  { name: 'kubemux --help', max: 1.6 },
];
console.log('');
for (const t of targets) {
  const ratio = rows.find((r) => r.name === t.name).ms / base;
  console.log(`${ratio <= t.max ? 'met' : 'MISSED'}: ${t.name} at ${ratio.toFixed(2)}x (target ${t.max}x)`);
}
