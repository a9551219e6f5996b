/**
 * The `__complete` protocol (cobra's, which kubectl also speaks to plugins through `kubectl_complete-mux`): the
 * arguments are the words after the program name, the last one the word under the cursor (possibly empty); the
 * answer is one candidate per line, `value<TAB>description` when there is a description, then `:<directive>`.
 * The shell scripts in src/completion/scripts.ts read exactly this.
 */
import { type Completion, type CompletionSources, Directive, completeWords } from './candidates.js';

/** What a completion run writes to and reads from. */
export interface CompleteDeps {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
  readonly env: NodeJS.ProcessEnv;
  readonly sources: CompletionSources;
}

/** A candidate line cannot carry a newline or tab of its own (they separate lines and descriptions). */
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Renders a completion in the protocol's text form. Candidates with control characters are left out. */
export function formatCompletion(completion: Completion): string {
  let out = '';
  for (const c of completion.candidates) {
    if (c.value === '' || CONTROL.test(c.value)) continue;
    const description = c.description?.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
    out += description ? `${c.value}\t${description}\n` : `${c.value}\n`;
  }
  return `${out}:${completion.directive}\n`;
}

/**
 * Answers one completion request. Completion never fails loudly: the shell would print the error into the user's
 * command line, so trouble yields no candidates (the reason goes to stderr only with KUBEMUX_DEBUG=1). Returns 0.
 */
export async function runComplete(words: readonly string[], deps: CompleteDeps): Promise<number> {
  let completion: Completion;
  try {
    completion = await completeWords(words, deps.sources);
  } catch (err) {
    if (deps.env.KUBEMUX_DEBUG === '1') deps.stderr.write(`completion: ${err instanceof Error ? err.stack : String(err)}\n`);
    completion = { candidates: [], directive: Directive.Error };
  }
  deps.stdout.write(formatCompletion(completion));
  return 0;
}
