/**
 * A deterministic corpus of damaged kubeconfig files (truncated, wrong types, binary junk, deeply nested, very
 * large), generated from a seed so every run tests the same bytes. Each case must end in exit code 2 with one
 * stderr line naming the file.
 */
import { stringify } from 'yaml';
import { seededRandom } from '../../src/sim/workloads.js';
import { kc } from './kubeconfig.js';

/** One damaged file: its name, how it is damaged, and its content (or a size for sparse oversized files). */
export interface DamagedCase {
  readonly name: string;
  readonly kind: 'truncated' | 'wrong-type' | 'junk' | 'nested' | 'large';
  readonly content: string | Buffer;
  /** For oversized files: extend the file to this many bytes (sparse, cheap) after writing `content`. */
  readonly sparseSize?: number;
  /** Whether the error must carry a line number (everything but size refusals). */
  readonly hasLine: boolean;
}

/** The simulator's seeded PRNG (mulberry32), so the corpus is the same on every run. */
const prng = seededRandom;

function sample(): Record<string, unknown> {
  return kc()
    .cluster('c1', { server: 'https://c1.example:6443', 'certificate-authority-data': 'LS0tLS1CRUdJTi'.repeat(8) })
    .user('u1', { token: 'sekret-token-value' })
    .context('prod', { cluster: 'c1', user: 'u1', namespace: 'web' })
    .context('arn:aws:eks:eu-west-1:1:cluster/x', { cluster: 'c1', user: 'u1' })
    .current('prod')
    .toObject();
}

