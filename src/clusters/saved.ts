/**
 * The saved selection of `kubemux contexts use` (DESIGN.md s.7): a list of clusterIds in
 * `$XDG_CONFIG_HOME/kubemux/config.yaml` (default `~/.config/kubemux/config.yaml`), used when no selection flag is
 * given. Written atomically (temporary file, then rename) with mode 0600, so a crash never leaves half a file and
 * other users cannot read which clusters someone works on.
 */
// Synchronous file calls throughout: small files, read at every start, and node:fs/promises alone loads two dozen of
// Node's internal modules (streams, readline, watchers) that listing contexts has no other use for.
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { UsageError } from '../errors.js';
import { homeDir, writeFileAtomically } from '../io.js';
import { escapeControls } from '../output/sanitize.js';
import { fastParse } from './fast-yaml.js';
import { errorLine, KubeconfigSyntaxError } from './kubeconfig-parse.js';

/** The path of kubemux's own settings file. */
export function savedSelectionPath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homeDir(env), '.config');
  return join(base, 'kubemux', 'config.yaml');
}

/** Whether a decoded settings file is usable: empty, or a mapping whose `selection` (if any) lists strings. */
function isSettings(value: unknown): value is Record<string, unknown> | null {
  if (value === null) return true;
  if (typeof value !== 'object' || value === undefined || Array.isArray(value)) return false;
  const selection = (value as Record<string, unknown>).selection;
  return selection === undefined || selection === null || (Array.isArray(selection) && selection.every((s) => typeof s === 'string'));
}

/** Reads the settings file as a mapping; undefined when it does not exist. Malformed content is a UsageError. */
async function readSettings(file: string): Promise<Record<string, unknown> | undefined> {
  // Most people never save a selection: asking first spares every start the cost of building an ENOENT error.
  if (!existsSync(file)) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`${escapeControls(file)}: cannot read the saved selection: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const fast = fastParse(text);
  if (isSettings(fast)) return fast ?? {};
  // Not what kubemux writes: parse with `yaml` for the exact error and line.
  const yaml = await import('yaml');
  const lineCounter = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { lineCounter, prettyErrors: false });
  const first = doc.errors[0];
  if (first) throw new KubeconfigSyntaxError(file, errorLine(lineCounter, text, first.pos[0]), first.message);
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (isSettings(value)) return value ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new KubeconfigSyntaxError(file, 1, 'expected a mapping with a "selection" list');
  const node = doc.get('selection', true) as { range?: [number, number, number] } | undefined;
  throw new KubeconfigSyntaxError(file, node?.range ? lineCounter.linePos(node.range[0]).line : 1, '"selection" must be a list of clusterIds');
}

/** The saved clusterIds, or undefined when nothing is saved. */
export async function readSavedSelection(env: NodeJS.ProcessEnv): Promise<string[] | undefined> {
  const settings = await readSettings(savedSelectionPath(env));
  const ids = settings?.selection as string[] | undefined | null;
  return ids && ids.length > 0 ? ids : undefined;
}

/** Saves the settings file atomically (writeFileAtomically); a failure is a UsageError naming the file. */
function writeAtomically(file: string, text: string): void {
  try {
    writeFileAtomically(file, text);
  } catch (err) {
    throw new UsageError(`${escapeControls(file)}: cannot save the selection: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/**
 * Saves `ids` as the selection, or forgets it when `ids` is undefined (`contexts use --clear`). Other settings in
 * the file are kept; a file left with nothing in it is removed. Returns the file's path.
 */
export async function writeSavedSelection(env: NodeJS.ProcessEnv, ids: readonly string[] | undefined): Promise<string> {
  const file = savedSelectionPath(env);
  const { selection: _old, ...rest } = (await readSettings(file)) ?? {};
  if (ids === undefined && Object.keys(rest).length === 0) {
    try {
      unlinkSync(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw new UsageError(`${escapeControls(file)}: cannot clear the selection: ${code ?? String(err)}`);
    }
    return file;
  }
  const yaml = await import('yaml');
  const settings = ids === undefined ? rest : { ...rest, selection: [...ids] };
  writeAtomically(file, `# kubemux settings; "kubemux contexts use" rewrites this file.\n${yaml.stringify(settings)}`);
  return file;
}
