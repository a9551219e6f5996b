import { describe, expect, it } from 'vitest';
import { type CompletionSources, Directive, completeWords } from '../../src/completion/candidates.js';
import { formatCompletion, runComplete } from '../../src/completion/run.js';
import type { ResourceInfo } from '../../src/kube/types.js';
import { Capture } from '../helpers/cli.js';

const rt = (resource: string, group: string, kind: string, verbs = ['get', 'list', 'watch']): ResourceInfo => ({ resource, group, version: 'v1', kind, namespaced: true, verbs });

/** Sources with fixed answers; `calls` records what was asked. */
function fakeSources(overrides: Partial<CompletionSources> = {}): CompletionSources & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    contexts: async () => {
      calls.push('contexts');
      return [
        { name: 'prod-eu', clusterId: 'config:prod-eu' },
        { name: 'prod-us', clusterId: 'config:prod-us' },
        { name: 'dev', clusterId: 'config:dev' },
        { name: 'prod-eu', clusterId: 'other:prod-eu' },
      ];
    },
    resourceTypes: async () => {
      calls.push('types');
      return [
        rt('pods', '', 'Pod'),
        rt('pods/log', '', 'Pod'),
        rt('deployments', 'apps', 'Deployment'),
        rt('events', '', 'Event'),
        rt('events', 'events.k8s.io', 'Event'),
        rt('bindings', '', 'Binding', ['create']),
        rt('tokenreviews', 'authentication.k8s.io', 'TokenReview', ['create']),
        { resource: 'widgets', group: 'example.com', version: 'v1', kind: 'Widget', namespaced: true },
      ];
    },
    namespaces: async () => {
      calls.push('namespaces');
      return ['default', 'kube-system', 'web'];
    },
    objectNames: async (_line, type) => {
      calls.push(`names:${type}`);
      return ['web-1', 'web-2', 'db-0'];
    },
    ...overrides,
  };
}

const values = async (words: string[], sources: CompletionSources = fakeSources()): Promise<string[]> =>
  (await completeWords(words, sources)).candidates.map((c) => c.value);

