/** Placeholder until its issue lands. */
import { UsageError } from '../errors.js';
export async function runContexts(..._args: unknown[]): Promise<number> { throw new UsageError('`contexts` is not implemented yet'); }
export async function runContextsUse(..._args: unknown[]): Promise<number> { throw new UsageError('`contexts` is not implemented yet'); }
