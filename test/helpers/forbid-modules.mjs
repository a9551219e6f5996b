// Preloaded with `node --import` in end-to-end tests: any import of a package named in $FORBID_MODULES (comma list)
// fails the process, so a test can prove that a command never loads, say, the Kubernetes client or `yaml`.
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) register(import.meta.url, { data: { forbidden: (process.env.FORBID_MODULES ?? '').split(',').filter(Boolean) } });

let forbidden = [];

/** Receives the forbidden list in the loader thread. */
export function initialize(data) {
  forbidden = data.forbidden;
}

/** Refuses to resolve forbidden packages (and their subpaths). */
export async function resolve(specifier, context, next) {
  if (forbidden.some((f) => specifier === f || specifier.startsWith(`${f}/`))) throw new Error(`forbidden module loaded: ${specifier}`);
  return next(specifier, context);
}
