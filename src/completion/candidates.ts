/**
 * What completes where: turns a read command line (words.ts) into candidates and a directive for the shell. Values
 * that come from kubeconfig files or clusters are asked of `CompletionSources`, so this logic is pure and tested with
 * case tables; src/completion/sources.ts supplies the real ones.
 */
import { globMatches, isGlob } from '../clusters/glob.js';
import type { ResourceInfo } from '../kube/types.js';
import { COLOR_VALUES, type CommandSpec, type FlagSpec, ROOT, SHELLS, SORT_BY_VALUES } from './spec.js';
import { type LineState, parseLine } from './words.js';

/**
 * Directive bits of cobra's `__complete` protocol (kubectl passes them through for plugins, so the same values are
 * used): the last output line is `:<sum of bits>`.
 */
export const Directive = {
  Default: 0,
  Error: 1,
  NoSpace: 2,
  NoFileComp: 4,
  FilterFileExt: 8,
  FilterDirs: 16,
  KeepOrder: 32,
} as const;

/** One completion candidate, with an optional description shells may show next to it. */
export interface Candidate {
  readonly value: string;
  readonly description?: string;
}

/** The answer to one completion request. */
export interface Completion {
  readonly candidates: readonly Candidate[];
  readonly directive: number;
}

/** One (kubeconfig file, context) pair, as completion needs it. */
export interface ContextChoice {
  readonly name: string;
  readonly clusterId: string;
}

/** Where completion gets values that are not in the command table. Each may reject; completion then offers nothing. */
export interface CompletionSources {
  /** Every context of the kubeconfig files the line selects (`--kubeconfig`, else $KUBECONFIG, else ~/.kube/config). */
  contexts(line: LineState): Promise<readonly ContextChoice[]>;
  /** Resource types served by the clusters the line selects. */
  resourceTypes(line: LineState): Promise<readonly ResourceInfo[]>;
  /** Namespaces of the primary cluster. */
  namespaces(line: LineState): Promise<readonly string[]>;
  /** Names of objects of `type` in the primary cluster (in the line's namespace). */
  objectNames(line: LineState, type: string): Promise<readonly string[]>;
}

const none: Completion = { candidates: [], directive: Directive.NoFileComp };

/** Completes `words` (the `__complete` arguments). */
export async function completeWords(words: readonly string[], sources: CompletionSources): Promise<Completion> {
  const line = parseLine(words);
  const target = line.target;
  if (target.kind === 'flag-name') return { candidates: flagNames(line, target.text), directive: Directive.NoFileComp };
  if (target.kind === 'flag-value') {
    const result = await flagValues(line, target.flag, target.text, sources);
    if (target.prefix === '') return result;
    return { ...result, candidates: result.candidates.map((c) => ({ ...c, value: target.prefix + c.value })) };
  }
  const { arg, text } = target;
  const commands = target.subcommands ? subcommandNames(line.command, text) : [];
  switch (arg) {
    case 'resource-type':
      return await resourceTypes(line, text, sources);
    case 'object-name':
      return await objectNames(line, text, sources);
    case 'context':
      return await contexts(line, text, line.positionals, sources);
    case 'shell':
      return { candidates: matching(SHELLS.map((value) => ({ value })), text), directive: Directive.NoFileComp };
    case 'command':
      return { candidates: line.positionals.length === 0 ? subcommandNames(ROOT, text) : [], directive: Directive.NoFileComp };
    default:
      return { candidates: commands, directive: Directive.NoFileComp };
  }
}

/** Candidates whose value starts with `text`. */
function matching(candidates: readonly Candidate[], text: string): Candidate[] {
  return candidates.filter((c) => c.value.startsWith(text));
}

function subcommandNames(cmd: CommandSpec, text: string): Candidate[] {
  const visible = (cmd.subcommands ?? []).filter((c) => !c.hidden);
  return matching(visible.map((c) => ({ value: c.names[0]!, description: c.description })), text);
}

function flagNames(line: LineState, text: string): Candidate[] {
  const out: Candidate[] = [];
  for (const flag of line.command.flags) {
    if (!flag.repeatable && line.flags.has(flag.long)) continue;
    out.push({ value: flag.long, description: flag.description });
    if (flag.short && !text.startsWith('--')) out.push({ value: flag.short, description: flag.description });
  }
  return matching(out, text);
}

