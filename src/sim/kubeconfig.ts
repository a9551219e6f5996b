/**
 * Kubeconfig files for simulated clusters: one context per cluster, named after it, with the cluster CA embedded
 * (certificate-authority-data, so TLS verifies for real) and token auth for one user.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SimCluster } from './cluster.js';

/** Options of kubeconfigYaml/writeKubeconfig. */
export interface KubeconfigOptions {
  /** Whose token to embed (default `admin`). */
  user?: string;
  /** Namespace set on every context. */
  namespace?: string;
  /** current-context (default: the first cluster's name). */
  currentContext?: string;
  /** Context names to use instead of the cluster names, in the same order (for duplicate-name files). */
  contextNames?: string[];
}

const q = (s: string): string => JSON.stringify(s);

/** One kubeconfig (YAML text), one context per cluster named after it (see the module comment). */
export function kubeconfigYaml(clusters: SimCluster[], opts: KubeconfigOptions = {}): string {
  const user = opts.user ?? 'admin';
  const names = clusters.map((c, i) => opts.contextNames?.[i] ?? c.name);
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  clusters.forEach((c, i) => {
    lines.push(`- name: ${q(names[i]!)}`, '  cluster:', `    server: ${q(c.url)}`, `    certificate-authority-data: ${Buffer.from(c.caPem).toString('base64')}`);
  });
  lines.push('contexts:');
  clusters.forEach((_c, i) => {
    lines.push(`- name: ${q(names[i]!)}`, '  context:', `    cluster: ${q(names[i]!)}`, `    user: ${q(`${names[i]}-${user}`)}`);
    if (opts.namespace) lines.push(`    namespace: ${q(opts.namespace)}`);
  });
  lines.push('users:');
  clusters.forEach((c, i) => {
    lines.push(`- name: ${q(`${names[i]}-${user}`)}`, '  user:', `    token: ${q(c.tokenFor(user))}`);
  });
  const current = opts.currentContext ?? names[0];
  if (current !== undefined) lines.push(`current-context: ${q(current)}`);
  lines.push('preferences: {}', '');
  return lines.join('\n');
}

/** Writes kubeconfigYaml to `file` (mode 0600, parent folders created). */
export async function writeKubeconfig(file: string, clusters: SimCluster[], opts: KubeconfigOptions = {}): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, kubeconfigYaml(clusters, opts), { mode: 0o600 });
}
