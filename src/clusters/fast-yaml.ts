/**
 * A fast path for the YAML that kubectl, cloud CLIs and kubemux itself write: block mappings and sequences, plain
 * and single-line quoted scalars, `{}`/`[]`, comments. Loading the `yaml` package and composing a document costs
 * tens to hundreds of milliseconds for a kubeconfig with a few hundred contexts (see bench/contexts.bench.mjs);
 * this reads the same files in about a millisecond. It returns `undefined` for anything outside that subset
 * (anchors, tags, block scalars, multi-line or flow values, tabs, odd keys, duplicate keys, non-trivial numbers),
 * and the caller then parses with `yaml`, which also produces the error messages and line numbers. Whatever it
 * does accept, it decodes exactly as `yaml`'s `parseDocument(...).toJS()` would (checked by a differential test).
 */

interface Line {
  indent: number;
  text: string;
}

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
 * Splits `key: rest` (or `key:`) into key and rest. Done by hand rather than with one regex: a regex capturing the
 * rest walks every long base64 value again, which is most of the file, and before the JIT warms up that costs.
 */
function splitKey(text: string): [string, string] | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0 || (colon + 1 < text.length && text.charCodeAt(colon + 1) !== 0x20)) return undefined;
  const key = text.slice(0, colon);
  return KEY_NAME.test(key) ? [key, text.slice(colon + 1)] : undefined;
}

function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (text.charCodeAt(start) === 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) === 0x20) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function fail(): never {
  throw new Unsupported();
}

/** Decodes one inline value: a plain scalar, a quoted scalar, `{}` or `[]`, with an optional trailing comment. */
function scalar(raw: string): unknown {
  if (raw.startsWith('"')) {
    const m = /^"((?:[^"\\]|\\["\\/nt])*)"(?:\s+#.*)?$/.exec(raw) ?? fail();
    return m[1]!.replace(/\\(["\\/nt])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
  }
  if (raw.startsWith("'")) {
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
  if (!/^[-+.0-9]/.test(value)) return value;
  if (INT.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : fail();
  }
  if (FLOATISH.test(value)) fail();
  return value;
}

/** Recursive descent over pre-split lines; `pos` is the next unread line. */
class BlockParser {
  pos = 0;
  constructor(private readonly lines: Line[]) {}

  private depth = 0;

  node(indent: number): unknown {
    const line = this.lines[this.pos]!;
    if (line.indent !== indent || ++this.depth > MAX_DEPTH) fail();
    const value = line.text === '-' || line.text.startsWith('- ') ? this.sequence(indent) : this.mapping(indent);
    this.depth--;
    return value;
  }

  /** The value of `key:` or `-` with nothing after it: a deeper block, a sequence at the same indent, or null. */
  private childOf(indent: number, sequenceAllowedAtSameIndent: boolean): unknown {
    const next = this.lines[this.pos];
    if (!next || next.indent < indent) return null;
    if (next.indent > indent) return this.node(next.indent);
    if (sequenceAllowedAtSameIndent && (next.text === '-' || next.text.startsWith('- '))) return this.sequence(indent);
    return null;
  }

  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos]!;
      if (line.indent < indent) break;
      if (line.indent > indent) fail();
      const m = splitKey(line.text) ?? fail();
      const key = m[0];
      if (RESERVED_KEY.test(key) || key === '__proto__' || Object.prototype.hasOwnProperty.call(out, key)) fail();
      this.pos++;
      const rest = trimSpaces(m[1]);
      if (rest === '' || rest.startsWith('#')) out[key] = this.childOf(indent, true);
      else {
        out[key] = scalar(rest);
        const next = this.lines[this.pos];
        if (next && next.indent > indent) fail(); // a multi-line plain scalar or a stray block
      }
    }
    return out;
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos]!;
      if (line.indent < indent) break;
      if (line.indent > indent || !(line.text === '-' || line.text.startsWith('- '))) {
        if (line.indent === indent) break; // the next key of an enclosing mapping at the same indent
        fail();
      }
      const rest = trimSpaces(line.text.slice(1));
      if (rest === '' || rest.startsWith('#')) {
        this.pos++;
        out.push(this.childOf(indent, false));
      } else if (splitKey(rest) || rest === '-' || rest.startsWith('- ')) {
        // A compact item (`- name: x` or `- - a`): re-read the rest of the line as a block at its own column.
        this.lines[this.pos] = { indent: indent + (line.text.length - rest.length), text: rest };
        out.push(this.node(this.lines[this.pos]!.indent));
      } else {
        this.pos++;
        out.push(scalar(rest));
        const next = this.lines[this.pos];
        if (next && next.indent > indent) fail();
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
  if (/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff\ufffd]|\r(?!\n)/.test(text)) return undefined;
  const lines: Line[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    // YAML indentation and separation are spaces only: String#trim would also eat NBSP and other Unicode spaces.
    let indent = 0;
    while (line.charCodeAt(indent) === 0x20) indent++;
    const body = trimSpaces(line.slice(indent));
    if (body === '' || body.startsWith('#')) continue;
    if (line.startsWith('---') || line.startsWith('...')) return undefined;
    lines.push({ indent, text: body });
  }
  if (lines.length === 0) return null;
  try {
    const parser = new BlockParser(lines);
    const value = parser.node(0);
    return parser.pos === lines.length ? value : undefined;
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}
