import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fastParse } from '../../src/clusters/fast-yaml.js';
import { damagedKubeconfigs } from '../helpers/damaged-kubeconfigs.js';
import { kc } from '../helpers/kubeconfig.js';

/** What the `yaml` package makes of `text`, or 'error'. */
function reference(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) return 'error';
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch {
    return 'error';
  }
}

/** The property that matters: whatever the fast path accepts, it decodes exactly as `yaml` does. */
function expectAgreement(text: string): unknown {
  const fast = fastParse(text);
  if (fast !== undefined) expect(fast, JSON.stringify(text.slice(0, 200))).toEqual(reference(text));
  return fast;
}

const KUBECTL_STYLE = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=
    server: https://10.0.0.1:6443
  name: kind-kind
- cluster:
    insecure-skip-tls-verify: true
    proxy-url: socks5://localhost:1080
    server: https://example.com/k8s/clusters/c-abc
  name: rancher
contexts:
- context:
    cluster: kind-kind
    namespace: web
    user: kind-kind
  name: kind-kind
- context:
    cluster: rancher
    user: "arn:aws:iam::123:user/x"
  name: arn:aws:eks:eu-west-1:123:cluster/prod
current-context: kind-kind
kind: Config
preferences: {}
users:
- name: kind-kind
  user:
    client-certificate-data: LS0tLS1CRUdJTg==
    client-key-data: LS0tLS1CRUdJTg==
- name: eks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - --region
      - eu-west-1
      - eks
      - get-token
      command: aws
      env:
      - name: AWS_PROFILE
        value: 'prod # not a comment'
      interactiveMode: IfAvailable
      provideClusterInfo: false
`;

describe('fastParse', () => {
  it('decodes what kubectl writes exactly as yaml does', () => {
    const fast = expectAgreement(KUBECTL_STYLE) as Record<string, unknown>;
    expect(fast).toBeDefined();
    expect((fast.contexts as { name: string }[])[1]!.name).toBe('arn:aws:eks:eu-west-1:123:cluster/prod');
  });

  it('decodes what the yaml package writes (indented sequences)', () => {
    const text = kc().entry('prod', { namespace: 'web' }).entry('team/dev').current('prod').raw({ preferences: {} }).toYaml();
    expect(expectAgreement(text)).toBeDefined();
    expect(expectAgreement(text.replace(/\n/g, '\r\n'))).toBeDefined();
  });

  it.each([
    ['', null],
    ['# only a comment\n', null],
    ['a: 1\nb: -2\nc: +3\nd: 0123\n', { a: 1, b: -2, c: 3, d: 123 }],
    ['a: true\nb: False\nc: NULL\nd: ~\ne:\n', { a: true, b: false, c: null, d: null, e: null }],
    ['a: yes\nb: no\nc: on\n', { a: 'yes', b: 'no', c: 'on' }],
    ['a: "x \\" \\\\ \\/ \\n \\t"\n', { a: 'x " \\ / \n \t' }],
    ["a: 'it''s # fine'  # comment\n", { a: "it's # fine" }],
    ['a: b#c\nd: e # comment\n', { a: 'b#c', d: 'e' }],
    ['a: {}\nb: []\n', { a: {}, b: [] }],
    ['a:\n- - x\n  - y\n- -\n    z: 1\n', { a: [['x', 'y'], [{ z: 1 }]] }],
    ['a:\n-\n  b: 1\n- c\n', { a: [{ b: 1 }, 'c'] }],
    ['a:\n  -   b: 1\n      c: 2\n', { a: [{ b: 1, c: 2 }] }],
    ['a:\n  # comment\n  b: 1\n\n  c: 2\n', { a: { b: 1, c: 2 } }],
    ['-a: x\nk.io/v1: y\n', undefined],
    ['a: -x\nb: :y\nc: ?z\n', { a: '-x', b: ':y', c: '?z' }],
    ['a: https://h:6443/p?q=1&r=2\n', { a: 'https://h:6443/p?q=1&r=2' }],
  ])('%j', (text, expected) => {
    expect(expectAgreement(text)).toEqual(expected);
  });

  it.each([
    'a: &x 1\nb: *x\n',
    'a: !!str 1\n',
    'a: |\n  text\n',
    'a: >\n  text\n',
    'a: [x]\n',
    'a: {b: 1}\n',
    'a: multi\n  line\n',
    'a:\n\t- b\n',
    'a: 1\na: 2\n',
    '---\na: 1\n',
    'a: 1.5\n',
    'a: 1e3\n',
    'a: 0x1F\n',
    'a: .inf\n',
    'a: 99999999999999999999\n',
    'a:value\n',
    'a: b: c\n',
    'a: b:\n',
    '"a": 1\n',
    'null: 1\n',
    '__proto__: 1\n',
    '? a\n: 1\n',
    'a: "unclosed\n',
    "a: 'unclosed\n",
    'a: "\\x41"\n',
    'a: x\n b: y\n',
    ' a: 1\n',
    '- a\nb: 1\n',
    'a:\n- x\n  - y\n',
    'a: - x\n',
    'a: \u0001\n',
    '\ufeffa: 1\n',
    'a: @x\n',
    'a: `x\n',
  ])('leaves %j to the yaml package', (text) => {
    expect(fastParse(text)).toBeUndefined();
  });

  it.each(['\u00a0a: 1\n', 'a: b\u00a0\n', 'a:\u00a0b\n', 'a: b\u2028c\n', 'a: b\u3000\n', 'a: b\r\nc: d\r\n', 'a: b\rc: d\n', 'a: "x"y\n', "a: 'x' # c\n"])(
    'agrees with yaml on odd whitespace and quoting: %j',
    (text) => {
      expectAgreement(text);
    },
  );

  it('leaves documents nested deeper than 64 levels to the yaml package', () => {
    const nest = (n: number): string => Array.from({ length: n }, (_, d) => `${' '.repeat(d)}k${d}:\n`).join('');
    expect(fastParse(nest(60))).toBeDefined();
    expect(fastParse(nest(70))).toBeUndefined();
  });

  it('agrees with yaml on every damaged kubeconfig', () => {
    for (const c of damagedKubeconfigs()) {
      if (c.sparseSize || c.content.length > 1_000_000) continue;
      expectAgreement(typeof c.content === 'string' ? c.content : c.content.toString('utf8'));
    }
  });

  it('agrees with yaml on 2000 seeded random edits of a kubeconfig', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const alphabet = [' ', '  ', '-', '- ', ':', ': ', '#', ' #', "'", '"', '{', '}', '[', ']', '\n', '&a ', '*a', '!', '|', '>', '~', '1', '0x', '.5', 'true', 'null', '\\', '\t', '?', '\u00a0', '\u2028', '\u3000', '\r'];
    let accepted = 0;
    for (let i = 0; i < 2000; i++) {
      let text = KUBECTL_STYLE;
      for (let e = 0; e < 1 + Math.floor(random() * 3); e++) {
        const at = Math.floor(random() * text.length);
        const del = Math.floor(random() * 3);
        text = text.slice(0, at) + (random() < 0.7 ? alphabet[Math.floor(random() * alphabet.length)] : '') + text.slice(at + del);
      }
      if (expectAgreement(text) !== undefined) accepted++;
    }
    expect(accepted).toBeGreaterThan(100); // the edits exercise the fast path, not only the fallback
  });
});
