import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/cli.js';
import { startSimFleet, type Fleet } from '../helpers/fleet.js';

describe('get against simulated clusters', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startSimFleet([{ name: 'east', pods: 3 }, { name: 'west', pods: 2, seed: 2 }]);
  });
  afterAll(() => fleet.stop());

  it('prints one table with CLUSTER and NAMESPACE first, clusters in selection order', async () => {
    const r = await runInProcess(['get', 'pods', '-A', ...fleet.args], { env: fleet.env });
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    const [header, ...rows] = r.stdout.trim().split('\n');
    expect(header).toMatch(/^CLUSTER +NAMESPACE +NAME +READY +STATUS +RESTARTS +AGE$/);
    const expected = fleet.clusters.flatMap((c) => c.list('pods').map((p) => `${c.name} ${p.metadata!.namespace} ${p.metadata!.name}`));
    expect(rows.map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual(expected);
  });
});
