/**
 * Finding and loading kubeconfig files (DESIGN.md s.1): `--kubeconfig` files, directories and path lists, else
 * `$KUBECONFIG`, else `~/.kube/config`; de-duplicated by real path; one ClusterEntry per (file, context) with cluster
 * and user resolved the way kubectl merges split kubeconfigs. No network and no Kubernetes client: files only (and, for
 * a listing, the listing cache of src/clusters/listing-cache.ts).
 */
// Synchronous reads on purpose: a few small local files, read before anything else happens. Each asynchronous call
// is a round trip through libuv's thread pool, and on a busy machine those waits cost more than the reads
// (`contexts` over 200 contexts spent a fifth of its time idle; bench/contexts.bench.mjs).
import { type BigIntStats, type Dirent, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { homeDir } from '../io.js';
import { escapeControls } from '../output/sanitize.js';
import { clusterIdOf, fileIdsFor } from './identity.js';
import { MAX_KUBECONFIG_BYTES, parseKubeconfig, parseKubeconfigFast, type ParsedKubeconfig, type YamlParser } from './kubeconfig-parse.js';
import { fileStamp, listingView, readListing, writeListing } from './listing-cache.js';
import type { ClusterEntry, ResolvedRef } from './types.js';

/** One loaded file: its absolute path, its id part of clusterIds, and the `current-context` it sets, if any. */
export interface LoadedFile {
  readonly path: string;
  readonly id: string;
  readonly currentContext?: string | undefined;
}

/** Every loaded file (in precedence order) and every entry they define, in file order then context order. */
export interface LoadedKubeconfigs {
  readonly files: readonly LoadedFile[];
  readonly entries: readonly ClusterEntry[];
}

/** Where a candidate file came from: explicit files must parse, files found by a directory scan are skipped if not. */
interface Candidate {
  readonly path: string;
  readonly scanned: boolean;
}

const SKIP_SUFFIXES = ['.bak', '.old', '.tmp', '.swp', '.lock', '.log', '~'];
const SKIP_WORDS = ['cache', 'token', 'credential'];

/** Whether a directory scan ignores a file by its name alone (DESIGN.md s.1). */
export function isSkippedName(name: string): boolean {
  const lower = name.toLowerCase();
  if (name.startsWith('.') && name !== '.kubeconfig') return true;
  if (SKIP_SUFFIXES.some((s) => lower.endsWith(s))) return true;
  return SKIP_WORDS.some((w) => lower.includes(w));
}

function expandHome(p: string, env: NodeJS.ProcessEnv): string {
  return p === '~' || p.startsWith('~/') ? join(homeDir(env), p.slice(1)) : p;
}

function splitPathList(value: string): string[] {
  return value.split(delimiter).filter((p) => p.trim() !== '');
}

function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return code ?? (err as Error).message;
}

function scanDirectory(dir: string): Candidate[] {
  let names: Dirent[];
  try {
    names = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    throw new UsageError(`${escapeControls(dir)}: cannot read directory: ${fsReason(err)}`);
  }
  const files = names
    .filter((d) => (d.isFile() || d.isSymbolicLink()) && !isSkippedName(d.name))
    .map((d) => d.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return files.map((name) => ({ path: join(dir, name), scanned: true }));
}

/** Expands one explicitly named path: a directory is scanned, a missing file is an error unless `optional`. */
function expand(p: string, optional: boolean): Candidate[] {
  try {
    // No error object for a missing optional file (the usual ~/.kube/config or $KUBECONFIG entry that is not there).
    const info = statSync(p, { throwIfNoEntry: !optional });
    if (!info) return [];
    return info.isDirectory() ? scanDirectory(p) : [{ path: p, scanned: false }];
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${escapeControls(p)}: cannot read kubeconfig: ${fsReason(err)}`);
  }
}

/** The candidate files in precedence order, before reading them. */
function candidates(flag: readonly string[] | undefined, env: NodeJS.ProcessEnv, cwd: string): Candidate[] {
  const abs = (p: string): string => resolve(cwd, expandHome(p, env));
  const explicit = (flag ?? []).flatMap(splitPathList);
  if (explicit.length > 0) return explicit.flatMap((p) => expand(abs(p), false));
  const fromEnv = splitPathList(env.KUBECONFIG ?? '');
  if (fromEnv.length > 0) return fromEnv.flatMap((p) => expand(abs(p), true));
  return expand(join(homeDir(env), '.kube', 'config'), true);
}

/**
 * Reads and parses one candidate; undefined when a scanned file is not a usable kubeconfig. With `listing` (the
 * environment and the file's real path), answers the file's listing view, from the listing cache when the file is
 * unchanged since it was cached (src/clusters/listing-cache.ts).
 */
async function readCandidate(
  parse: (file: string, text: string) => Promise<ParsedKubeconfig>,
  c: Candidate,
  listing?: { env: NodeJS.ProcessEnv; realPath: string },
): Promise<ParsedKubeconfig | undefined> {
  let text: string;
  let stamp!: ReturnType<typeof fileStamp>; // set whenever `listing` is
  try {
    // One stat for the checks below and, for a listing, the cache's stamp (nanosecond times need bigint).
    const info = listing ? statSync(c.path, { bigint: true }) : statSync(c.path);
    if (!info.isFile()) {
      // A FIFO or device would block or never end; kubeconfigs are regular files.
      if (c.scanned) return undefined;
      throw new UsageError(`${escapeControls(c.path)}: cannot read kubeconfig: not a regular file`);
    }
    if (info.size > MAX_KUBECONFIG_BYTES) {
      if (c.scanned) return undefined;
      throw new UsageError(`${escapeControls(c.path)}: kubeconfig is too large (${info.size} bytes; the limit is ${MAX_KUBECONFIG_BYTES})`);
    }
    if (listing) {
      // Taken before the read: a write that races with it leaves an entry no later stamp can match.
      stamp = fileStamp(info as BigIntStats);
      const cached = readListing(listing.env, listing.realPath, stamp.stamp);
      if (cached) return c.scanned && cached.contexts.length === 0 ? undefined : cached;
    }
    text = readFileSync(c.path, 'utf8');
  } catch (err) {
    if (c.scanned) return undefined;
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${escapeControls(c.path)}: cannot read kubeconfig: ${fsReason(err)}`);
  }
  let parsed: ParsedKubeconfig;
  if (!c.scanned) parsed = await parse(c.path, text);
  else {
    try {
      parsed = await parse(c.path, text);
    } catch {
      return undefined;
    }
    if (parsed.contexts.length === 0) return undefined;
  }
  if (!listing) return parsed;
  const view = listingView(parsed);
  writeListing(listing.env, listing.realPath, stamp, view);
  return view;
}

