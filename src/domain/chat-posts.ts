import type { ChatFormat } from './chat-formats.js';

/**
 * One event as a chat post: a sentence of ours with the user's words filled in (`{title}`),
 * perhaps an excerpt of what they wrote (a comment, a reason), and the hub page it is about.
 * The sentence is ours and written plainly; what users typed is escaped for the platform, so a
 * title like `<!channel> *boo*` or `<img onerror=…>` reads as those characters and does nothing.
 */
export interface ChatPost {
  /** The translated sentence with `{name}` placeholders for `params`. */
  template: string;
  /** What users typed (titles, names) or we formatted (dates), filled into `template`. */
  params: Record<string, string>;
  /** A longer text of the user's, shown below the sentence; null when there is none. */
  excerpt: string | null;
  /** The absolute URL of the hub page. */
  url: string;
  /** The link's text, e.g. "Open in Plenum". */
  linkLabel: string;
}

type Escape = (text: string) => string;

/** A text on one line of at most `max` characters. */
function clip(text: string, max: number): string {
  const one = text.replace(/\s+/gu, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/**
 * The sentence with the user's words filled in, each on one line and at most 300 characters
 * (a decision's text may be long; Slack refuses a section over 3000).
 */
function fill(template: string, params: Record<string, string>, escapeText: Escape): string {
  return template.replace(/\{(\w+)\}/gu, (whole, name: string) =>
    Object.hasOwn(params, name) ? escapeText(clip(params[name] ?? '', 300)) : whole,
  );
}

/** Slack's control characters in mrkdwn (api.slack.com/reference/surfaces/formatting#escaping). */
export function escapeSlack(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

/** Text for an HTML body (Matrix `formatted_body`). */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/gu, '&amp;')
    .replace(/</gu, '&lt;')
    .replace(/>/gu, '&gt;')
    .replace(/"/gu, '&quot;')
    .replace(/'/gu, '&#39;');
}

/**
 * Markdown as Discord, Mattermost and Adaptive Cards read it: a backslash before every
 * character that could start formatting, a link, a heading, a quote or a list. CommonMark
 * and Discord both drop a backslash before any ASCII punctuation, so the text reads as typed;
 * character references are not used, Discord shows them as they are.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_~|[\]()<>#!:]/gu, '\\$&')
    .replace(/^[-+=]/gmu, '\\$&')
    .replace(/^(\d+)([.)])/gmu, '$1\\$2');
}

/**
 * `@channel`, `@all`, `@here`, `@room` typed by a user must not ping a whole channel when the
 * hub repeats it: a word joiner after `@` keeps it readable but no longer a mention. (Discord
 * is told the same through `allowed_mentions`; Slack needs `<!channel>`, which escaping stops.)
 */
function defuseMentions(text: string): string {
  return text.replace(/@/gu, '@\u2060');
}

/**
 * Slack incoming webhook with Block Kit (api.slack.com/messaging/webhooks, reference/block-kit):
 * `text` is the notification fallback, `blocks` a mrkdwn section and, for an excerpt, a context
 * block; the link is mrkdwn's `<url|label>`.
 */
function slack(post: ChatPost): object {
  const sentence = fill(post.template, post.params, escapeSlack);
  const link = `<${post.url.replace(/[|>]/gu, encodeURIComponent)}|${escapeSlack(post.linkLabel)}>`;
  const blocks: object[] = [{ type: 'section', text: { type: 'mrkdwn', text: `${sentence}\n${link}` } }];
  if (post.excerpt)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `> ${escapeSlack(clip(post.excerpt, 300))}` }],
    });
  return { text: `${sentence} ${escapeSlack(post.url)}`, blocks };
}

/**
 * Mattermost incoming webhook (developers.mattermost.com/integrate/webhooks/incoming): `text` in
 * Markdown, no attachments needed. Mentions in the user's words are defused.
 */
