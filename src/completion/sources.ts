/**
 * The real completion sources: context names straight from the kubeconfig files (no yaml when avoidable, never the
 * Kubernetes client), and cluster-backed values (resource types, namespaces, object names) from a module loaded only
 * when one of those is asked for, so `--context` completion stays as fast as Node's own start.
 */
import type { CompletionSources } from './candidates.js';
import { contextChoices, loadContextNames } from './kubeconfig-files.js';
import type { LineState } from './words.js';

/** Sources for a completion run in `cwd` with environment `env`; `stderr` receives failures when KUBEMUX_DEBUG=1. */
export function createSources(env: NodeJS.ProcessEnv, cwd: string, stderr: { write(chunk: string): unknown }): CompletionSources {
  const debug = async <T>(what: string, lookup: () => Promise<T>): Promise<T> => {
    try {
      return await lookup();
    } catch (err) {
      if (env.KUBEMUX_DEBUG === '1') stderr.write(`completion: ${what}: ${err instanceof Error ? err.message : String(err)}\n`);
      throw err;
    }
  };
  const clusters = async (): Promise<Omit<CompletionSources, 'contexts'>> => (await import('./cluster-sources.js')).createClusterSources(env, cwd);
  return {
    contexts: (line: LineState) => debug('contexts', async () => contextChoices(await loadContextNames(line.flags.get('--kubeconfig'), env, cwd))),
    resourceTypes: (line) => debug('resource types', async () => (await clusters()).resourceTypes(line)),
    namespaces: (line) => debug('namespaces', async () => (await clusters()).namespaces(line)),
    objectNames: (line, type) => debug('names', async () => (await clusters()).objectNames(line, type)),
  };
}
