/**
 * Completion values that need the clusters: resource types from the discovery cache, namespaces and object names
 * from the primary cluster. Loaded lazily by sources.ts. (Filled in once the cluster client lands.)
 */
import type { CompletionSources } from './candidates.js';

/** The cluster-backed part of the completion sources. */
export function createClusterSources(_env: NodeJS.ProcessEnv, _cwd: string): Omit<CompletionSources, 'contexts'> {
  const nothing = async (): Promise<never[]> => [];
  return { resourceTypes: nothing, namespaces: nothing, objectNames: nothing };
}
