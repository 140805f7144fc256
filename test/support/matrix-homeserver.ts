import type { IncomingMessage, ServerResponse } from 'node:http';
import { startReceiver } from './webhook-receiver.js';

/** One message a room took, as the homeserver stored it. */
export interface MatrixEvent {
  eventId: string;
  roomId: string;
  txnId: string;
  content: Record<string, unknown>;
}

const SEND = /^\/_matrix\/client\/v3\/rooms\/([^/]+)\/send\/m\.room\.message\/([^/]+)$/u;

function reply(res: ServerResponse, status: number, body: object): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

/**
 * A homeserver's `PUT /_matrix/client/v3/rooms/{roomId}/send/m.room.message/{txnId}` as the
 * client-server spec describes it: a Bearer token (M_MISSING_TOKEN / M_UNKNOWN_TOKEN, 401),
 * a room the token's user is in (M_FORBIDDEN, 403), a JSON body with `msgtype` and `body`
 * (M_BAD_JSON / M_NOT_JSON, 400), and transaction ids: a txnId seen before for the same token
 * gives back the same event and posts nothing.
 */
export async function startMatrixHomeserver(roomId: string, token: string) {
  const receiver = await startReceiver();
  const events: MatrixEvent[] = [];
  const txns = new Map<string, string>();
  const requests: { method: string; path: string; authorization: string | undefined }[] = [];
  /** How many more accepted messages get a lost answer (a 502 from a proxy after the commit). */
  let loseAnswers = 0;
  /** Answers each request with this error instead (the token echoed back, as a careless proxy might). */
  let failWith: { status: number; body: object } | null = null;

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization });
    const match = SEND.exec(path);
    if (!match) return reply(res, 404, { errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' });
    if (req.method !== 'PUT') return reply(res, 405, { errcode: 'M_UNRECOGNIZED', error: 'PUT only' });
    const auth = req.headers.authorization;
    if (auth === undefined) return reply(res, 401, { errcode: 'M_MISSING_TOKEN', error: 'Missing token' });
    if (auth !== `Bearer ${token}`)
      return reply(res, 401, { errcode: 'M_UNKNOWN_TOKEN', error: 'Bad token' });
    if (failWith) return reply(res, failWith.status, failWith.body);
    const room = decodeURIComponent(match[1] ?? '');
    const txnId = decodeURIComponent(match[2] ?? '');
    if (room !== roomId) return reply(res, 403, { errcode: 'M_FORBIDDEN', error: 'Not in room' });
    let content: unknown;
    try {
      content = JSON.parse(raw);
    } catch {
      return reply(res, 400, { errcode: 'M_NOT_JSON', error: 'Content not JSON.' });
    }
    const c = content as Record<string, unknown>;
    const formatted = c.format === undefined || typeof c.formatted_body === 'string';
    if (typeof c.msgtype !== 'string' || typeof c.body !== 'string' || !formatted)
      return reply(res, 400, { errcode: 'M_BAD_JSON', error: 'msgtype and body required' });
    const seen = txns.get(txnId);
    if (seen) return reply(res, 200, { event_id: seen });
    const eventId = `$event${events.length + 1}`;
    txns.set(txnId, eventId);
    events.push({ eventId, roomId: room, txnId, content: c });
    if (loseAnswers > 0) {
      loseAnswers -= 1;
      return reply(res, 502, { error: 'Bad gateway' });
    }
    return reply(res, 200, { event_id: eventId });
  };

  receiver.answer((req, res, n) => handle(req, res, receiver.received[n - 1]?.body ?? ''));
  return {
    /** The homeserver's base URL. */
    url: new URL(receiver.url).origin,
    events,
    requests,
    loseNextAnswers: (n: number) => {
      loseAnswers = n;
    },
    failWith: (answer: { status: number; body: object } | null) => {
      failWith = answer;
    },
    close: receiver.close,
  };
}
