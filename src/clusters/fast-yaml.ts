/**
 * A fast path for the YAML that kubectl, cloud CLIs and kubemux itself write: block mappings and sequences, plain
 * and single-line quoted scalars, `{}`/`[]`, comments. Loading the `yaml` package and composing a document costs
 * tens to hundreds of milliseconds for a kubeconfig with a few hundred contexts (see bench/contexts.bench.mjs);
 * this reads the same files in a few milliseconds. It returns `undefined` for anything outside that subset (anchors,
 * tags, block scalars, multi-line or flow values, tabs, odd keys, duplicate keys, non-trivial numbers), and the
 * caller then parses with `yaml`, which also produces the error messages and line numbers. Whatever it does accept,
 * it decodes exactly as `yaml`'s `parseDocument(...).toJS()` would (checked by a differential test).
 *
 * Why it is shaped as one loop: it runs once per file in a process that lives for a few tens of milliseconds, in V8's
 * interpreter. V8 compiles a function that has run enough bytecode (a small one after a few hundred calls) with
 * TurboFan on a helper thread: with the parser spread over a dozen small helpers, listing 200 contexts started five
 * such compilations, 25 ms of helper-thread work whose results were mostly never used, and on a 2-core machine the
 * listing took 7 to 14 ms longer than with `--no-opt` (`--trace-opt`; bench/contexts.bench.mjs). As one function the
 * parser is compiled at most once, late, and the difference is within noise. The per-line path has no helpers; lines
 * are offsets into the text (no string per line), native string searches do the scanning, and short values are
 * compared rather than matched with regular expressions.
 */

