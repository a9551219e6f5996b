/**
 * Just enough protobuf to read the bodies kubectl 1.32+ sends through its typed client (k8s-api-notes s.0.2, s.8.5):
 * the `k8s\0` envelope (runtime.Unknown) and the SelfSubjectAccessReview / SelfSubjectRulesReview specs.
 */

/** Length-delimited fields of a protobuf message, by field number (varint and fixed fields are skipped). */
export function protoFields(buf: Buffer): Map<number, Buffer[]> {
  return protoMessage(buf).bytes;
}

/** Length-delimited and varint fields of a protobuf message, by field number (fixed fields are skipped). */
export function protoMessage(buf: Buffer): { bytes: Map<number, Buffer[]>; ints: Map<number, number[]> } {
  const out = new Map<number, Buffer[]>();
  const ints = new Map<number, number[]>();
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (pos >= buf.length) throw new Error('truncated protobuf');
      const b = buf[pos++]!;
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  };
  while (pos < buf.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    switch (tag & 7) {
      case 0: {
        const v = varint();
        if (!ints.has(field)) ints.set(field, []);
        ints.get(field)!.push(v);
        break;
      }
      case 1: pos += 8; break;
      case 5: pos += 4; break;
      case 2: {
        const len = varint();
        if (pos + len > buf.length) throw new Error('truncated protobuf');
        const value = buf.subarray(pos, pos + len);
        pos += len;
        if (!out.has(field)) out.set(field, []);
        out.get(field)!.push(value);
        break;
      }
      default: throw new Error(`unsupported protobuf wire type ${tag & 7}`);
    }
  }
  return { bytes: out, ints };
}

const str = (f: Map<number, Buffer[]>, n: number): string | undefined => f.get(n)?.[0]?.toString('utf8');

/** The object bytes inside a `k8s\0` envelope, with its apiVersion and kind. */
export function unwrapEnvelope(body: Buffer): { apiVersion?: string; kind?: string; raw: Buffer } {
  if (body.subarray(0, 4).toString('latin1') !== 'k8s\0') throw new Error('not a Kubernetes protobuf envelope');
  const unknown = protoFields(body.subarray(4));
  const typeMeta = unknown.get(1)?.[0];
  const tm = typeMeta ? protoFields(typeMeta) : new Map<number, Buffer[]>();
  return { apiVersion: str(tm, 1), kind: str(tm, 2), raw: unknown.get(2)?.[0] ?? Buffer.alloc(0) };
}

/** The JSON shape of a SelfSubjectAccessReview or SelfSubjectRulesReview decoded from protobuf. */
export function decodeReview(body: Buffer): Record<string, unknown> {
  const env = unwrapEnvelope(body);
  const obj = protoFields(env.raw);
  const spec = obj.get(2)?.[0] ? protoFields(obj.get(2)![0]!) : new Map<number, Buffer[]>();
  if (env.kind === 'SelfSubjectRulesReview') return { kind: env.kind, apiVersion: env.apiVersion, spec: { namespace: str(spec, 1) ?? '' } };
  const spec2: Record<string, unknown> = {};
  const ra = spec.get(1)?.[0];
  if (ra) {
    const f = protoFields(ra);
    const names = ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'];
    spec2.resourceAttributes = Object.fromEntries(names.map((n, i) => [n, str(f, i + 1)]).filter(([, v]) => v !== undefined));
  }
  const nra = spec.get(2)?.[0];
  if (nra) {
    const f = protoFields(nra);
    spec2.nonResourceAttributes = { path: str(f, 1), verb: str(f, 2) };
  }
  return { kind: env.kind ?? 'SelfSubjectAccessReview', apiVersion: env.apiVersion ?? 'authorization.k8s.io/v1', spec: spec2 };
}

