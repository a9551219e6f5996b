/**
 * Parsing one kubeconfig file's text into the few parts kubemux needs (contexts, clusters, users, current-context),
 * with every defect reported as one line naming the file and the line (DESIGN.md s.6). The `yaml` module is passed
 * in by the caller, which imports it lazily, so `--help` and completion never pay for it.
 */
import type * as Yaml from 'yaml';
import { UsageError } from '../errors.js';
import { escapeControls } from '../output/sanitize.js';
import { fastParse } from './fast-yaml.js';

/** The part of the lazily imported `yaml` module the parser uses. */
export type YamlParser = Pick<typeof Yaml, 'LineCounter' | 'parseDocument'>;

/** A context as written in a kubeconfig. */
export interface ParsedContext {
  readonly name: string;
  readonly cluster: string | undefined;
  readonly user: string | undefined;
  readonly namespace: string | undefined;
}

/** The parts of one kubeconfig file kubemux uses. Cluster and user mappings are kept raw for the client. */
export interface ParsedKubeconfig {
  readonly contexts: readonly ParsedContext[];
  readonly clusters: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  readonly users: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  readonly currentContext: string | undefined;
}

/** A malformed kubeconfig: a UsageError whose message is `<file>:<line>: <what>`. */
export class KubeconfigSyntaxError extends UsageError {
  constructor(
    readonly file: string,
    readonly line: number,
    what: string,
  ) {
    super(`${escapeControls(file)}:${line}: ${escapeControls(what.split('\n')[0]!).slice(0, 300)}`);
  }
}

/** Files larger than this are refused before reading: no real kubeconfig comes near it. */
export const MAX_KUBECONFIG_BYTES = 16 * 1024 * 1024;

const KNOWN_KEYS = ['apiVersion', 'kind', 'clusters', 'users', 'contexts', 'current-context', 'preferences', 'extensions'];
const LISTS = [
  { key: 'clusters', inner: 'cluster', noun: 'cluster' },
  { key: 'users', inner: 'user', noun: 'user' },
  { key: 'contexts', inner: 'context', noun: 'context' },
] as const;

type Path = (string | number)[];

