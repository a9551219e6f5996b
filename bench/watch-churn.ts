/**
 * A churn driver for the watch tests and benchmark: creates, updates and deletes pods on one simulated cluster at a
 * given rate with plain create/update/remove calls (the sim's own churn() was a placeholder when this was written).
 * Every write stamps the pod with its wall-clock time in an annotation, so a consumer can measure the delay from a
 * write in the simulator to its line on kubemux's stdout.
 */
import type { KubeObject } from '../src/kube/types.js';
import type { SimCluster } from '../src/sim/index.js';
import { seededRandom } from '../src/sim/workloads.js';

/** The annotation carrying the ms timestamp of the write that produced this version of a pod. */
export const MADE_AT = 'kubemux.test/made-at';

/** The simulator's deterministic PRNG (mulberry32), re-exported under the name the watch tests use. */
export { seededRandom as seeded };

/** Drives pods on one cluster at `eventsPerSecond`: creates up to `population`, then updates and deletes at random. */
export class Churner {
  private readonly pods = new Map<string, KubeObject>();
  private timer: NodeJS.Timeout | undefined;
  private next = 0;
  private owed = 0;
  writes = 0;

  constructor(
    private readonly cluster: SimCluster,
    private readonly opts: { eventsPerSecond: number; seed: number; population?: number; namespace?: string; prefix?: string },
  ) {}

  start(tickMs = 10): this {
    const random = seededRandom(this.opts.seed);
    let last = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      this.owed += ((now - last) / 1000) * this.opts.eventsPerSecond;
      last = now;
      for (; this.owed >= 1; this.owed--) this.step(random);
    }, tickMs);
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One write: create while below the population, else update (70%) or delete (30%) a random pod. */
  step(random: () => number): void {
    const population = this.opts.population ?? 30;
    const namespace = this.opts.namespace ?? 'default';
    const names = [...this.pods.keys()];
    const stamp = { [MADE_AT]: String(Date.now()) };
    try {
      if (names.length < population && (names.length === 0 || random() < 0.5)) {
        const name = `${this.opts.prefix ?? 'churn'}-${this.next++}`;
        const pod: KubeObject = {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, namespace, labels: { app: 'churn' }, annotations: stamp },
          spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
        };
        this.pods.set(name, this.cluster.create(pod));
      } else {
        const name = names[Math.floor(random() * names.length)]!;
        if (random() < 0.7) {
          const pod = this.pods.get(name)!;
          const { resourceVersion: _rv, ...metadata } = pod.metadata ?? {};
          this.pods.set(name, this.cluster.update({ ...pod, metadata: { ...metadata, annotations: { ...pod.metadata?.annotations, ...stamp } } }));
        } else {
          this.cluster.remove('pods', namespace, name);
          this.pods.delete(name);
        }
      }
      this.writes++;
    } catch {
      // a write racing a restart: the churn goes on with the next one
    }
  }
}

