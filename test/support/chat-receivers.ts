import type { IncomingMessage } from 'node:http';
import type { ChatFormat } from '../../src/domain/chat-formats.js';
import { startReceiver } from './webhook-receiver.js';

/** A request a chat platform took, as its receiver read it. */
export interface ChatReceived {
  path: string;
  headers: IncomingMessage['headers'];
  json: Record<string, unknown>;
}

type Json = Record<string, unknown>;
type Verdict = { status: number; body: string } | null;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const refuse = (status: number, body: string): Verdict => ({ status, body });

/**
 * What each platform checks of an incoming webhook before it posts, and what it answers, as
 * their docs describe it: a wrong path is a 404, a body without the required fields a 400.
 */
const PLATFORMS: Record<ChatFormat, { path: string; check: (body: Json) => Verdict; ok: Verdict }> = {
  // api.slack.com/messaging/webhooks: `text` is required as the fallback when `blocks` are sent.
  slack: {
    path: '/services/T0001/B0001/abcdefghijklmnop',
    check: (b) => {
      if (typeof b.text !== 'string' || b.text === '') return refuse(400, 'no_text');
      if (b.blocks !== undefined && !Array.isArray(b.blocks)) return refuse(400, 'invalid_blocks');
      for (const block of (b.blocks as unknown[] | undefined) ?? []) {
        if (!isObject(block) || typeof block.type !== 'string') return refuse(400, 'invalid_blocks');
        if (block.type === 'section' && !(isObject(block.text) && block.text.type === 'mrkdwn'))
          return refuse(400, 'invalid_blocks');
      }
      return null;
    },
    ok: { status: 200, body: 'ok' },
  },
  // developers.mattermost.com/integrate/webhooks/incoming: `text` or `attachments`.
  mattermost: {
    path: '/hooks/xxgeneratedkeyxx',
    check: (b) =>
      typeof b.text === 'string' || Array.isArray(b.attachments)
        ? null
        : refuse(400, '{"id":"web.incoming_webhook.text.app_error"}'),
    ok: { status: 200, body: 'ok' },
  },
  // The Workflows template posts attachments[0].content, which must be an Adaptive Card.
  teams: {
    path: '/workflows/0123abcd/triggers/manual/paths/invoke',
    check: (b) => {
      const attachment = Array.isArray(b.attachments) ? b.attachments[0] : undefined;
      if (b.type !== 'message' || !isObject(attachment)) return refuse(400, 'InvalidRequestContent');
      if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive')
        return refuse(400, 'InvalidRequestContent');
      const card = attachment.content;
      if (!isObject(card) || card.type !== 'AdaptiveCard' || typeof card.version !== 'string')
        return refuse(400, 'InvalidTemplate');
      return Array.isArray(card.body) ? null : refuse(400, 'InvalidTemplate');
    },
    ok: { status: 202, body: '' },
  },
  // discord.com/developers/docs/resources/webhook#execute-webhook: content or embeds, with limits.
  discord: {
    path: '/api/webhooks/123456789012345678/tok-en_123',
    check: (b) => {
      const embeds = b.embeds;
      if (typeof b.content !== 'string' && !Array.isArray(embeds))
        return refuse(400, '{"message":"Cannot send an empty message","code":50006}');
      if (typeof b.content === 'string' && b.content.length > 2000)
        return refuse(400, '{"content":["too long"]}');
      if (Array.isArray(embeds))
        for (const e of embeds) {
          if (!isObject(e)) return refuse(400, '{"embeds":["bad"]}');
          if (typeof e.title === 'string' && e.title.length > 256) return refuse(400, '{"embeds":["title"]}');
          if (e.url !== undefined && !/^https?:\/\//u.test(String(e.url)))
            return refuse(400, '{"embeds":["url"]}');
        }
      return null;
    },
    ok: { status: 204, body: '' },
  },
  // matrix-hookshot setup/webhooks: `text` is required beside `html`.
  matrix: {
    path: '/webhook/abcdef-123',
    check: (b) =>
      typeof b.text === 'string' && (b.html === undefined || typeof b.html === 'string')
        ? null
        : refuse(400, '{"ok":false,"error":"text"}'),
    ok: { status: 200, body: '{"ok":true}' },
  },
};

function judge(format: ChatFormat, req: IncomingMessage, raw: string): Verdict {
  const platform = PLATFORMS[format];
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path !== platform.path) return refuse(404, 'no such hook');
  if (req.method !== 'POST') return refuse(405, 'POST only');
  if (!/^application\/json\b/u.test(req.headers['content-type'] ?? '')) return refuse(415, 'JSON only');
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return refuse(400, 'invalid JSON');
  }
  return isObject(body) ? platform.check(body) : refuse(400, 'not an object');
}

/** A loopback receiver speaking one platform's incoming webhooks; `url` has that platform's shape. */
export async function startChatReceiver(format: ChatFormat) {
  const receiver = await startReceiver();
  const received: ChatReceived[] = [];
  const refused: string[] = [];
  receiver.answer((req, res, n) => {
    const raw = receiver.received[n - 1]?.body ?? '';
    const verdict = judge(format, req, raw);
    const answer = verdict ?? PLATFORMS[format].ok ?? { status: 200, body: '' };
    if (verdict) refused.push(verdict.body);
    else received.push({ path: req.url ?? '', headers: req.headers, json: JSON.parse(raw) as Json });
    res.statusCode = answer.status;
    res.end(answer.body);
  });
  const query = format === 'teams' ? '?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sig=abc' : '';
  return {
    url: `${receiver.url.replace(/\/hook$/u, PLATFORMS[format].path)}${query}`,
    received,
    refused,
    close: receiver.close,
  };
}