function truncated(random: () => number): DamagedCase[] {
  const json = JSON.stringify(sample());
  const quoted = stringify(sample(), { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
  const cases: DamagedCase[] = [];
  // Any proper, non-empty prefix of a JSON object is an unclosed flow mapping.
  for (let i = 0; i < 40; i++) {
    const cut = 1 + Math.floor(random() * (json.length - 2));
    cases.push({ name: `truncated-json-${i}`, kind: 'truncated', content: json.slice(0, cut), hasLine: true });
  }
  // Block YAML cut inside a double-quoted scalar: an unclosed quote.
  const insideQuotes: number[] = [];
  let open = false;
  for (let i = 0; i < quoted.length; i++) {
    if (quoted[i] === '"' && quoted[i - 1] !== '\\') open = !open;
    else if (open && quoted[i] !== '\n') insideQuotes.push(i);
  }
  for (let i = 0; i < 35; i++) {
    const cut = insideQuotes[Math.floor(random() * insideQuotes.length)]!;
    cases.push({ name: `truncated-yaml-${i}`, kind: 'truncated', content: quoted.slice(0, cut), hasLine: true });
  }
  return cases;
}

function wrongTypes(): DamagedCase[] {
  const base = sample();
  const ctx = (base.contexts as Record<string, unknown>[])[0]!;
  const mutations: Record<string, (o: Record<string, unknown>) => void> = {
    'contexts-number': (o) => (o.contexts = 5),
    'contexts-string': (o) => (o.contexts = 'prod'),
    'contexts-mapping': (o) => (o.contexts = { prod: {} }),
    'contexts-bool': (o) => (o.contexts = true),
    'clusters-number': (o) => (o.clusters = 1),
    'clusters-mapping': (o) => (o.clusters = { c1: { server: 'x' } }),
    'users-string': (o) => (o.users = 'u1'),
    'users-number': (o) => (o.users = 0),
    'context-item-number': (o) => (o.contexts = [5]),
    'context-item-string': (o) => (o.contexts = ['prod']),
    'context-item-list': (o) => (o.contexts = [[ctx]]),
    'context-no-name': (o) => (o.contexts = [{ context: ctx.context }]),
    'context-empty-name': (o) => (o.contexts = [{ ...ctx, name: '' }]),
    'context-name-number': (o) => (o.contexts = [{ ...ctx, name: 42 }]),
    'context-name-bool': (o) => (o.contexts = [{ ...ctx, name: false }]),
    'context-name-list': (o) => (o.contexts = [{ ...ctx, name: ['a'] }]),
    'context-name-mapping': (o) => (o.contexts = [{ ...ctx, name: { a: 1 } }]),
    'context-body-number': (o) => (o.contexts = [{ name: 'p', context: 5 }]),
    'context-body-string': (o) => (o.contexts = [{ name: 'p', context: 'c1' }]),
    'context-body-list': (o) => (o.contexts = [{ name: 'p', context: ['c1'] }]),
    'context-cluster-number': (o) => (o.contexts = [{ name: 'p', context: { cluster: 1, user: 'u1' } }]),
    'context-user-list': (o) => (o.contexts = [{ name: 'p', context: { cluster: 'c1', user: ['u1'] } }]),
    'context-namespace-mapping': (o) => (o.contexts = [{ name: 'p', context: { cluster: 'c1', namespace: { a: 1 } } }]),
    'cluster-no-name': (o) => (o.clusters = [{ cluster: { server: 'x' } }]),
    'cluster-body-string': (o) => (o.clusters = [{ name: 'c1', cluster: 'https://x' }]),
    'cluster-server-number': (o) => (o.clusters = [{ name: 'c1', cluster: { server: 6443 } }]),
    'cluster-server-list': (o) => (o.clusters = [{ name: 'c1', cluster: { server: ['a'] } }]),
    'user-no-name': (o) => (o.users = [{ user: { token: 'x' } }]),
    'user-body-number': (o) => (o.users = [{ name: 'u1', user: 7 }]),
    'duplicate-contexts': (o) => (o.contexts = [ctx, ctx]),
    'duplicate-clusters': (o) => (o.clusters = [...(o.clusters as unknown[]), ...(o.clusters as unknown[])]),
    'duplicate-users': (o) => (o.users = [...(o.users as unknown[]), ...(o.users as unknown[])]),
    'current-context-list': (o) => (o['current-context'] = ['prod']),
    'current-context-number': (o) => (o['current-context'] = 3),
    'kind-pod': (o) => (o.kind = 'Pod'),
    'kind-number': (o) => (o.kind = 1),
  };
  const cases: DamagedCase[] = [];
  for (const [name, mutate] of Object.entries(mutations)) {
    const o = structuredClone(base);
    mutate(o);
    cases.push({ name: `type-${name}`, kind: 'wrong-type', content: stringify(o), hasLine: true });
    cases.push({ name: `type-${name}.json`, kind: 'wrong-type', content: JSON.stringify(o, null, 1), hasLine: true });
  }
  for (const [name, text] of Object.entries({
    'top-list': '- apiVersion: v1\n- kind: Config\n',
    'top-number': '42\n',
    'top-string': 'just some text\n',
    'top-null-doc-then-junk': '---\n...\n---\ncontexts: 5\n',
    'not-a-kubeconfig': 'replicas: 3\nimage: nginx:1.27\n',
    'duplicate-key': 'contexts: []\nclusters: []\ncontexts: []\n',
    'alias-unknown': 'contexts: *missing\n',
    'tab-indent': 'contexts:\n\t- name: a\n',
    'bad-escape': 'users:\n- name: u\n  user:\n    token: "abc\\qdef"\n',
    'flow-junk': 'contexts: [a, b}\n',
  })) {
    cases.push({ name: `type-${name}`, kind: 'wrong-type', content: text, hasLine: true });
  }
  return cases;
}

function junk(random: () => number): DamagedCase[] {
  const cases: DamagedCase[] = [];
  for (let i = 0; i < 30; i++) {
    const bytes = Buffer.alloc(16 + Math.floor(random() * 4096));
    for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(random() * 256);
    bytes[0] = 0x7f; // never a comment or document marker at the very start
    cases.push({ name: `junk-${i}.bin`, kind: 'junk', content: bytes, hasLine: true });
  }
  const valid = kc().entry('prod').toYaml();
  for (let i = 0; i < 15; i++) {
    const bytes = Buffer.alloc(8 + Math.floor(random() * 64));
    for (let j = 0; j < bytes.length; j++) bytes[j] = 0x80 + Math.floor(random() * 128);
    cases.push({ name: `junk-tail-${i}`, kind: 'junk', content: Buffer.concat([Buffer.from(valid), Buffer.from('contexts: '), bytes]), hasLine: true });
  }
  for (let i = 0; i < 5; i++) {
    cases.push({ name: `junk-nul-${i}`, kind: 'junk', content: Buffer.concat([Buffer.from('contexts:\n- name: a\n'), Buffer.alloc(100 * (i + 1))]), hasLine: true });
  }
  return cases;
}

function nested(): DamagedCase[] {
  const cases: DamagedCase[] = [];
  for (const depth of [50, 500, 5_000, 50_000, 200_000]) {
    cases.push({ name: `nested-open-seq-${depth}`, kind: 'nested', content: `contexts: ${'['.repeat(depth)}\n`, hasLine: true });
    cases.push({ name: `nested-open-map-${depth}`, kind: 'nested', content: `contexts: ${'{a: '.repeat(depth)}\n`, hasLine: true });
    cases.push({ name: `nested-closed-seq-${depth}`, kind: 'nested', content: `contexts: ${'['.repeat(depth)}${']'.repeat(depth)}\n`, hasLine: true });
    cases.push({ name: `nested-closed-map-${depth}`, kind: 'nested', content: `contexts: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`, hasLine: true });
    cases.push({ name: `nested-top-seq-${depth}`, kind: 'nested', content: `${'['.repeat(depth)}${']'.repeat(depth)}\n`, hasLine: true });
  }
  for (const depth of [20, 200, 1000]) {
    let block = 'contexts:\n';
    for (let d = 1; d <= depth; d++) block += `${' '.repeat(d)}k${d}:\n`;
    cases.push({ name: `nested-block-${depth}`, kind: 'nested', content: block, hasLine: true });
    let seqs = 'contexts:\n';
    for (let d = 1; d <= depth; d++) seqs += `${' '.repeat(d * 2)}-\n`;
    cases.push({ name: `nested-block-seq-${depth}`, kind: 'nested', content: `${seqs}  x: [\n`, hasLine: true });
  }
  cases.push({ name: 'nested-aliases', kind: 'nested', content: `a: &a [x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`).join('\n')}\ncontexts: *m\n`, hasLine: true });
  return cases;
}

function large(): DamagedCase[] {
  const many = kc();
  for (let i = 0; i < 1500; i++) many.entry(`ctx-${i}`);
  const big = many.toYaml();
  return [
    { name: 'large-trailing-syntax', kind: 'large', content: `${big}contexts: [\n`, hasLine: true },
    { name: 'large-duplicate-context', kind: 'large', content: big.replace('name: ctx-1499', 'name: ctx-0'), hasLine: true },
    { name: 'large-wrong-type-at-end', kind: 'large', content: `${big}current-context: [a]\n`, hasLine: true },
    { name: 'large-long-line', kind: 'large', content: `users:\n- name: u\n  user:\n    token: "${'x'.repeat(4_000_000)}\n`, hasLine: true },
    { name: 'large-many-lines-then-tab', kind: 'large', content: `${'# filler comment line\n'.repeat(200_000)}contexts:\n\t- oops\n`, hasLine: true },
    { name: 'large-sparse-17m', kind: 'large', content: 'contexts: []\n', sparseSize: 17 * 1024 * 1024, hasLine: false },
    { name: 'large-sparse-64m', kind: 'large', content: '', sparseSize: 64 * 1024 * 1024, hasLine: false },
    { name: 'large-sparse-1g', kind: 'large', content: '', sparseSize: 1024 * 1024 * 1024, hasLine: false },
  ];
}

/** The whole corpus (more than 200 files), the same on every run. */
export function damagedKubeconfigs(seed = 20261126): DamagedCase[] {
  const random = prng(seed);
  return [...truncated(random), ...wrongTypes(), ...junk(random), ...nested(), ...large()];
}
