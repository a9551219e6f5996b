/**
 * The simulated fleet behind bench/get.bench.mjs, run in its own process so the measured kubemux and kubectl
 * processes never share a CPU thread with the servers' bookkeeping. Started by the bench (bundled with esbuild):
 *   node get-sim.mjs <count> <podsPerCluster> <latencyMs> <kubeconfigFile> [hungClusters]
 * The first `hungClusters` clusters (default 0) accept requests and never answer.
 * Prints `ready` on stdout once every cluster listens; stops when stdin closes.
 */
import { startCluster, writeKubeconfig } from '../src/sim/index.js';

const [count = '10', pods = '10', latency = '0', file = '/tmp/kubemux-bench-kubeconfig', hung = '0'] = process.argv.slice(2);
const clusters: Awaited<ReturnType<typeof startCluster>>[] = [];
for (let i = 0; i < Number(count); i++) {
  // One at a time: seeding 10,000 pods is CPU work, and both cores are shared.
  clusters.push(await startCluster({ name: `bench-${String(i).padStart(2, '0')}`, pods: Number(pods), seed: i + 1 }));
}
clusters.forEach((c, i) => c.setFaults({ latencyMs: Number(latency), hang: i < Number(hung) }));
await writeKubeconfig(file, clusters);
process.stdout.write('ready\n');
process.stdin.resume();
process.stdin.on('end', () => void Promise.all(clusters.map((c) => c.stop())).then(() => process.exit(0)));
