/**
 * Cluster identity (DESIGN.md s.1): `clusterId` = `<file id>:<context>`, where the file id is the file's base name,
 * or its absolute path when two loaded files share a base name. Context names may contain `:` and `/`, so an id is
 * parsed by matching its prefix against the loaded files' ids, never by splitting on `:`.
 */
import { basename } from 'node:path';

/** The ids of `files` (absolute paths, in load order): base names, or absolute paths where base names collide. */
export function fileIdsFor(files: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const f of files) counts.set(basename(f), (counts.get(basename(f)) ?? 0) + 1);
  return files.map((f) => (counts.get(basename(f))! > 1 ? f : basename(f)));
}

/** The clusterId of `context` in the file whose id is `fileId`. */
export function clusterIdOf(fileId: string, context: string): string {
  return `${fileId}:${context}`;
}

/**
 * Splits a clusterId into its file id and context name using the loaded files' ids. When several file ids are
 * prefixes (a file may be named `a:b`), the longest one wins. Undefined when no loaded file id is a prefix.
 */
export function parseClusterId(id: string, fileIds: readonly string[]): { fileId: string; context: string } | undefined {
  let best: string | undefined;
  for (const fileId of fileIds) {
    if (id.length > fileId.length + 1 && id.startsWith(`${fileId}:`) && (best === undefined || fileId.length > best.length)) best = fileId;
  }
  return best === undefined ? undefined : { fileId: best, context: id.slice(best.length + 1) };
}
