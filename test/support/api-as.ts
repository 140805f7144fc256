import type { TestUser } from './factories.js';
import type { Hub } from './hub.js';

/** A request to the hub's API as `who` (their bearer token), or as a visitor when `who` is null. */
export function apiAs(hub: Hub) {
  return (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    who: TestUser | null,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    hub.server.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...(who ? who.auth : {}), ...headers },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
}
