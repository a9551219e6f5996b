/**
 * The command line as data, for completion: every command, its flags and what each flag's value and each positional
 * argument are. Completion runs without commander (it must answer in about the time Node takes to start), so this
 * table mirrors src/cli.ts by hand; test/unit/complete-spec.test.ts builds the commander program and fails when the
 * two disagree.
 */

/** What a flag's value is, which decides how it completes. */
export type ValueKind = 'context' | 'file' | 'namespace' | 'output' | 'color' | 'sort-by' | 'free';

/** What a positional argument is. */
export type ArgKind = 'resource-type' | 'object-name' | 'context' | 'shell' | 'command' | 'free';

/** One flag as the user types it. */
export interface FlagSpec {
  /** The long name with its dashes, e.g. `--context`. */
  readonly long: string;
  /** The one-letter form with its dash, e.g. `-n`. */
  readonly short?: string;
  /** Set when the flag takes a value; says how the value completes. */
  readonly value?: ValueKind;
  /** May be given more than once (so it stays offered after it was given). */
  readonly repeatable?: boolean;
  readonly description: string;
}

/** One command (or subcommand) with its flags and arguments. */
export interface CommandSpec {
  /** The name, then any aliases. */
  readonly names: readonly string[];
  readonly description: string;
  readonly flags: readonly FlagSpec[];
  /** Positional arguments in order; the last one repeats when `variadic` is set. */
  readonly args: readonly ArgKind[];
  readonly variadic?: boolean;
  /** Values `-o` accepts for this command (a trailing `=` means the value goes on, as in `custom-columns=`). */
  readonly outputs?: readonly string[];
  readonly subcommands?: readonly CommandSpec[];
  /** Not offered as a candidate (the hidden `__complete` itself). */
  readonly hidden?: boolean;
}

const help: FlagSpec = { long: '--help', short: '-h', description: 'display help for command' };

const selection: readonly FlagSpec[] = [
  { long: '--kubeconfig', value: 'file', repeatable: true, description: 'kubeconfig file or directory' },
  { long: '--context', value: 'context', repeatable: true, description: 'context name, clusterId or glob' },
  { long: '--all-contexts', description: 'select every context of every kubeconfig file' },
  { long: '--exclude-context', value: 'context', repeatable: true, description: 'remove matching contexts' },
];

const fanOut: readonly FlagSpec[] = [
  { long: '--concurrency', value: 'free', description: 'clusters queried at once' },
  { long: '--request-timeout', value: 'free', description: 'per-cluster deadline (0 = none)' },
  { long: '--quiet', short: '-q', description: 'no progress spinner' },
  { long: '--color', value: 'color', description: 'colour the CLUSTER column' },
];

const listing: readonly FlagSpec[] = [
  { long: '--namespace', short: '-n', value: 'namespace', description: 'namespace for every cluster' },
  { long: '--all-namespaces', short: '-A', description: 'list across all namespaces' },
  { long: '--selector', short: '-l', value: 'free', description: 'label selector' },
  { long: '--field-selector', value: 'free', description: 'field selector' },
  { long: '--no-headers', description: 'omit the header line' },
  { long: '--label-columns', short: '-L', value: 'free', repeatable: true, description: 'labels to show as columns' },
  { long: '--show-labels', description: 'show all labels as the last column' },
];

const output = (formats: string): FlagSpec => ({ long: '--output', short: '-o', value: 'output', description: formats });

const contextsUse: CommandSpec = {
  names: ['use'],
  description: 'save the selection used when no --context is given',
  flags: [
    { long: '--kubeconfig', value: 'file', repeatable: true, description: 'kubeconfig file or directory' },
    { long: '--all-contexts', description: 'save every context' },
    { long: '--exclude-context', value: 'context', repeatable: true, description: 'remove matching contexts' },
    { long: '--clear', description: 'forget the saved selection' },
    help,
  ],
  args: ['context'],
  variadic: true,
};

