/**
 * The fast completion path (`kubemux __complete ...` and `kubectl_complete-mux ...`), loaded by bin/kubemux.js
 * without commander or the Kubernetes client library: shells run it on every TAB.
 */
import { runComplete } from './completion/run.js';
import { createSources } from './completion/sources.js';

/** Entry point: `argv` is the process arguments after the script, starting with `__complete`. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const words = argv[0] === '__complete' ? argv.slice(1) : argv;
  const env = process.env;
  const cwd = process.cwd();
  return runComplete(words, { stdout: process.stdout, stderr: process.stderr, env, sources: createSources(env, cwd, process.stderr) });
}
