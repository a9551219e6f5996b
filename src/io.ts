/**
 * What a command may touch of the outside world, injected so command tests run in-process with captured streams
 * and a private environment (STYLE.md: flags -> plan -> run(plan, deps)).
 */
import { chmodSync, mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A writable text sink with the terminal facts printers need. */
export interface OutStream {
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** The world a command runs in. */
export interface Io {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Aborted on SIGINT/SIGTERM; every cluster's AbortController hangs off it. */
  readonly signal: AbortSignal;
}

/** The real process's streams, environment and an abort signal tied to SIGINT and SIGTERM. */
export function processIo(): Io {
  const controller = new AbortController();
  const onSignal = (): void => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // A reader that leaves (`kubemux contexts | head -1`) closes the pipe: stop quietly instead of crashing on an
  // unhandled EPIPE. Commands that stream (get, watch) also watch for this themselves to stop their clusters early.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      controller.abort(new Error('output closed'));
    });
  }
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: controller.signal };
}

/**
 * Replaces `file` atomically with `text`, mode 0600: a private temporary file in the same folder (made 0700 if
 * missing), then a rename over it, so a reader never sees half a file. Throws the file system's error, with the
 * temporary file removed. Used for kubemux's settings and its kubeconfig listing cache.
 */
export function writeFileAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // Unique enough with the pid; 'wx' refuses to follow or reuse an existing name. (node:crypto costs startup time.)
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`;
  try {
    writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone, or never written
    }
    throw err;
  }
}

/** `$XDG_CACHE_HOME/kubemux`, else `~/.cache/kubemux`: the discovery cache and the kubeconfig listing cache. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CACHE_HOME || join(homeDir(env), '.cache'), 'kubemux');
}

/**
 * The user's home directory, honouring $HOME from `env` first (tests point it at a temporary folder). `node:os` is
 * loaded only when $HOME is unset: loading it (or `node:module`, to require it) costs most of a millisecond of every
 * start, and `contexts` and completion count those (bench/contexts.bench.mjs). process.getBuiltinModule is Node
 * 20.16 and later; earlier releases require it.
 */
export function homeDir(env: NodeJS.ProcessEnv): string {
  if (env.HOME) return env.HOME;
  const os = (process.getBuiltinModule?.('node:os') as typeof import('node:os') | undefined) ?? (require('node:os') as typeof import('node:os'));
  return os.homedir();
}
