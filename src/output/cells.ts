/**
 * How kubectl turns values into table text: its table printer (`cli-runtime/pkg/printers/tableprinter.go`) prints a
 * string cell up to its first newline (then `...`), a nil cell as nothing, anything else with Go's `fmt.Sprint`.
 * Label cells, the `kind[.group]/` name prefix and the NAME/AGE fallback table live here too. Escaping of control
 * characters happens later, once, where cells become lines.
 */
import type { KubeObject, ResourceInfo, Table } from '../kube/types.js';
import { humanDuration } from '../kube/age.js';

/** Go's `fmt.Sprint` of a decoded JSON value (`[a b]` for arrays, `map[k:v]` for objects, `<nil>` for null). */
export function goSprint(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goFloat(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(goSprint).join(' ')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    return `map[${keys.map((k) => `${k}:${goSprint(record[k])}`).join(' ')}]`;
  }
  return String(value);
}

/** A number as Go's %v prints an int64 or float64 decoded from JSON. */
function goFloat(n: number): string {
  const abs = Math.abs(n);
  if (Number.isInteger(n) && abs < 1e21) return String(n);
  if (abs !== 0 && Number.isFinite(n) && (abs < 1e-4 || abs >= 1e21)) {
    return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(n);
}

/** One Table cell as kubectl's printTable shows it. */
export function tableCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    const newline = value.indexOf('\n');
    return newline >= 0 ? `${value.slice(0, newline)}...` : value;
  }
  return goSprint(value);
}

/** `--show-labels`: `k=v,k2=v2` sorted by key, `<none>` when there are none (labels.FormatLabels). */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** The header of a `-L` column: the key's last `/` segment, upper-cased (kubectl's formatLabelHeaders). */
export function labelHeader(key: string): string {
  const parts = key.split('/');
  return parts[parts.length - 1]!.toUpperCase();
}

/** `pod`, `deployment.apps`: the lower-cased GroupKind kubectl puts before names (`-o name`, several types). */
export function kindPrefix(info: Pick<ResourceInfo, 'kind' | 'group'>): string {
  return (info.group ? `${info.kind}.${info.group}` : info.kind).toLowerCase();
}

/** `apiVersion` of a resource: `v1` for core, `apps/v1` otherwise. */
export function groupVersion(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** The object with `apiVersion` and `kind` filled in when the list left them out (kubectl does the same). */
export function withTypeMeta(object: KubeObject, info: ResourceInfo): KubeObject {
  if (object.apiVersion !== undefined && object.kind !== undefined) return object;
  return { apiVersion: groupVersion(info), kind: info.kind, ...object };
}

/**
 * kubectl's own NAME/AGE table for objects that came without a server-side Table (a server that ignored the Table
 * request, or a watch event without one).
 */
export function fallbackTable(objects: readonly KubeObject[], now: number): Table {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', priority: 0 },
      { name: 'Age', type: 'string', format: '', priority: 0 },
    ],
    rows: objects.map((object) => {
      const created = Date.parse(object.metadata?.creationTimestamp ?? '');
      return {
        cells: [object.metadata?.name ?? '', Number.isNaN(created) ? '<unknown>' : humanDuration(now - created)],
        object,
      };
    }),
  };
}
