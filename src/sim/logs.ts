/**
 * Container logs (`GET pods/NAME/log`): deterministic lines, one every `logIntervalMs` since the container
 * started, stamped with real times, with `container`, `timestamps`, `tailLines`, `sinceTime`, `sinceSeconds`,
 * `limitBytes`, `previous` and `follow` (new lines as their time comes, until the client leaves or the pod goes).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Json } from './columns.js';
import { queryFlag } from './http.js';
import { ApiError, readObject, type WriteState } from './objects.js';
import type { ResourcePath } from './router.js';

/** Lines kept per container (older ones are "rotated away"). */
const RETAINED = 500;

const MESSAGES = [
  (n: number) => `level=info msg="handled request" method=GET path=/api/items/${n % 997} status=200 duration_ms=${(n * 7) % 250}`,
  (n: number) => `level=info msg="handled request" method=POST path=/api/orders status=201 duration_ms=${(n * 13) % 400}`,
  (n: number) => `level=debug msg="cache lookup" key=item:${n % 211} hit=${n % 3 !== 0}`,
  (n: number) => `level=warn msg="slow upstream" upstream=db latency_ms=${500 + ((n * 31) % 1500)}`,
  (n: number) => `level=info msg="health check" status=ok`,
  (n: number) => `level=error msg="request failed" path=/api/items/${n % 997} error="context deadline exceeded"`,
];

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** Line `k` of a container's log (deterministic for pod, container and k). */
export function logLine(pod: string, container: string, k: number): string {
  const h = hash(`${pod}/${container}/${k}`);
  return MESSAGES[h % 6 === 5 && h % 5 !== 0 ? 0 : h % 6]!(k + (h % 1000));
}

/** RFC 3339 with nanoseconds trimmed the way Go's RFC3339Nano prints them. */
function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}

function invalid(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

/** Answers GET pods/NAME/log. */
export async function serveLogs(state: WriteState, req: IncomingMessage, res: ServerResponse, p: ResourcePath): Promise<void> {
  const q = new URL(req.url ?? '/', 'https://x').searchParams;
  const pod: Json = readObject(state, p.def, p.namespace, p.name!);
  const names: string[] = (pod.spec?.containers ?? []).map((c: Json) => c.name);
  let container = q.get('container') ?? '';
  if (!container) {
    if (names.length !== 1) throw invalid(`a container name must be specified for pod ${p.name}, choose one of: [${names.join(' ')}]`);
    container = names[0]!;
  }
  if (!names.includes(container)) throw invalid(`container ${container} is not valid for pod ${p.name}`);
  const status = (pod.status?.containerStatuses ?? []).find((c: Json) => c.name === container);
  const interval = state.opts.logIntervalMs;
  let base = Date.parse(status?.state?.running?.startedAt ?? pod.status?.startTime ?? pod.metadata?.creationTimestamp);
  let end = Number.POSITIVE_INFINITY;
  const previous = queryFlag(q, 'previous');
  if (previous) {
    const term = status?.lastState?.terminated;
    if (!term) throw invalid(`previous terminated container "${container}" in pod "${p.name}" not found`);
    base = Date.parse(term.startedAt ?? pod.status?.startTime);
    end = Date.parse(term.finishedAt);
  }
  const timestamps = queryFlag(q, 'timestamps');
  const sinceSeconds = Number(q.get('sinceSeconds') ?? 0);
  const sinceTime = q.get('sinceTime') ? Date.parse(q.get('sinceTime')!) : sinceSeconds > 0 ? Date.now() - sinceSeconds * 1000 : 0;
  const tail = q.get('tailLines') === null ? -1 : Number(q.get('tailLines'));
  let budget = q.get('limitBytes') === null ? Number.POSITIVE_INFINITY : Number(q.get('limitBytes'));
  const podName = p.name!;
  const text = (k: number): string => {
    const line = `${logLine(podName, container, k)}\n`;
    return timestamps ? `${rfc3339Nano(base + k * interval)} ${line}` : line;
  };
  const lastK = (): number => Math.floor((Math.min(Date.now(), end) - base) / interval);
  let first = Math.max(0, lastK() - RETAINED + 1);
  if (sinceTime > 0) first = Math.max(first, Math.ceil((sinceTime - base) / interval));
  let k = lastK();
  if (tail >= 0) first = Math.max(first, k - tail + 1);
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  const write = (from: number, to: number): boolean => {
    let out = '';
    for (let i = from; i <= to; i++) out += text(i);
    if (out.length > budget) {
      res.end(out.slice(0, budget));
      return false;
    }
    budget -= out.length;
    res.write(out);
    return true;
  };
  if (!write(first, k)) return;
  if (!queryFlag(q, 'follow') || previous) return void res.end();
  const timer = setInterval(() => {
    const entry = state.store.get('pods', p.namespace ?? '', podName);
    if (!entry) return stop('end');
    const now = lastK();
    if (now > k && write(k + 1, now)) k = now;
    else if (now > k) stop('done');
  }, Math.min(interval, 1000));
  const stop = (how: 'end' | 'destroy' | 'done'): void => {
    clearInterval(timer);
    state.streams.delete(closer);
    if (how === 'destroy') res.socket?.destroy();
    else if (how === 'end' && !res.writableEnded) res.end();
  };
  const closer = (): void => stop('destroy');
  state.streams.add(closer);
  res.on('close', () => stop('done'));
}
