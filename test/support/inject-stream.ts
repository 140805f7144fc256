import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Server } from '../../src/http/server.js';

/** What the route tests read of an answer. */
export type Answer = Pick<LightMyRequestResponse, 'statusCode' | 'headers' | 'body' | 'json'>;

/**
 * Injects a request to an event stream, which never ends by itself: an open stream (200) is
 * judged by its head and then dropped, as a reader who goes away would; anything else (an error
 * page, a HEAD) is read whole.
 */
export async function injectStream(server: Server, options: InjectOptions): Promise<Answer> {
  const res = await server.inject({ ...options, payloadAsStream: true });
  let body = '';
  if (res.statusCode === 200 && options.method !== 'HEAD') {
    // The server's response object: destroying it is the reader hanging up.
    (res.raw.res as unknown as { destroy(): void }).destroy();
  } else {
    for await (const chunk of res.stream()) body += chunk;
  }
  return {
    statusCode: res.statusCode,
    headers: res.headers,
    body,
    json: () => JSON.parse(body),
  };
}
