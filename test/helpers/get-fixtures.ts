/**
 * Small fixtures for the GET helper's tests: cluster entries built in code (no kubeconfig file needed), and fake
 * responses for the error mapping.
 */
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { ClusterEntry, ResolvedRef } from '../../src/clusters/types.js';

/** A usable cluster entry named `name`; `overrides` replace fields (server, refs, namespace...). */
export function entryFor(name: string, overrides: Partial<ClusterEntry> = {}): ClusterEntry {
  return {
    clusterId: `config:${name}`,
    clusterName: name,
    file: '/k/config',
    fileId: 'config',
    fileIndex: 0,
    context: name,
    cluster: name,
    user: 'u',
    namespace: undefined,
    server: 'https://127.0.0.1:6443',
    current: false,
    invalidReason: undefined,
    clusterRef: undefined,
    userRef: undefined,
    ...overrides,
  };
}

/** A kubeconfig object reference as the kubeconfig loader produces it. */
export function ref(name: string, config: Record<string, unknown>, file = '/k/config'): ResolvedRef {
  return { name, config, file };
}

/** A response-like stream with a status code and body. */
export function fakeResponse(code: number, body: string, headers: Record<string, string> = {}): IncomingMessage {
  const res = Readable.from([Buffer.from(body)]) as unknown as IncomingMessage;
  res.statusCode = code;
  res.headers = headers;
  return res;
}