/** A defect found in the document's structure, located later by its path. */
class StructureError extends Error {
  constructor(
    readonly path: Path,
    message: string,
  ) {
    super(message);
  }
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(owner: Record<string, unknown>, key: string, path: Path, label: string): string | undefined {
  const value = owner[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new StructureError([...path, key], `${label} "${key}" must be a string, not ${typeName(value)}`);
  return value;
}

function readList(top: Record<string, unknown>, spec: (typeof LISTS)[number]): Map<string, Record<string, unknown>> {
  const items = top[spec.key];
  const byName = new Map<string, Record<string, unknown>>();
  if (items === undefined || items === null) return byName;
  if (!Array.isArray(items)) throw new StructureError([spec.key], `"${spec.key}" must be a list, not ${typeName(items)}`);
  // A plain loop, and paths and labels built only for an error: this runs for every entry of every file on every start.
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    if (!isMapping(item)) throw new StructureError([spec.key, i], `${spec.key}[${i}] must be a mapping with a name, not ${typeName(item)}`);
    const name = typeof item.name === 'string' ? item.name : optionalString(item, 'name', [spec.key, i], `${spec.key}[${i}]`);
    if (name === undefined || name === '') throw new StructureError([spec.key, i], `${spec.key}[${i}] has no name`);
    if (byName.has(name)) throw new StructureError([spec.key, i, 'name'], `duplicate ${spec.noun} name "${name}" in "${spec.key}"`);
    const inner = item[spec.inner];
    if (inner !== undefined && inner !== null && !isMapping(inner)) {
      throw new StructureError([spec.key, i, spec.inner], `${spec.key}[${i}] "${spec.inner}" must be a mapping, not ${typeName(inner)}`);
    }
    byName.set(name, (inner as Record<string, unknown> | null | undefined) ?? {});
  }
  return byName;
}

/** A context's `cluster`, `user` or `namespace`: a string, or undefined when absent or empty. */
function contextField(ctx: Record<string, unknown>, key: string, at: number, name: string): string | undefined {
  const value = ctx[key];
  return (typeof value === 'string' ? value : optionalString(ctx, key, ['contexts', at, 'context'], `contexts[${at}] (${name})`)) || undefined;
}

/** Checks the decoded document against kubeconfig's schema (as leniently as kubectl: unknown keys are ignored). */
function interpret(top: unknown): ParsedKubeconfig {
  if (top === null || top === undefined) return { contexts: [], clusters: new Map(), users: new Map(), currentContext: undefined };
  if (!isMapping(top)) throw new StructureError([], `not a kubeconfig: expected a mapping at the top level, found ${typeName(top)}`);
  if (Object.keys(top).length > 0 && !KNOWN_KEYS.some((k) => k in top)) {
    throw new StructureError([], 'not a kubeconfig: it has none of "clusters", "users", "contexts" or "current-context"');
  }
  const kind = optionalString(top, 'kind', [], 'top-level');
  if (kind !== undefined && kind !== 'Config') throw new StructureError(['kind'], `not a kubeconfig: kind is "${kind}", not "Config"`);
  const clusters = readList(top, LISTS[0]);
  const users = readList(top, LISTS[1]);
  const contextMaps = readList(top, LISTS[2]);
  const contexts: ParsedContext[] = [];
  let at = 0;
  for (const [name, ctx] of contextMaps) {
    contexts.push({ name, cluster: contextField(ctx, 'cluster', at, name), user: contextField(ctx, 'user', at, name), namespace: contextField(ctx, 'namespace', at, name) });
    at++;
  }
  let c = 0;
  for (const [name, cluster] of clusters) {
    if (typeof cluster.server !== 'string') optionalString(cluster, 'server', ['clusters', c, 'cluster'], `clusters[${c}] (${name})`);
    c++;
  }
  const currentContext = optionalString(top, 'current-context', [], 'top-level') || undefined;
  return { contexts, clusters, users, currentContext };
}

/**
 * Parses `text` without the `yaml` package when it is in the subset kubectl writes and is a valid kubeconfig;
 * undefined otherwise, and the caller falls back to parseKubeconfig (which reports errors with their lines).
 */
export function parseKubeconfigFast(text: string): ParsedKubeconfig | undefined {
  const tree = fastParse(text);
  if (tree === undefined) return undefined;
  try {
    return interpret(tree);
  } catch (err) {
    if (err instanceof StructureError) return undefined;
    throw err;
  }
}

/** The 1-based line of the deepest node on `path` that exists in the document. */
function lineOf(doc: Yaml.Document, lineCounter: Yaml.LineCounter, path: Path): number {
  for (let depth = path.length; depth > 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  const contents = doc.contents as { range?: [number, number, number] } | null;
  return contents?.range ? lineCounter.linePos(contents.range[0]).line : 1;
}

/**
 * The 1-based line of a syntax error at `offset`. Errors found at the end of the text (an unclosed quote or
 * bracket) are reported on the last line that has content, not on the empty line after the final newline.
 */
export function errorLine(lineCounter: Yaml.LineCounter, text: string, offset: number): number {
  let at = offset;
  if (at >= text.length) {
    at = text.length - 1;
    while (at > 0 && /\s/.test(text[at]!)) at--;
  }
  return lineCounter.linePos(Math.max(0, at)).line;
}

/** Deeper flow nesting than this is refused before parsing: kubeconfigs nest a few levels, and the parser's cost
 *  grows badly with depth (200 000 open brackets took seconds). */
export const MAX_FLOW_DEPTH = 1000;

/** The 0-based offset where flow nesting (`[` and `{`) first passes MAX_FLOW_DEPTH, or -1. Linear, no allocation. */
function tooDeepAt(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_FLOW_DEPTH) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return -1;
}

/**
 * Parses `text` (the content of `file`) as a kubeconfig. Throws KubeconfigSyntaxError naming the file and line for
 * YAML syntax errors, wrong types, nameless or duplicate entries, and documents that are not kubeconfigs at all.
 */
export function parseKubeconfig(yaml: YamlParser, file: string, text: string): ParsedKubeconfig {
  const lineCounter = new yaml.LineCounter();
  const deep = tooDeepAt(text);
  if (deep >= 0) {
    const line = text.slice(0, deep).split('\n').length;
    throw new KubeconfigSyntaxError(file, line, `nested too deeply (more than ${MAX_FLOW_DEPTH} levels of [ or {)`);
  }
  let doc: Yaml.Document;
  try {
    doc = yaml.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  } catch (err) {
    throw new KubeconfigSyntaxError(file, 1, `cannot parse: ${(err as Error).message}`);
  }
  const first = doc.errors[0];
  if (first) throw new KubeconfigSyntaxError(file, errorLine(lineCounter, text, first.pos[0]), first.message);
  let top: unknown;
  try {
    top = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    const what = err instanceof RangeError ? 'nested too deeply' : (err as Error).message;
    throw new KubeconfigSyntaxError(file, lineOf(doc, lineCounter, []), what);
  }
  try {
    return interpret(top);
  } catch (err) {
    if (!(err instanceof StructureError)) throw err;
    throw new KubeconfigSyntaxError(file, lineOf(doc, lineCounter, err.path), err.message);
  }
}
