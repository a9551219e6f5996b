/**
 * Churn: pods created, updated and deleted at a steady rate, so watches and the demo have something to show.
 * The sequence of operations is deterministic for a seed (timing decides only how many run per tick).
 */
import type { Json } from './columns.js';
import { safeSuffix } from './controller.js';
import { createObject, deleteObject, updateObject, type WriteState } from './objects.js';
import { seededRandom } from './workloads.js';

/** Options of startChurn. */
export interface ChurnOptions {
  /** Operations per second (create + update + delete). */
  eventsPerSecond: number;
  /** Seed of the operation sequence (default: the cluster seed + 1000). */
  seed?: number;
  /** Namespace to churn in (default `default`). */
  namespace?: string;
}

const MAX_CHURN_PODS = 50;

/** Starts churning `state`; stop() ends it. */
export function startChurn(state: WriteState, opts: ChurnOptions): { stop(): void } {
  const rnd = seededRandom(opts.seed ?? state.opts.seed + 1000);
  const ns = opts.namespace ?? 'default';
  const podDef = state.findByKey('pods')!;
  const mine: string[] = [];
  let generation = 0;
  const create = (): void => {
    const name = `churn-${safeSuffix({ random: rnd }, 5)}`;
    if (state.store.get('pods', ns, name)) return;
    createObject(state, podDef, { metadata: { name, namespace: ns, labels: { app: 'churn' } }, spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] } }, { owned: true });
    mine.push(name);
  };
  const update = (): void => {
    const name = mine[Math.floor(rnd() * mine.length)]!;
    const entry = state.store.get('pods', ns, name);
    if (!entry) return;
    const pod: Json = JSON.parse(entry.json);
    const ready = !pod.status.containerStatuses[0].ready;
    pod.status.containerStatuses[0].ready = ready;
    pod.status.conditions = pod.status.conditions.map((c: Json) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: ready ? 'True' : 'False' } : c));
    pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), 'sim.kubemux.io/generation': String(++generation) };
    updateObject(state, podDef, pod, { owned: true });
  };
  const remove = (): void => {
    const [name] = mine.splice(Math.floor(rnd() * mine.length), 1);
    if (name && state.store.get('pods', ns, name)) deleteObject(state, podDef, ns, name);
  };
  const step = (): void => {
    const r = rnd();
    if (mine.length === 0 || (r < 0.35 && mine.length < MAX_CHURN_PODS)) create();
    else if (r < 0.7 || mine.length < 3) update();
    else remove();
  };
  const tickMs = Math.max(10, Math.min(100, Math.floor(1000 / Math.max(1, opts.eventsPerSecond))));
  let owed = 0;
  let last = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    owed += ((now - last) * opts.eventsPerSecond) / 1000;
    last = now;
    for (; owed >= 1; owed--) step();
  }, tickMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
