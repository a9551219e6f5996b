/**
 * A process that hosts simulated clusters and churns them, so the watch benchmark and flow tests measure kubemux
 * without the simulator's CPU in the measuring process. Bundled on the fly with esbuild (see loadSimHost in
 * bench/watch-host.mjs). Protocol: argv[2] is a JSON HostConfig; the host prints one JSON line per reply on stdout:
 *   {"ready":true,"kubeconfig":FILE}        once every cluster listens
 * and reads one command per stdin line:
 *   churn    start every cluster's churn
 *   stop     stop churning; reply {"stopped":true,"writes":[...],"truth":{clusterName:[["ns/name",rv],...]}}
 *   exit     stop the clusters and exit
 */
import path from 'node:path';
import { createInterface } from 'node:readline';
import { startCluster, writeKubeconfig, type SimCluster } from '../src/sim/index.js';
import { Churner } from './watch-churn.js';

/** What to start: one entry per cluster. */
export interface HostConfig {
  dir: string;
  watchHistory?: number;
  clusters: { name: string; eventsPerSecond: number; population: number; seed: number; prefix?: string }[];
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2]!) as HostConfig;
  const clusters: SimCluster[] = [];
  for (const c of config.clusters) {
    clusters.push(await startCluster({ name: c.name, pods: 0, crd: false, watchHistory: config.watchHistory ?? 50_000, seed: c.seed }));
  }
  const kubeconfig = path.join(config.dir, 'fleet.yaml');
  await writeKubeconfig(kubeconfig, clusters);
  const churners = clusters.map((cluster, i) => new Churner(cluster, config.clusters[i]!));
  const reply = (value: object): boolean => process.stdout.write(`${JSON.stringify(value)}\n`);
  reply({ ready: true, kubeconfig });
  for await (const line of createInterface({ input: process.stdin })) {
    const command = line.trim();
    if (command === 'churn') churners.forEach((c) => c.start(5));
    if (command === 'stop') {
      churners.forEach((c) => c.stop());
      const truth: Record<string, [string, string][]> = {};
      for (const c of clusters) {
        truth[c.name] = c.list('pods').map((o): [string, string] => [`${o.metadata?.namespace}/${o.metadata?.name}`, o.metadata?.resourceVersion ?? '']).sort();
      }
      reply({ stopped: true, writes: churners.map((c) => c.writes), truth });
    }
    if (command === 'exit') break;
  }
  await Promise.all(clusters.map((c) => c.stop()));
}

await main();
