/**
 * The rows kubemux prints for each cluster are exactly the rows the real kubectl prints for that context: cells are
 * cut at the header's column positions (so spaces inside a cell survive), kubemux's CLUSTER column is dropped.
 */
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startSimFleet, type Fleet } from '../helpers/fleet.js';

const kubectl = await execa('kubectl', ['version', '--client'], { reject: false }).then((r) => r.exitCode === 0, () => false);
if (!kubectl) console.log('skipping kubectl comparison: kubectl is not on PATH');

/** Splits aligned table text into rows of trimmed cells, using the header's column starts. */
function cells(text: string): string[][] {
  const lines = text.split('\n').filter((l) => l !== '');
  const header = lines[0] ?? '';
  const starts = [...header.matchAll(/(?:^|\s{2,})(\S)/g)].map((m) => m.index! + m[0].length - 1);
  return lines.map((line) => starts.map((s, i) => line.slice(s, starts[i + 1]).trim()));
}

describe.skipIf(!kubectl)('kubemux rows match kubectl rows', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startSimFleet([
      { name: 'alpha', pods: 6, version: '1.32.4' },
      { name: 'beta', pods: 4, seed: 3, version: '1.30.2' },
    ]);
  });
  afterAll(() => fleet.stop());

  const cases: [string, string[]][] = [
    ['pods -A', ['pods', '-A']],
    ['pods -o wide', ['pods', '-A', '-o', 'wide']],
    ['deployments', ['deployments', '-n', 'kube-system']],
    ['nodes', ['nodes']],
    ['custom resource', ['crontabs']],
  ];

  it.each(cases)('%s', async (_label, args) => {
    const compare = async (): Promise<[string[][], string[][]]> => {
      const expected: string[][] = [];
      for (const c of fleet.clusters) {
        const k = await execa('kubectl', ['get', ...args, '--kubeconfig', fleet.kubeconfig, '--context', c.name], { env: fleet.env, extendEnv: false, reject: false });
        expect(k.exitCode, k.stderr).toBe(0);
        const [header, ...rows] = cells(k.stdout);
        if (expected.length === 0) expected.push(header!);
        expected.push(...rows);
      }
      const m = await runCli(['get', ...args, ...fleet.args], { env: fleet.env });
      expect(m.exitCode, m.stderr).toBe(0);
      const actual = cells(m.stdout).map((row) => row.slice(1));
      return [actual, expected];
    };
    let [actual, expected] = await compare();
    // An AGE cell can tick between the two runs (e.g. 59m -> 60m); one retry settles it.
    if (JSON.stringify(actual) !== JSON.stringify(expected)) [actual, expected] = await compare();
    expect(expected.length).toBeGreaterThan(2);
    expect(actual).toEqual(expected);
  });
});