/** Resolves a context's cluster or user name: its own file first, then earlier files, then later ones. */
function resolveRef(
  files: readonly { path: string; parsed: ParsedKubeconfig }[],
  own: number,
  kind: 'clusters' | 'users',
  name: string,
): ResolvedRef | undefined {
  const mine = files[own]!.parsed[kind].get(name);
  if (mine) return { name, config: mine, file: files[own]!.path };
  for (let i = 0; i < files.length; i++) {
    const config = i === own ? undefined : files[i]!.parsed[kind].get(name);
    if (config) return { name, config, file: files[i]!.path };
  }
  return undefined;
}

function buildEntries(files: readonly { path: string; id: string; parsed: ParsedKubeconfig }[]): ClusterEntry[] {
  const entries: ClusterEntry[] = [];
  files.forEach((file, fileIndex) => {
    for (const ctx of file.parsed.contexts) {
      const clusterRef = ctx.cluster === undefined ? undefined : resolveRef(files, fileIndex, 'clusters', ctx.cluster);
      const userRef = ctx.user === undefined ? undefined : resolveRef(files, fileIndex, 'users', ctx.user);
      const server = typeof clusterRef?.config.server === 'string' && clusterRef.config.server !== '' ? clusterRef.config.server : undefined;
      let invalidReason: string | undefined;
      if (ctx.cluster === undefined) invalidReason = 'the context names no cluster';
      else if (!clusterRef) invalidReason = `cluster "${ctx.cluster}" not found`;
      else if (ctx.user !== undefined && !userRef) invalidReason = `user "${ctx.user}" not found`;
      else if (server === undefined) invalidReason = `cluster "${ctx.cluster}" has no server`;
      entries.push({
        clusterId: clusterIdOf(file.id, ctx.name),
        clusterName: ctx.name,
        file: file.path,
        fileId: file.id,
        fileIndex,
        context: ctx.name,
        cluster: ctx.cluster,
        user: ctx.user,
        namespace: ctx.namespace,
        server,
        current: file.parsed.currentContext === ctx.name,
        invalidReason,
        clusterRef,
        userRef,
      });
    }
  });
  return entries;
}

/**
 * Loads the kubeconfig files DESIGN.md s.1 names, in precedence order. Throws UsageError for an unreadable or
 * malformed file that was named explicitly (flag, $KUBECONFIG or the default), naming the file and line.
 *
 * `listing: true` is for callers that only list and select (`contexts`, `contexts use`): each entry's clusterRef and
 * userRef then hold a listing view (a cluster's `server`, nothing of a user), which may come from the listing cache.
 * Anything that talks to a cluster loads without it.
 */
export async function loadKubeconfigs(
  kubeconfigFlag: string[] | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
  options: { listing?: boolean } = {},
): Promise<LoadedKubeconfigs> {
  const found = candidates(kubeconfigFlag, env, cwd);
  const real = found.map((c) => {
    try {
      return realpathSync.native(c.path);
    } catch {
      return c.path;
    }
  });
  const unique = found.flatMap((c, i) => (real.indexOf(real[i]!) === i ? [{ ...c, realPath: real[i]! }] : []));
  if (unique.length === 0) return { files: [], entries: [] };
  // The fast path reads what kubectl writes; anything else (and every error) goes through the `yaml` package,
  // imported only then.
  let yaml: Promise<YamlParser> | undefined;
  const parse = async (file: string, text: string): Promise<ParsedKubeconfig> =>
    parseKubeconfigFast(text) ?? parseKubeconfig(await (yaml ??= import('yaml')), file, text);
  const parsed: (ParsedKubeconfig | undefined)[] = [];
  for (const c of unique) parsed.push(await readCandidate(parse, c, options.listing ? { env, realPath: c.realPath } : undefined));
  const kept = unique.flatMap((c, i) => (parsed[i] ? [{ path: c.path, parsed: parsed[i] }] : []));
  const ids = fileIdsFor(kept.map((f) => f.path));
  const files = kept.map((f, i) => ({ ...f, id: ids[i]! }));
  return {
    files: files.map((f) => ({ path: f.path, id: f.id, currentContext: f.parsed.currentContext })),
    entries: buildEntries(files),
  };
}
