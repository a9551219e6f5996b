/** Churn placeholder. */
import type { WriteState } from './objects.js';

/** Starts churn. */
export function startChurn(_state: WriteState, _opts: { eventsPerSecond: number; seed?: number; namespace?: string }): { stop(): void } {
  return { stop() {} };
}
