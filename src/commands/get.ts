/** Placeholder until its issue lands. */
import { UsageError } from '../errors.js';
export async function runGet(..._args: unknown[]): Promise<number> { throw new UsageError('`get` is not implemented yet'); }