function mattermost(post: ChatPost): object {
  const plain = (s: string) => escapeMarkdown(defuseMentions(s));
  const quote = post.excerpt ? `\n> ${plain(clip(post.excerpt, 300))}` : '';
  return {
    text: `${fill(post.template, post.params, plain)}${quote}\n[${escapeMarkdown(post.linkLabel)}](${post.url})`,
  };
}

/**
 * Microsoft Teams Workflows ("Send webhook alerts to a channel", the successor of Office 365
 * connectors; learn.microsoft.com …/add-incoming-webhook): a message whose one attachment is an
 * Adaptive Card 1.4 with the sentence, the excerpt and an Action.OpenUrl back to the hub.
 */
function teams(post: ChatPost): object {
  const body: object[] = [
    {
      type: 'TextBlock',
      text: fill(post.template, post.params, escapeMarkdown),
      wrap: true,
      weight: 'Bolder',
    },
  ];
  if (post.excerpt)
    body.push({
      type: 'TextBlock',
      text: escapeMarkdown(clip(post.excerpt, 300)),
      wrap: true,
      isSubtle: true,
    });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          actions: [{ type: 'Action.OpenUrl', title: post.linkLabel, url: post.url }],
        },
      },
    ],
  };
}

/**
 * Discord Execute Webhook (discord.com/developers/docs/resources/webhook#execute-webhook):
 * `content` (at most 2000 characters, Markdown) carries the sentence, one embed the link back
 * (title, url) and the excerpt as its description. The embed's title is only our own words,
 * since Discord renders Markdown in some embed fields and not others; `allowed_mentions` with
 * nothing to parse keeps an `@everyone` in a title from pinging anyone, as the docs advise for
 * user-generated strings.
 */
function discord(post: ChatPost): object {
  const embed = {
    title: post.linkLabel,
    url: post.url,
    ...(post.excerpt ? { description: escapeMarkdown(clip(post.excerpt, 1000)) } : {}),
  };
  const content = clip(fill(post.template, post.params, escapeMarkdown), 2000);
  return { content, embeds: [embed], allowed_mentions: { parse: [] } };
}

/**
 * Matrix through a hookshot generic webhook (matrix-org.github.io/matrix-hookshot, setup/webhooks):
 * `text` is the plain body, `html` the formatted body (given, so hookshot does not read `text`
 * as Markdown), `msgtype` m.notice as bots post (and as hookshot's v2 transformations default to).
 */
function matrix(post: ChatPost): object {
  const plain = fill(post.template, post.params, defuseMentions);
  const html = fill(post.template, post.params, (s) => escapeHtml(defuseMentions(s)));
  const quote = post.excerpt ? clip(defuseMentions(post.excerpt), 300) : null;
  return {
    text: `${plain}${quote ? `\n> ${quote}` : ''}\n${post.url}`,
    html: `${html}${quote ? `<blockquote>${escapeHtml(quote)}</blockquote>` : '<br>'}<a href="${escapeHtml(post.url)}">${escapeHtml(post.linkLabel)}</a>`,
    msgtype: 'm.notice',
  };
}

/**
 * Matrix through the client-server API (`PUT …/send/m.room.message/{txnId}`): the content of an
 * `m.room.message` event, `m.notice` with the plain `body` and the same as HTML in
 * `formatted_body` (spec.matrix.org/v1.11/client-server-api/#mnotice).
 */
function matrixClient(post: ChatPost): object {
  const { text, html } = matrix(post) as { text: string; html: string };
  return { msgtype: 'm.notice', body: text, format: 'org.matrix.custom.html', formatted_body: html };
}

/** A chat platform's format, or Matrix's client-server API (a matrix endpoint with a room and token). */
export type ChatBodyFormat = ChatFormat | 'matrix-client';

const RENDER: Record<ChatBodyFormat, (post: ChatPost) => object> = {
  slack,
  mattermost,
  teams,
  discord,
  matrix,
  'matrix-client': matrixClient,
};

/** The JSON body of `post` in `format`'s message format. */
export function chatBody(format: ChatBodyFormat, post: ChatPost): string {
  return JSON.stringify(RENDER[format](post));
}
