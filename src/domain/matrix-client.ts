/**
 * A Matrix room posted to through the client-server API with an access token, besides the
 * hookshot URL (spec.matrix.org/v1.11/client-server-api/#put_matrixclientv3roomsroomidsendeventtypetxnid).
 * The endpoint's URL is then the homeserver's base URL (`https://matrix.example.org`), checked
 * as every webhook target is.
 */

/**
 * A room id as the spec gives it: `!opaque:server`, the server name a host with an optional
 * port (spec.matrix.org/v1.11/appendices/#room-ids). Aliases (`#room:server`) are refused: they
 * would need a lookup first, and can be moved to another room.
 */
const ROOM_ID = /^![\x21-\x39\x3b-\x7e]+:[A-Za-z0-9.-]+(?::\d{1,5})?$/u;

/** Room ids are at most 255 bytes long (the spec's limit on identifiers). */
export function isMatrixRoomId(value: string): boolean {
  return value.length <= 255 && ROOM_ID.test(value);
}

/** A token as Matrix hands it out: printable, no spaces (it goes into an Authorization header). */
export function isMatrixToken(value: string): boolean {
  return value.length >= 8 && value.length <= 1000 && /^[\x21-\x7e]+$/u.test(value);
}

/** What is shown of a stored token: its last four characters, never more. */
export function tokenTail(token: string): string | null {
  return token === '' ? null : token.slice(-4);
}

/** `text` with every occurrence of `token` replaced by its tail, for logs a token must not reach. */
export function maskToken(text: string | null, token: string): string | null {
  if (text === null || token === '') return text;
  return text.split(token).join(`…${token.slice(-4)}`);
}

/**
 * The URL one message is PUT to. The transaction id is the message's, the same on every attempt:
 * a homeserver that took the message but whose answer was lost gives back the same event
 * instead of posting it twice.
 */
export function matrixSendUrl(homeserver: string, roomId: string, txnId: string): string {
  const base = homeserver.replace(/\/+$/u, '');
  return `${base}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${encodeURIComponent(txnId)}`;
}
