/**
 * `-o` parsing, as kubectl's PrintFlags does it: a fixed list of formats, `custom-columns=HEADER:.path,...`, and an
 * unknown format is a usage error that lists the allowed ones. Also answers what the list request must ask for.
 */
import { UsageError } from '../errors.js';
import { compileJsonPath } from './jsonpath.js';
import type { OutputSpec, PrintOptions } from './types.js';

/** Every `-o` value kubemux accepts, in the order the error message lists them. */
export const OUTPUT_FORMATS = ['table', 'wide', 'ndjson', 'json', 'yaml', 'name', 'custom-columns'] as const;

/** Parses `-o` (undefined or empty = table); custom-columns paths are checked here, before any request. */
export function parseOutputFormat(text: string | undefined): OutputSpec {
  const value = (text ?? '').trim();
  if (value === '' || value === 'table') return { kind: 'table' };
  if (value === 'wide' || value === 'ndjson' || value === 'json' || value === 'yaml' || value === 'name') {
    return { kind: value };
  }
  if (value === 'custom-columns' || value.startsWith('custom-columns=')) {
    return { kind: 'custom-columns', columns: parseCustomColumns(value.slice('custom-columns='.length)) };
  }
  throw new UsageError(
    `unable to match a printer suitable for the output format ${JSON.stringify(value)} (-o), allowed formats are: ${OUTPUT_FORMATS.join(',')}`,
  );
}

/** kubectl's custom-columns spec: `HEADER:.path,HEADER2:.path2`. */
function parseCustomColumns(spec: string): { header: string; path: string }[] {
  if (spec.trim() === '') throw new UsageError('custom-columns format specified but no custom columns given (-o)');
  return spec.split(',').map((part) => {
    const pieces = part.split(':');
    if (pieces.length !== 2 || pieces[0] === '' || pieces[1] === '') {
      throw new UsageError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr> (-o)`);
    }
    compileJsonPath(pieces[1]!, `-o custom-columns ${pieces[0]}`);
    return { header: pieces[0]!, path: pieces[1]! };
  });
}

/** Whether the list request must ask for server-side Tables (table and wide). */
export function wantsTable(spec: OutputSpec): boolean {
  return spec.kind === 'table' || spec.kind === 'wide';
}

/**
 * Whether Table rows must carry full objects (`includeObject=Object`). Only `--sort-by` needs them, as in kubectl:
 * NAMESPACE, `-L` and `--show-labels` read `metadata`, which the server's default (`includeObject=Metadata`) sends.
 */
export function wantsRowObjects(spec: OutputSpec, opts: PrintOptions): boolean {
  return wantsTable(spec) && opts.sortBy !== undefined && opts.sortBy !== '';
}
