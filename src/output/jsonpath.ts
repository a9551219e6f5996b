/**
 * The part of kubectl's JSONPath that `--sort-by` and `-o custom-columns` use: kubectl's relaxed forms
 * (`.a.b`, `a.b`, `{.a.b}`), fields, quoted keys for names with dots (`['app.kubernetes.io/name']`), indexes
 * (negative too), slices, `[*]`, `.*`, recursive descent (`..name`), `\.` inside a field name, and filters on arrays
 * (`[?(@.type=="InternalIP")]`, `[?(@.ready)]`). Missing keys give no result, as kubectl's parser with
 * AllowMissingKeys does. Unions (`[0,1]`) are not supported and say so.
 */
import { UsageError } from '../errors.js';

type Operand = { kind: 'literal'; value: unknown } | { kind: 'path'; steps: Step[] };
type Step =
  | { kind: 'field'; name: string; recursive: boolean }
  | { kind: 'filter'; left: Step[]; op?: string; right?: Operand }
  | { kind: 'wildcard'; recursive: boolean }
  | { kind: 'index'; index: number }
  | { kind: 'slice'; start?: number; end?: number; step: number };

/** A compiled path; `find` returns every value it selects, in document order. */
export interface JsonPath {
  /** The normalised expression, `{.metadata.name}`. */
  readonly expression: string;
  find(root: unknown): unknown[];
}

