/**
 * "Nothing is lost" (DESIGN.md s.8, issue 5): five simulated clusters churn creates, updates and deletes while faults
 * fire for 20 seconds (dropped watches, restarts, compaction forcing 410, silent connections, 429 and 500, clean
 * closes, lists dropped midway); afterwards the state rebuilt from kubemux's NDJSON equals each cluster's final state
 * exactly, object by object and resourceVersion by resourceVersion, and no object's resourceVersion ever went
 * backwards. Three seeds run side by side (each its own fleet and its own kubemux run) to keep the file near 40 s.
 * Backoff and silence intervals are shrunk through the tuning hook; the logic under test is the production one.
 */
import { describe, expect, it } from 'vitest';
import { startFleet, type SimCluster } from '../../src/sim/index.js';
import { Churner, eventually, fleetConfig, RecordTail, seeded, startTunedWatch, StateBuilder, truth } from './watch-helpers.js';

const FAULT_SECONDS = 20;
const SLOT_MS = 1500;

type Fault = (cluster: SimCluster) => Promise<void> | void;
const FAULTS: Record<string, Fault> = {
  drop: (c) => c.setFaults({ dropWatchAfterEvents: 4 }),
  restart: async (c) => {
    await c.stop();
    await new Promise((r) => setTimeout(r, 300));
    await c.restart();
  },
  compact: (c) => c.compact(),
  silent: (c) => c.setFaults({ silentWatch: true, dropWatchAfterEvents: 1 }),
  throttle: (c) => c.setFaults({ throttleRate: 0.5, retryAfterSeconds: 1 }),
  error500: (c) => c.setFaults({ errorRate: 0.5, errorStatus: 500 }),
  close: (c) => c.setFaults({ closeWatchAfterMs: 250 }),
  relistDrop: (c) => {
    c.setFaults({ dropListMidway: true });
    c.compact();
  },
  calm: () => undefined,
};

async function scenario(seed: number) {
  const fleet = await startFleet(5, { pods: 3, crd: false, seed: seed * 10, watchHistory: 200, bookmarkIntervalMs: 400, namePrefix: `s${seed}` });
  const { file, env } = await fleetConfig(fleet);
  const run = startTunedWatch('pods', { allContexts: true, allNamespaces: true, output: 'ndjson', kubeconfig: [file] }, env, {
    timeoutSeconds: () => 5,
    silenceMs: 1000,
    backoff: { baseMs: 100, maxMs: 1000 },
  });
  const churners = fleet.map((c, i) => new Churner(c, { eventsPerSecond: 25 + 10 * i, seed: seed * 100 + i, population: 25 }).start());
  const random = seeded(seed);
  const names = Object.keys(FAULTS);
  const used = new Set<string>();
  const deadline = Date.now() + FAULT_SECONDS * 1000;
  while (Date.now() < deadline) {
    await Promise.all(
      fleet.map(async (c) => {
        c.clearFaults();
        const name = names[Math.floor(random() * names.length)]!;
        used.add(name);
        await FAULTS[name]!(c);
      }),
    );
    await new Promise((r) => setTimeout(r, SLOT_MS));
  }
  churners.forEach((c) => c.stop());
  fleet.forEach((c) => c.clearFaults());

  const tail = new RecordTail(run.stdout);
  const built = new StateBuilder();
  const settled = await eventually(() => {
    built.apply(tail.next());
    return fleet.every((c) => JSON.stringify(built.of(c.name)) === JSON.stringify(truth(c)));
  }, 20_000);
  run.interrupt();
  const code = await run.done;
  built.apply(tail.next());
  await Promise.all(fleet.map((c) => c.stop()));
  return { fleet, built, settled, code, used, writes: churners.reduce((n, c) => n + c.writes, 0), stderr: run.stderr.text };
}

describe('watch under faults', () => {
  it(
    'rebuilds every cluster exactly, with no resourceVersion going backwards (3 seeds)',
    async () => {
      const results = await Promise.all([1, 2, 3].map((seed) => scenario(seed)));
      for (const r of results) {
        for (const c of r.fleet) expect(r.built.of(c.name)).toEqual(truth(c));
        expect(r.built.backwards).toEqual([]);
        expect(r.settled).toBe(true);
        expect(r.code).toBe(0);
        expect(r.writes).toBeGreaterThan(2000);
        expect(r.built.errors).toBeGreaterThan(0); // faults were seen and reported, not hidden
        expect(r.stderr).toMatch(/^error: \[s\d-\d\] (TooManyRequests|InternalError|Timeout|ConnectionRefused|ConnectionReset)/m);
      }
      const used = new Set(results.flatMap((r) => [...r.used]));
      expect([...used].sort()).toEqual(Object.keys(FAULTS).sort());
    },
    120_000,
  );
});
