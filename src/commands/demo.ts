/**
 * `kubemux demo` (DESIGN.md s.9): starts N simulated clusters on 127.0.0.1 (TLS, own CA, token auth, changing
 * workloads, different Kubernetes minors), writes a kubeconfig for them plus a second file that reuses one context
 * name, prints `ready` and how to use them, and runs until SIGINT/SIGTERM. With `--once` it shows
 * `get pods -A --all-contexts` across them through kubemux itself, then stops.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DemoFlags } from '../cli.js';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';

/** What the demo will do, decided from the flags before anything starts. */
export interface DemoPlan {
  readonly clusters: number;
  readonly seed: number;
  /** Absolute kubeconfig path, or undefined for a file in a fresh temporary folder. */
  readonly kubeconfig?: string;
  readonly once: boolean;
}

const NAMES = ['prod-eu', 'prod-us', 'staging', 'dev', 'qa', 'edge'];
const VERSIONS = ['1.33.1', '1.32.4', '1.30.13', '1.31.9', '1.29.14', '1.28.15', '1.27.16'];

/** Context names of the demo clusters: a few realistic ones, then `cluster-N`. */
export function demoClusterName(i: number): string {
  return NAMES[i] ?? `cluster-${i + 1}`;
}

/** Validates the demo flags (usage errors name the flag). */
export function resolveDemoPlan(flags: DemoFlags, cwd: string): DemoPlan {
  const clusters = Number(flags.clusters);
  if (!Number.isInteger(clusters) || clusters < 1 || clusters > 50) {
    throw new UsageError(`invalid value "${flags.clusters}" for --clusters: use a whole number from 1 to 50`);
  }
  const seed = Number(flags.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`invalid value "${flags.seed}" for --seed: use a whole number`);
  const kubeconfig = flags.writeKubeconfig ? path.resolve(cwd, flags.writeKubeconfig) : undefined;
  return { clusters, seed, kubeconfig, once: Boolean(flags.once) };
}

function duplicatePath(file: string): string {
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}-duplicate${ext || '.yaml'}`;
}

/** Runs the demo; resolves with the exit code once stopped. */
export async function runDemo(flags: DemoFlags, io: Io): Promise<number> {
  const plan = resolveDemoPlan(flags, io.cwd);
  const { startCluster, kubeconfigYaml, writeKubeconfig } = await import('../sim/index.js');
  const tempDir = plan.kubeconfig ? undefined : await mkdtemp(path.join(os.tmpdir(), 'kubemux-demo-'));
  const file = plan.kubeconfig ?? path.join(tempDir!, 'kubeconfig.yaml');
  const duplicate = duplicatePath(file);
  const clusters = await Promise.all(
    Array.from({ length: plan.clusters }, (_, i) =>
      startCluster({ name: demoClusterName(i), version: VERSIONS[i % VERSIONS.length], seed: plan.seed + i, pods: 8 + ((plan.seed + i * 5) % 9) }),
    ),
  );
  const churns = clusters.map((c) => c.churn({ eventsPerSecond: 1 }));
  try {
    await writeKubeconfig(file, clusters);
    const last = clusters[clusters.length - 1]!;
    const { writeFile } = await import('node:fs/promises');
    await writeFile(duplicate, kubeconfigYaml([last], { contextNames: [clusters[0]!.name] }), { mode: 0o600 });
    io.stdout.write('ready\n');
    io.stdout.write(
      [
        `${clusters.length} simulated clusters: ${clusters.map((c) => `${c.name} (v${c.version}, ${c.url})`).join(', ')}`,
        `kubeconfig: ${file}`,
        `duplicate:  ${duplicate} (reuses the context name "${clusters[0]!.name}")`,
        '',
        'Try:',
        `  kubemux get pods -A --all-contexts --kubeconfig ${file}`,
        `  kubemux watch pods -A --all-contexts --kubeconfig ${file}`,
        `  KUBECONFIG=${file} kubectl --context ${clusters[0]!.name} get pods -A`,
        `  kubemux get pods --kubeconfig ${file} --kubeconfig ${duplicate} --all-contexts   # duplicate context names`,
        '',
        ...(plan.once ? [] : ['Press Ctrl-C to stop.']),
      ].join('\n') + '\n',
    );
    if (plan.once) {
      const { main } = await import('../cli.js');
      return await main(['get', 'pods', '-A', '--all-contexts', '--kubeconfig', file], io);
    }
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) return resolve();
      io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    return 0;
  } finally {
    churns.forEach((c) => c.stop());
    await Promise.all(clusters.map((c) => c.stop()));
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}
