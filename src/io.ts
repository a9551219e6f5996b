/**
 * What a command may touch of the outside world, injected so command tests run in-process with captured streams
 * and a private environment (STYLE.md: flags -> plan -> run(plan, deps)).
 */
import os from 'node:os';

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

/** The user's home directory, honouring $HOME from `env` first (tests point it at a temporary folder). */
export function homeDir(env: NodeJS.ProcessEnv): string {
  return env.HOME || os.homedir();
}
