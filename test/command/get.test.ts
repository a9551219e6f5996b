import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/cli.js';
import { startSimFleet, type Fleet } from '../helpers/fleet.js';

describe('get against simulated clusters', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startSimFleet([{ name: 'east', pods: 3 }, { name: 'west', pods: 2, seed: 2 }]);
  });
  afterAll(() => fleet.stop());

  it('prints one table with a CLUSTER column', async () => {
    const r = await runInProcess(['get', 'pods', '-A', ...fleet.args], { env: fleet.env });
    console.log(r.stdout, r.stderr);
    expect(r.exitCode).toBe(0);
  });
});
