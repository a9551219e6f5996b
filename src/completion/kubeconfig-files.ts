/**
 * The kubeconfig files a command line would load, and their contexts with clusterIds, read the cheap way for
 * completion of `--context` (DESIGN.md s.1: `--kubeconfig` paths, else $KUBECONFIG, else ~/.kube/config; directories
 * scanned one level deep with the same skip rules; de-duplicated by real path; ids from base names unless two loaded
 * files share one). Synchronous file reads: for the handful of small files involved they are the quickest way, and
 * completion has nothing else to do meanwhile. The `yaml` package is loaded only for files the fast reader defers.
 */
import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { clusterIdOf, fileIdsFor } from '../clusters/identity.js';
import { isSkippedName } from '../clusters/kubeconfig.js';
import { homeDir } from '../io.js';
import type { ContextChoice } from './candidates.js';
import { contextNamesFast, namesFromDocument } from './kubeconfig-names.js';

/** One loaded file with its context names. */
export interface KubeconfigNames {
  readonly file: string;
  readonly names: readonly string[];
}

/** Expands a leading `~/` (the shell has not expanded it yet while the user is still typing) and makes it absolute. */
function absolute(p: string, env: NodeJS.ProcessEnv, cwd: string): string {
  const home = homeDir(env);
  const expanded = p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p;
  return path.resolve(cwd, expanded);
}

function statOf(file: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** The paths to load, in precedence order, before de-duplication; directories already expanded. */
function candidatePaths(kubeconfigFlag: readonly string[] | undefined, env: NodeJS.ProcessEnv, cwd: string): { file: string; fromDirectory: boolean }[] {
  const split = (list: string): string[] => list.split(path.delimiter).filter((p) => p.trim() !== '');
  if (kubeconfigFlag && kubeconfigFlag.length > 0) {
    const out: { file: string; fromDirectory: boolean }[] = [];
    for (const p of kubeconfigFlag.flatMap(split).map((p) => absolute(p, env, cwd))) {
      if (statOf(p)?.isDirectory()) {
        let entries: string[] = [];
        try {
          entries = readdirSync(p).sort();
        } catch {
          // an unreadable directory has nothing to offer
        }
        for (const name of entries) {
          if (!isSkippedName(name) && statOf(path.join(p, name))?.isFile()) out.push({ file: path.join(p, name), fromDirectory: true });
        }
      } else {
        out.push({ file: p, fromDirectory: false });
      }
    }
    return out;
  }
  if (env.KUBECONFIG !== undefined && split(env.KUBECONFIG).length > 0) {
    return split(env.KUBECONFIG).map((p) => ({ file: absolute(p, env, cwd), fromDirectory: false }));
  }
  return [{ file: path.join(homeDir(env), '.kube', 'config'), fromDirectory: false }];
}

/** The context names in a file's text: the fast reader, else the yaml package; a file that does not parse has none. */
async function namesIn(text: string): Promise<string[]> {
  const fast = contextNamesFast(text);
  if (fast !== undefined) return fast;
  try {
    const { parse } = await import('yaml');
    return namesFromDocument(parse(text));
  } catch {
    return [];
  }
}

/** Loads the kubeconfig files the line selects and reads their context names. Missing or unreadable files are skipped. */
export async function loadContextNames(kubeconfigFlag: readonly string[] | undefined, env: NodeJS.ProcessEnv, cwd: string): Promise<KubeconfigNames[]> {
  const seen = new Set<string>();
  const out: KubeconfigNames[] = [];
  for (const { file, fromDirectory } of candidatePaths(kubeconfigFlag, env, cwd)) {
    let text: string;
    let real: string;
    try {
      real = realpathSync(file);
      if (seen.has(real)) continue;
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const names = await namesIn(text);
    if (fromDirectory && names.length === 0) continue;
    seen.add(real);
    out.push({ file, names });
  }
  return out;
}

/** Every (file, context) pair with its clusterId: `<base name>:<context>`, or `<absolute path>:<context>` when two loaded files share a base name. */
export function contextChoices(files: readonly KubeconfigNames[]): ContextChoice[] {
  const ids = fileIdsFor(files.map((f) => f.file));
  return files.flatMap((f, i) => f.names.map((name) => ({ name, clusterId: clusterIdOf(ids[i]!, name) })));
}
