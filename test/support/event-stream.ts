import { get, type IncomingMessage } from 'node:http';

/** One Server-Sent Event as a browser's EventSource would dispatch it. */
export interface StreamEvent {
  id: string;
  event: string;
  data: string;
}

export interface EventStream {
  status: number;
  contentType: string;
  events: StreamEvent[];
  /** `retry:` as sent, and the number of comment lines (heartbeats). */
  retry: number | null;
  comments: number;
  /** Resolves once `count` events arrived; rejects after `ms`. */
  waitFor(count: number, ms?: number): Promise<void>;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

/**
 * Opens `url` as an event stream over real HTTP (node:http, one connection per stream, closed
 * for good by close()) and parses what arrives, as EventSource does.
 */
export async function openEventStream(
  url: string,
  headers: Record<string, string> = {},
): Promise<EventStream> {
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = get(url, { headers: { accept: 'text/event-stream', ...headers }, agent: false }, resolve);
    req.on('error', reject);
  });
  let endStream = () => {};
  const stream: EventStream = {
    status: res.statusCode ?? 0,
    contentType: String(res.headers['content-type'] ?? ''),
    events: [],
    retry: null,
    comments: 0,
    waitFor: async (count, ms = 1000) => {
      const deadline = Date.now() + ms;
      while (stream.events.length < count) {
        if (Date.now() > deadline)
          throw new Error(
            `${stream.events.length} of ${count} events after ${ms} ms: ${JSON.stringify(stream.events)}`,
          );
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    ended: new Promise<void>((resolve) => {
      endStream = resolve;
    }),
    close: () => res.destroy(),
  };
  res.on('close', endStream);
  res.on('error', () => {});
  res.setEncoding('utf8');
  let buffer = '';
  let last = '';
  res.on('data', (chunk: string) => {
    buffer += chunk;
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) stream.comments += 1;
        else if (line.startsWith('id: ')) last = line.slice(4);
        else if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
        else if (line.startsWith('retry: ')) stream.retry = Number(line.slice(7));
      }
      if (data.length > 0) stream.events.push({ id: last, event, data: data.join('\n') });
    }
  });
  return stream;
}
