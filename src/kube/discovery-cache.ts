/**
 * The on-disk discovery cache (DESIGN.md s.4), shared by `get`, `watch` and shell completion (which reads it to
 * complete resource types without touching the network).
 *
 * Location: `$XDG_CACHE_HOME/kubemux/discovery/<server key>.json` (default `~/.cache/kubemux/...`), one file per API
 * server URL, whoever the user or context: like kubectl, two contexts pointing at one URL share it. The server key is
 * the URL's `host_port` plus its path, every character outside `[A-Za-z0-9.-]` replaced by `_`
 * (`https://127.0.0.1:6443/clusters/a` -> `127.0.0.1_6443_clusters_a.json`); use `discoveryCacheFile` to compute it.
 *
 * Format (JSON, written atomically through a temporary file and rename):
 *
 *     {
 *       "kind": "KubemuxDiscoveryCache", "version": 1,
 *       "server": "https://127.0.0.1:6443",           // the cluster's server URL as in the kubeconfig
 *       "fetchedAt": "2026-11-26T13:00:00.000Z",      // fresh for 6 hours after this instant
 *       "resources": [                                 // every listable-or-not top-level resource, no subresources,
 *         {                                            // core group first, then groups in the server's order
 *           "resource": "deployments", "group": "apps", "version": "v1", "kind": "Deployment",
 *           "namespaced": true, "singular": "deployment", "shortNames": ["deploy"],
 *           "verbs": ["get", "list", "watch", ...], "categories": ["all"],
 *           "preferred": true                          // this is the group's preferred version
 *         }, ...
 *       ]
 *     }
 *
 * A reader must treat a missing, unparsable, stale or other-`version` file as absent.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResourceInfo } from './types.js';

/** How long a discovery cache file is trusted (kubectl uses the same 6 hours). */
export const DISCOVERY_TTL_MS = 6 * 60 * 60 * 1000;

/** One resource type of one group/version as cached; `preferred` marks the group's preferred version. */
export interface DiscoveredResource extends ResourceInfo {
  readonly categories?: readonly string[];
  readonly preferred: boolean;
}

/** The cache file's content. */
export interface DiscoveryCacheFile {
  kind: 'KubemuxDiscoveryCache';
  version: 1;
  server: string;
  fetchedAt: string;
  resources: DiscoveredResource[];
}


/** The cache file of one server URL under `cacheDir`. */
export function discoveryCacheFile(cacheDir: string, server: string): string {
  let key = server;
  try {
    const url = new URL(server);
    const port = url.port || (url.protocol === 'http:' ? '80' : '443');
    key = `${url.hostname}_${port}${url.pathname.replace(/\/$/, '')}`;
  } catch {
    key = server;
  }
  return path.join(cacheDir, 'discovery', `${key.replace(/[^A-Za-z0-9.-]/g, '_')}.json`);
}

/** The cached resources of `server` if a fresh, well-formed file exists, else undefined. */
export async function readDiscoveryCache(cacheDir: string, server: string, now: number): Promise<DiscoveredResource[] | undefined> {
  try {
    const parsed = JSON.parse(await readFile(discoveryCacheFile(cacheDir, server), 'utf8')) as Partial<DiscoveryCacheFile>;
    if (parsed.kind !== 'KubemuxDiscoveryCache' || parsed.version !== 1 || !Array.isArray(parsed.resources)) return undefined;
    const fetchedAt = Date.parse(parsed.fetchedAt ?? '');
    if (!(now - fetchedAt < DISCOVERY_TTL_MS) || fetchedAt > now + 60_000) return undefined;
    return parsed.resources;
  } catch {
    return undefined;
  }
}

/** Writes the cache file of `server` atomically. Failures are ignored: the cache is an optimisation. */
export async function writeDiscoveryCache(cacheDir: string, server: string, resources: DiscoveredResource[], now: number): Promise<void> {
  const file = discoveryCacheFile(cacheDir, server);
  const content: DiscoveryCacheFile = { kind: 'KubemuxDiscoveryCache', version: 1, server, fetchedAt: new Date(now).toISOString(), resources };
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(tmp, `${JSON.stringify(content)}\n`);
    await rename(tmp, file);
  } catch {
    // A read-only or full cache directory only costs a discovery round trip next time.
  }
}
