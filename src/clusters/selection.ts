/**
 * Choosing the entries a run is active on (DESIGN.md s.2): `--context` ids, names and globs, `--all-contexts`,
 * `--exclude-context`, else the saved selection, else kubectl's current-context rule; and the duplicate rule, which
 * never lets two entries with the same context name be active together. Pure: no I/O, so it is tested with tables.
 */
import type { SelectionFlags } from '../cli.js';
import { UsageError } from '../errors.js';
import { escapeControls } from '../output/sanitize.js';
import { globToRegExp, isGlob, suggest } from './glob.js';
import type { LoadedKubeconfigs } from './kubeconfig.js';
import type { ClusterEntry, Selection } from './types.js';

/** The exact sentence of DESIGN.md s.2 for a context name that is already active. */
export function duplicateSentence(name: string): string {
  return `${escapeControls(name)}${DUPLICATE_TAIL}`;
}

const DUPLICATE_TAIL = ' is already active. Duplicate context names are not allowed.';

/** Whether a warning is the duplicate sentence (printed without a `warning: ` prefix). */
export function isDuplicateSentence(text: string): boolean {
  return text.endsWith(DUPLICATE_TAIL);
}

/**
 * Nothing could be selected and no selection flag was given (no saved selection, no usable current-context).
 * A UsageError for commands that need clusters; `contexts` catches it and lists everything with nothing active.
 */
export class NoSelectionError extends UsageError {
  constructor(
    message: string,
    /** Warnings gathered before giving up (stale saved ids), so they are still reported. */
    readonly warnings: readonly string[] = [],
  ) {
    super(message);
  }
}

const HOW_TO_SELECT =
  'select contexts with --context NAME (repeatable; ids and globs work too), --all-contexts, or save a selection with "kubemux contexts use NAME..."';

/** Accumulates the selection in order, enforcing the duplicate rule. */
class SelectionBuilder {
  readonly active: ClusterEntry[] = [];
  readonly disabled = new Map<string, string>();
  readonly warnings: string[] = [];
  private readonly names = new Set<string>();
  private readonly excludes: readonly { id: string; name: RegExp }[];

  constructor(excludes: readonly string[]) {
    this.excludes = excludes.map((g) => ({ id: g, name: globToRegExp(g) }));
  }

  excluded(entry: ClusterEntry): boolean {
    return this.excludes.some((x) => x.id === entry.clusterId || x.name.test(entry.clusterName));
  }

  /** An explicit SEL (id or name): an invalid entry or a duplicate name is a usage error. */
  addExplicit(entry: ClusterEntry, sel: string): void {
    if (this.excluded(entry)) return;
    if (entry.invalidReason !== undefined) {
      throw new UsageError(`context "${escapeControls(sel)}" (${escapeControls(entry.clusterId)}) cannot be used: ${escapeControls(entry.invalidReason)}`);
    }
    if (this.names.has(entry.clusterName)) throw new UsageError(duplicateSentence(entry.clusterName), { bare: true });
    this.push(entry);
  }

  /** A glob, --all-contexts or saved match: duplicates and invalid entries are skipped with a warning. */
  addQuietly(entry: ClusterEntry): void {
    if (this.excluded(entry) || this.active.includes(entry)) return;
    if (entry.invalidReason !== undefined) {
      this.warnings.push(`skipping ${escapeControls(entry.clusterId)}: invalid: ${escapeControls(entry.invalidReason)}`);
    } else if (this.names.has(entry.clusterName)) {
      this.disabled.set(entry.clusterId, duplicateSentence(entry.clusterName));
      this.warnings.push(duplicateSentence(entry.clusterName));
    } else this.push(entry);
  }

  private push(entry: ClusterEntry): void {
    this.active.push(entry);
    this.names.add(entry.clusterName);
  }

  finish(entries: readonly ClusterEntry[]): Selection {
    for (const e of entries) {
      if (!this.active.includes(e) && this.names.has(e.clusterName) && !this.disabled.has(e.clusterId)) {
        this.disabled.set(e.clusterId, duplicateSentence(e.clusterName));
      }
    }
    return { active: this.active, disabled: this.disabled, warnings: this.warnings };
  }
}

