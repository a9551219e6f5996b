/** Placeholder until its issue lands. */
import { UsageError } from '../errors.js';
export async function runCompletion(..._args: unknown[]): Promise<number> { throw new UsageError('`completion` is not implemented yet'); }
