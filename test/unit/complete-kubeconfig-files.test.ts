import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadKubeconfigs } from '../../src/clusters/kubeconfig.js';
import { main } from '../../src/complete.js';
import { contextChoices, loadContextNames } from '../../src/completion/kubeconfig-files.js';
import { createSources } from '../../src/completion/sources.js';
import { parseLine } from '../../src/completion/words.js';
import { Capture } from '../helpers/cli.js';
import { kc } from '../helpers/kubeconfig.js';

function tmp(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'kubemux-complete-files-'));
}

/** `clusterId` of every choice, the way completion offers them. */
async function ids(flag: string[] | undefined, env: NodeJS.ProcessEnv, cwd = '/'): Promise<string[]> {
  return contextChoices(await loadContextNames(flag, env, cwd)).map((c) => c.clusterId);
}

describe('kubeconfig files for completion', () => {
  it('reads --kubeconfig files, path lists, ~ and directories with the skip rules', async () => {
    const home = tmp();
    const dir = path.join(home, 'configs');
    kc().entry('a').writeTo(dir, 'one.yaml');
    kc().entry('b').writeTo(dir, '.kubeconfig');
    kc().entry('hidden').writeTo(dir, '.secret');
    kc().entry('old').writeTo(dir, 'one.yaml.bak');
    kc().entry('tok').writeTo(dir, 'token-cache');
    writeFileSync(path.join(dir, 'notes.txt'), 'just some text\n');
    mkdirSync(path.join(dir, 'sub'));
    const single = kc().entry('c').writeTo(home, 'single');
    const env = { HOME: home };
    expect(await ids(['~/configs'], env)).toEqual(['.kubeconfig:b', 'one.yaml:a']);
    expect(await ids([`configs${path.delimiter}single`], env, home)).toEqual(['.kubeconfig:b', 'one.yaml:a', 'single:c']);
    expect(await ids([single, single, path.join(home, 'missing')], env)).toEqual(['single:c']);
  });

  it('reads $KUBECONFIG, else ~/.kube/config', async () => {
    const home = tmp();
    const a = kc().entry('x').writeTo(path.join(home, 'a'), 'config');
    const b = kc().entry('y').entry('x').writeTo(path.join(home, 'b'), 'config');
    kc().entry('home').writeTo(path.join(home, '.kube'), 'config');
    expect(await ids(undefined, { HOME: home, KUBECONFIG: ['', a, b].join(path.delimiter) })).toEqual([`${a}:x`, `${b}:y`, `${b}:x`]);
    expect(await ids(undefined, { HOME: home, KUBECONFIG: '' })).toEqual(['config:home']);
  });

  it('gives the same clusterIds as the kubeconfig loader', async () => {
    const home = tmp();
    const a = kc().entry('prod').entry('arn:aws:eks:eu-west-1:1:cluster/x').writeTo(path.join(home, 'a'), 'config');
    const b = kc().entry('prod').writeTo(path.join(home, 'b'), 'config');
    const link = path.join(home, 'link');
    symlinkSync(a, link);
    const c = kc().entry('dev').raw({ contexts: [{ name: 'dev', context: { cluster: 'dev', user: 'dev' } }], preferences: { colors: true } }).writeTo(home, 'odd');
    const env = { HOME: home };
    const flag = [a, b, link, c];
    const loaded = await loadKubeconfigs(flag, env, '/');
    expect(await ids(flag, env)).toEqual(loaded.entries.map((e) => e.clusterId));
  });

  it('falls back to the yaml package for unusual YAML, and skips files that do not parse', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'flow'), 'contexts: [{name: "f1"}, {name: f2}]\n');
    writeFileSync(path.join(dir, 'broken'), 'contexts: [\n');
    writeFileSync(path.join(dir, 'json'), JSON.stringify({ contexts: [{ name: 'j' }] }));
    expect(await ids([dir], {})).toEqual(['flow:f1', 'flow:f2', 'json:j']);
    expect(await ids([path.join(dir, 'broken')], {})).toEqual([]);
  });
});

describe('createSources', () => {
  it('reads contexts from the files and reports failing lookups on stderr with KUBEMUX_DEBUG=1', async () => {
    const home = tmp();
    const file = kc().entry('a').writeTo(home, 'config');
    const stderr = new Capture();
    const sources = createSources({ HOME: home, KUBECONFIG: file, KUBEMUX_DEBUG: '1' }, '/', stderr);
    const line = parseLine(['get', '--context', '']);
    expect(await sources.contexts(line)).toEqual([{ name: 'a', clusterId: 'config:a' }]);
    const none = createSources({ HOME: home, KUBECONFIG: path.join(home, 'missing'), KUBEMUX_DEBUG: '1' }, '/', stderr);
    await expect(none.namespaces(line)).rejects.toThrow(/no context selected/);
    await expect(none.resourceTypes(line)).rejects.toThrow(/no context selected/);
    await expect(none.objectNames(line, 'pods')).rejects.toThrow(/no context selected/);
    expect(stderr.text.split('\n')[0]).toMatch(/^completion: namespaces: no context selected/);
    const quiet = new Capture();
    await expect(createSources({ HOME: home, KUBECONFIG: path.join(home, 'missing') }, '/', quiet).namespaces(line)).rejects.toThrow();
    expect(quiet.text).toBe('');
  });
});

describe('the __complete entry point', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers on stdout', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    expect(await main(['__complete', 'completion', 'f'])).toBe(0);
    expect(await main(['version', '--h'])).toBe(0);
    vi.restoreAllMocks();
    expect(written.join('')).toBe('fish\n:4\n--help\tdisplay help for command\n:4\n');
  });
});