function notFound(sel: string, loaded: LoadedKubeconfigs): UsageError {
  const what = isGlob(sel) ? `no context matches "${escapeControls(sel)}"` : `context "${escapeControls(sel)}" not found`;
  if (loaded.files.length === 0) return new UsageError(`${what}: no kubeconfig file was loaded`);
  const near = isGlob(sel) ? [] : suggest(sel, loaded.entries.map((e) => e.clusterName));
  if (near.length > 0) return new UsageError(`${what}; did you mean ${near.map((n) => `"${escapeControls(n)}"`).join(', ')}?`);
  return new UsageError(`${what} in ${loaded.files.length === 1 ? escapeControls(loaded.files[0]!.path) : `${loaded.files.length} kubeconfig files`} ("kubemux contexts" lists them)`);
}

/** Applies one explicit SEL: exact clusterId, then exact context name (first in file order), then a glob. */
function applySel(b: SelectionBuilder, loaded: LoadedKubeconfigs, sel: string): void {
  const exact = loaded.entries.find((e) => e.clusterId === sel) ?? loaded.entries.find((e) => e.clusterName === sel);
  if (exact) return b.addExplicit(exact, sel);
  if (!isGlob(sel)) throw notFound(sel, loaded);
  const glob = globToRegExp(sel);
  const matches = loaded.entries.filter((e) => glob.test(e.clusterName));
  if (matches.length === 0) throw notFound(sel, loaded);
  for (const e of matches) b.addQuietly(e);
}

/** kubectl's rule: the `current-context` of the first file that sets one, resolved by name over all files. */
function applyCurrentContext(b: SelectionBuilder, loaded: LoadedKubeconfigs): void {
  const file = loaded.files.find((f) => f.currentContext !== undefined && f.currentContext !== '');
  if (!file) {
    const where = loaded.files.length === 0 ? 'no kubeconfig file was found (pass --kubeconfig or set KUBECONFIG)' : 'no current-context is set';
    throw new NoSelectionError(`no context selected: ${where}; ${HOW_TO_SELECT}`);
  }
  const name = file.currentContext!;
  const entry = loaded.entries.find((e) => e.clusterName === name);
  if (!entry) {
    throw new NoSelectionError(`current-context "${escapeControls(name)}" (set in ${escapeControls(file.path)}) does not exist; ${HOW_TO_SELECT}`);
  }
  if (entry.invalidReason !== undefined) {
    throw new NoSelectionError(`current-context "${escapeControls(name)}" (${escapeControls(entry.clusterId)}) cannot be used: ${escapeControls(entry.invalidReason)}`);
  }
  b.addQuietly(entry);
}

/**
 * Selects the active entries. Explicit SELs come first (in the order given, each may be a comma list), then
 * `--all-contexts` adds the rest the way a glob would. Without either, the saved ids apply (stale ones are reported
 * in `warnings` and dropped), else the current-context. Throws UsageError for unknown names, explicit duplicates and
 * invalid explicit entries, NoSelectionError when nothing is selected without a selection flag.
 */
export function selectClusters(loaded: LoadedKubeconfigs, flags: SelectionFlags, saved: readonly string[] | undefined): Selection {
  const excludes = (flags.excludeContext ?? []).flatMap((g) => g.split(',')).map((g) => g.trim()).filter((g) => g !== '');
  const b = new SelectionBuilder(excludes);
  const sels = (flags.context ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  if (sels.length > 0 || flags.allContexts) {
    for (const sel of sels) applySel(b, loaded, sel);
    if (flags.allContexts) for (const e of loaded.entries) b.addQuietly(e);
    if (b.active.length === 0) throw new UsageError(`no context selected: every match was excluded or skipped; ${HOW_TO_SELECT}`);
    return b.finish(loaded.entries);
  }
  for (const id of saved ?? []) {
    const entry = loaded.entries.find((e) => e.clusterId === id);
    if (entry) b.addQuietly(entry);
    else b.warnings.push(`saved context "${escapeControls(id)}" no longer exists in the loaded kubeconfig files; dropped (change it with "kubemux contexts use")`);
  }
  try {
    if (b.active.length === 0) applyCurrentContext(b, loaded);
    if (b.active.length === 0) throw new NoSelectionError(`no context selected: the current context is excluded; ${HOW_TO_SELECT}`);
  } catch (err) {
    throw err instanceof NoSelectionError ? new NoSelectionError(err.message, b.warnings) : err;
  }
  return b.finish(loaded.entries);
}
