/**
 * Drives real shell completion for kubemux's scripts: bash (the function called the way readline calls it, with
 * COMP_WORDS split at COMP_WORDBREAKS as bash splits them), zsh (an interactive zsh in a pseudo-terminal through
 * zsh/zpty, TAB pressed, matches captured from compadd) and fish (`complete -C`). Each returns the candidates.
 */
import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { completionScript } from '../../src/completion/scripts.js';
import { BIN } from './cli.js';

/** Whether `shell` is installed (tests skip with a printed reason when it is not). */
export function hasShell(shell: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${shell}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A folder with `kubemux` and `kubectl-mux` on it (links to bin/kubemux.js), to put first on PATH. */
export function binDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-bin-'));
  symlinkSync(BIN, path.join(dir, 'kubemux'));
  symlinkSync(BIN, path.join(dir, 'kubectl-mux'));
  return dir;
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Splits a command line the way bash fills COMP_WORDS: at blanks, and runs of `:`/`=` become words of their own. */
export function bashWords(line: string): string[] {
  const words: string[] = [];
  for (const token of line.split(/[ \t]+/)) words.push(...(token.match(/[:=]+|[^:=]+/g) ?? ['']));
  if (line.endsWith(' ') && words[words.length - 1] !== '') words.push('');
  return words;
}

/** Runs bash completion for `line` (the cursor at its end) and returns COMPREPLY. */
export async function bashComplete(line: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-bash-'));
  const script = path.join(dir, 'kubemux.bash');
  writeFileSync(script, completionScript('bash'));
  const words = bashWords(line);
  const program = [
    `source ${quote(script)}`,
    `COMP_WORDS=(${words.map(quote).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    `COMP_LINE=${quote(line)}`,
    `COMP_POINT=${line.length}`,
    // What `complete -F` would call for this command: the registered function.
    // What `complete -F` would call for this command (the first word that is not an assignment): its function.
    `fn=$(complete -p ${quote(line.split(' ').find((w) => !w.includes('='))!)} | sed -E 's/.*-F ([^ ]+).*/\\1/')`,
    '"$fn" kubemux "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const r = await execa('bash', ['--norc', '--noprofile', '-c', program], { env, extendEnv: false, reject: false, timeout: 30_000 });
  if (r.exitCode !== 0) throw new Error(`bash exited ${r.exitCode}: ${r.stderr}`);
  return String(r.stdout).split('\n').filter((l) => l !== '');
}

/** Runs fish completion for `line` (`complete -C`) and returns the candidates without descriptions. */
export async function fishComplete(line: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-fish-'));
  const script = path.join(dir, 'kubemux.fish');
  writeFileSync(script, completionScript('fish'));
  const program = `source ${quote(script)}; complete -C ${quote(line)}`;
  const r = await execa('fish', ['--no-config', '-c', program], { env, extendEnv: false, reject: false, timeout: 30_000 });
  if (r.exitCode !== 0) throw new Error(`fish exited ${r.exitCode}: ${r.stderr}`);
  return String(r.stdout).split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0]!);
}

/**
 * The zsh side: a driver script starts an interactive `zsh -f` in a pseudo-terminal, loads compinit with the
 * `_kubemux` function on fpath, wraps compadd so every match zsh accepts is printed with a marker, types the line
 * and presses TAB once zle reads the line. The completion widget is bracketed by marker lines.
 */
const zshSetup = `PROMPT='' RPROMPT=''
unsetopt zle_bracketed_paste
autoload -U compinit && compinit -u -D
bindkey '^I' complete-word
bindkey '^M' undefined
bindkey '^J' undefined
zstyle ':completion:*' insert-tab false
__kubemux_test_mark() { print -r -- '@@MARK@@' }
compprefuncs=(__kubemux_test_mark)
comppostfuncs=(__kubemux_test_mark exit)
compadd() {
  if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd "$@"; return; fi
  local -a __kubemux_hits
  builtin compadd -A __kubemux_hits "$@"
  local h
  for h in $__kubemux_hits; do print -r -- "@@HIT@@$h"; done
  builtin compadd "$@"
}
# Says when zle is reading a line: typing earlier races with zle taking over the terminal.
__kubemux_test_ready() { print -n -- '@@ZLE@@' }
zle -N zle-line-init __kubemux_test_ready
`;

const zshDriver = `zmodload zsh/zpty || exit 3
zpty kmx zsh -f -i
zpty -w kmx "fpath=(\${(q)1} \\$fpath); source \${(q)2}"
local out
zpty -r kmx out '*@@ZLE@@*' || exit 4
zpty -w -n kmx "$3"$'\\t'
while zpty -r kmx out; do print -r -- "$out"; done
`;

/** Runs zsh completion for `line` and returns the matches zsh added. */
export async function zshComplete(line: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-zsh-'));
  const fpath = path.join(dir, 'functions');
  mkdirSync(fpath);
  writeFileSync(path.join(fpath, '_kubemux'), completionScript('zsh'));
  writeFileSync(path.join(dir, 'setup.zsh'), zshSetup);
  writeFileSync(path.join(dir, 'driver.zsh'), zshDriver);
  const r = await execa('zsh', ['-f', path.join(dir, 'driver.zsh'), fpath, path.join(dir, 'setup.zsh'), line], {
    env: { ...env, HOME: dir },
    extendEnv: false,
    reject: false,
    timeout: 30_000,
  });
  const text = String(r.stdout).replace(/\r/g, '');
  const hits = text.split('\n').filter((l) => l.includes('@@HIT@@')).map((l) => l.slice(l.indexOf('@@HIT@@') + 7));
  return [...new Set(hits)];
}
