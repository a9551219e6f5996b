/**
 * The command-line surface: commander declarations only. Each action imports its command module lazily, so
 * `--help` never loads the Kubernetes client, yaml or the spinner. Errors are caught once here and turned into one
 * line on stderr plus the exit code of DESIGN.md section 6.
 */
import { Command, CommanderError, Option } from 'commander';
import { ClusterError, ExitCode, UsageError } from './errors.js';
import { processIo, type Io } from './io.js';
import { VERSION } from './version.js';

/** Collects a repeatable flag's values, splitting comma lists (`--context a,b --context c`). */
function collectList(value: string, previous: string[] = []): string[] {
  return previous.concat(value.split(',').map((v) => v.trim()).filter((v) => v !== ''));
}

/** Collects a repeatable flag's values as given. */
function collect(value: string, previous: string[] = []): string[] {
  return previous.concat(value);
}

/** Flags that choose kubeconfig files and clusters (DESIGN.md sections 1-2), shared by every cluster command. */
export interface SelectionFlags {
  kubeconfig?: string[];
  context?: string[];
  allContexts?: boolean;
  excludeContext?: string[];
}

/** Flags that bound the fan-out (DESIGN.md section 4). */
export interface FanOutFlags {
  concurrency: string;
  requestTimeout: string;
  quiet?: boolean;
  color: string;
}

/** Raw flags of `get`, as commander hands them over. */
export interface GetFlags extends SelectionFlags, FanOutFlags {
  namespace?: string;
  allNamespaces?: boolean;
  output?: string;
  selector?: string;
  fieldSelector?: string;
  sortBy?: string;
  headers: boolean;
  labelColumns?: string[];
  showLabels?: boolean;
  chunkSize: string;
}

/** Raw flags of `watch`. */
export interface WatchFlags extends SelectionFlags, FanOutFlags {
  namespace?: string;
  allNamespaces?: boolean;
  output?: string;
  selector?: string;
  fieldSelector?: string;
  headers: boolean;
  labelColumns?: string[];
  showLabels?: boolean;
  watchOnly?: boolean;
  timeout?: string;
}

/** Raw flags of `contexts`. */
export interface ContextsFlags extends SelectionFlags, FanOutFlags {
  output?: string;
  check?: boolean;
  headers: boolean;
}

/** Raw flags of `contexts use`. */
export interface ContextsUseFlags {
  kubeconfig?: string[];
  allContexts?: boolean;
  excludeContext?: string[];
  clear?: boolean;
}

/** Raw flags of `demo`. */
export interface DemoFlags {
  clusters: string;
  writeKubeconfig?: string;
  once?: boolean;
  seed: string;
}

function addSelection(cmd: Command): Command {
  return cmd
    .option('--kubeconfig <path>', 'kubeconfig file or directory (repeatable; a path list is split)', collect)
    .option('--context <sel>', 'context name, clusterId or glob (repeatable, comma-separated)', collectList)
    .option('--all-contexts', 'select every context of every kubeconfig file')
    .option('--exclude-context <glob>', 'remove matching contexts after selection (repeatable)', collect);
}

function addFanOut(cmd: Command): Command {
  return cmd
    .option('--concurrency <n>', 'clusters queried at once', '16')
    .option('--request-timeout <duration>', 'per-cluster deadline (0 = none)', '30s')
    .option('-q, --quiet', 'no progress spinner')
    .addOption(new Option('--color <when>', 'colour the CLUSTER column').choices(['auto', 'always', 'never']).default('auto'));
}

function addListing(cmd: Command): Command {
  return cmd
    .option('-n, --namespace <ns>', 'namespace for every cluster')
    .option('-A, --all-namespaces', 'list across all namespaces')
    .option('-l, --selector <selector>', 'label selector')
    .option('--field-selector <selector>', 'field selector')
    .option('--no-headers', 'omit the header line')
    .option('-L, --label-columns <labels>', 'labels to show as columns (repeatable, comma-separated)', collectList)
    .option('--show-labels', 'show all labels as the last column');
}

