/**
 * Simulated clusters for the GET helper's command and e2e tests: start N sim clusters, write one kubeconfig for
 * them (a context per cluster, named after it) and give back a private test environment that points at it.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCluster, writeKubeconfig, type SimCluster, type SimClusterOptions } from '../../src/sim/index.js';
import { testEnv } from './cli.js';

/** Running sim clusters plus the kubeconfig and environment to reach them. */
export interface Fleet {
  clusters: SimCluster[];
  kubeconfig: string;
  env: NodeJS.ProcessEnv;
  /** `--kubeconfig F --context a,b,...` for every cluster of the fleet. */
  args: string[];
  stop(): Promise<void>;
}

/** Starts one sim cluster per options object and writes their kubeconfig (user `admin` unless `user` is given). */
export async function startSimFleet(specs: SimClusterOptions[], opts: { namespace?: string; user?: string } = {}): Promise<Fleet> {
  const clusters = await Promise.all(specs.map((s) => startCluster(s)));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-fleet-'));
  const kubeconfig = path.join(dir, 'config');
  await writeKubeconfig(kubeconfig, clusters, opts);
  return {
    clusters,
    kubeconfig,
    env: testEnv(),
    args: ['--kubeconfig', kubeconfig, '--context', clusters.map((c) => c.name).join(',')],
    stop: async () => void (await Promise.all(clusters.map((c) => c.stop()))),
  };
}

/** The list requests (not discovery) a cluster received for `resourcePath` (e.g. `/api/v1/pods`). */
export function listRequests(cluster: SimCluster, resourcePath: string): { query: URLSearchParams }[] {
  return cluster.requests.filter((r) => r.method === 'GET' && r.path === resourcePath && r.query.get('watch') !== 'true');
}

/**
 * The issue-4 failure fleet: one healthy cluster and four failing differently, in this order: `hung` (accepts and
 * never answers), `badcert` (a certificate from another CA), `nopods` (pods forbidden), `nocrd` (no CronTab type).
 */
export async function startFailingFleet(healthyPods: number): Promise<Fleet> {
  const fleet = await startSimFleet([
    { name: 'healthy', pods: healthyPods },
    { name: 'hung', pods: 1 },
    { name: 'badcert', pods: 1 },
    { name: 'nopods', pods: 1, users: [{ name: 'admin', rules: [{ verbs: ['*'], resources: ['crontabs.stable.example.com'] }] }] },
    { name: 'nocrd', pods: 1, crd: false },
  ]);
  fleet.clusters[1]!.setFaults({ hang: true });
  fleet.clusters[2]!.setFaults({ wrongCert: true });
  return fleet;
}
