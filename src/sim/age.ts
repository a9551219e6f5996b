/**
 * Ages the way the API server renders them in Table cells (apimachinery `duration.HumanDuration`): `45s`, `5m4s`,
 * `3h12m`, `2d4h`, `400d`. kubectl prints these cells verbatim, so they must match the real server's rounding; the
 * rounding itself lives in src/kube/age.ts, shared with the printers.
 */
import { humanDuration } from '../kube/age.js';

export { humanDuration };

/** The AGE cell for an RFC 3339 timestamp, as of `now` (`<unknown>` when absent, like the server). */
export function ageSince(timestamp: unknown, now: number): string {
  if (typeof timestamp !== 'string' || timestamp === '') return '<unknown>';
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}
