/**
 * Two ways to run the CLI in tests: `runCli` spawns the built binary (the real process, for end-to-end tests), and
 * `runInProcess` calls `main` with captured streams (counts towards coverage). Both return the same shape and run
 * with colour off and a private HOME unless told otherwise.
 */
import { execa } from 'execa';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli.js';
import type { Io, OutStream } from '../../src/io.js';

/** Absolute path of bin/kubemux.js. */
export const BIN = fileURLToPath(new URL('../../bin/kubemux.js', import.meta.url));

/** What a CLI run produced. */
export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** An environment for a test run: a fresh HOME and XDG dirs, colour off, no inherited KUBECONFIG. */
export function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = mkdtempSync(path.join(os.tmpdir(), 'kubemux-home-'));
  return {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    NO_COLOR: '1',
    ...extra,
  };
}

/** Spawns the built binary. `env` replaces the environment entirely (use `testEnv`). */
export async function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string; cwd?: string } = {},
): Promise<CliResult> {
  const result = await execa(process.execPath, [BIN, ...args], {
    env: options.env ?? testEnv(),
    extendEnv: false,
    reject: false,
    timeout: options.timeoutMs ?? 30_000,
    input: options.input ?? '',
    cwd: options.cwd,
    stripFinalNewline: false,
  });
  return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode ?? -1 };
}

/** A string-collecting stream with the OutStream surface. */
export class Capture implements OutStream {
  text = '';
  isTTY = false;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
  once(_event: 'drain', listener: () => void): this {
    setImmediate(listener);
    return this;
  }
}

/** Runs `main` in this process with captured streams. */
export async function runInProcess(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; signal?: AbortSignal } = {},
): Promise<CliResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const io: Io = {
    stdout,
    stderr,
    env: options.env ?? testEnv(),
    cwd: options.cwd ?? process.cwd(),
    signal: options.signal ?? new AbortController().signal,
  };
  const exitCode = await main(args, io);
  return { stdout: stdout.text, stderr: stderr.text, exitCode };
}
