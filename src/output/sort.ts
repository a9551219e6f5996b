/**
 * `--sort-by` across clusters, with kubectl's SortingPrinter semantics (`kubectl/pkg/cmd/get/sorter.go`): the first
 * value the JSONPath selects is the key; a row without it sorts first; numbers compare numerically; two strings that
 * both parse as quantities (`100m`, `2Gi`, `10`) compare as quantities, other strings in natural order (digit runs by
 * value, so `pod-9` < `pod-10`; RFC 3339 timestamps sort by time). Unlike Go's sort.Sort ours is stable, so ties keep
 * cluster order.
 */
import { UsageError } from '../errors.js';
import { compileJsonPath } from './jsonpath.js';

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|[numkMGTPE])?$/;
const SUFFIX: Record<string, number> = {
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
};

/** The value of a Kubernetes quantity string, or undefined when `text` is not one. */
export function parseQuantity(text: string): number | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const base = Number(match[1]);
  const suffix = match[2];
  if (suffix === undefined) return base;
  if (suffix in SUFFIX) return base * SUFFIX[suffix]!;
  return base * 10 ** Number(suffix.slice(1));
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** fvbommel/sortorder's NaturalLess as a comparator: digit runs compare by value, digits before other characters. */
export function naturalCompare(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    const da = isDigit(ca);
    const db = isDigit(cb);
    if (da !== db) return da ? -1 : 1;
    if (!da) {
      if (ca !== cb) return ca < cb ? -1 : 1;
      i++;
      j++;
      continue;
    }
    while (i < a.length && a[i] === '0') i++;
    while (j < b.length && b[j] === '0') j++;
    const startA = i;
    const startB = j;
    while (i < a.length && isDigit(a.charCodeAt(i))) i++;
    while (j < b.length && isDigit(b.charCodeAt(j))) j++;
    if (i - startA !== j - startB) return i - startA < j - startB ? -1 : 1;
    for (let k = 0; k < i - startA; k++) {
      const diff = a.charCodeAt(startA + k) - b.charCodeAt(startB + k);
      if (diff !== 0) return diff < 0 ? -1 : 1;
    }
    if (startA !== startB) return startA < startB ? -1 : 1;
  }
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const TYPE_RANK: Record<string, number> = { boolean: 0, number: 1, string: 2, object: 3 };

/** A sort key with its quantity value worked out once (comparisons run n log n times). */
interface SortKey {
  readonly value: unknown;
  readonly quantity: number | undefined;
}

function sortKey(value: unknown): SortKey {
  return { value, quantity: typeof value === 'string' ? parseQuantity(value) : undefined };
}

function compareKeys(x: SortKey, y: SortKey): number {
  const a = x.value;
  const b = y.value;
  const aMissing = a === undefined || a === null;
  const bMissing = b === undefined || b === null;
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') {
    if (x.quantity !== undefined && y.quantity !== undefined && x.quantity !== y.quantity) return x.quantity < y.quantity ? -1 : 1;
    return naturalCompare(a, b);
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a !== typeof b) return (TYPE_RANK[typeof a] ?? 9) - (TYPE_RANK[typeof b] ?? 9);
  return naturalCompare(JSON.stringify(a), JSON.stringify(b));
}

/** Orders two sort keys (undefined or null = the row lacks the field, sorts first). */
export function compareSortValues(a: unknown, b: unknown): number {
  return compareKeys(sortKey(a), sortKey(b));
}

/** A prepared `--sort-by`: validates the path once, then sorts any kind of row by the object it carries. */
export interface RowSorter {
  sort<T>(rows: readonly T[], objectOf: (row: T) => unknown): T[];
}

/** Compiles `--sort-by`; a bad path is a UsageError raised before any request is sent. */
export function createRowSorter(sortBy: string): RowSorter {
  const path = compileJsonPath(sortBy, '--sort-by');
  return {
    sort<T>(rows: readonly T[], objectOf: (row: T) => unknown): T[] {
      let foundOnce = false;
      const keyed = rows.map((row) => {
        const object = objectOf(row);
        const found = object === undefined ? [] : path.find(object);
        if (found.length > 0) foundOnce = true;
        return { row, key: sortKey(found[0]) };
      });
      if (keyed.length > 1 && !foundOnce) {
        throw new UsageError(`couldn't find any field with path "${path.expression}" in the list of objects (--sort-by)`);
      }
      return keyed.sort((x, y) => compareKeys(x.key, y.key)).map((k) => k.row);
    },
  };
}
