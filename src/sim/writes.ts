/** HTTP writes (placeholder until phase 3). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendStatus } from './http.js';
import type { WriteState } from './objects.js';
import type { ResourcePath } from './router.js';
import type { SimUser } from './types.js';

/** Answers POST/PUT/PATCH/DELETE. */
export async function serveWrite(_s: WriteState, req: IncomingMessage, res: ServerResponse, _p: ResourcePath, _q: URLSearchParams, _u: SimUser): Promise<void> {
  sendStatus(res, 405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${req.method})`);
}
