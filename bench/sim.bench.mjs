// The simulator's scale targets (issue 3), with the simulator in a child process and the client here:
//   1. one process hosts 20 clusters x 10,000 pods in under 1 GiB (RSS after start-up and after the list runs),
//   2. a 10,000-pod list in pages of 500 answers within a second (JSON and Table, median of runs),
//   3. watches deliver at least 5,000 events/s in total (one watch per cluster, churn on every cluster).
// Run: npm run bench -- sim     (SIM_BENCH_CLUSTERS, SIM_BENCH_PODS, SIM_BENCH_RUNS to change the sizes)
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { bundleForBench, median } from './lib.mjs';

const CLUSTERS = Number(process.env.SIM_BENCH_CLUSTERS ?? 20);
const PODS = Number(process.env.SIM_BENCH_PODS ?? 10_000);
const RUNS = Number(process.env.SIM_BENCH_RUNS ?? 5);
const CHURN_PER_CLUSTER = Number(process.env.SIM_BENCH_CHURN ?? 400);
const WATCH_SECONDS = 5;

const work = mkdtempSync(path.join(os.tmpdir(), 'kubemux-sim-bench-'));
const bundle = path.join(work, 'sim.mjs');
await bundleForBench(fileURLToPath(new URL('../src/sim/index.ts', import.meta.url)), bundle);
const host = path.join(work, 'host.mjs');
writeFileSync(host, `
import { startFleet } from ${JSON.stringify(bundle)};
import readline from 'node:readline';
const t0 = Date.now();
const fleet = await startFleet(${CLUSTERS}, { pods: ${PODS}, namePrefix: 'bench' });
const startMs = Date.now() - t0;
const rss = () => { globalThis.gc?.(); return Math.round(process.memoryUsage().rss / 1048576); };
const heap = () => Math.round(process.memoryUsage().heapUsed / 1048576);
console.log(JSON.stringify({ startMs, rssMb: rss(), heapMb: heap(), clusters: fleet.map((c) => ({ url: c.url, ca: c.caPem, token: c.tokenFor() })) }));
let churns = [];
for await (const line of readline.createInterface({ input: process.stdin })) {
  const [cmd, arg] = line.split(' ');
  if (cmd === 'rss') console.log(JSON.stringify({ rssMb: rss(), heapMb: heap() }));
  if (cmd === 'churn') { churns = fleet.map((c) => c.churn({ eventsPerSecond: Number(arg), seed: 7 })); console.log('{}'); }
  if (cmd === 'stop') { churns.forEach((c) => c.stop()); console.log('{}'); }
  if (cmd === 'exit') break;
}
// stdin closed (the bench ended or died) or 'exit': stop everything
churns.forEach((c) => c.stop());
await Promise.all(fleet.map((c) => c.stop()));
process.exit(0);
`);

const child = spawn(process.execPath, ['--expose-gc', host], { stdio: ['pipe', 'pipe', 'inherit'] });
// bounded: a stalled run fails instead of hanging
const watchdog = setTimeout(() => {
  console.error('sim bench: no result within 8 minutes, giving up');
  child.kill();
  process.exit(1);
}, 8 * 60_000);
watchdog.unref();
const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
const next = async () => JSON.parse((await lines.next()).value);
const ask = async (cmd) => { child.stdin.write(`${cmd}\n`); return next(); };

console.log(`\nstarting ${CLUSTERS} clusters x ${PODS} pods in one process...`);
const started = await next();
const clusters = started.clusters;

// parse=false reads the whole body but decodes only the list metadata at its head (server-side time). A keep-alive
// socket the server closed just as it was reused gives ECONNRESET: such a GET is sent once more.
function get(c, p, accept, parse = true) {
  return getOnce(c, p, accept, parse).catch((err) => (err.code === 'ECONNRESET' ? getOnce(c, p, accept, parse) : Promise.reject(err)));
}
function getOnce(c, p, accept, parse) {
  return new Promise((resolve, reject) => {
    const req = https.request(`${c.url}${p}`, { ca: c.ca, headers: { authorization: `Bearer ${c.token}`, accept }, agent }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        if (parse) return resolve(JSON.parse(body.toString('utf8')));
        const cont = /"continue":"([^"]*)"/.exec(body.subarray(0, 400).toString('utf8'));
        resolve({ metadata: { continue: cont?.[1] }, items: [] });
      });
    });
    req.on('error', reject);
    req.end();
  });
}
const agent = new https.Agent({ keepAlive: true, maxSockets: 4 });

