/** Types of bench/watch-host.mjs (the simulator host used by the watch benchmark and flow tests). */
export interface HostCluster {
  name: string;
  eventsPerSecond: number;
  population: number;
  seed: number;
  prefix?: string;
}
export interface SimHost {
  readonly kubeconfig: string;
  readonly dir: string;
  churn(): void;
  stop(): Promise<{ stopped: true; writes: number[]; truth: Record<string, [string, string][]> }>;
  exit(): Promise<void>;
  kill(): void;
}
export function bundleSimHost(): Promise<string>;
export function startSimHost(clusters: HostCluster[], opts?: { watchHistory?: number }): Promise<SimHost>;
