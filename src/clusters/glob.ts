/**
 * Shell-style globs over context names (`*`, `?`, `[...]`, DESIGN.md s.2) and "did you mean" suggestions for names
 * that match nothing. `*` and `?` match any character, `/` and `:` included, because context names are not paths.
 */

/** Whether `sel` is a glob rather than a literal name or id. */
export function isGlob(sel: string): boolean {
  return /[*?[]/.test(sel);
}

/** Compiles a glob into an anchored RegExp. An unclosed `[` is taken literally; `[!...]` and `[^...]` negate. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        source += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      source += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, (c) => `\\${c}`)}]`;
      i = close;
    } else source += ch.replace(/[.+^${}()|\\/]/g, (c) => `\\${c}`);
  }
  return new RegExp(`^${source}$`, 's');
}

/** Whether `name` matches `glob`. */
export function globMatches(glob: string, name: string): boolean {
  return globToRegExp(glob).test(name);
}

/** Levenshtein distance between two strings (small inputs: context names). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** Up to three of `candidates` closest to `wanted`: near misses by edit distance, or names containing it. */
export function suggest(wanted: string, candidates: readonly string[]): string[] {
  const limit = Math.max(2, Math.ceil(wanted.length / 2));
  const lower = wanted.toLowerCase();
  const scored = [...new Set(candidates)]
    .map((c) => ({ c, d: c.toLowerCase().includes(lower) && lower.length >= 2 ? 0.5 : editDistance(lower, c.toLowerCase()) }))
    .filter((s) => s.d <= limit)
    .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : 1));
  return scored.slice(0, 3).map((s) => s.c);
}
