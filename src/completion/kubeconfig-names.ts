/**
 * Context names from a kubeconfig file's text, without loading the `yaml` package when the file is written the way
 * kubectl, cloud CLIs and people write kubeconfigs (block mappings, plain or quoted names). Completion of `--context`
 * runs on every TAB and the yaml package costs more to load than the rest of the completion path together, so this
 * reader handles the usual form and answers `undefined` ("cannot tell") for anything else: flow collections, anchors,
 * tags, block scalars, escapes, multi-line or non-string names. The caller then parses the file with `yaml`, so the
 * answer is always the one a full YAML parser gives. test/unit/complete-kubeconfig-names.test.ts compares the two.
 */

/** A plain scalar that YAML 1.2 (core schema) may read as something other than a string (anything number-like). */
const NON_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?\.?\d.*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** A simple key at the start of a (de-indented) line: `name:`, `- name:`, `"name":`. */
const KEY_LINE = /^([A-Za-z0-9_.-]+|"[A-Za-z0-9_.-]*"|'[A-Za-z0-9_.-]*'):(?:[ \t]+(.*))?$/;

/** Reads one scalar value (the text after `key: `). Returns undefined when only a full parser can say what it is. */
export function readScalar(text: string): string | undefined {
  const value = stripComment(text);
  if (value === undefined) return undefined;
  if (value.startsWith("'")) {
    let out = '';
    for (let i = 1; i < value.length; i++) {
      if (value[i] !== "'") out += value[i];
      else if (value[i + 1] === "'") out += value[++i];
      else return i === value.length - 1 ? out : undefined;
    }
    return undefined; // continues on the next line
  }
  if (value.startsWith('"')) {
    const end = value.indexOf('"', 1);
    if (end !== value.length - 1 || value.includes('\\')) return undefined;
    return value.slice(1, end);
  }
  if (value === '' || /^[-?:,[\]{}#&*!|>%@`]/.test(value) || NON_STRING.test(value)) return undefined;
  if (value.includes(': ') || value.endsWith(':') || value.includes('\t')) return undefined;
  return value;
}

/** The value with a trailing ` # comment` removed and trimmed; undefined for a quoted value followed by junk. */
function stripComment(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('#')) return '';
  if (trimmed.startsWith("'") || trimmed.startsWith('"')) {
    // The comment starts after the closing quote: find it by scanning (handles '' inside single quotes).
    const q = trimmed[0]!;
    let i = 1;
    while (i < trimmed.length) {
      if (trimmed[i] === q) {
        if (q === "'" && trimmed[i + 1] === "'") i += 2;
        else break;
      } else i++;
    }
    const rest = trimmed.slice(i + 1);
    if (rest !== '' && !/^\s+#/.test(rest)) return i >= trimmed.length ? trimmed : undefined;
    return trimmed.slice(0, i + 1);
  }
  const hash = trimmed.search(/\s#/);
  return (hash < 0 ? trimmed : trimmed.slice(0, hash)).trim();
}

/** A key without its quotes. */
function unquoteKey(key: string): string {
  return key.replace(/^["']|["']$/g, '');
}

/**
 * Whether a value inside a context item cannot change which names the file has: anything that could span lines
 * (an unclosed quote, a flow collection) or alias another node (anchors, aliases, tags, merge keys) is not.
 */
function simpleValue(value: string): boolean {
  const v = stripComment(value);
  if (v === undefined) return false;
  if (v === '' || /^\{[^{}[\]'"#]*\}$|^\[[^{}[\]'"#]*\]$/.test(v)) return true; // nothing, or a one-line flow collection
  if (/^[&*!|>[{]/.test(v)) return false;
  if (v.startsWith("'") || v.startsWith('"')) return readScalar(v) !== undefined;
  return true;
}

/** The number of leading spaces, or -1 when the indentation contains a tab (YAML forbids it; let yaml say so). */
function indentOf(line: string): number {
  const m = /^[ \t]*/.exec(line)![0];
  return m.includes('\t') ? -1 : m.length;
}

/**
 * The context names of a kubeconfig, in file order, or undefined when the text is not in the simple block form this
 * reader understands. JSON kubeconfigs are read with JSON.parse.
 */
export function contextNamesFast(text: string): string[] | undefined {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (/^\s*[{[]/.test(body)) return namesFromJson(body);
  const lines = body.split(/\r?\n/);
  const names: string[] = [];
  let seen = false; // the top-level `contexts:` key was met
  let started = false; // some content was met (a later `---` starts a second document)
  let inContexts = false;
  let seqIndent = -1; // indentation of the `- ` items under contexts
  let keyIndent = -1; // indentation of the keys of the current item
  let item: { name?: string; sawName: boolean } | undefined;
  let lastWasName = false;
  const closeItem = (): void => {
    if (item?.name !== undefined) names.push(item.name);
    item = undefined;
  };
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = indentOf(line);
    if (indent < 0) return undefined;
    if (indent === 0 && /^(?:---|\.\.\.|%)/.test(trimmed)) {
      if (trimmed !== '---' || started) return undefined; // several documents or directives
      continue;
    }
    started = true;
    const isItem = /^-(?: |$)/.test(trimmed);
    const inSequence = inContexts && (seqIndent < 0 ? indent > 0 || isItem : indent > seqIndent || (indent === seqIndent && isItem));
    if (inSequence) {
      if (lastWasName && indent > keyIndent) return undefined; // a plain name continued on the next line
      lastWasName = false;
      if (seqIndent < 0) seqIndent = indent;
      let rest = trimmed;
      let at = indent;
      if (indent === seqIndent) {
        if (!isItem) return undefined;
        closeItem();
        item = { sawName: false };
        const after = line.slice(indent + 1);
        rest = after.trimStart();
        at = indent + 1 + (after.length - rest.length);
        keyIndent = rest === '' || rest.startsWith('#') ? -1 : at; // -1: keys start on the next line
        if (keyIndent < 0) continue;
      } else if (keyIndent < 0) {
        keyIndent = indent;
      }
      if (!item || at < keyIndent) return undefined;
      const m = KEY_LINE.exec(rest);
      if (at === keyIndent) {
        if (!m) return undefined;
        const value = m[2] ?? '';
        if (unquoteKey(m[1]!) === 'name') {
          if (item.sawName) return undefined; // a duplicate key: yaml reports it
          item.sawName = true;
          item.name = readScalar(value);
          if (item.name === undefined) return undefined;
          lastWasName = true;
        } else if (!simpleValue(value)) {
          return undefined;
        }
      } else if (!simpleValue(m ? (m[2] ?? '') : rest.replace(/^-\s+/, ''))) {
        return undefined;
      }
      continue;
    }
    if (indent > 0 || (isItem && started && !inContexts)) {
      if (inContexts) return undefined;
      continue; // inside some other top-level key (a sequence may start at column 0)
    }
    // A top-level key.
    closeItem();
    inContexts = false;
    lastWasName = false;
    const m = KEY_LINE.exec(trimmed);
    if (!m) return undefined;
    if (unquoteKey(m[1]!) !== 'contexts') continue;
    if (seen) return undefined; // a duplicate key
    seen = true;
    const value = stripComment(m[2] ?? '');
    if (value === '[]' || value === 'null' || value === '~') continue;
    if (value !== '') return undefined;
    inContexts = true;
    seqIndent = -1;
    keyIndent = -1;
  }
  closeItem();
  return names;
}

function namesFromJson(text: string): string[] | undefined {
  try {
    const doc = JSON.parse(text) as { contexts?: unknown };
    return namesFromDocument(doc);
  } catch {
    return undefined;
  }
}

/**
 * The context names of an already parsed kubeconfig document (from JSON.parse or the yaml package). Names that are
 * not strings are turned into strings the way they print; entries without a name are skipped.
 */
export function namesFromDocument(doc: unknown): string[] {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return [];
  const contexts = (doc as { contexts?: unknown }).contexts;
  if (!Array.isArray(contexts)) return [];
  const names: string[] = [];
  for (const c of contexts) {
    const name = c !== null && typeof c === 'object' ? (c as { name?: unknown }).name : undefined;
    if (name === undefined || name === null || typeof name === 'object') continue;
    names.push(String(name));
  }
  return names;
}
