/**
 * Label and field selectors as the API server parses them (`labelSelector=app in (a,b),!canary`,
 * `fieldSelector=status.phase!=Running`). A selector the server cannot handle is a 400, so parsing throws
 * SelectorError with the server's wording.
 */
import type { Json } from './columns.js';

/** A malformed or unsupported selector; the caller answers 400 BadRequest with this message. */
export class SelectorError extends Error {
  override readonly name = 'SelectorError';
}

/** A parsed selector: a predicate over an object. */
export type Matcher = (obj: Json) => boolean;

type LabelReq = { key: string; op: 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt'; values: string[] };

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function checkKey(key: string): string {
  if (!KEY.test(key)) throw new SelectorError(`unable to parse requirement: invalid label key "${key}"`);
  return key;
}
function checkValue(value: string): string {
  if (value.length > 63 || !VALUE.test(value)) throw new SelectorError(`unable to parse requirement: invalid label value: "${value}"`);
  return value;
}

function parseLabelReq(text: string): LabelReq {
  let m = /^!\s*(\S+)$/.exec(text);
  if (m) return { key: checkKey(m[1]!), op: '!', values: [] };
  m = /^(\S+?)\s+(in|notin)\s*\((.*)\)$/.exec(text);
  if (m) {
    const values = m[3]!.split(',').map((v) => checkValue(v.trim()));
    return { key: checkKey(m[1]!), op: m[2] as 'in' | 'notin', values };
  }
  m = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(.*)$/.exec(text);
  if (m) {
    const key = checkKey(m[1]!);
    const op = m[2]!;
    if (op === '>' || op === '<') {
      if (!/^-?\d+$/.test(m[3]!.trim())) throw new SelectorError(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
      return { key, op: op === '>' ? 'gt' : 'lt', values: [m[3]!.trim()] };
    }
    return { key, op: op === '!=' ? 'notin' : 'in', values: [checkValue(m[3]!.trim())] };
  }
  if (/^\S+$/.test(text)) return { key: checkKey(text), op: 'exists', values: [] };
  throw new SelectorError(`unable to parse requirement: found '${text}', expected: in, notin, =, ==, !=, gt, lt`);
}

function matchLabel(req: LabelReq, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const v = labels[req.key];
  switch (req.op) {
    case 'exists': return has;
    case '!': return !has;
    case 'in': return has && req.values.includes(v!);
    case 'notin': return !has || !req.values.includes(v!);
    case 'gt': return has && /^-?\d+$/.test(v!) && Number(v) > Number(req.values[0]);
    case 'lt': return has && /^-?\d+$/.test(v!) && Number(v) < Number(req.values[0]);
  }
}

/** Parses a label selector; an empty or missing one matches everything (returns undefined). */
export function parseLabelSelector(text: string | null | undefined): Matcher | undefined {
  if (!text || text.trim() === '') return undefined;
  const reqs = splitTop(text).map(parseLabelReq);
  return (obj) => {
    const labels = obj?.metadata?.labels ?? {};
    return reqs.every((r) => matchLabel(r, labels));
  };
}

/**
 * Parses a field selector against the fields `supported` by a type (metadata.name and metadata.namespace always
 * work). An unknown field is a SelectorError `field label not supported: X`, as on a real server.
 */
export function parseFieldSelector(
  text: string | null | undefined,
  supported: Readonly<Record<string, (obj: Json) => string>>,
): Matcher | undefined {
  if (!text || text.trim() === '') return undefined;
  const tests = splitTop(text).map((part) => {
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) throw new SelectorError(`invalid selector: '${text}'; can't understand '${part}'`);
    const field = m[1]!.trim();
    const value = m[3]!.trim();
    const read =
      field === 'metadata.name' ? (o: Json) => String(o?.metadata?.name ?? '')
      : field === 'metadata.namespace' ? (o: Json) => String(o?.metadata?.namespace ?? '')
      : supported[field];
    if (!read) throw new SelectorError(`field label not supported: ${field}`);
    const negate = m[2] === '!=';
    return (o: Json): boolean => (read(o) === value) !== negate;
  });
  return (obj) => tests.every((t) => t(obj));
}
