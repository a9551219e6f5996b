/**
 * The one call a cluster command makes before touching the network: load the kubeconfig files, read the saved
 * selection when no selection flag was given, select, and print the selection's warnings on stderr.
 */
import type { SelectionFlags } from '../cli.js';
import type { Io } from '../io.js';
import { loadKubeconfigs, type LoadedKubeconfigs } from './kubeconfig.js';
import { readSavedSelection } from './saved.js';
import { isDuplicateSentence, NoSelectionError, selectClusters } from './selection.js';
import type { Selection } from './types.js';

/** Whether any flag chooses contexts explicitly (then the saved selection is not read). */
export function hasSelectionFlag(flags: SelectionFlags): boolean {
  return (flags.context ?? []).some((c) => c.trim() !== '') || flags.allContexts === true;
}

/**
 * Writes each warning as one `warning: ...` line on stderr; the duplicate-context sentence, which DESIGN.md fixes
 * word for word, stands alone on its line.
 */
export function printWarnings(warnings: readonly string[], io: Io): void {
  for (const w of warnings) io.stderr.write(isDuplicateSentence(w) ? `${w}\n` : `warning: ${w}\n`);
}

/**
 * Loads files, reads the saved selection, selects and prints warnings to `io.stderr`. Throws UsageError (exit 2)
 * for malformed files and bad selections; nothing has been sent to any cluster when it throws.
 */
export async function resolveClusters(flags: SelectionFlags, io: Io): Promise<{ loaded: LoadedKubeconfigs; selection: Selection }> {
  const loaded = await loadKubeconfigs(flags.kubeconfig, io.env, io.cwd);
  const saved = hasSelectionFlag(flags) ? undefined : await readSavedSelection(io.env);
  try {
    const selection = selectClusters(loaded, flags, saved);
    printWarnings(selection.warnings, io);
    return { loaded, selection };
  } catch (err) {
    if (err instanceof NoSelectionError) printWarnings(err.warnings, io);
    throw err;
  }
}
