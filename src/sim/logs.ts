/** Pod logs (placeholder until phase 3). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendNotFoundPath } from './http.js';
import type { WriteState } from './objects.js';
import type { ResourcePath } from './router.js';

/** Answers GET pods/NAME/log. */
export async function serveLogs(_state: WriteState, _req: IncomingMessage, res: ServerResponse, _p: ResourcePath): Promise<void> {
  sendNotFoundPath(res);
}
