/** `kubemux get ... | head -1` ends quietly: no EPIPE stack trace, exit 0. */
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { startSimFleet, type Fleet } from '../helpers/fleet.js';

describe('kubemux get into a pipe that closes early', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startSimFleet([{ name: 'a', pods: 3000 }, { name: 'b', pods: 3000 }]);
  });
  afterAll(() => fleet.stop());

  it.each([['-o', 'ndjson'], ['-o', 'table']])('%s %s', async (...format) => {
    const r = await execa('bash', ['-c', `node ${BIN} get pods -A ${format.join(' ')} ${fleet.args.join(' ')} | head -1 >/dev/null; echo "exit=\${PIPESTATUS[0]}"`], {
      env: fleet.env,
      extendEnv: false,
      reject: false,
    });
    expect(r.stdout).toBe('exit=0');
    expect(r.stderr).toBe('');
  });
});
