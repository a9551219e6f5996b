// `kubemux contexts -o name` over a kubeconfig with 200 contexts, next to `node -e 0` (the floor for any Node CLI)
// and `kubectl config get-contexts -o name` on the same file, measured in the same run. Target: within 1.5x of
// `node -e 0`. Also times `--help` (commander only, no yaml) so startup and kubeconfig parsing can be told apart.
// `contexts` is timed twice: as it runs for a user (the kubeconfig listing cache, src/clusters/listing-cache.ts,
// answers once the file has been listed) and with no cache at all (the cache folder cannot be created), which is
// what the first listing of a changed file costs.
//   npm run bench -- contexts
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN as BUILT_BIN, report, timeInterleaved } from './lib.mjs';

// KUBEMUX_BENCH_BIN points at another build (a private copy while others rebuild dist/).
const BIN = process.env.KUBEMUX_BENCH_BIN ?? BUILT_BIN;

const CONTEXTS = 200;
const dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-bench-contexts-'));
const file = path.join(dir, 'config');
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

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

const env = { PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: path.join(dir, '.config'), XDG_CACHE_HOME: path.join(dir, '.cache'), NO_COLOR: '1' };
// The cache folder would be inside a regular file: never written, never read.
const coldEnv = { ...env, XDG_CACHE_HOME: path.join(file, 'no-cache') };
const runs = Number(process.env.BENCH_RUNS ?? 21);
const listArgs = [BIN, 'contexts', '-o', 'name', '--kubeconfig', file];
const commands = [
  { name: 'node -e 0', cmd: process.execPath, args: ['-e', '0'] },
  { name: 'kubemux --help', cmd: process.execPath, args: [BIN, '--help'] },
  { name: `kubemux contexts -o name (${CONTEXTS} contexts, listing cached)`, cmd: process.execPath, args: listArgs },
  { name: `kubemux contexts -o name (${CONTEXTS} contexts, no cache)`, cmd: process.execPath, args: listArgs, env: coldEnv },
];
// A file changed in the last two seconds is not cached (listing-cache.ts): let it age, then list it once, which
// also checks that the command being timed lists every context, and that the cache was written.
await new Promise((resolve) => setTimeout(resolve, 2100));
for (const e of [env, coldEnv]) {
  const check = spawnSync(process.execPath, listArgs, { env: e, encoding: 'utf8' });
  if (check.status !== 0 || check.stdout.split('\n').length !== CONTEXTS + 1) throw new Error(`contexts answered: ${check.stderr || check.stdout.slice(0, 300)}`);
}
const cacheDir = path.join(dir, '.cache', 'kubemux', 'kubeconfigs');
if (!existsSync(cacheDir) || readdirSync(cacheDir).length !== 1) throw new Error(`the listing cache was not written in ${cacheDir}`);
const kubectl = spawnSync('kubectl', ['version', '--client'], { env, stdio: 'ignore' });
if (kubectl.status === 0) {
  commands.push({ name: 'kubectl config get-contexts -o name', cmd: 'kubectl', args: ['config', 'get-contexts', '-o', 'name', '--kubeconfig', file] });
} else {
  console.log('(kubectl not found on PATH: its row is skipped)');
}

const { wall: rows, cpu } = timeInterleaved(commands, { runs, env });
report(`contexts -o name over ${CONTEXTS} contexts (${(yaml.length / 1024).toFixed(0)} KiB kubeconfig), median of ${runs}`, rows, 'node -e 0');
if (cpu) report('the same, CPU time (user + sys), median', cpu, 'node -e 0');

console.log('');
for (const row of [rows[2], rows[3]]) {
  const ratio = row.ms / rows[0].ms;
  console.log(`${ratio <= 1.5 ? 'met' : 'MISSED'}: ${row.name} at ${ratio.toFixed(2)}x of node -e 0 (target 1.5x)`);
}
