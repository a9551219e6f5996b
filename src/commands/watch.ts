/** Placeholder until its issue lands. */
import { UsageError } from '../errors.js';
export async function runWatch(..._args: unknown[]): Promise<number> { throw new UsageError('`watch` is not implemented yet'); }
