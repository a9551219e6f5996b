// `kubemux watch` throughput and delay (issue 5), against simulated clusters hosted in a separate process
// (bench/watch-sim-host.ts) so the simulator's CPU is not counted in the measuring process. Run: `npm run bench -- watch`
// (after `npm run build`). Knobs: WATCH_BENCH_CLUSTERS (10), WATCH_BENCH_RATE (events/s per cluster under load, 500),
// WATCH_BENCH_SECONDS (8).
//
// 0. Ceiling: the same, against 10 plain-HTTP replay servers (bench/watch-replay.mjs) that stream prepared events.
// 1. Throughput: kubemux watches 10 clusters with stdout into a pipe whose reader only counts lines (a /dev/null that
//    can count). kubemux is stopped (SIGSTOP) while the clusters churn a backlog, then continued; merged throughput =
//    backlog events / time until every one of them is printed.
// 2. Delay under load: every cluster churns at WATCH_BENCH_RATE; each pod carries its write time in an annotation,
//    and the delay is (time its line reaches the reader) - (write time), p50/p99 over every event.
// 3. Next to it, in the same run and on the first cluster only: `kubectl get pods -A -w --output-watch-events -o json`.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { BIN, percentile } from './lib.mjs';
import { startSimHost } from './watch-host.mjs';
import { replayKubeconfig, startReplayServer } from './watch-replay.mjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';

const CLUSTERS = Number(process.env.WATCH_BENCH_CLUSTERS ?? 10);
const RATE = Number(process.env.WATCH_BENCH_RATE ?? 500);
const SECONDS = Number(process.env.WATCH_BENCH_SECONDS ?? 8);
const MADE_AT = '"kubemux.test/made-at":';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Whether the record whose made-at stamp is at text[i] is a DELETED event: a delete does not write the pod again, so
 * its stamp is the time of its last update (on average a good fraction of a second earlier), not a delay.
 */
function isDeleted(text, i) {
  const t = text.lastIndexOf('"type"', i);
  if (t === -1) return false;
  const v = text.indexOf('"', text.indexOf(':', t) + 1);
  return text.startsWith('DELETED"', v + 1);
}

/**
 * Reads a child's stdout: counts lines, and records (arrival - made-at) for every ADDED or MODIFIED record that carries
 * the annotation (kubemux's ndjson lines and kubectl's pretty JSON alike); DELETED records are only counted.
 */
function reader(stream, { measure }) {
  const stats = { lines: 0, delays: [], deleted: 0 };
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const now = Date.now();
    let from = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', nl + 1)) stats.lines++;
    if (!measure()) return;
    const text = rest + chunk;
    for (let i = text.indexOf(MADE_AT, from); i !== -1; i = text.indexOf(MADE_AT, from)) {
      const start = text.indexOf('"', i + MADE_AT.length) + 1;
      const end = text.indexOf('"', start);
      if (end === -1) break;
      if (isDeleted(text, i)) stats.deleted++;
      else stats.delays.push(now - Number(text.slice(start, end)));
      from = end;
    }
    // what follows the last stamp: the next record's type may be there (kubectl's records span chunks)
    rest = text.slice(Math.max(from, text.length - 4000));
  });
  return stats;
}

