/**
 * `kubemux contexts` (every entry of every loaded kubeconfig, and which are active) and `kubemux contexts use`
 * (save a selection), DESIGN.md s.7. Reads files only (keeping the kubeconfig listing cache,
 * src/clusters/listing-cache.ts), except `--check`, which probes the active clusters through src/clusters/probe.ts
 * (loaded only then) and always parses the files whole.
 */
import type { ContextsFlags, ContextsUseFlags } from '../cli.js';
import { type ClusterError, exitCodeFor, UsageError } from '../errors.js';
import { writeSync } from 'node:fs';
import { type Io, type OutStream, processIo } from '../io.js';
import { escapeControls } from '../output/sanitize.js';
import { formatTable } from '../output/tabwriter.js';
import { loadKubeconfigs, type LoadedKubeconfigs } from '../clusters/kubeconfig.js';
import { hasSelectionFlag, printWarnings } from '../clusters/resolve.js';
import { readSavedSelection, writeSavedSelection } from '../clusters/saved.js';
import { duplicateSentence, NoSelectionError, selectClusters } from '../clusters/selection.js';
import type { ClusterEntry, Selection } from '../clusters/types.js';

/** One line of `contexts -o ndjson|json|yaml` (DESIGN.md s.7); missing values are null. */
export interface ContextRecord {
  clusterId: string;
  clusterName: string;
  file: string;
  context: string;
  cluster: string | null;
  user: string | null;
  namespace: string | null;
  server: string | null;
  current: boolean;
  active: boolean;
  disabledReason: string | null;
  invalidReason: string | null;
  /** Only with `--check`: ok, latency and server version, or the failure. */
  status?: string;
}

/**
 * What `contexts` may be given from outside. `probe` is the `--check` hook, answering a STATUS text per clusterId
 * for the active entries; tests pass their own, the default is src/clusters/probe.ts.
 */
export interface ContextsDeps {
  probe?: (active: readonly ClusterEntry[], flags: ContextsFlags, io: Io) => Promise<ReadonlyMap<string, string>>;
}

const FORMATS = ['table', 'wide', 'ndjson', 'json', 'yaml', 'name'] as const;
type ContextsFormat = (typeof FORMATS)[number];

/** Validates `-o` for `contexts` before anything is read. */
export function parseContextsFormat(text: string | undefined): ContextsFormat {
  const format = text ?? 'table';
  if ((FORMATS as readonly string[]).includes(format)) return format as ContextsFormat;
  throw new UsageError(`unknown output format "${escapeControls(format)}" for contexts: use ${FORMATS.slice(0, -1).join(', ')} or name`);
}

/**
 * Which files make each entry current (clusterId -> file ids). A file's `current-context` names its own context of
 * that name if it has one, else (split kubeconfigs) the first context of that name in file order, as kubectl merges.
 */
export function currentIn(loaded: LoadedKubeconfigs): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of loaded.files) {
    if (!f.currentContext) continue;
    const target =
      loaded.entries.find((e) => e.file === f.path && e.clusterName === f.currentContext) ??
      loaded.entries.find((e) => e.clusterName === f.currentContext);
    if (target) out.set(target.clusterId, [...(out.get(target.clusterId) ?? []), f.id]);
  }
  return out;
}

/** The records of every entry, marking what `selection` activates (none when there is no selection). */
export function contextRecords(loaded: LoadedKubeconfigs, selection: Selection | undefined): ContextRecord[] {
  const active = new Set(selection?.active.map((e) => e.clusterId));
  const activeNames = new Set(selection?.active.map((e) => e.clusterName));
  const current = currentIn(loaded);
  return loaded.entries.map((e) => {
    const isActive = active.has(e.clusterId);
    const disabled = selection?.disabled.get(e.clusterId) ?? (!isActive && activeNames.has(e.clusterName) ? duplicateSentence(e.clusterName) : undefined);
    return {
      clusterId: e.clusterId,
      clusterName: e.clusterName,
      file: e.file,
      context: e.context,
      cluster: e.cluster ?? null,
      user: e.user ?? null,
      namespace: e.namespace ?? null,
      server: e.server ?? null,
      current: e.current || current.has(e.clusterId),
      active: isActive,
      disabledReason: disabled ?? null,
      invalidReason: e.invalidReason ?? null,
    };
  });
}

function note(r: ContextRecord, currentFiles: readonly string[] | undefined): string {
  const parts: string[] = [];
  if (currentFiles) parts.push(`current in ${currentFiles.join(', ')}`);
  if (r.disabledReason) parts.push(r.disabledReason);
  if (r.invalidReason) parts.push(`invalid: ${r.invalidReason}`);
  return parts.join('; ');
}

