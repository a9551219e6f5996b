/**
 * kubectl's duration syntax for `--request-timeout` and `--timeout`: Go durations (`1h2m3.5s`, `300ms`, `2m`) or a
 * bare integer meaning seconds. `0` means "no limit" and is returned as 0.
 */
import { UsageError } from './errors.js';

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;

/** Parses `text` as a duration in milliseconds; `flag` names the flag in the error message. */
export function parseDuration(text: string, flag: string): number {
  const value = text.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  let total = 0;
  PART.lastIndex = 0;
  let matched = 0;
  while (PART.lastIndex < value.length) {
    const start = PART.lastIndex;
    const m = PART.exec(value);
    if (!m || m.index !== start) break;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    matched = PART.lastIndex;
  }
  if (value === '' || matched !== value.length) {
    throw new UsageError(`invalid duration "${text}" for ${flag}: use a number of seconds or a unit like 30s, 1m, 500ms`);
  }
  return Math.round(total);
}