describe('completeWords', () => {
  it.each<[string, string[], string[]]>([
    ['subcommands', [''], ['contexts', 'get', 'watch', 'completion', 'demo', 'version', 'help']],
    ['subcommand prefix', ['c'], ['contexts', 'completion']],
    ['contexts subcommands', ['contexts', ''], ['use']],
    ['help topics', ['help', 'w'], ['watch']],
    ['help takes one topic', ['help', 'get', ''], []],
    ['shells', ['completion', ''], ['bash', 'zsh', 'fish']],
    ['long flags only after --', ['get', '--all'], ['--all-contexts', '--all-namespaces']],
    ['short and long after -', ['version', '-'], ['--help', '-h']],
    ['given flags are not offered again', ['get', '-A', '--quiet', '--all-n'], []],
    ['repeatable flags stay', ['get', '--context', 'a', '--cont'], ['--context']],
    ['contexts: names then ids, one name per name', ['get', '--context', ''], ['prod-eu', 'prod-us', 'dev', 'config:prod-eu', 'config:prod-us', 'config:dev', 'other:prod-eu']],
    ['contexts by prefix', ['get', '--context', 'prod-'], ['prod-eu', 'prod-us']],
    ['ids by prefix', ['get', '--context', 'config:p'], ['config:prod-eu', 'config:prod-us']],
    ['given names leave out every same-named entry', ['get', '--context', 'prod-eu', '--context', ''], ['prod-us', 'dev', 'config:prod-us', 'config:dev']],
    ['given ids too', ['get', '--context=other:prod-eu', '--context='], ['--context=prod-us', '--context=dev', '--context=config:prod-us', '--context=config:dev']],
    ['comma lists', ['get', '--context', 'dev,prod-'], ['dev,prod-eu', 'dev,prod-us']],
    ['globs on the line count as given', ['get', '--context', 'prod-*', '--context', ''], ['dev', 'config:dev']],
    ['contexts use positionals', ['contexts', 'use', 'dev', 'prod-us', ''], ['prod-eu', 'config:prod-eu', 'other:prod-eu']],
    ['exclude-context', ['get', '--exclude-context', 'd'], ['dev']],
    ['output formats of get', ['get', '-o', ''], ['table', 'wide', 'ndjson', 'json', 'yaml', 'name', 'custom-columns=']],
    ['output formats of watch', ['watch', '-o', 'n'], ['ndjson']],
    ['output inline', ['contexts', '--output=j'], ['--output=json']],
    ['colour', ['get', '--color', ''], ['auto', 'always', 'never']],
    ['sort-by', ['get', '--sort-by', '.metadata.c'], ['.metadata.creationTimestamp']],
    ['namespaces', ['get', 'pods', '-n', 'k'], ['kube-system']],
    ['namespaces attached', ['get', '-nw'], ['-nweb']],
    ['resource types for get', ['get', ''], ['pods', 'deployments', 'events', 'events.events.k8s.io', 'widgets']],
    ['resource types by prefix', ['get', 'de'], ['deployments']],
    ['qualified types while typing a group', ['get', 'deployments.'], ['deployments.apps']],
    ['comma list of types', ['get', 'pods,'], ['pods,deployments', 'pods,events', 'pods,events.events.k8s.io', 'pods,widgets']],
    ['watch takes no comma list', ['watch', 'pods,'], []],
    ['object names', ['get', 'pods', 'web'], ['web-1', 'web-2']],
    ['given names are left out', ['get', 'pods', 'web-1', ''], ['web-2', 'db-0']],
    ['no names for a type list', ['get', 'pods,svc', ''], []],
    ['no names for type/name', ['get', 'pods/web-1', ''], []],
    ['free-form flag values', ['get', '-l', ''], []],
    ['no more args for watch', ['watch', 'pods', 'a', ''], []],
  ])('%s', async (_label, words, expected) => {
    expect(await values(words)).toEqual(expected);
  });

  it('passes the type to the object-name source', async () => {
    const sources = fakeSources();
    await completeWords(['watch', 'deploy', ''], sources);
    expect(sources.calls).toEqual(['names:deploy']);
  });

  it('describes candidates', async () => {
    const { candidates } = await completeWords(['get', '--context', 'dev'], fakeSources());
    expect(candidates).toEqual([{ value: 'dev', description: 'config:dev' }]);
    expect((await completeWords(['get', 'po'], fakeSources())).candidates).toEqual([{ value: 'pods', description: 'Pod' }]);
  });

  it.each<[string, string[], number]>([
    ['file names for --kubeconfig', ['get', '--kubeconfig', ''], Directive.Default],
    ['no files for contexts', ['get', '--context', ''], Directive.NoFileComp],
    ['no space after custom-columns=', ['get', '-o', 'cus'], Directive.NoFileComp | Directive.NoSpace],
    ['space after other formats', ['get', '-o', ''], Directive.NoFileComp],
  ])('directive: %s', async (_label, words, directive) => {
    expect((await completeWords(words, fakeSources())).directive).toBe(directive);
  });

  it('offers nothing when a source fails', async () => {
    const failing = fakeSources({ contexts: async () => Promise.reject(new Error('boom')), namespaces: async () => Promise.reject(new Error('x')) });
    expect(await completeWords(['get', '--context', ''], failing)).toEqual({ candidates: [], directive: Directive.NoFileComp });
    expect(await values(['get', '-n', ''], failing)).toEqual([]);
  });
});

describe('the protocol', () => {
  it('prints value<TAB>description lines and the directive', () => {
    const text = formatCompletion({
      candidates: [{ value: 'a', description: 'first\tone\n' }, { value: 'b' }, { value: 'bad\nname' }, { value: '' }, { value: 'c', description: '' }],
      directive: 6,
    });
    expect(text).toBe('a\tfirst one\nb\nc\n:6\n');
  });

  it('answers with the error directive when completion itself throws', async () => {
    const stdout = new Capture();
    const stderr = new Capture();
    // A bug inside completion (here: no words at all) must not reach the shell as a stack trace.
    const code = await runComplete(undefined as unknown as string[], { stdout, stderr, env: { KUBEMUX_DEBUG: '1' }, sources: fakeSources() });
    expect(code).toBe(0);
    expect(stdout.text).toBe(':1\n');
    expect(stderr.text).toMatch(/^completion: TypeError/);
  });

  it('writes candidates for a run', async () => {
    const stdout = new Capture();
    await runComplete(['completion', 'z'], { stdout, stderr: new Capture(), env: {}, sources: fakeSources() });
    expect(stdout.text).toBe('zsh\n:4\n');
  });
});
