/**
 * The simulated Kubernetes API server, the public surface (contract: SIM). Start clusters with `startCluster` or
 * `startFleet`, point clients at them with `kubeconfigYaml`/`writeKubeconfig`, drive change with `create`/`update`/
 * `remove`/`churn`, inject faults with `setFaults`, and inspect what clients sent in `requests`.
 *
 * Each cluster is HTTPS on 127.0.0.1 with its own CA, token and client-certificate auth, aggregated and legacy
 * discovery, JSON and Table lists with selectors and paging, watches with history and bookmarks, writes, logs and
 * OpenAPI enough for the real kubectl (see k8s-api-notes.md).
 *
 * @example
 *   const [a, b] = await startFleet(2, { pods: 20 });
 *   await writeKubeconfig('/tmp/kc', [a, b]);
 *   a.setFaults({ latencyMs: 200 });
 *   await Promise.all([a.stop(), b.stop()]);
 */
export { startCluster, startFleet, type SimCluster } from './cluster.js';
export { kubeconfigYaml, writeKubeconfig, type KubeconfigOptions } from './kubeconfig.js';
export { NO_FAULTS, type SimClusterOptions, type SimFaults, type SimRequest, type SimRule, type SimUserSpec } from './types.js';
export { humanDuration } from './age.js';
