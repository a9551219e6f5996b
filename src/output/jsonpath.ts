/**
 * The part of kubectl's JSONPath that `--sort-by` and `-o custom-columns` use: kubectl's relaxed forms
 * (`.a.b`, `a.b`, `{.a.b}`), fields, quoted keys for names with dots (`['app.kubernetes.io/name']`), indexes
 * (negative too), slices, `[*]`, `.*` and recursive descent (`..name`). Missing keys give no result, as kubectl's
 * parser with AllowMissingKeys does. Filters (`[?(...)]`) and unions are not supported and say so.
 */
import { UsageError } from '../errors.js';

type Step =
  | { kind: 'field'; name: string; recursive: boolean }
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
const NAME_CHAR = /[^.[\]{}()\s,'"*]/;

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
    const start = i;
    while (i < spec.length && NAME_CHAR.test(spec[i]!)) i++;
    return spec.slice(start, i);
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
  for (let i = open + 1; i < spec.length; i++) {
    const ch = spec[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === ']') return i;
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
  if (body.startsWith('?')) return fail(`filters are not supported: [${body}]`);
  return fail(`unsupported subscript [${body}]`);
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