function protoMap(f: Map<number, Buffer[]>, n: number, bytes = false): Record<string, string> | undefined {
  const entries = f.get(n);
  if (!entries) return undefined;
  return Object.fromEntries(entries.map((e) => {
    const kv = protoFields(e);
    const value = kv.get(2)?.[0] ?? Buffer.alloc(0);
    return [str(kv, 1) ?? '', bytes ? value.toString('base64') : value.toString('utf8')];
  }));
}

function objectMeta(buf: Buffer | undefined): Record<string, unknown> {
  if (!buf) return {};
  const f = protoFields(buf);
  const meta: Record<string, unknown> = {};
  for (const [n, key] of [[1, 'name'], [2, 'generateName'], [3, 'namespace'], [6, 'resourceVersion']] as const) {
    const v = str(f, n);
    if (v) meta[key] = v;
  }
  const labels = protoMap(f, 11);
  const annotations = protoMap(f, 12);
  if (labels) meta.labels = labels;
  if (annotations) meta.annotations = annotations;
  return meta;
}

/**
 * The JSON shape of the few typed objects kubectl 1.32+ creates with protobuf bodies that the simulator decodes:
 * Namespace (`create namespace`), ConfigMap (`create configmap`), Secret (`create secret generic`) and Deployment
 * (`create deployment`: replicas, selector, template labels, containers with image, command, args, ports). Other kinds
 * throw, and the caller answers 415 like a server that does not speak protobuf.
 */
export function decodeTypedObject(body: Buffer): Record<string, unknown> {
  const env = unwrapEnvelope(body);
  const f = protoFields(env.raw);
  const out: Record<string, unknown> = { apiVersion: env.apiVersion, kind: env.kind, metadata: objectMeta(f.get(1)?.[0]) };
  switch (env.kind) {
    case 'Namespace':
      return out;
    case 'ConfigMap': {
      const data = protoMap(f, 2);
      const binaryData = protoMap(f, 3, true);
      return { ...out, ...(data ? { data } : {}), ...(binaryData ? { binaryData } : {}) };
    }
    case 'Secret': {
      const data = protoMap(f, 2, true);
      const stringData = protoMap(f, 4);
      return { ...out, type: str(f, 3) || 'Opaque', ...(data ? { data } : {}), ...(stringData ? { stringData } : {}) };
    }
    case 'Deployment':
      return { ...out, spec: deploymentSpec(f.get(2)?.[0]) };
    default:
      throw new Error(`protobuf bodies of kind ${env.kind} are not supported by the simulator`);
  }
}

const strings = (f: Map<number, Buffer[]>, n: number): string[] => (f.get(n) ?? []).map((b) => b.toString('utf8'));

function container(buf: Buffer): Record<string, unknown> {
  const f = protoFields(buf);
  const out: Record<string, unknown> = { name: str(f, 1) ?? '', image: str(f, 2) ?? '' };
  if (f.has(3)) out.command = strings(f, 3);
  if (f.has(4)) out.args = strings(f, 4);
  const ports = (f.get(6) ?? []).map((p) => {
    const m = protoMessage(p);
    const port: Record<string, unknown> = { containerPort: m.ints.get(3)?.[0] ?? 0, protocol: str(m.bytes, 4) || 'TCP' };
    if (str(m.bytes, 1)) port.name = str(m.bytes, 1);
    return port;
  });
  if (ports.length) out.ports = ports;
  return out;
}

function deploymentSpec(buf: Buffer | undefined): Record<string, unknown> {
  const m = protoMessage(buf ?? Buffer.alloc(0));
  const selector = m.bytes.get(2)?.[0];
  const template = protoFields(m.bytes.get(3)?.[0] ?? Buffer.alloc(0));
  const podSpec = protoFields(template.get(2)?.[0] ?? Buffer.alloc(0));
  return {
    replicas: m.ints.get(1)?.[0] ?? 1,
    selector: { matchLabels: selector ? (protoMap(protoFields(selector), 1) ?? {}) : {} },
    template: { metadata: objectMeta(template.get(1)?.[0]), spec: { containers: (podSpec.get(2) ?? []).map(container) } },
  };
}
