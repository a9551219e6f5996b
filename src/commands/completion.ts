/**
 * `kubemux completion bash|zsh|fish`: prints the shell completion script (the same text as the files in
 * `completions/`), so `source <(kubemux completion bash)` sets completion up.
 */
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { completionScript, type Shell } from '../completion/scripts.js';
import { SHELLS } from '../completion/spec.js';

/** Prints the script for `shell`; an unknown shell is a usage error naming it and the allowed ones. */
export async function runCompletion(shell: string, io: Io): Promise<number> {
  if (!(SHELLS as readonly string[]).includes(shell)) {
    throw new UsageError(`unknown shell "${shell}" for completion: use one of ${SHELLS.join(', ')}`);
  }
  io.stdout.write(completionScript(shell as Shell));
  return 0;
}
