import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../helpers/cli.js';
import { bashComplete, binDir, fishComplete, hasShell, zshComplete } from '../helpers/completion-shells.js';
import { kc } from '../helpers/kubeconfig.js';

// Real shells completing real kubeconfig contexts through the built binary (run `npm run build` first).
let env: NodeJS.ProcessEnv;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-complete-'));
  const config = kc().entry('prod-eu').entry('prod-us').entry('dev').current('dev').writeTo(dir, 'config');
  const other = kc().entry('prod-eu').entry('arn:aws:eks:eu-west-1:1:cluster/x').writeTo(path.join(dir, 'more'), 'other');
  env = testEnv({ KUBECONFIG: [config, other].join(path.delimiter), PATH: `${binDir()}${path.delimiter}${process.env.PATH}` });
});

const allContexts = [
  'prod-eu', 'prod-us', 'dev', 'arn:aws:eks:eu-west-1:1:cluster/x',
  'config:prod-eu', 'config:prod-us', 'config:dev', 'other:prod-eu', 'other:arn:aws:eks:eu-west-1:1:cluster/x',
];

/** A line that sets KUBECONFIG in front of the command, pointing at the second file only. */
const assigned = (cmd: string): string => `KUBECONFIG=${dir}/more/other ${cmd} get --context `;
const otherContexts = ['prod-eu', 'arn:aws:eks:eu-west-1:1:cluster/x', 'other:prod-eu', 'other:arn:aws:eks:eu-west-1:1:cluster/x'];

describe('bash', () => {
  it('completes subcommands', async () => {
    expect(await bashComplete('kubemux ge', env)).toEqual(['get']);
  });
  it('completes context names and clusterIds', async () => {
    expect(await bashComplete('kubemux get pods --context ', env)).toEqual(allContexts);
  });
  it('leaves out contexts already on the line, with every entry of the same name', async () => {
    expect(await bashComplete('kubemux get pods --context prod-eu --context dev,', env)).toEqual(['dev,prod-us', 'dev,arn:aws:eks:eu-west-1:1:cluster/x', 'dev,config:prod-us', 'dev,other:arn:aws:eks:eu-west-1:1:cluster/x']);
    expect(await bashComplete('kubemux get --context=config:prod-eu --context ', env)).not.toContain('other:prod-eu');
  });
  it('keeps clusterIds whole across the colon bash splits at', async () => {
    // Readline replaces only the text after the last ":", so the candidates are cut there.
    expect(await bashComplete('kubemux get --context config:prod-', env)).toEqual(['prod-eu', 'prod-us']);
    expect(await bashComplete('kubemux get --context other:', env)).toEqual(['prod-eu', 'arn:aws:eks:eu-west-1:1:cluster/x']);
  });
  it('completes --flag=value forms after the =', async () => {
    expect(await bashComplete('kubemux get --context=d', env)).toEqual(['dev']);
    expect(await bashComplete('kubemux get --color=', env)).toEqual(['auto', 'always', 'never']);
  });
  it('is registered for kubectl-mux too', async () => {
    expect(await bashComplete('kubectl-mux get -o cus', env)).toEqual(['custom-columns=']);
  });
  it('completes file names for --kubeconfig', async () => {
    expect(await bashComplete(`kubemux get --kubeconfig ${dir}/con`, env)).toEqual([`${dir}/config`]);
  });
  it('reads --kubeconfig from the line', async () => {
    expect(await bashComplete(`kubemux --kubeconfig ${dir}/more/other get --context `, env)).toEqual(otherContexts);
  });
  it('honours KUBECONFIG assigned in front of the command', async () => {
    expect(await bashComplete(assigned('kubemux'), env)).toEqual(otherContexts);
  });
});

describe.runIf(hasShell('zsh'))('zsh', () => {
  it('completes subcommands', async () => {
    expect(await zshComplete('kubemux ver', env)).toEqual(['version']);
  });
  it('completes contexts and leaves out given ones', async () => {
    expect((await zshComplete('kubemux get --context ', env)).sort()).toEqual([...allContexts].sort());
    expect((await zshComplete('kubemux get --context prod-eu --context ', env)).sort()).toEqual(
      ['prod-us', 'dev', 'arn:aws:eks:eu-west-1:1:cluster/x', 'config:prod-us', 'config:dev', 'other:arn:aws:eks:eu-west-1:1:cluster/x'].sort(),
    );
  });
  it('completes clusterIds with colons', async () => {
    expect((await zshComplete('kubectl-mux get --context config:prod-', env)).sort()).toEqual(['config:prod-eu', 'config:prod-us']);
  });
  it('honours KUBECONFIG assigned in front of the command', async () => {
    expect((await zshComplete(assigned('kubemux'), env)).sort()).toEqual([...otherContexts].sort());
  });
});
if (!hasShell('zsh')) console.log('skipping zsh completion tests: zsh is not installed');

describe.runIf(hasShell('fish'))('fish', () => {
  it('completes subcommands', async () => {
    expect(await fishComplete('kubemux comp', env)).toEqual(['completion']);
  });
  it('completes contexts and leaves out given ones', async () => {
    expect((await fishComplete('kubemux get --context ', env)).sort()).toEqual([...allContexts].sort());
    expect(await fishComplete('kubectl-mux get --context dev --context prod', env)).toEqual(['prod-eu', 'prod-us']);
  });
  it('honours KUBECONFIG assigned in front of the command', async () => {
    expect((await fishComplete(assigned('kubectl-mux'), env)).sort()).toEqual([...otherContexts].sort());
  });
});
if (!hasShell('fish')) console.log('skipping fish completion tests: fish is not installed');
