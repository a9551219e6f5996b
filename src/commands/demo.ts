/** Placeholder until its issue lands. */
import { UsageError } from '../errors.js';
export async function runDemo(..._args: unknown[]): Promise<number> { throw new UsageError('`demo` is not implemented yet'); }
