/**
 * The kubeconfig listing cache: what `kubemux contexts` shows of each kubeconfig file (DESIGN.md s.7), kept so that
 * listing a large kubeconfig again does not parse it again. Parsing is most of the cost of `contexts` on a file of a
 * few hundred contexts (bench/contexts.bench.mjs measures it with and without this cache).
 *
 * What is kept is a listing view of the file: context names and their cluster, user and namespace; cluster names with
 * their `server`; user names; `current-context`. Never a credential, certificate or any other field: a listing view
 * cannot be used to talk to a cluster, so only callers that list (loadKubeconfigs with `listing: true`) read it.
 *
 * An entry is used only while the file is provably unchanged: same device, inode, size, modification and change
 * time (nanoseconds; the change time moves on every write and cannot be set back). An entry is not written for a
 * file changed in the last two seconds, so a file system with coarse timestamps cannot hide a second write within the
 * same tick (git's "racily clean" rule). Anything unreadable, malformed or of another version reads as absent, and
 * failing to write (a read-only home) is not an error.
 *
 * Location: `$XDG_CACHE_HOME/kubemux/kubeconfigs/<hash of the file's real path>.json` (default `~/.cache/...`), one
 * entry per file, mode 0600, written by writeFileAtomically (src/io.ts). Format:
 *
 *     { "kind": "KubemuxKubeconfigListing", "version": 1, "path": "/home/me/.kube/config",
 *       "stamp": "dev:ino:size:mtimeNs:ctimeNs",
 *       "contexts": [["prod", "prod-cluster", "prod-user", "web"], ...],   // name, cluster, user, namespace (or null)
 *       "clusters": [["prod-cluster", "https://10.0.0.1:6443"], ...],      // name, server (or null)
 *       "users": ["prod-user", ...], "currentContext": "prod" }            // current-context (or null)
 */
import { type BigIntStats, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultCacheDir, writeFileAtomically } from '../io.js';
import type { ParsedContext, ParsedKubeconfig } from './kubeconfig-parse.js';

const KIND = 'KubemuxKubeconfigListing';
const VERSION = 1;
/** Files changed more recently than this are not cached (see the module comment). */
export const RACY_WINDOW_MS = 2000;

/** A file's identity and version as far as the cache can tell, from its `statSync(file, { bigint: true })`. */
export function fileStamp(s: BigIntStats): { stamp: string; changedMs: number } {
  const changedNs = s.mtimeNs > s.ctimeNs ? s.mtimeNs : s.ctimeNs;
  return { stamp: `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`, changedMs: Number(changedNs / 1_000_000n) };
}

/** The entry's file for the kubeconfig at `realPath`: FNV-1a of the path (the path itself is kept inside, and checked). */
export function listingCacheFile(env: NodeJS.ProcessEnv, realPath: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < realPath.length; i++) h = Math.imul(h ^ realPath.charCodeAt(i), 0x01000193);
  return join(defaultCacheDir(env), 'kubeconfigs', `${(h >>> 0).toString(16).padStart(8, '0')}.json`);
}

/** What a listing keeps of a parsed file: names and references, each cluster's `server`, nothing else. */
export function listingView(parsed: ParsedKubeconfig): ParsedKubeconfig {
  const clusters = new Map<string, Readonly<Record<string, unknown>>>();
  for (const [name, c] of parsed.clusters) clusters.set(name, typeof c.server === 'string' ? { server: c.server } : {});
  const users = new Map<string, Readonly<Record<string, unknown>>>();
  for (const name of parsed.users.keys()) users.set(name, {});
  return { contexts: parsed.contexts, clusters, users, currentContext: parsed.currentContext };
}

const isStringOrNull = (v: unknown): v is string | null => typeof v === 'string' || v === null;

/** The cached listing of `realPath` if it was written for exactly this `stamp`, else undefined. */
export function readListing(env: NodeJS.ProcessEnv, realPath: string, stamp: string): ParsedKubeconfig | undefined {
  const cacheFile = listingCacheFile(env, realPath);
  // A miss is the first listing of a changed file: asking first spares it the cost of an ENOENT error.
  if (!existsSync(cacheFile)) return undefined;
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (doc === null || typeof doc !== 'object' || doc.kind !== KIND || doc.version !== VERSION || doc.path !== realPath || doc.stamp !== stamp) return undefined;
  const { contexts, clusters, users, currentContext } = doc;
  if (!Array.isArray(contexts) || !Array.isArray(clusters) || !Array.isArray(users) || !isStringOrNull(currentContext)) return undefined;
  const parsed: ParsedKubeconfig = { contexts: [], clusters: new Map(), users: new Map(), currentContext: currentContext ?? undefined };
  for (const c of contexts as unknown[]) {
    if (!Array.isArray(c) || c.length !== 4 || typeof c[0] !== 'string' || !c.slice(1).every(isStringOrNull)) return undefined;
    (parsed.contexts as ParsedContext[]).push({ name: c[0], cluster: c[1] ?? undefined, user: c[2] ?? undefined, namespace: c[3] ?? undefined });
  }
  for (const c of clusters as unknown[]) {
    if (!Array.isArray(c) || c.length !== 2 || typeof c[0] !== 'string' || !isStringOrNull(c[1])) return undefined;
    (parsed.clusters as Map<string, Record<string, unknown>>).set(c[0], c[1] === null ? {} : { server: c[1] });
  }
  for (const u of users as unknown[]) {
    if (typeof u !== 'string') return undefined;
    (parsed.users as Map<string, Record<string, unknown>>).set(u, {});
  }
  return parsed;
}

/**
 * Saves `view` (a listingView) for `realPath` at `file.stamp`, unless the file changed within RACY_WINDOW_MS of
 * `now`.
 */
export function writeListing(env: NodeJS.ProcessEnv, realPath: string, file: { stamp: string; changedMs: number }, view: ParsedKubeconfig, now = Date.now()): void {
  if (now - file.changedMs < RACY_WINDOW_MS) return;
  const doc = {
    kind: KIND,
    version: VERSION,
    path: realPath,
    stamp: file.stamp,
    contexts: view.contexts.map((c) => [c.name, c.cluster ?? null, c.user ?? null, c.namespace ?? null]),
    clusters: [...view.clusters].map(([name, c]) => [name, (c.server as string | undefined) ?? null]),
    users: [...view.users.keys()],
    currentContext: view.currentContext ?? null,
  };
  try {
    writeFileAtomically(listingCacheFile(env, realPath), JSON.stringify(doc));
  } catch {
    // A cache that cannot be written (read-only or full disk) only costs the next listing a parse.
  }
}
