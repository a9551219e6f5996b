/**
 * Reads the words of a command line being completed (the `__complete` arguments: everything after the program name,
 * the last word being the one under the cursor, possibly empty) into what completion needs to know: which command,
 * which flags were given with which values, the positional arguments, and what the last word is.
 * It follows commander's parsing rules (`--flag value`, `--flag=value`, `-n value`, `-nvalue`, `-qA`, `--`).
 */
import { type ArgKind, type CommandSpec, type FlagSpec, ROOT, findFlagLoosely as findFlag, findSubcommand } from './spec.js';

/** What the word under the cursor is. */
export type CompletionTarget =
  | { readonly kind: 'flag-name'; readonly text: string }
  /** `prefix` is what stays in front of the value in the same word (`--context=`, `-n`), else ''. */
  | { readonly kind: 'flag-value'; readonly flag: FlagSpec; readonly text: string; readonly prefix: string }
  /** A positional argument; `arg` is undefined past the command's last argument. */
  | { readonly kind: 'arg'; readonly arg: ArgKind | undefined; readonly index: number; readonly text: string; readonly subcommands: boolean };

/** The line before the cursor, read. */
export interface LineState {
  /** Command names from the root, e.g. `['contexts', 'use']`; empty at the root. */
  readonly path: readonly string[];
  readonly command: CommandSpec;
  /** Values given per flag, keyed by long name (`--context`); boolean flags have one `''` per use. */
  readonly flags: ReadonlyMap<string, readonly string[]>;
  readonly positionals: readonly string[];
  readonly target: CompletionTarget;
}

/**
 * Removes shell quoting the way the shell would before running the command: '...' verbatim, "..." with backslash
 * escapes of `"`, `\`, `$` and backquote, backslash escapes outside quotes. An unterminated quote (the user is still
 * typing) ends at the end of the word.
 */
export function unquote(word: string): string {
  let out = '';
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < word.length; i++) {
    const ch = word[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else out += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < word.length && '"\\$`'.includes(word[i + 1]!)) out += word[++i];
      else out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '\\' && i + 1 < word.length) {
      out += word[++i];
    } else {
      out += ch;
    }
  }
  return out;
}

/** Splits a short-flag word (`-qA`, `-nkube-system`) into the flags it sets; stops at the first flag with a value. */
function shortFlags(cmd: CommandSpec, word: string): { flag: FlagSpec; value: string | undefined }[] {
  const found: { flag: FlagSpec; value: string | undefined }[] = [];
  for (let i = 1; i < word.length; i++) {
    const flag = findFlag(cmd, `-${word[i]}`);
    if (!flag) break;
    if (flag.value) {
      const rest = word.slice(i + 1);
      found.push({ flag, value: rest === '' ? undefined : rest });
      break;
    }
    found.push({ flag, value: '' });
  }
  return found;
}

/** Reads `words` (after the program name; the last one is under the cursor). */
export function parseLine(words: readonly string[]): LineState {
  const all = words.length > 0 ? words : [''];
  let command = ROOT;
  const path: string[] = [];
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  const give = (flag: FlagSpec, value: string): void => {
    const list = flags.get(flag.long) ?? [];
    // --context takes comma lists (src/cli.ts collectList); each item counts on its own.
    if (flag.long === '--context') list.push(...value.split(',').map((v) => v.trim()).filter((v) => v !== ''));
    else list.push(value);
    flags.set(flag.long, list);
  };
  let pending: FlagSpec | undefined;
  let literal = false;
  for (const raw of all.slice(0, -1)) {
    const word = unquote(raw);
    if (pending) {
      give(pending, word);
      pending = undefined;
    } else if (!literal && word === '--') {
      literal = true;
    } else if (!literal && word.startsWith('--')) {
      const eq = word.indexOf('=');
      const flag = findFlag(command, eq < 0 ? word : word.slice(0, eq));
      if (flag?.value && eq < 0) pending = flag;
      else if (flag) give(flag, eq < 0 ? '' : word.slice(eq + 1));
    } else if (!literal && word.startsWith('-') && word.length > 1) {
      for (const { flag, value } of shortFlags(command, word)) {
        if (value === undefined) pending = flag;
        else give(flag, value);
      }
    } else {
      const sub = positionals.length === 0 && !literal ? findSubcommand(command, word) : undefined;
      if (sub) {
        command = sub;
        path.push(sub.names[0]!);
      } else {
        positionals.push(word);
      }
    }
  }
  const text = unquote(all[all.length - 1]!);
  return { path, command, flags, positionals, target: targetOf(command, text, pending, literal, positionals.length) };
}

function targetOf(command: CommandSpec, text: string, pending: FlagSpec | undefined, literal: boolean, index: number): CompletionTarget {
  if (pending) return { kind: 'flag-value', flag: pending, text, prefix: '' };
  if (!literal && text.startsWith('--') && text.includes('=')) {
    const eq = text.indexOf('=');
    const flag = findFlag(command, text.slice(0, eq));
    if (flag?.value) return { kind: 'flag-value', flag, text: text.slice(eq + 1), prefix: text.slice(0, eq + 1) };
    return { kind: 'flag-name', text };
  }
  if (!literal && text.startsWith('-')) {
    const flag = text.length > 2 && !text.startsWith('--') ? findFlag(command, text.slice(0, 2)) : undefined;
    if (flag?.value) return { kind: 'flag-value', flag, text: text.slice(2), prefix: text.slice(0, 2) };
    return { kind: 'flag-name', text };
  }
  const arg = index < command.args.length ? command.args[index] : command.variadic ? command.args[command.args.length - 1] : undefined;
  const subcommands = index === 0 && !literal && command.subcommands !== undefined;
  return { kind: 'arg', arg, index, text, subcommands };
}
