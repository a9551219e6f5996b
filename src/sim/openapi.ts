/** OpenAPI (placeholder until phase 3). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendNotFoundPath } from './http.js';
import type { ClusterState } from './types.js';

/** Answers /openapi/... */
export function serveOpenApi(_state: ClusterState, _req: IncomingMessage, res: ServerResponse, _path: string): void {
  sendNotFoundPath(res);
}
