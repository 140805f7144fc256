import type { FastifyRequest } from 'fastify';
import type { App } from '../app/app.js';

/**
 * The change markers' stamp that a reading request's cached answers are keyed by, taken once
 * per request: the page hook (settings) and the route (the list) then agree, and the database
 * is asked, or its write mark checked, once. A visitor has written nothing and gets the stamp
 * this instance heard of (see app/changes.ts). A request that may write reads afresh each
 * time, as what it shows after its write must include it.
 */
export function changeStamp(app: App, request: FastifyRequest): Promise<string> {
  const read = () => (request.auth.via === 'none' ? app.changes.visitorStamp() : app.changes.stamp());
  if (request.method !== 'GET' && request.method !== 'HEAD') return read();
  request.changeStamp ??= read();
  return request.changeStamp;
}