function startKubemux(kubeconfig, dir) {
  const env = { PATH: process.env.PATH, HOME: dir, XDG_CACHE_HOME: path.join(dir, 'cache'), NO_COLOR: '1' };
  return spawn(process.execPath, [BIN, 'watch', 'pods', '-A', '--all-contexts', '-o', 'ndjson', '--quiet', '--kubeconfig', kubeconfig], {
    env,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

async function until(check, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (!check() && Date.now() < end) await sleep(20);
  return check();
}

const names = Array.from({ length: CLUSTERS }, (_, i) => `wb-${i + 1}`);

// 0. kubemux's own ceiling: 10 replay servers stream prepared events as fast as kubemux reads them.
{
  const PER = 20_000;
  const servers = await Promise.all(names.map(() => startReplayServer(PER)));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubemux-replay-'));
  const kubeconfig = path.join(dir, 'replay.yaml');
  writeFileSync(kubeconfig, replayKubeconfig(servers));
  const t0 = performance.now();
  const child = startKubemux(kubeconfig, dir);
  const stats = reader(child.stdout, { measure: () => false });
  const done = await until(() => stats.lines >= PER * CLUSTERS, 120_000);
  const seconds = (performance.now() - t0) / 1000;
  child.kill('SIGINT');
  servers.forEach((s) => s.close());
  console.log(`\n### watch: merged throughput, ${CLUSTERS} replay servers (plain HTTP, prepared events), stdout into a counting pipe\n`);
  console.log('| events | printed | seconds (process start to last line) | events/s | target |');
  console.log('|---:|---:|---:|---:|---:|');
  console.log(`| ${PER * CLUSTERS} | ${stats.lines}${done ? '' : ' (timed out)'} | ${seconds.toFixed(2)} | ${Math.round(stats.lines / seconds)} | 20000 |`);
}

// 1. Throughput on a backlog.
{
  // The backlog per cluster (~2,000 events, ~2.5 MB) stays under the simulator's 4 MiB per-watch send buffer, past
  // which it drops the client (kubemux then re-lists: lossless, but it prints the difference, not every event).
  const host = await startSimHost(names.map((name, i) => ({ name, eventsPerSecond: 500, population: 100, seed: i + 1 })), { watchHistory: 100_000 });
  const child = startKubemux(host.kubeconfig, host.dir);
  const stats = reader(child.stdout, { measure: () => false });
  await sleep(2000);
  child.kill('SIGSTOP');
  host.churn();
  await sleep(4000);
  const { writes } = await host.stop();
  const backlog = writes.reduce((a, b) => a + b, 0);
  const before = stats.lines;
  const t0 = performance.now();
  child.kill('SIGCONT');
  const done = await until(() => stats.lines - before >= backlog, 60_000);
  const seconds = (performance.now() - t0) / 1000;
  child.kill('SIGINT');
  await host.exit();
  console.log(`\n### watch: merged throughput, ${CLUSTERS} clusters, stdout into a counting pipe\n`);
  console.log('| backlog events | printed | seconds | events/s | target |');
  console.log('|---:|---:|---:|---:|---:|');
  console.log(`| ${backlog} | ${stats.lines - before}${done ? '' : ' (timed out)'} | ${seconds.toFixed(2)} | ${Math.round((stats.lines - before) / seconds)} | 20000 |`);
}

// 2 + 3. Delay under a sustained load, kubemux on every cluster and kubectl on the first one, at the same time.
{
  const host = await startSimHost(names.map((name, i) => ({ name, eventsPerSecond: RATE, population: 100, seed: 100 + i })));
  const child = startKubemux(host.kubeconfig, host.dir);
  let measuring = false;
  const mux = reader(child.stdout, { measure: () => measuring });
  let kubectl;
  let kstats = { lines: 0, delays: [], deleted: 0 };
  let kubectlNote = '';
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    const kenv = { PATH: process.env.PATH, HOME: host.dir, KUBECONFIG: host.kubeconfig, KUBECACHEDIR: path.join(host.dir, 'kcache') };
    kubectl = spawn('kubectl', ['get', 'pods', '-A', '-w', '--output-watch-events', '-o', 'json', '--context', names[0]], { env: kenv, stdio: ['ignore', 'pipe', 'ignore'] });
    kstats = reader(kubectl.stdout, { measure: () => measuring });
  } catch {
    kubectlNote = ' (kubectl not found: skipped)';
  }
  await sleep(2500);
  host.churn();
  await sleep(1000);
  measuring = true;
  const l0 = mux.lines;
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  measuring = false;
  const rate = (mux.lines - l0) / ((performance.now() - t0) / 1000);
  const { writes } = await host.stop();
  child.kill('SIGINT');
  kubectl?.kill('SIGINT');
  await host.exit();
  const row = (what, s, offered) =>
    `| ${what} | ${offered} | ${s.delays.length} | ${s.deleted} | ${percentile(s.delays, 50) ?? '-'} | ${percentile(s.delays, 99) ?? '-'} | ${s.delays.length ? Math.max(...s.delays) : '-'} |`;
  console.log(`\n### watch: delay from a write in the simulator to its line on stdout (${SECONDS} s at ${RATE} events/s per cluster)\n`);
  console.log(`kubemux printed ${Math.round(rate)} events/s; the simulator made ${writes.reduce((a, b) => a + b, 0)} writes in all.\n`);
  console.log('Measured on ADDED and MODIFIED records; a DELETED record carries the stamp of its last update, not of the delete.\n');
  console.log('| what | offered events/s | events measured | DELETED (not measured) | p50 ms | p99 ms | max ms |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  console.log(row(`kubemux watch, ${CLUSTERS} clusters, -o ndjson`, mux, RATE * CLUSTERS));
  console.log(row(`kubectl get pods -A -w --output-watch-events -o json, 1 cluster${kubectlNote}`, kstats, RATE));
}
