/**
 * The patch formats kubectl sends: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and strategic merge patch
 * (merge patch plus list merging by merge key and the `$patch`/`$setElementOrder`/`$deleteFromPrimitiveList`
 * directives), enough for `label`, `annotate`, `scale`, `apply` and `patch`.
 */
import type { Json } from './columns.js';

/** A patch that cannot be applied; the caller answers 422/400 with this message. */
export class PatchError extends Error {
  override readonly name = 'PatchError';
}

const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386: objects merge recursively, null deletes, everything else replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

const MERGE_KEYS: Record<string, string[]> = {
  containers: ['name'], initContainers: ['name'], ephemeralContainers: ['name'], volumes: ['name'], env: ['name'],
  imagePullSecrets: ['name'], volumeMounts: ['mountPath'], ports: ['containerPort', 'port'], conditions: ['type'],
  ownerReferences: ['uid'], hostAliases: ['ip'], topologySpreadConstraints: ['topologyKey'], resourceClaims: ['name'],
};

function mergeKeyFor(field: string, items: Json[]): string | undefined {
  const candidates = MERGE_KEYS[field];
  if (!candidates) return undefined;
  return candidates.find((k) => items.some((i) => isObject(i) && k in i));
}

function mergeList(field: string, target: Json, patch: Json[]): Json[] {
  const current: Json[] = Array.isArray(target) ? target : [];
  const key = mergeKeyFor(field, [...patch, ...current]);
  if (!key || !patch.every(isObject)) return structuredClone(patch);
  if (patch.some((p) => p.$patch === 'replace')) return patch.filter((p) => p.$patch !== 'replace').map((p) => strategicMerge({}, p));
  const out = current.map((c) => structuredClone(c));
  for (const p of patch) {
    const idx = out.findIndex((c) => isObject(c) && c[key] === p[key]);
    if (p.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
    } else if (idx >= 0) out[idx] = strategicMerge(out[idx], p);
    else out.push(strategicMerge({}, p));
  }
  return out;
}

/** Strategic merge patch, as the API server applies it to built-in types (see the module comment). */
export function strategicMerge(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return strategicMerge({}, rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k.startsWith('$setElementOrder/') || k === '$retainKeys') continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[field])) out[field] = out[field].filter((x: Json) => !(v as Json[]).includes(x));
      continue;
    }
    if (v === null) delete out[k];
    else if (Array.isArray(v)) out[k] = mergeList(k, out[k], v);
    else if (isObject(v)) {
      const merged = strategicMerge(out[k], v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else out[k] = v;
  }
  return out;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer "${path}"`);
  return path.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: Json, parts: string[], path: string): { parent: Json; key: string } {
  let cur = doc;
  for (const p of parts.slice(0, -1)) {
    cur = Array.isArray(cur) ? cur[Number(p)] : cur?.[p];
    if (cur === undefined || cur === null) throw new PatchError(`jsonpatch: path "${path}" does not exist`);
  }
  return { parent: cur, key: parts[parts.length - 1]! };
}

function getAt(doc: Json, path: string): Json {
  let cur = doc;
  for (const p of pointer(path)) {
    cur = Array.isArray(cur) ? cur[Number(p)] : cur?.[p];
    if (cur === undefined) throw new PatchError(`jsonpatch: path "${path}" does not exist`);
  }
  return cur;
}

function removeAt(doc: Json, path: string): Json {
  const { parent, key } = parentOf(doc, pointer(path), path);
  if (Array.isArray(parent)) return parent.splice(Number(key), 1)[0];
  if (!(key in parent)) throw new PatchError(`jsonpatch remove operation does not apply: doc is missing path: "${path}"`);
  const old = parent[key];
  delete parent[key];
  return old;
}

function addAt(doc: Json, path: string, value: Json, replace: boolean): Json {
  const parts = pointer(path);
  if (parts.length === 0) return value;
  const { parent, key } = parentOf(doc, parts, path);
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (replace) parent[i] = value;
    else parent.splice(i, 0, value);
  } else {
    if (replace && !(key in parent)) throw new PatchError(`jsonpatch replace operation does not apply: doc is missing key: ${path}`);
    parent[key] = value;
  }
  return doc;
}

/** RFC 6902 JSON patch: add, remove, replace, move, copy, test. */
export function jsonPatch(target: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw new PatchError('json patch must be an array of operations');
  let doc = structuredClone(target);
  for (const op of ops) {
    switch (op.op) {
      case 'add': doc = addAt(doc, op.path, structuredClone(op.value), false); break;
      case 'replace': doc = addAt(doc, op.path, structuredClone(op.value), true); break;
      case 'remove': removeAt(doc, op.path); break;
      case 'move': doc = addAt(doc, op.path, removeAt(doc, op.from), false); break;
      case 'copy': doc = addAt(doc, op.path, structuredClone(getAt(doc, op.from)), false); break;
      case 'test':
        if (JSON.stringify(getAt(doc, op.path)) !== JSON.stringify(op.value)) throw new PatchError(`testing value ${op.path} failed`);
        break;
      default: throw new PatchError(`Unexpected kind: ${op.op}`);
    }
  }
  return doc;
}