/** Builds the commander program; `io` is what actions run against. Exported for in-process tests. */
export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('kubemux')
    .description('Run kubectl-style read commands against many Kubernetes clusters at once.')
    .version(VERSION, '--version', 'print the version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });

  // `contexts use --kubeconfig F`: with positional options on the program and on `contexts`, options after `use`
  // belong to `use` (commander otherwise hands them to the parent and `use` sees none).
  program.enablePositionalOptions();
  const ctx = addFanOut(addSelection(program.command('contexts').alias('ctx')))
    .description('list every context of every kubeconfig file, and which are active')
    .option('-o, --output <format>', 'table, wide, ndjson, json, yaml or name')
    .option('--no-headers', 'omit the header line')
    .option('--check', 'probe each active cluster (GET /version)')
    .enablePositionalOptions() // `contexts use --kubeconfig F` gives --kubeconfig to `use`, not to `contexts`
    .addHelpText('after', '\nExamples:\n  kubemux contexts\n  kubemux contexts --check\n  kubemux ctx -o json --kubeconfig ~/.kube/configs/')
    .action(async (flags: ContextsFlags) => {
      const { runContexts } = await import('./commands/contexts.js');
      setExit(await runContexts(flags, io));
    });
  ctx
    .command('use')
    .description('save the selection (clusterIds) used when no --context is given')
    .argument('[sel...]', 'context names, clusterIds or globs')
    .option('--kubeconfig <path>', 'kubeconfig file or directory (repeatable)', collect)
    .option('--all-contexts', 'save every context')
    .option('--exclude-context <glob>', 'remove matching contexts (repeatable)', collect)
    .option('--clear', 'forget the saved selection')
    .addHelpText('after', '\nExamples:\n  kubemux contexts use prod-eu prod-us\n  kubemux contexts use "prod-*" --exclude-context prod-old\n  kubemux contexts use --clear')
    .action(async (sels: string[], flags: ContextsUseFlags) => {
      const { runContextsUse } = await import('./commands/contexts.js');
      setExit(await runContextsUse(sels, flags, io));
    });

  addListing(addFanOut(addSelection(program.command('get'))))
    .description('list resources from every selected cluster in one table')
    .argument('<type>', 'resource type(s): pods, deploy,svc, pods/NAME, crontabs.stable.example.com')
    .argument('[names...]', 'object names')
    .option('-o, --output <format>', 'table, wide, ndjson, json, yaml, name, custom-columns=...')
    .option('--sort-by <jsonpath>', 'sort all rows by this JSONPath')
    .option('--chunk-size <n>', 'list page size', '500')
    .addHelpText('after', '\nExamples:\n  kubemux get pods -A --context prod-eu --context prod-us\n  kubemux get deploy,svc -n web --all-contexts -o ndjson | jq .clusterName\n  kubemux get nodes --context "prod-*" --sort-by .metadata.creationTimestamp')
    .action(async (type: string, names: string[], flags: GetFlags) => {
      const { runGet } = await import('./commands/get.js');
      setExit(await runGet(type, names, flags, io));
    });

  addListing(addFanOut(addSelection(program.command('watch'))))
    .description('watch resources from every selected cluster as one merged stream')
    .argument('<type>', 'resource type')
    .argument('[name]', 'one object name')
    .option('-o, --output <format>', 'table, wide or ndjson')
    .option('--watch-only', 'do not report existing objects first')
    .option('--timeout <duration>', 'stop after this long (exit 0)')
    .addHelpText('after', '\nExamples:\n  kubemux watch pods -A --all-contexts -o ndjson\n  kubemux watch deploy -n web --context "prod-*" --timeout 10m')
    .action(async (type: string, name: string | undefined, flags: WatchFlags) => {
      const { runWatch } = await import('./commands/watch.js');
      setExit(await runWatch(type, name, flags, io));
    });

  program
    .command('completion')
    .description('print the shell completion script')
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText('after', '\nExamples:\n  source <(kubemux completion bash)\n  kubemux completion fish > ~/.config/fish/completions/kubemux.fish')
    .action(async (shell: string) => {
      const { runCompletion } = await import('./commands/completion.js');
      setExit(await runCompletion(shell, io));
    });

  program
    .command('demo')
    .description('start simulated clusters on 127.0.0.1 and write a kubeconfig for them')
    .option('--clusters <n>', 'how many clusters', '3')
    .option('--write-kubeconfig <file>', 'where to write the kubeconfig (default: a temporary folder)')
    .option('--seed <n>', 'workload seed', '1')
    .option('--once', 'show `get pods -A` across the demo clusters once, then stop')
    .addHelpText('after', '\nExamples:\n  kubemux demo\n  kubemux demo --clusters 5 --write-kubeconfig /tmp/demo.yaml')
    .action(async (flags: DemoFlags) => {
      const { runDemo } = await import('./commands/demo.js');
      setExit(await runDemo(flags, io));
    });

  program
    .command('version')
    .description('print the version')
    .action(() => {
      io.stdout.write(`kubemux ${VERSION}\n`);
    });

  return program;
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let code: number = ExitCode.Ok;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    return reportError(err, io);
  }
}

/** Turns an error that escaped a command into one stderr line and an exit code. */
export function reportError(err: unknown, io: Io): number {
  if (err instanceof CommanderError) {
    if (err.exitCode === 0) return ExitCode.Ok; // --help, --version
    return ExitCode.Usage; // commander already printed its one-line message
  }
  if (io.env.KUBEMUX_DEBUG === '1' && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  if (err instanceof UsageError) {
    io.stderr.write(err.bare ? `${err.message}\n` : `error: ${err.message}\n`);
    return ExitCode.Usage;
  }
  if (err instanceof ClusterError) {
    io.stderr.write(`${err.toLine()}\n`);
    return ExitCode.Failed;
  }
  io.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  return ExitCode.Failed;
}