// kubectl's RelaxedJSONPathExpression.
const RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;
const NAME_CHAR = /[^.[\]{}()\s,'"*\\]/;
const FILTER = /^\?\(\s*@((?:[.[][^=!<>]*?)?)\s*(?:(==|!=|<=|>=|<|>)\s*(.+?))?\s*\)$/;

/** Parses `text` as kubectl does for `--sort-by`/custom-columns; a bad path is a UsageError naming it and `what`. */
export function compileJsonPath(text: string, what: string): JsonPath {
  const match = RELAXED.exec(text);
  const fail = (why: string): never => {
    throw new UsageError(`${what}: invalid JSONPath ${JSON.stringify(text)}: ${why}`);
  };
  if (!match) fail(`expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'`);
  const spec = `.${match![1] ?? match![2]}`;
  const steps = parseSteps(spec, fail);
  return { expression: `{${spec}}`, find: (root) => evaluate(steps, root) };
}

function parseSteps(spec: string, fail: (why: string) => never): Step[] {
  const steps: Step[] = [];
  let i = 0;
  const readName = (): string => {
    let name = '';
    for (; i < spec.length; i++) {
      if (spec[i] === '\\' && i + 1 < spec.length) name += spec[++i];
      else if (NAME_CHAR.test(spec[i]!)) name += spec[i];
      else break;
    }
    return name;
  };
  while (i < spec.length) {
    const ch = spec[i]!;
    if (ch === '.') {
      const recursive = spec[i + 1] === '.';
      i += recursive ? 2 : 1;
      if (spec[i] === '*') {
        i++;
        steps.push({ kind: 'wildcard', recursive });
        continue;
      }
      if (recursive && spec[i] === '[') {
        steps.push({ kind: 'wildcard', recursive: true });
        continue;
      }
      const name = readName();
      if (name === '') fail(`expected a field name at position ${i + 1}`);
      steps.push({ kind: 'field', name, recursive });
    } else if (ch === '[') {
      const close = findClose(spec, i, fail);
      steps.push(parseBracket(spec.slice(i + 1, close).trim(), fail));
      i = close + 1;
    } else {
      fail(`unexpected ${JSON.stringify(ch)} at position ${i + 1}`);
    }
  }
  return steps;
}

function findClose(spec: string, open: number, fail: (why: string) => never): number {
  let quote: string | undefined;
  let depth = 0;
  for (let i = open + 1; i < spec.length; i++) {
    const ch = spec[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '[') depth++;
    else if (ch === ']' && depth-- === 0) return i;
  }
  return fail('unterminated [');
}

function parseBracket(body: string, fail: (why: string) => never): Step {
  if (body === '*') return { kind: 'wildcard', recursive: false };
  const quoted = /^(['"])((?:\\.|(?!\1).)*)\1$/.exec(body);
  if (quoted) return { kind: 'field', name: quoted[2]!.replace(/\\(.)/g, '$1'), recursive: false };
  if (/^-?\d+$/.test(body)) return { kind: 'index', index: Number(body) };
  const slice = /^(-?\d+)?:(-?\d+)?(?::(-?\d+))?$/.exec(body);
  if (slice) {
    const step = slice[3] === undefined ? 1 : Number(slice[3]);
    if (step <= 0) fail(`slice step must be positive in [${body}]`);
    return {
      kind: 'slice',
      step,
      ...(slice[1] !== undefined && { start: Number(slice[1]) }),
      ...(slice[2] !== undefined && { end: Number(slice[2]) }),
    };
  }
  if (body.startsWith('?')) return parseFilter(body, fail);
  return fail(`unsupported subscript [${body}]`);
}

function parseFilter(body: string, fail: (why: string) => never): Step {
  const match = FILTER.exec(body);
  if (!match) return fail(`unsupported filter [${body}]`);
  const left = parseSteps(match[1]!, fail);
  if (match[2] === undefined) return { kind: 'filter', left };
  const text = match[3]!;
  let right: Operand;
  if (text.startsWith('@')) right = { kind: 'path', steps: parseSteps(text.slice(1), fail) };
  else if (/^(['"]).*\1$/.test(text)) right = { kind: 'literal', value: text.slice(1, -1) };
  else if (text === 'true' || text === 'false') right = { kind: 'literal', value: text === 'true' };
  else if (text !== '' && !Number.isNaN(Number(text))) right = { kind: 'literal', value: Number(text) };
  else return fail(`unsupported filter operand ${text}`);
  return { kind: 'filter', left, op: match[2], right };
}

/** Whether an array element passes a filter: the left path exists, or compares true with the right operand. */
function passes(step: Extract<Step, { kind: 'filter' }>, element: unknown): boolean {
  const lefts = evaluate(step.left, element);
  if (step.op === undefined) return lefts.length > 0;
  const rights = step.right!.kind === 'literal' ? [step.right!.value] : evaluate(step.right!.steps, element);
  if (lefts.length !== 1 || rights.length !== 1) return false;
  const [a, b] = [lefts[0], rights[0]];
  const numeric = typeof a === 'number' && typeof b === 'number';
  const x = numeric ? a : String(a);
  const y = numeric ? b : String(b);
  switch (step.op) {
    case '==': return x === y;
    case '!=': return x !== y;
    case '<': return x < y;
    case '<=': return x <= y;
    case '>': return x > y;
    default: return x >= y;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isRecord(value)) return Object.values(value);
  return [];
}

/** `value` and everything below it, depth first, as `..` sees them. */
function descendants(value: unknown, into: unknown[]): void {
  into.push(value);
  for (const child of children(value)) descendants(child, into);
}

function applyStep(step: Step, value: unknown, into: unknown[]): void {
  switch (step.kind) {
    case 'field':
      if (isRecord(value) && Object.prototype.hasOwnProperty.call(value, step.name)) into.push(value[step.name]);
      return;
    case 'wildcard':
      into.push(...children(value));
      return;
    case 'filter':
      if (Array.isArray(value)) for (const element of value) if (passes(step, element)) into.push(element);
      return;
    case 'index': {
      if (!Array.isArray(value)) return;
      const at = step.index < 0 ? value.length + step.index : step.index;
      if (at >= 0 && at < value.length) into.push(value[at]);
      return;
    }
    case 'slice': {
      if (!Array.isArray(value)) return;
      const clamp = (n: number): number => Math.min(Math.max(n < 0 ? value.length + n : n, 0), value.length);
      const end = step.end === undefined ? value.length : clamp(step.end);
      for (let k = step.start === undefined ? 0 : clamp(step.start); k < end; k += step.step) into.push(value[k]);
    }
  }
}

function evaluate(steps: readonly Step[], root: unknown): unknown[] {
  let current: unknown[] = [root];
  for (const step of steps) {
    let sources = current;
    if ((step.kind === 'field' || step.kind === 'wildcard') && step.recursive) {
      sources = [];
      for (const value of current) descendants(value, sources);
    }
    const next: unknown[] = [];
    for (const value of sources) applyStep(step, value, next);
    current = next;
  }
  return current;
}