async function fullList(c, accept, parse) {
  let token = '';
  let count = 0;
  const t0 = performance.now();
  do {
    const page = await get(c, `/api/v1/pods?limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`, accept, parse);
    count += (page.items ?? page.rows).length;
    token = page.metadata.continue ?? '';
  } while (token);
  return { ms: performance.now() - t0, count };
}

const progress = (what) => process.stderr.write(`  ${what}\n`);
progress(`started in ${(started.startMs / 1000).toFixed(1)} s`);
const results = {};
for (const [name, accept] of [['JSON', 'application/json'], ['Table', 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json']]) {
  for (const parse of [true, false]) {
    await fullList(clusters[0], accept, parse);
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await fullList(clusters[i % clusters.length], accept, parse);
      if (parse && r.count !== PODS) throw new Error(`listed ${r.count} pods, expected ${PODS}`);
      times.push(r.ms);
    }
    progress(`${name} lists (parse=${parse}) done`);
    results[`${name}${parse ? ', parsed by the client' : ', bytes read by the client'}`] = median(times);
  }
}

async function watchRate(watchers, perCluster) {
  const rvs = await Promise.all(clusters.map((c) => get(c, '/api/v1/pods?limit=1', 'application/json').then((l) => l.metadata.resourceVersion)));
  let events = 0;
  const watches = clusters.flatMap((c, i) => Array.from({ length: watchers }, () => https.get(`${c.url}/api/v1/pods?watch=true&resourceVersion=${rvs[i]}`, { ca: c.ca, headers: { authorization: `Bearer ${c.token}` } }, (res) => {
    res.on('data', (d) => { for (let j = 0; j < d.length; j++) if (d[j] === 10) events++; });
  })));
  await new Promise((r) => setTimeout(r, 300));
  await ask(`churn ${perCluster}`);
  const w0 = performance.now();
  const e0 = events;
  await new Promise((r) => setTimeout(r, WATCH_SECONDS * 1000));
  const rate = ((events - e0) * 1000) / (performance.now() - w0);
  await ask('stop');
  watches.forEach((w) => w.destroy());
  return rate;
}
const rates = [];
for (const watchers of [1, 4]) progress(`watch phase, ${watchers} per cluster`), rates.push([watchers, CHURN_PER_CLUSTER / watchers, await watchRate(watchers, CHURN_PER_CLUSTER / watchers)]);
const after = await ask('rss');
child.stdin.write('exit\n');
agent.destroy();

console.log(`\n### Simulator scale (${CLUSTERS} clusters x ${PODS} pods, one process)\n`);
console.log('| what | figure | target |');
console.log('|---|---:|---|');
console.log(`| start-up of all clusters | ${(started.startMs / 1000).toFixed(1)} s | - |`);
console.log(`| RSS after start-up (after a GC; V8 heap in use ${started.heapMb} MiB) | ${started.rssMb} MiB | < 1024 MiB |`);
console.log(`| RSS after lists and watches (after a GC; V8 heap in use ${after.heapMb} MiB) | ${after.rssMb} MiB | < 1024 MiB |`);
for (const [name, ms] of Object.entries(results)) {
  console.log(`| ${PODS}-pod list in pages of 500, ${name} (median of ${RUNS}) | ${ms.toFixed(0)} ms | < 1000 ms |`);
}
for (const [watchers, churn, rate] of rates) {
  const offered = CLUSTERS * watchers * churn;
  console.log(`| watch events delivered: ${watchers} watch(es) per cluster, churn ${churn}/s per cluster (${offered}/s offered) | ${Math.round(rate)} events/s | >= 5000/s |`);
}
