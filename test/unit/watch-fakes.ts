/**
 * Fakes for the watch unit tests only: a scripted ClusterClient whose responses are PassThrough streams with a status
 * and headers (what watch-stream and the cursor read of an IncomingMessage), and a minimal ClusterEntry.
 */
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import type { ClusterClient, ClusterRequestOptions } from '../../src/clusters/client.js';
import type { ClusterEntry } from '../../src/clusters/types.js';
import { ClusterError } from '../../src/errors.js';

/** A ClusterEntry with only the fields the watch code reads. */
export function fakeEntry(clusterId = 'config:a', clusterName = 'a'): ClusterEntry {
  return {
    clusterId,
    clusterName,
    file: '/tmp/config',
    fileId: 'config',
    fileIndex: 0,
    context: clusterName,
    cluster: clusterName,
    user: 'admin',
    namespace: undefined,
    server: 'https://127.0.0.1:1',
    current: true,
    invalidReason: undefined,
    clusterRef: undefined,
    userRef: undefined,
  };
}

/** A response stream: write NDJSON lines to it, end or destroy it. */
export type FakeResponse = PassThrough & { statusCode: number; headers: Record<string, string> };

/** A response with `status`, `headers` and an optional body written at once (`end` ends it). */
export function fakeResponse(status: number, body?: string | object, opts: { headers?: Record<string, string>; end?: boolean } = {}): FakeResponse {
  const res = Object.assign(new PassThrough(), { statusCode: status, headers: opts.headers ?? {} }) as FakeResponse;
  if (body !== undefined) res.write(typeof body === 'string' ? body : JSON.stringify(body));
  if (opts.end ?? true) res.end();
  return res;
}

/** A Status body. */
export function status(code: number, reason: string, message: string): object {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message };
}

/** One recorded request. */
export interface FakeCall {
  path: string;
  query: URLSearchParams;
  opts: ClusterRequestOptions;
}

/** A ClusterClient answering each request with `handler` (a response, or a ClusterError to reject with). */
export class ScriptedClient implements ClusterClient {
  readonly calls: FakeCall[] = [];
  constructor(
    private readonly handler: (call: FakeCall, index: number) => FakeResponse | ClusterError | Promise<FakeResponse | ClusterError>,
    readonly entry: ClusterEntry = fakeEntry(),
  ) {}

  async request(path: string, opts: ClusterRequestOptions = {}): Promise<IncomingMessage> {
    const [p, q] = path.split('?');
    const call = { path: p!, query: new URLSearchParams(q ?? ''), opts };
    this.calls.push(call);
    const answer = await this.handler(call, this.calls.length - 1);
    if (answer instanceof ClusterError) throw answer;
    return answer as unknown as IncomingMessage;
  }
}

/** A pod as the watch code sees it. */
export function pod(name: string, rv: string | number, extra: { namespace?: string; uid?: string } = {}): Record<string, unknown> {
  return { kind: 'Pod', apiVersion: 'v1', metadata: { name, namespace: extra.namespace ?? 'default', resourceVersion: String(rv), uid: extra.uid ?? `uid-${name}` } };
}

/** One NDJSON watch event line. */
export function line(type: string, object: object): string {
  return `${JSON.stringify({ type, object })}\n`;
}