/** Kubeconfigs nest a handful of levels; deeper documents go to `yaml` (which reports its own limits). */
const MAX_DEPTH = 64;
const KEY_NAME = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const INT = /^[-+]?[0-9]+$/;
const FLOATISH = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$|^0[ox]/;
const PLAIN_START = /^[^-?:,[\]{}#&*!|>'"%@`\s]|^[-?:][^\s,[\]{}]/;
/** Words `yaml` decodes as null, true or false (its core schema); with `__proto__`, keys left to `yaml`. */
const WORDS = new Map<string, null | boolean>([
  ['null', null], ['Null', null], ['NULL', null], ['~', null],
  ['true', true], ['True', true], ['TRUE', true],
  ['false', false], ['False', false], ['FALSE', false],
]);

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;

/** Returned by the scalar decoders for a value outside the subset. */
const UNSUPPORTED = Symbol('unsupported');

/** A double- or single-quoted scalar (`raw` starts with the quote), or UNSUPPORTED. */
function quoted(raw: string): string | typeof UNSUPPORTED {
  if (raw.charCodeAt(0) === 0x22) {
    const m = /^"((?:[^"\\]|\\["\\/nt])*)"(?:\s+#.*)?$/.exec(raw);
    return m ? m[1]!.replace(/\\(["\\/nt])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c)) : UNSUPPORTED;
  }
  const m = /^'((?:[^']|'')*)'(?:\s+#.*)?$/.exec(raw);
  return m ? m[1]!.replace(/''/g, "'") : UNSUPPORTED;
}

/** A plain scalar that starts like a number (`-`, `+`, `.` or a digit): an integer, a string, or UNSUPPORTED. */
function numberLike(value: string): unknown {
  if (INT.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : UNSUPPORTED;
  }
  return FLOATISH.test(value) ? UNSUPPORTED : value;
}

/**
 * Decodes `text` if it is within the fast subset, else returns undefined (JSON goes to `yaml` too: JSON.parse
 * would accept duplicate keys that `yaml` rejects). An empty document decodes to null, as `yaml` does.
 */
export function fastParse(text: string): unknown {
  // Tabs, control characters (a lone CR at a line end is fine), replacement characters from invalid UTF-8, BOMs.
  // Two scans rather than one alternation: a class alone scans a whole file several times faster, and CRs are rare.
  if (/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff\ufffd]/.test(text) || (text.includes('\r') && /\r(?!\n)/.test(text))) return undefined;
  const length = text.length;

  // The open blocks, innermost last: a mapping or a sequence, its indent, and whether it counts towards MAX_DEPTH
  // (a sequence at its parent key's own indent, `key:\n- item`, does not, as in the recursive form of this grammar).
  const blocks: (Record<string, unknown> | unknown[])[] = [];
  const blockIndents: number[] = [];
  const blockCounted: boolean[] = [];
  let depth = 0;
  // The innermost block, kept in locals as well: most lines go to the same block as the line before.
  let block: Record<string, unknown> | unknown[] | undefined;
  let blockIndent = -1;
  let inSequence = false;
  let root: unknown = null;
  /** Keys already checked in this document (a kubeconfig repeats a dozen keys thousands of times). */
  const plainKeys = new Set<string>();

  // A `key:` or `-` with nothing after it waits for the next line: a deeper block becomes its value; for a key, so does
  // a sequence at the key's own indent; anything else leaves it null.
  let pendingIndent = -1;
  let pendingSequenceAtSameIndent = false;
  let pendingOwner: Record<string, unknown> | unknown[] | undefined;
  let pendingKey: string | number = 0;

  // The last search for `:`: where it started and the colon it found (`length` for none). Lines without a colon then
  // cost one search between them, not one search each to the end of the text.
  let colonFrom = 0;
  let colonAt = -1;

  for (let lineStart = 0; lineStart < length; ) {
    let next = text.indexOf('\n', lineStart);
    if (next < 0) next = length;
    // YAML indentation and separation are spaces only: String#trim would also eat NBSP and other Unicode spaces.
    let end = next;
    if (end > lineStart && text.charCodeAt(end - 1) === 0x0d) end--;
    while (end > lineStart && text.charCodeAt(end - 1) === SPACE) end--;
    let start = lineStart;
    while (start < end && text.charCodeAt(start) === SPACE) start++;
    const lineBegin = lineStart;
    lineStart = next + 1;
    if (start === end || text.charCodeAt(start) === HASH) continue; // blank, or a comment
    // `---` and `...` (document markers, or plain text that starts like them) go to `yaml`.
    const first = text.charCodeAt(lineBegin);
    if ((first === DASH || first === 0x2e) && text.charCodeAt(lineBegin + 1) === first && text.charCodeAt(lineBegin + 2) === first) return undefined;
    let indent = start - lineBegin;
    let isItem = text.charCodeAt(start) === DASH && (end - start === 1 || text.charCodeAt(start + 1) === SPACE);

    // Open the block this line starts: the document itself, or the value of a pending `key:` or `-`.
    let opened: Record<string, unknown> | unknown[] | undefined;
    let openedCounted = true;
    if (root === null) {
      if (indent !== 0) return undefined;
      root = opened = isItem ? [] : {};
    } else if (pendingOwner !== undefined) {
      if (indent > pendingIndent) opened = isItem ? [] : {};
      else if (pendingSequenceAtSameIndent && indent === pendingIndent && isItem) {
        opened = [];
        openedCounted = false;
      }
      if (opened !== undefined) (pendingOwner as Record<string | number, unknown>)[pendingKey] = opened;
      pendingOwner = undefined;
    }

    // Dispatch the line to the innermost block that can take it, closing the blocks it ends. A line may also open a
    // block inside a sequence item (`- name: x`, `- - a`): it is then re-read at the column after the dash.
    for (;;) {
      if (opened !== undefined) {
        if (openedCounted && ++depth > MAX_DEPTH) return undefined;
        blocks.push((block = opened));
        blockIndents.push((blockIndent = indent));
        blockCounted.push(openedCounted);
        inSequence = isItem;
        opened = undefined;
      }
      if (block === undefined) return undefined; // the document ended before this line (a sequence followed by a key)
      if (indent < blockIndent || (inSequence && indent === blockIndent && !isItem)) {
        blocks.pop();
        blockIndents.pop();
        if (blockCounted.pop()) depth--;
        const top = blocks.length - 1;
        block = blocks[top];
        blockIndent = top < 0 ? -1 : blockIndents[top]!;
        inSequence = Array.isArray(block);
        continue;
      }
      if (indent > blockIndent || inSequence !== isItem) return undefined;

      let valueStart: number;
      let key: string | undefined;
      if (inSequence) {
        valueStart = start + 1;
        while (valueStart < end && text.charCodeAt(valueStart) === SPACE) valueStart++;
        if (valueStart < end && text.charCodeAt(valueStart) !== HASH) {
          // A compact block item: `- key: ...` (a key as in a mapping) or `- - ...`.
          let compact = text.charCodeAt(valueStart) === DASH && (end - valueStart === 1 || text.charCodeAt(valueStart + 1) === SPACE);
          if (!compact) {
            if (colonAt < valueStart || colonFrom > valueStart) {
              colonFrom = valueStart;
              colonAt = text.indexOf(':', valueStart);
              if (colonAt < 0) colonAt = length;
            }
            if (colonAt < end && colonAt > valueStart && (colonAt + 1 === end || text.charCodeAt(colonAt + 1) === SPACE)) {
              const itemKey = text.slice(valueStart, colonAt);
              compact = plainKeys.has(itemKey) || KEY_NAME.test(itemKey);
            }
          }
          if (compact) {
            indent += valueStart - start;
            start = valueStart;
            isItem = text.charCodeAt(start) === DASH; // a key never starts with a dash
            opened = isItem ? [] : {};
            openedCounted = true;
            (block as unknown[]).push(opened);
            continue;
          }
        }
        key = undefined;
      } else {
        if (colonAt < start || colonFrom > start) {
          colonFrom = start;
          colonAt = text.indexOf(':', start);
          if (colonAt < 0) colonAt = length;
        }
        const colon = colonAt;
        if (colon >= end || colon === start || (colon + 1 < end && text.charCodeAt(colon + 1) !== SPACE)) return undefined;
        key = text.slice(start, colon);
        if (!plainKeys.has(key)) {
          if (!KEY_NAME.test(key) || WORDS.has(key) || key === '__proto__') return undefined;
          plainKeys.add(key);
        }
        if (Object.hasOwn(block, key)) return undefined;
        valueStart = colon + 1;
        while (valueStart < end && text.charCodeAt(valueStart) === SPACE) valueStart++;
      }

      if (valueStart === end || text.charCodeAt(valueStart) === HASH) {
        // Nothing after the key or dash (or only a comment): the next line decides the value.
        pendingOwner = block;
        pendingIndent = blockIndent;
        pendingSequenceAtSameIndent = key !== undefined;
        if (key === undefined) {
          pendingKey = (block as unknown[]).length;
          (block as unknown[]).push(null);
        } else {
          pendingKey = key;
          (block as Record<string, unknown>)[key] = null;
        }
        break;
      }

      // An inline value: a plain or quoted scalar, `{}` or `[]`, with an optional trailing comment.
      const c = text.charCodeAt(valueStart);
      let value: unknown;
      if (c === 0x22 || c === 0x27) value = quoted(text.slice(valueStart, end));
      else {
        let plain = text.slice(valueStart, end);
        if (plain.includes('#')) plain = plain.replace(/\s+#.*$/, '');
        // Most values start with an ASCII letter: such a value is a string unless it is a null or boolean word.
        const letter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
        const word = plain.length <= 5 && (letter || c === 0x7e) ? WORDS.get(plain) : undefined;
        if (word !== undefined) value = word;
        else if (plain === '{}') value = {};
        else if (plain === '[]') value = [];
        else if (!(letter || PLAIN_START.test(plain)) || plain.includes(': ') || plain.charCodeAt(plain.length - 1) === COLON) return undefined;
        // Only values starting like a number can be one (base64 and names are the common long values).
        else value = c === DASH || c === 0x2b || c === 0x2e || (c >= 0x30 && c <= 0x39) ? numberLike(plain) : plain;
      }
      if (value === UNSUPPORTED) return undefined;
      if (key === undefined) (block as unknown[]).push(value);
      else (block as Record<string, unknown>)[key] = value;
      break;
    }
  }
  return root;
}
