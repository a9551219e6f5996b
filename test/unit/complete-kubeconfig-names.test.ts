import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { contextNamesFast, namesFromDocument, readScalar } from '../../src/completion/kubeconfig-names.js';

/** What a full YAML parser says the names are (the reference the fast reader must agree with). */
function reference(text: string): string[] {
  return namesFromDocument(parse(text));
}

const kubectlStyle = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTg==
    server: https://127.0.0.1:6443
  name: kind-a
contexts:
- context:
    cluster: kind-a
    user: kind-a
  name: kind-a
- context:
    cluster: kind-a
    namespace: web
    user: admin
  name: arn:aws:eks:eu-west-1:123456789012:cluster/prod
current-context: kind-a
kind: Config
preferences: {}
users:
- name: kind-a
  user:
    token: abc
`;

describe('contextNamesFast', () => {
  const agreeing: [string, string, string[]][] = [
    ['kubectl output', kubectlStyle, ['kind-a', 'arn:aws:eks:eu-west-1:123456789012:cluster/prod']],
    ['indented sequence, name first', 'contexts:\n  - name: a\n    context:\n      cluster: c\n  - name: "b c"\n    context: {}\n', ['a', 'b c']],
    ['dash on its own line', 'contexts:\n-\n  name: a\n  context:\n    cluster: x\n', ['a']],
    ['single quotes with an escaped quote', "contexts:\n- name: 'it''s'\n  context: {}\n", ["it's"]],
    ['comments everywhere', '# head\ncontexts: # list\n# between\n- name: a # the a\n  # inside\n  context:\n    user: u\n', ['a']],
    ['hash inside a name', 'contexts:\n- name: a#b\n', ['a#b']],
    ['CRLF line ends', 'contexts:\r\n- name: a\r\n  context: {}\r\n- name: b\r\n', ['a', 'b']],
    ['a BOM and a document start', '\uFEFF---\ncontexts:\n- name: a\n', ['a']],
    ['empty list', 'contexts: []\ncurrent-context: ""\n', []],
    ['null list', 'contexts:\nusers: []\n', []],
    ['no contexts key', 'apiVersion: v1\nkind: Config\n', []],
    ['contexts before clusters', 'contexts:\n- name: x\n  context:\n    cluster: c\nclusters:\n- name: c\n  cluster:\n    server: https://h\n', ['x']],
    ['item without a name is skipped', 'contexts:\n- context:\n    cluster: c\n- name: b\n', ['b']],
    ['JSON kubeconfig', JSON.stringify({ contexts: [{ name: 'j1', context: {} }, { name: 'j2' }] }), ['j1', 'j2']],
    ['quoted key', '"contexts":\n- "name": a\n', ['a']],
    ['one-line flow mapping value', 'contexts:\n- context: {cluster: a, user: b} # flow\n  name: a\n- context: []\n  name: b\n', ['a', 'b']],
    ['unicode and slashes', 'contexts:\n- name: prod/eu-ß\n', ['prod/eu-ß']],
    ['block scalar elsewhere', 'users:\n- name: u\n  user:\n    client-key-data: |\n      contexts:\n      - name: fake\ncontexts:\n- name: real\n', ['real']],
  ];
  it.each(agreeing)('%s', (_label, text, names) => {
    expect(contextNamesFast(text)).toEqual(names);
    expect(reference(text)).toEqual(names);
  });

  const deferred: [string, string][] = [
    ['flow sequence', 'contexts: [{name: a}]\n'],
    ['anchor and alias items', 'contexts:\n- &c\n  name: a\n- *c\n'],
    ['merge key', 'contexts:\n- <<: {name: a}\n'],
    ['double-quoted escape', 'contexts:\n- name: "a\\tb"\n'],
    ['multi-line plain name', 'contexts:\n- name: a\n    b\n'],
    ['unclosed quote', 'contexts:\n- name: "a\n    b"\n'],
    ['numeric name', 'contexts:\n- name: 123\n'],
    ['boolean name', 'contexts:\n- name: true\n'],
    ['block scalar name', 'contexts:\n- name: |\n    a\n'],
    ['tab indentation', 'contexts:\n-\tname: a\n\tcontext: {}\n'],
    ['two documents', 'contexts:\n- name: a\n---\ncontexts:\n- name: b\n'],
    ['duplicate contexts key', 'contexts:\n- name: a\ncontexts:\n- name: b\n'],
    ['duplicate name key', 'contexts:\n- name: a\n  name: b\n'],
    ['flow value that may span lines', 'contexts:\n- context: {cluster: a,\n    user: b}\n  name: a\n'],
    ['tagged name', 'contexts:\n- name: !!str 1\n'],
    ['a scalar item', 'contexts:\n- just-a-string\n'],
    ['mapping instead of a list', 'contexts:\n  a:\n    name: x\n'],
    ['complex key at the top', '? contexts\n: - name: a\n'],
    ['empty name', 'contexts:\n- name:\n'],
  ];
  it.each(deferred)('leaves %s to the yaml package', (_label, text) => {
    expect(contextNamesFast(text)).toBeUndefined();
  });

  it('agrees with the yaml package on generated kubeconfigs', () => {
    let seed = 7;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const alphabet = ['a', 'Z', '0', '-', '.', ':', '/', '_', ' ', '#', "'", '"', '@', 'é', '*', '&', '!', '|', ',', '[', '{', '%', '?', '~', '\\'];
    const word = (): string => Array.from({ length: 1 + rand(8) }, () => alphabet[rand(alphabet.length)]).join('');
    let fast = 0;
    for (let i = 0; i < 400; i++) {
      const contexts = Array.from({ length: rand(5) }, () => ({ name: rand(10) === 0 ? String(rand(100)) : word(), context: { cluster: word(), user: word(), ...(rand(2) ? { namespace: word() } : {}) } }));
      const doc = { apiVersion: 'v1', kind: 'Config', clusters: [{ name: word(), cluster: { server: 'https://h:1' } }], contexts, 'current-context': word(), users: [] };
      const text = stringify(doc, { indentSeq: rand(2) === 0 });
      const names = contextNamesFast(text);
      if (names !== undefined) {
        fast++;
        expect(names, text).toEqual(reference(text));
      }
    }
    expect(fast).toBeGreaterThan(150); // most generated files take the fast path
  });
});

describe('contextNamesFast on hand-written layouts', () => {
  it('agrees with the yaml package whenever it answers', () => {
    let seed = 11;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;
    const chars = ['a', 'b', '-', '.', ':', '/', '_', '#', ' ', "'", '"', '1', '@', '*', '&', ',', '!', '[', '{', '\\', 'é'];
    const raw = (): string => Array.from({ length: 1 + rand(6) }, () => pick(chars)).join('');
    const styled = (v: string): string => pick([v, `'${v.replace(/'/g, "''")}'`, `"${v}"`, `${v} # note`, `${v}#x`]);
    let answered = 0;
    for (let i = 0; i < 600; i++) {
      const seq = pick(['', '  ']);
      const key = seq + pick(['  ', '    ']);
      const lines = [pick(['apiVersion: v1', '# a comment', '---', 'kind: Config']), pick(['contexts:', 'contexts: # list', '"contexts":'])];
      for (let c = 0; c < rand(4); c++) {
        const name = `name: ${styled(raw())}`;
        const ctx = [`context:${pick(['', ' {cluster: x}', ' {}'])}`];
        if (!ctx[0]!.includes('{')) ctx.push(`  cluster: ${styled(raw())}`, `  namespace: ${styled(raw())}`);
        const body = rand(2) ? [name, ...ctx] : [...ctx, name];
        lines.push(`${seq}-${pick([' ', '   '])}${body[0]}`.replace(/^(\s*-)\s+/, `$1${' '.repeat(key.length - seq.length - 1)}`));
        for (const l of body.slice(1)) lines.push(key + l);
        if (rand(4) === 0) lines.push(pick(['', '# between', `${key}# inside`]));
      }
      lines.push(pick(['current-context: a', 'users: []', 'clusters:\n- name: c\n  cluster: {server: https://h}']));
      const text = lines.join('\n') + '\n';
      const fast = contextNamesFast(text);
      if (fast === undefined) continue;
      let expected: string[] | undefined;
      try {
        expected = reference(text);
      } catch {
        expected = undefined; // invalid YAML: the loader reports it; completion may still offer what it read
      }
      if (expected === undefined) continue;
      answered++;
      expect(fast, text).toEqual(expected);
    }
    expect(answered).toBeGreaterThan(100);
  });
});

describe('readScalar', () => {
  it.each([
    ['plain', 'abc', 'abc'],
    ['trailing comment', 'abc # c', 'abc'],
    ['single quoted', "'a b'", 'a b'],
    ['double quoted', '"a b" # c', 'a b'],
    ['junk after a quote', '"a" b', undefined],
    ['leading indicator', '*x', undefined],
    ['colon space', 'a: b', undefined],
    ['null', '~', undefined],
    ['float', '1.5e3', undefined],
    ['hex', '0x1F', undefined],
    ['a float without decimals', '1.', undefined],
    ['number-like', '-.5', undefined],
    ['a name after all', 'v1.2-prod', 'v1.2-prod'],
  ])('%s', (_label, text, value) => {
    expect(readScalar(text)).toBe(value);
  });
});
