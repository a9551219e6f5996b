/**
 * `kubemux get` flags -> a frozen, typed plan (STYLE.md "flags -> plan -> run"). Pure: every usage error (bad -o,
 * bad --concurrency, --chunk-size or --request-timeout, malformed TYPE/NAME arguments) is thrown here as a
 * UsageError, before any file is read or any request is sent.
 */
import type { GetFlags, SelectionFlags } from '../cli.js';
import { parseDuration } from '../duration.js';
import { UsageError } from '../errors.js';
import { parseOutputFormat } from '../output/format.js';
import { compileJsonPath } from '../output/jsonpath.js';
import type { OutputSpec, PrintOptions } from '../output/types.js';

/** One thing to read from every cluster: a whole list of a type (`name` undefined) or one named object. */
export interface GetRequest {
  /** The type as typed (`po`, `deploy.apps`, `crontabs.stable.example.com`). */
  readonly type: string;
  /** Index of `type` in `GetPlan.types` (one discovery resolution per type). */
  readonly typeIndex: number;
  readonly name?: string;
}

/** Everything `get` will do, decided from the flags alone. */
export interface GetPlan {
  /** Distinct types, in first-mentioned order. */
  readonly types: readonly string[];
  /** What to read, in kubectl's order (type by type; names in the order given). */
  readonly requests: readonly GetRequest[];
  readonly output: OutputSpec;
  /** Printer options except colour, which depends on the terminal (decided at run time). */
  readonly print: Omit<PrintOptions, 'color'>;
  /** `-n`: one namespace for every cluster; undefined = each context's namespace, else `default`. */
  readonly namespace: string | undefined;
  readonly allNamespaces: boolean;
  readonly labelSelector: string | undefined;
  readonly fieldSelector: string | undefined;
  /** Page size for lists (`--chunk-size`, 0 = unpaged). */
  readonly chunkSize: number;
  readonly concurrency: number;
  /** Per-cluster deadline in ms (0 = none). */
  readonly requestTimeoutMs: number;
  readonly quiet: boolean;
  /** `--color` as given (auto|always|never). */
  readonly color: string;
  readonly selection: SelectionFlags;
}

/** The raw input of `get`: the TYPE argument, the NAME arguments and commander's flags. */
export interface GetArgs {
  type: string;
  names: readonly string[];
  flags: GetFlags;
}

function nonNegativeInt(text: string, flag: string, min: number): number {
  const value = text.trim();
  if (!/^\d+$/.test(value) || Number(value) < min) {
    throw new UsageError(`invalid value "${text}" for ${flag}: expected an integer >= ${min}`);
  }
  return Number(value);
}

function splitTypes(text: string): string[] {
  const types = text.split(',').map((t) => t.trim());
  if (types.some((t) => t === '')) throw new UsageError(`invalid resource type list "${text}": empty type name`);
  return types;
}

/** Turns TYPE and NAME arguments into requests: `pods a b`, `pods,svc a`, or `pods/a svc/b` (kubectl's forms). */
export function parseRequests(type: string, names: readonly string[]): { types: string[]; requests: GetRequest[] } {
  const args = [type, ...names];
  const slashed = args.filter((a) => a.includes('/'));
  const types: string[] = [];
  const indexOf = (t: string): number => {
    const lower = t.toLowerCase();
    let i = types.findIndex((x) => x.toLowerCase() === lower);
    if (i < 0) i = types.push(t) - 1;
    return i;
  };
  if (slashed.length > 0) {
    if (slashed.length !== args.length) {
      throw new UsageError(
        "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubemux get resource/<resource_name>' instead of 'kubemux get resource resource/<resource_name>')",
      );
    }
    const requests = args.map((arg) => {
      const [t = '', ...rest] = arg.split('/');
      const name = rest.join('/');
      if (t === '' || name === '' || t.includes(',')) throw new UsageError(`arguments in resource/name form must have a single resource and name: "${arg}"`);
      return { type: t, typeIndex: indexOf(t), name };
    });
    return { types, requests };
  }
  const requests: GetRequest[] = [];
  for (const t of splitTypes(type)) {
    const typeIndex = indexOf(t);
    if (names.length === 0) requests.push({ type: t, typeIndex });
    for (const name of names) requests.push({ type: t, typeIndex, name });
  }
  return { types, requests };
}

/** Builds the frozen plan; throws UsageError for anything wrong in the flags or arguments. */
export function resolveGetPlan(args: GetArgs): GetPlan {
  const { flags } = args;
  const output = parseOutputFormat(flags.output);
  const { types, requests } = parseRequests(args.type, args.names);
  const allNamespaces = flags.allNamespaces === true;
  if (allNamespaces && requests.some((r) => r.name !== undefined)) {
    throw new UsageError('a resource cannot be retrieved by name across all namespaces (-A)');
  }
  const namespace = flags.namespace?.trim();
  if (flags.namespace !== undefined && !namespace) throw new UsageError('invalid value "" for --namespace: a namespace name is required');
  const sortBy = flags.sortBy?.trim() || undefined;
  // The printers evaluate the path; compiling it here makes a bad --sort-by a usage error before any request.
  if (sortBy !== undefined) compileJsonPath(sortBy, '--sort-by');
  const plan: GetPlan = {
    types,
    requests,
    output,
    print: Object.freeze({
      noHeaders: flags.headers === false,
      labelColumns: [...(flags.labelColumns ?? [])],
      showLabels: flags.showLabels === true,
      sortBy,
      allNamespaces,
    }),
    namespace: allNamespaces ? undefined : namespace,
    allNamespaces,
    labelSelector: flags.selector?.trim() || undefined,
    fieldSelector: flags.fieldSelector?.trim() || undefined,
    chunkSize: nonNegativeInt(flags.chunkSize ?? '500', '--chunk-size', 0),
    concurrency: nonNegativeInt(flags.concurrency ?? '16', '--concurrency', 1),
    requestTimeoutMs: parseDuration(flags.requestTimeout ?? '30s', '--request-timeout'),
    quiet: flags.quiet === true,
    color: flags.color ?? 'auto',
    selection: Object.freeze({
      kubeconfig: flags.kubeconfig,
      context: flags.context,
      allContexts: flags.allContexts,
      excludeContext: flags.excludeContext,
    }),
  };
  return Object.freeze(plan);
}
