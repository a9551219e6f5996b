/**
 * A fast path for the YAML that kubectl, cloud CLIs and kubemux itself write: block mappings and sequences, plain
 * and single-line quoted scalars, `{}`/`[]`, comments. Loading the `yaml` package and composing a document costs
 * tens to hundreds of milliseconds for a kubeconfig with a few hundred contexts (see bench/contexts.bench.mjs);
 * this reads the same files in a few milliseconds (200 contexts: about 2 ms once warm, 8 to 12 ms in a fresh
 * process, where it runs in V8's interpreter: keep the work and the allocations per line small). It returns
 * `undefined` for anything outside that subset (anchors, tags, block scalars, multi-line or flow values, tabs, odd
 * keys, duplicate keys, non-trivial numbers), and the caller then parses with `yaml`, which also produces the error
 * messages and line numbers. Whatever it does accept, it decodes exactly as `yaml`'s `parseDocument(...).toJS()`
 * would (checked by a differential test).
 */

/** Thrown internally to abandon the fast path. */
class Unsupported extends Error {}

/** Kubeconfigs nest a handful of levels; deeper documents go to `yaml` (which reports its own limits). */
const MAX_DEPTH = 64;
const KEY_NAME = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const RESERVED_KEY = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const FLOATISH = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$|^0[ox]/;
const PLAIN_START = /^[^-?:,[\]{}#&*!|>'"%@`\s]|^[-?:][^\s,[\]{}]/;

/**
 * The index of the colon of `key: rest` (or `key:`) in `text`, or -1. Done by hand rather than with one regex: a
 * regex capturing the rest walks every long base64 value again, which is most of the file, and before the JIT warms
 * up that costs. Returns an index, not the two parts, so that reading a file allocates as little as it can (the first
 * garbage collection of a short-lived process costs more than the parsing).
 */
function keyColon(text: string): number {
  const colon = text.indexOf(':');
  if (colon <= 0 || (colon + 1 < text.length && text.charCodeAt(colon + 1) !== 0x20)) return -1;
  return KEY_NAME.test(text.slice(0, colon)) ? colon : -1;
}

/** Whether a key (already a KEY_NAME) is one the fast path takes: not a null or boolean word, not `__proto__`. */
function isPlainKey(key: string): boolean {
  return !RESERVED_KEY.test(key) && key !== '__proto__';
}

/** `text` from `start` without its leading spaces (its end is already trimmed), '' when nothing is left. */
function restFrom(text: string, start: number): string {
  let i = start;
  while (text.charCodeAt(i) === 0x20) i++;
  return i >= text.length ? '' : text.slice(i);
}

/** Whether a line's text is a sequence item: `-` alone or `- ...`. */
function isItem(text: string): boolean {
  return text.charCodeAt(0) === 0x2d && (text.length === 1 || text.charCodeAt(1) === 0x20);
}

function fail(): never {
  throw new Unsupported();
}

/** Decodes one inline value: a plain scalar, a quoted scalar, `{}` or `[]`, with an optional trailing comment. */
function scalar(raw: string): unknown {
  const first = raw.charCodeAt(0);
  if (first === 0x22) {
    const m = /^"((?:[^"\\]|\\["\\/nt])*)"(?:\s+#.*)?$/.exec(raw) ?? fail();
    return m[1]!.replace(/\\(["\\/nt])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
  }
  if (first === 0x27) {
    const m = /^'((?:[^']|'')*)'(?:\s+#.*)?$/.exec(raw) ?? fail();
    return m[1]!.replace(/''/g, "'");
  }
  const value = raw.includes('#') ? raw.replace(/\s+#.*$/, '') : raw;
  if (value === '{}') return {};
  if (value === '[]') return [];
  if (!PLAIN_START.test(value) || value.includes(': ') || value.endsWith(':')) fail();
  if (value.length <= 5) {
    if (/^(?:null|Null|NULL|~)$/.test(value)) return null;
    if (/^(?:true|True|TRUE)$/.test(value)) return true;
    if (/^(?:false|False|FALSE)$/.test(value)) return false;
  }
  // Only values starting like a number can be one (base64 and names are the common long values).
  const c = value.charCodeAt(0);
  if (!(c === 0x2d || c === 0x2b || c === 0x2e || (c >= 0x30 && c <= 0x39))) return value;
  if (INT.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : fail();
  }
  if (FLOATISH.test(value)) fail();
  return value;
}

/**
 * Recursive descent over pre-split lines (`indents[i]`, `texts[i]`: parallel arrays rather than one object per line);
 * `pos` is the next unread line.
 */
class BlockParser {
  pos = 0;
  constructor(
    private readonly indents: number[],
    private readonly texts: string[],
  ) {}

  private depth = 0;
  /** Keys already checked in this document (a kubeconfig repeats a dozen keys thousands of times). */
  private readonly plainKeys = new Set<string>();

  node(indent: number): unknown {
    if (this.indents[this.pos] !== indent || ++this.depth > MAX_DEPTH) fail();
    const value = isItem(this.texts[this.pos]!) ? this.sequence(indent) : this.mapping(indent);
    this.depth--;
    return value;
  }

  /** The value of `key:` or `-` with nothing after it: a deeper block, a sequence at the same indent, or null. */
  private childOf(indent: number, sequenceAllowedAtSameIndent: boolean): unknown {
    if (this.pos >= this.texts.length) return null;
    const next = this.indents[this.pos]!;
    if (next < indent) return null;
    if (next > indent) return this.node(next);
    if (sequenceAllowedAtSameIndent && isItem(this.texts[this.pos]!)) return this.sequence(indent);
    return null;
  }

  /** Fails when the line after a scalar is indented deeper than `indent` (a multi-line plain scalar, a stray block). */
  private endOfScalar(indent: number): void {
    if (this.pos < this.texts.length && this.indents[this.pos]! > indent) fail();
  }

  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const { indents, texts } = this;
    while (this.pos < texts.length) {
      const lineIndent = indents[this.pos]!;
      if (lineIndent < indent) break;
      if (lineIndent > indent) fail();
      const text = texts[this.pos]!;
      const colon = text.indexOf(':');
      if (colon <= 0 || (colon + 1 < text.length && text.charCodeAt(colon + 1) !== 0x20)) fail();
      const key = text.slice(0, colon);
      if (!this.plainKeys.has(key)) {
        if (!KEY_NAME.test(key) || !isPlainKey(key)) fail();
        this.plainKeys.add(key);
      }
      if (Object.prototype.hasOwnProperty.call(out, key)) fail();
      this.pos++;
      const rest = restFrom(text, colon + 1);
      if (rest === '' || rest.charCodeAt(0) === 0x23) out[key] = this.childOf(indent, true);
      else {
        out[key] = scalar(rest);
        this.endOfScalar(indent);
      }
    }
    return out;
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    const { indents, texts } = this;
    while (this.pos < texts.length) {
      const lineIndent = indents[this.pos]!;
      if (lineIndent < indent) break;
      const text = texts[this.pos]!;
      if (lineIndent > indent || !isItem(text)) {
        if (lineIndent === indent) break; // the next key of an enclosing mapping at the same indent
        fail();
      }
      const rest = restFrom(text, 1);
      if (rest === '' || rest.charCodeAt(0) === 0x23) {
        this.pos++;
        out.push(this.childOf(indent, false));
      } else if (keyColon(rest) >= 0 || isItem(rest)) {
        // A compact item (`- name: x` or `- - a`): re-read the rest of the line as a block at its own column.
        indents[this.pos] = indent + (text.length - rest.length);
        texts[this.pos] = rest;
        out.push(this.node(indents[this.pos]!));
      } else {
        this.pos++;
        out.push(scalar(rest));
        this.endOfScalar(indent);
      }
    }
    return out;
  }
}

/**
 * Decodes `text` if it is within the fast subset, else returns undefined (JSON goes to `yaml` too: JSON.parse
 * would accept duplicate keys that `yaml` rejects). An empty document decodes to null, as `yaml` does.
 */
export function fastParse(text: string): unknown {
  // Tabs, control characters (a lone CR at a line end is fine), replacement characters from invalid UTF-8, BOMs.
  // Two scans rather than one alternation: a class alone scans a whole file several times faster, and CRs are rare.
  if (/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff\ufffd]/.test(text) || (text.includes('\r') && /\r(?!\n)/.test(text))) return undefined;
  const indents: number[] = [];
  const texts: string[] = [];
  for (const rawLine of text.split('\n')) {
    // YAML indentation and separation are spaces only: String#trim would also eat NBSP and other Unicode spaces.
    let end = rawLine.length;
    if (rawLine.charCodeAt(end - 1) === 0x0d) end--;
    while (end > 0 && rawLine.charCodeAt(end - 1) === 0x20) end--;
    let indent = 0;
    while (indent < end && rawLine.charCodeAt(indent) === 0x20) indent++;
    if (indent === end || rawLine.charCodeAt(indent) === 0x23) continue; // blank or a comment
    if (rawLine.startsWith('---') || rawLine.startsWith('...')) return undefined;
    indents.push(indent);
    texts.push(indent === 0 && end === rawLine.length ? rawLine : rawLine.slice(indent, end));
  }
  if (texts.length === 0) return null;
  try {
    const parser = new BlockParser(indents, texts);
    const value = parser.node(0);
    return parser.pos === texts.length ? value : undefined;
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}