/** Renders the records in `format` (text outputs escape control characters in every cell). */
export async function renderContexts(records: readonly ContextRecord[], loaded: LoadedKubeconfigs, format: ContextsFormat, headers: boolean): Promise<string> {
  if (format === 'name') return records.map((r) => `${escapeControls(r.clusterName)}\n`).join('');
  if (format === 'ndjson') return records.map((r) => `${JSON.stringify(r)}\n`).join('');
  const doc = { apiVersion: 'kubemux/v1', kind: 'ContextList', items: records };
  if (format === 'json') return `${JSON.stringify(doc, null, 2)}\n`;
  if (format === 'yaml') return (await import('yaml')).stringify(doc);
  const wide = format === 'wide';
  const current = currentIn(loaded);
  const withStatus = records.some((r) => r.status !== undefined);
  const header = ['ACTIVE', 'NAME', 'CLUSTER-ID', 'SERVER', 'NAMESPACE', ...(wide ? ['CLUSTER', 'USER', 'FILE'] : []), ...(withStatus ? ['STATUS'] : []), 'NOTE'];
  const rows = records.map((r) => [
    r.active ? '*' : '',
    r.clusterName,
    r.clusterId,
    r.server ?? '',
    r.namespace ?? '',
    ...(wide ? [r.cluster ?? '', r.user ?? '', r.file] : []),
    ...(withStatus ? [r.status ?? ''] : []),
    note(r, current.get(r.clusterId)),
  ]);
  return formatTable([...(headers ? [header] : []), ...rows].map((row) => row.map(escapeControls)));
}

/** Selects like every cluster command, except that having nothing selected is not an error here. */
async function selectForListing(loaded: LoadedKubeconfigs, flags: ContextsFlags, io: Io): Promise<Selection | undefined> {
  const saved = hasSelectionFlag(flags) ? undefined : await readSavedSelection(io.env);
  try {
    const selection = selectClusters(loaded, flags, saved);
    printWarnings(selection.warnings, io);
    return selection;
  } catch (err) {
    if (!(err instanceof NoSelectionError)) throw err;
    printWarnings(err.warnings, io);
    return undefined;
  }
}

/** `kubemux contexts`: lists every entry; exit 0 unless a flag or a file is wrong (2). */
export async function runContexts(flags: ContextsFlags, io: Io, deps: ContextsDeps = {}): Promise<number> {
  const format = parseContextsFormat(flags.output);
  const probe = deps.probe ?? (flags.check ? (await import('../clusters/probe.js')).probeClusters : undefined);
  // Listing needs names and servers only (the listing cache may answer); --check talks to the clusters.
  const loaded = await loadKubeconfigs(flags.kubeconfig, io.env, io.cwd, { listing: !flags.check });
  const selection = await selectForListing(loaded, flags, io);
  const records = contextRecords(loaded, selection);
  let failures: readonly ClusterError[] = [];
  if (flags.check && probe && selection) {
    // --check: the cluster client's probe answers STATUS for each active entry (GET /version, fan-out bounds).
    const status = await probe(selection.active, flags, io);
    for (const r of records) if (r.active) r.status = status.get(r.clusterId) ?? '';
    failures = (status as { errors?: readonly ClusterError[] }).errors ?? [];
  }
  io.stdout.write(await renderContexts(records, loaded, format, flags.headers !== false));
  // Like get: one stderr line per failed cluster after the data, exit 0/1/3 (DESIGN.md s.6).
  for (const e of failures) io.stderr.write(`${escapeControls(e.toLine())}\n`);
  return flags.check && selection ? exitCodeFor(selection.active.length - failures.length, failures.length) : 0;
}

/** How `contexts` option values combine, as cli.ts declares them: repeated as given, or split on commas too. */
type ValueOption = { key: keyof ContextsFlags; repeat?: 'collect' | 'split'; choices?: readonly string[] };

const VALUE_OPTIONS: ReadonlyMap<string, ValueOption> = new Map([
  ['--kubeconfig', { key: 'kubeconfig', repeat: 'collect' }],
  ['--context', { key: 'context', repeat: 'split' }],
  ['--exclude-context', { key: 'excludeContext', repeat: 'collect' }],
  ['--concurrency', { key: 'concurrency' }],
  ['--request-timeout', { key: 'requestTimeout' }],
  ['--color', { key: 'color', choices: ['auto', 'always', 'never'] }],
  ['--output', { key: 'output' }],
  ['-o', { key: 'output' }],
]);

const SWITCHES: ReadonlyMap<string, readonly [keyof ContextsFlags, boolean]> = new Map([
  ['--all-contexts', ['allContexts', true]],
  ['-q', ['quiet', true]],
  ['--quiet', ['quiet', true]],
  ['--check', ['check', true]],
  ['--no-headers', ['headers', false]],
]);

/**
 * The flags commander would hand `contexts` for `args` (what follows `contexts` or `ctx`), or undefined for anything
 * but plain uses of its own options: `use`, help, unknown or combined flags, `--`, a value in the next argument that
 * starts with `-`, a value not among the option's choices. Lets bin/kubemux.js list contexts without loading
 * commander; every case it declines goes through commander, which owns the messages. test/unit/contexts-quick.test.ts
 * checks it against commander's own parse of the same arguments.
 */
