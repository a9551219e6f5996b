/**
 * Helpers of the watch tests (command and e2e tiers): a churn driver that creates, updates and deletes pods on a
 * simulated cluster with plain create/update/remove calls (each pod carries the time it was written in an
 * annotation), a streaming capture of an in-process run, and the rebuild of cluster state from kubemux's NDJSON.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WatchFlags } from '../../src/cli.js';
import { main } from '../../src/cli.js';
import type { WatchTuning } from '../../src/commands/watch.js';
import { runWatch } from '../../src/commands/watch.js';
import type { Io } from '../../src/io.js';
import type { KubeObject } from '../../src/kube/types.js';
import type { SimCluster } from '../../src/sim/index.js';
import { writeKubeconfig } from '../../src/sim/index.js';
import { Capture, testEnv } from '../helpers/cli.js';

export { Churner, MADE_AT, seeded } from '../../bench/watch-churn.js';

/** One NDJSON watch record as kubemux prints it. */
export interface WatchRecord {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'ERROR';
  clusterId: string;
  clusterName: string;
  object?: KubeObject;
  error?: { code: number | null; reason: string; message: string };
}

/**
 * Rebuilds per-cluster state (clusterName -> "ns/name" -> resourceVersion) from NDJSON records, incrementally, and
 * collects every place where an object's resourceVersion went backwards.
 */
export class StateBuilder {
  readonly state = new Map<string, Map<string, string>>();
  readonly backwards: string[] = [];
  records = 0;
  errors = 0;
  private readonly highest = new Map<string, number>();

  apply(records: readonly WatchRecord[]): this {
    for (const r of records) {
      this.records++;
      if (r.type === 'ERROR' || !r.object) {
        this.errors++;
        continue;
      }
      const key = `${r.object.metadata?.namespace}/${r.object.metadata?.name}`;
      const rv = r.object.metadata?.resourceVersion ?? '';
      const seen = `${r.clusterId}|${key}`;
      const before = this.highest.get(seen) ?? 0;
      if (Number(rv) < before) this.backwards.push(`${seen} ${before} -> ${rv} (${r.type})`);
      this.highest.set(seen, Math.max(Number(rv), before));
      let cluster = this.state.get(r.clusterName);
      if (!cluster) this.state.set(r.clusterName, (cluster = new Map()));
      if (r.type === 'DELETED') cluster.delete(key);
      else cluster.set(key, rv);
    }
    return this;
  }

  /** The rebuilt state of one cluster, sorted, for comparisons. */
  of(clusterName: string): [string, string][] {
    return [...(this.state.get(clusterName) ?? new Map<string, string>())].sort();
  }
}

/** Reads the complete NDJSON lines a growing text has gained since the last call. */
export class RecordTail {
  private offset = 0;
  constructor(private readonly source: { text: string }) {}
  next(): WatchRecord[] {
    const end = this.source.text.lastIndexOf('\n') + 1;
    if (end <= this.offset) return [];
    const chunk = this.source.text.slice(this.offset, end);
    this.offset = end;
    return chunk.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as WatchRecord);
  }
}

/** What a cluster really holds now: sorted ["ns/name", resourceVersion] of its pods. */
export function truth(cluster: SimCluster, resource = 'pods'): [string, string][] {
  return cluster.list(resource).map((o): [string, string] => [`${o.metadata?.namespace}/${o.metadata?.name}`, o.metadata?.resourceVersion ?? '']).sort();
}

/** Parses NDJSON text (ignoring a partial last line). */
export function parseRecords(text: string): WatchRecord[] {
  const lines = text.split('\n');
  lines.pop();
  return lines.filter((l) => l !== '').map((l) => JSON.parse(l) as WatchRecord);
}

/** A kubeconfig for `clusters` in a fresh folder; returns its path and a test environment. */
export async function fleetConfig(clusters: SimCluster[], opts: { user?: string; namespace?: string } = {}, env: NodeJS.ProcessEnv = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-watch-'));
  const file = path.join(dir, 'fleet.yaml');
  await writeKubeconfig(file, clusters, opts);
  return { file, env: testEnv(env) };
}

/** An in-process watch run whose output can be read while it runs, and stopped like SIGINT. */
export interface LiveWatch {
  readonly stdout: Capture;
  readonly stderr: Capture;
  readonly done: Promise<number>;
  interrupt(): void;
}

/** Starts `kubemux <args>` in-process (through main), or runWatch with `tuning` when given `watch` flags. */
export function startLive(args: string[], env: NodeJS.ProcessEnv): LiveWatch {
  const stdout = new Capture();
  const stderr = new Capture();
  const controller = new AbortController();
  const io: Io = { stdout, stderr, env, cwd: process.cwd(), signal: controller.signal };
  return { stdout, stderr, done: main(args, io), interrupt: () => controller.abort() };
}

/** Starts a watch in-process with shrunk timing (backoff, silence), bypassing commander for the tuning hook. */
export function startTunedWatch(type: string, flags: Partial<WatchFlags>, env: NodeJS.ProcessEnv, tuning: Partial<WatchTuning>): LiveWatch {
  const stdout = new Capture();
  const stderr = new Capture();
  const controller = new AbortController();
  const io: Io = { stdout, stderr, env, cwd: process.cwd(), signal: controller.signal };
  const full: WatchFlags = { concurrency: '16', requestTimeout: '30s', color: 'never', headers: true, ...flags };
  return { stdout, stderr, done: runWatch(type, undefined, full, io, tuning), interrupt: () => controller.abort() };
}

/** Resolves once `check` returns true (polled every `everyMs`), or false after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return check();
}
