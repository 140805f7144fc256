/**
 * What a webhook endpoint is sent: `standard` is the signed Standard Webhooks JSON for programs;
 * the others are chat posts in the message format of one platform's incoming webhooks, for
 * people reading a channel. Chat posts are not signed: none of these platforms checks a
 * signature, the secret in the URL is what admits the sender.
 */
export const WEBHOOK_FORMATS = ['standard', 'slack', 'mattermost', 'teams', 'discord', 'matrix'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export type ChatFormat = Exclude<WebhookFormat, 'standard'>;

export function isWebhookFormat(value: unknown): value is WebhookFormat {
  return typeof value === 'string' && (WEBHOOK_FORMATS as readonly string[]).includes(value);
}

export function isChatFormat(value: unknown): value is ChatFormat {
  return value !== 'standard' && isWebhookFormat(value);
}

export type ChatUrlProblem = `error.chatUrl.${ChatFormat}`;

/**
 * The path each platform gives its incoming webhooks, so that a URL pasted into the wrong
 * platform's field (or a channel's page address instead of its webhook) is refused when it is
 * typed, not after a day of failed retries. Hosts are not pinned: Mattermost, Matrix bridges
 * and Power Automate environments live on many hosts, and tests post to loopback receivers.
 * The https and private-address rules of every endpoint apply as well (webhook-target.ts).
 *
 * - Slack: `https://hooks.slack.com/services/T…/B…/…` (api.slack.com/messaging/webhooks).
 * - Discord: `…/api/webhooks/{id}/{token}`, optionally with an API version
 *   (discord.com/developers/docs/resources/webhook#execute-webhook).
 * - Mattermost: `https://your-mattermost-server.com/hooks/{key}`, possibly below a subpath
 *   (developers.mattermost.com/integrate/webhooks/incoming).
 * - Microsoft Teams Workflows: the Power Automate / Logic Apps trigger URL, e.g.
 *   `…logic.azure.com:443/workflows/{id}/triggers/manual/paths/invoke?…` or
 *   `…environment.api.powerplatform.com/powerautomate/automations/direct/workflows/{id}/triggers/…`.
 * - Matrix: a hookshot generic webhook, `…/webhook/{id}` (matrix-org.github.io/matrix-hookshot,
 *   setup/webhooks: "The webhooks listener listens on the path /webhook").
 */
const PATHS: Record<ChatFormat, RegExp> = {
  slack: /^\/services\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/?$/u,
  discord: /^\/api(?:\/v\d+)?\/webhooks\/\d+\/[A-Za-z0-9_-]+\/?$/u,
  mattermost: /\/hooks\/[A-Za-z0-9]+\/?$/u,
  teams: /\/workflows\/[A-Za-z0-9-]+(?:\/|$)/u,
  matrix: /\/webhook\/[A-Za-z0-9_-]+\/?$/u,
};

/** Whether `raw` has the shape of `format`'s incoming webhook URLs; a standard endpoint takes any. */
export function checkChatUrl(format: WebhookFormat, raw: string): ChatUrlProblem | null {
  if (format === 'standard') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `error.chatUrl.${format}`;
  }
  return PATHS[format].test(url.pathname) ? null : `error.chatUrl.${format}`;
}

/**
 * An endpoint's URL as the audit log tells it. A chat URL carries the platform's token (whoever
 * has it may post to the channel), so only its origin is written where more people and backups
 * without secrets read it.
 */
export function auditedUrl(format: string, raw: string): string {
  if (!isChatFormat(format)) return raw;
  try {
    return `${format}: ${new URL(raw).origin}/…`;
  } catch {
    return format;
  }
}