export function quickContextsFlags(args: readonly string[]): ContextsFlags | undefined {
  const flags: Record<string, unknown> = { concurrency: '16', requestTimeout: '30s', color: 'auto', headers: true };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const sw = SWITCHES.get(arg);
    if (sw) {
      flags[sw[0]] = sw[1];
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const attached = eq > 2 || (arg.startsWith('-o') && arg.length > 2);
    const name = eq > 2 ? arg.slice(0, eq) : attached ? '-o' : arg;
    const option = VALUE_OPTIONS.get(name);
    if (!option) return undefined;
    const value = eq > 2 ? arg.slice(eq + 1) : attached ? arg.slice(2) : args[++i];
    if (value === undefined || (!attached && value.startsWith('-'))) return undefined;
    if (option.choices && !option.choices.includes(value)) return undefined;
    if (option.repeat === undefined) flags[option.key] = value;
    else {
      const values = option.repeat === 'split' ? value.split(',').map((v) => v.trim()).filter((v) => v !== '') : [value];
      flags[option.key] = ((flags[option.key] as string[] | undefined) ?? []).concat(values);
    }
  }
  return flags as unknown as ContextsFlags;
}

/**
 * A descriptor (1 or 2) as a stream of synchronous writes. A listing is one string, and process.stdout or
 * process.stderr would first build its stream (5 to 10 ms of Node's stream, net and tty modules on the first touch;
 * bench/contexts.bench.mjs) to write it. A reader that has gone (EPIPE) ends the output quietly, as processIo does; a
 * non-blocking descriptor (EAGAIN) hands the rest to Node's own stream for that descriptor.
 */
export function directWriter(fd: number): OutStream {
  return {
    write(chunk: string): boolean {
      const data = Buffer.from(chunk, 'utf8');
      let done = 0;
      try {
        while (done < data.length) done += writeSync(fd, data, done);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') return (fd === 2 ? process.stderr : process.stdout).write(data.subarray(done));
        if (code !== 'EPIPE') throw err;
      }
      return true;
    },
    once(_event: 'drain', listener: () => void): unknown {
      listener(); // every write has finished when it returns
      return undefined;
    },
  };
}

/**
 * `kubemux contexts ...` for bin/kubemux.js without commander: undefined when quickContextsFlags declines `args` (the
 * caller then runs the full CLI). `report` turns an error into its stderr line and exit code, as the CLI does. A
 * listing reads files and writes a few strings, so it writes through directWriter and makes its abort signal only if
 * something asks for it; `--check` talks to clusters and gets the full processIo (interrupts abort the probes). Tests
 * pass their own `given` Io.
 */
export function runContextsQuick(args: readonly string[], report: (err: unknown, io: Io) => number, given?: Io): Promise<number> | undefined {
  const flags = quickContextsFlags(args);
  if (!flags) return undefined;
  let io: Io;
  if (given) io = given;
  else if (flags.check) io = processIo();
  else {
    let signal: AbortSignal | undefined;
    io = {
      stdout: directWriter(1),
      stderr: directWriter(2),
      env: process.env,
      cwd: process.cwd(),
      get signal(): AbortSignal {
        return (signal ??= new AbortController().signal);
      },
    };
  }
  return runContexts(flags, io).catch((err: unknown) => report(err, io));
}

/** `kubemux contexts use SEL... | --all-contexts | --clear`: saves (or forgets) the selection as clusterIds. */
export async function runContextsUse(sels: string[], flags: ContextsUseFlags, io: Io): Promise<number> {
  if (flags.clear) {
    if (sels.length > 0 || flags.allContexts) throw new UsageError('--clear forgets the saved selection and takes no contexts');
    const file = await writeSavedSelection(io.env, undefined);
    io.stderr.write(`Cleared the saved selection (${escapeControls(file)}).\n`);
    return 0;
  }
  if (sels.length === 0 && !flags.allContexts) {
    throw new UsageError('name the contexts to use: kubemux contexts use NAME... (or --all-contexts; --clear forgets the saved selection)');
  }
  const loaded = await loadKubeconfigs(flags.kubeconfig, io.env, io.cwd, { listing: true });
  const selection = selectClusters(loaded, { context: sels, allContexts: flags.allContexts, excludeContext: flags.excludeContext }, undefined);
  printWarnings(selection.warnings, io);
  const ids = selection.active.map((e) => e.clusterId);
  const file = await writeSavedSelection(io.env, ids);
  io.stderr.write(`Saved ${ids.length} context${ids.length === 1 ? '' : 's'} to ${escapeControls(file)}: ${ids.map(escapeControls).join(', ')}\n`);
  return 0;
}