const commands: readonly CommandSpec[] = [
  {
    names: ['contexts', 'ctx'],
    description: 'list every context of every kubeconfig file',
    flags: [
      ...selection,
      ...fanOut,
      output('table, wide, ndjson, json, yaml or name'),
      { long: '--no-headers', description: 'omit the header line' },
      { long: '--check', description: 'probe each active cluster' },
      help,
    ],
    args: [],
    outputs: ['table', 'wide', 'ndjson', 'json', 'yaml', 'name'],
    subcommands: [contextsUse],
  },
  {
    names: ['get'],
    description: 'list resources from every selected cluster',
    flags: [
      ...selection,
      ...fanOut,
      ...listing,
      output('table, wide, ndjson, json, yaml, name, custom-columns=...'),
      { long: '--sort-by', value: 'sort-by', description: 'sort all rows by this JSONPath' },
      { long: '--chunk-size', value: 'free', description: 'list page size' },
      help,
    ],
    args: ['resource-type', 'object-name'],
    variadic: true,
    outputs: ['table', 'wide', 'ndjson', 'json', 'yaml', 'name', 'custom-columns='],
  },
  {
    names: ['watch'],
    description: 'watch resources from every selected cluster',
    flags: [
      ...selection,
      ...fanOut,
      ...listing,
      output('table, wide or ndjson'),
      { long: '--watch-only', description: 'do not report existing objects first' },
      { long: '--timeout', value: 'free', description: 'stop after this long' },
      help,
    ],
    args: ['resource-type', 'object-name'],
    outputs: ['table', 'wide', 'ndjson'],
  },
  { names: ['completion'], description: 'print the shell completion script', flags: [help], args: ['shell'] },
  {
    names: ['demo'],
    description: 'start simulated clusters on 127.0.0.1',
    flags: [
      { long: '--clusters', value: 'free', description: 'how many clusters' },
      { long: '--write-kubeconfig', value: 'file', description: 'where to write the kubeconfig' },
      { long: '--seed', value: 'free', description: 'workload seed' },
      { long: '--once', description: 'show get pods -A once, then stop' },
      help,
    ],
    args: [],
  },
  { names: ['version'], description: 'print the version', flags: [help], args: [] },
  { names: ['help'], description: 'display help for command', flags: [], args: ['command'] },
  { names: ['__complete'], description: 'shell completion protocol', flags: [], args: [], hidden: true },
];

/** The root `kubemux` command: what completion walks from. */
export const ROOT: CommandSpec = {
  names: ['kubemux'],
  description: 'Run kubectl-style read commands against many Kubernetes clusters at once.',
  flags: [{ long: '--version', description: 'print the version' }, help],
  args: [],
  subcommands: commands,
};

/** Shells `kubemux completion` writes scripts for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;

/** Values of `--color`. */
export const COLOR_VALUES = ['auto', 'always', 'never'] as const;

/** JSONPaths offered for `--sort-by`: the ones people sort by most. */
export const SORT_BY_VALUES = ['.metadata.name', '.metadata.namespace', '.metadata.creationTimestamp'] as const;

/** Finds a subcommand of `cmd` by name or alias. */
export function findSubcommand(cmd: CommandSpec, name: string): CommandSpec | undefined {
  return cmd.subcommands?.find((c) => c.names.includes(name));
}

/** Finds a flag of `cmd` by its long (`--x`) or short (`-x`) form. */
export function findFlag(cmd: CommandSpec, form: string): FlagSpec | undefined {
  return cmd.flags.find((f) => f.long === form || f.short === form);
}

/**
 * Finds a flag of `cmd`, else of any command below it: a flag typed before its subcommand (`kubemux --context a get`,
 * which commander rejects) still reads and completes the way the user means it. A flag name means the same thing
 * in every command that has it.
 */
export function findFlagLoosely(cmd: CommandSpec, form: string): FlagSpec | undefined {
  const own = findFlag(cmd, form);
  if (own) return own;
  for (const sub of cmd.subcommands ?? []) {
    const found = findFlagLoosely(sub, form);
    if (found) return found;
  }
  return undefined;
}