async function flagValues(line: LineState, flag: FlagSpec, text: string, sources: CompletionSources): Promise<Completion> {
  switch (flag.value) {
    case 'file':
      return { candidates: [], directive: Directive.Default };
    case 'context':
      return await contexts(line, text, line.flags.get(flag.long) ?? [], sources);
    case 'namespace':
      return await fromSource(async () => matching((await sources.namespaces(line)).map((value) => ({ value })), text));
    case 'output': {
      const formats = matching((line.command.outputs ?? []).map((value) => ({ value })), text);
      const noSpace = formats.length > 0 && formats.every((c) => c.value.endsWith('='));
      return { candidates: formats, directive: Directive.NoFileComp | (noSpace ? Directive.NoSpace : 0) };
    }
    case 'color':
      return { candidates: matching(COLOR_VALUES.map((value) => ({ value })), text), directive: Directive.NoFileComp };
    case 'sort-by':
      return { candidates: matching(SORT_BY_VALUES.map((value) => ({ value })), text), directive: Directive.NoFileComp };
    default:
      return none;
  }
}

/** Runs a source lookup; a failing source (unreadable file, unreachable cluster) yields no candidates. */
async function fromSource(lookup: () => Promise<Candidate[]>): Promise<Completion> {
  try {
    return { candidates: await lookup(), directive: Directive.NoFileComp };
  } catch {
    return none;
  }
}

/**
 * Context names and clusterIds, leaving out every entry already chosen on the line: an entry counts as chosen when
 * its name or id was given or a given glob matches its name, and then every entry with the same context name goes too (two entries with one name can
 * never be active together, DESIGN.md s.2). `text` may continue a comma list (`a,b,`).
 */
async function contexts(line: LineState, text: string, given: readonly string[], sources: CompletionSources): Promise<Completion> {
  const comma = text.lastIndexOf(',');
  const head = text.slice(0, comma + 1);
  const partial = text.slice(comma + 1);
  const chosen = new Set([...given, ...head.split(',').filter((v) => v !== '')]);
  return fromSource(async () => {
    const all = await sources.contexts(line);
    const globs = [...chosen].filter(isGlob);
    const isChosen = (c: ContextChoice): boolean => chosen.has(c.clusterId) || chosen.has(c.name) || globs.some((g) => globMatches(g, c.name));
    const chosenNames = new Set(all.filter(isChosen).map((c) => c.name));
    const open = all.filter((c) => !chosenNames.has(c.name));
    const names = new Map<string, Candidate>();
    for (const c of open) if (!names.has(c.name)) names.set(c.name, { value: c.name, description: c.clusterId });
    const ids = open.filter((c) => c.clusterId !== c.name).map((c) => ({ value: c.clusterId }));
    return matching([...names.values(), ...ids], partial).map((c) => ({ ...c, value: head + c.value }));
  });
}

/**
 * Resource types, as kubectl users type them: the plural name, and `plural.group` when the plural is served by more
 * than one group or the user is typing a group. `get` takes comma lists (`deploy,svc`); types already listed are left out.
 */
async function resourceTypes(line: LineState, text: string, sources: CompletionSources): Promise<Completion> {
  const lists = line.path[0] === 'get';
  const comma = lists ? text.lastIndexOf(',') : -1;
  const head = text.slice(0, comma + 1);
  const partial = text.slice(comma + 1);
  const listed = new Set(head.split(',').filter((v) => v !== ''));
  const verb = lists ? 'list' : 'watch';
  return fromSource(async () => {
    const types = (await sources.resourceTypes(line)).filter((t) => !t.resource.includes('/') && (t.verbs ?? [verb]).includes(verb));
    const groupsOf = new Map<string, Set<string>>();
    for (const t of types) groupsOf.set(t.resource, (groupsOf.get(t.resource) ?? new Set()).add(t.group));
    const seen = new Set<string>();
    const out: Candidate[] = [];
    const add = (value: string, kind: string): void => {
      if (seen.has(value) || listed.has(value)) return;
      seen.add(value);
      out.push({ value, description: kind });
    };
    for (const t of types) {
      if (t.group === '' || groupsOf.get(t.resource)!.size === 1) add(t.resource, t.kind);
      if (t.group !== '' && (groupsOf.get(t.resource)!.size > 1 || partial.includes('.'))) add(`${t.resource}.${t.group}`, t.kind);
    }
    return matching(out, partial).map((c) => ({ ...c, value: head + c.value }));
  });
}

async function objectNames(line: LineState, text: string, sources: CompletionSources): Promise<Completion> {
  const type = line.positionals[0];
  if (type === undefined || type.includes(',') || type.includes('/')) return none;
  const given = new Set(line.positionals.slice(1));
  return fromSource(async () => matching((await sources.objectNames(line, type)).filter((n) => !given.has(n)).map((value) => ({ value })), text));
}
