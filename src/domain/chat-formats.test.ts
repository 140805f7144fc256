import { describe, expect, it } from 'vitest';
import { checkChatUrl } from './chat-formats.js';
import { escapeHtml, escapeMarkdown, escapeSlack } from './chat-posts.js';

describe('chat webhook URLs', () => {
  const taken: [Parameters<typeof checkChatUrl>[0], string][] = [
    ['slack', 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'],
    ['discord', 'https://discord.com/api/webhooks/123456789012345678/AbC-d_e'],
    ['discord', 'https://discord.com/api/v10/webhooks/123456789012345678/AbC?thread_id=1'],
    ['mattermost', 'https://chat.example.org/hooks/u2x8rkfugj8zbqby9pw3huqnyc'],
    ['mattermost', 'https://example.org/mattermost/hooks/u2x8rkfugj8zbqby9pw3huqnyc'],
    [
      'teams',
      'https://prod-12.westeurope.logic.azure.com:443/workflows/0a1b2c3d4e5f/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=abc',
    ],
    [
      'teams',
      'https://default0a1b.2c.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/0a1b2c3d/triggers/manual/paths/invoke?api-version=1&sig=x',
    ],
    ['matrix', 'https://hookshot.example.org/webhook/7f3e1c2a-90ab-4c1d-8e2f-0123456789ab'],
    ['standard', 'https://ci.example.org/anything/at/all'],
  ];
  it.each(taken)('takes a %s URL of the shape its platform hands out', (format, url) => {
    expect(checkChatUrl(format, url)).toBeNull();
  });

  const refused: [Parameters<typeof checkChatUrl>[0], string][] = [
    ['slack', 'https://hooks.slack.com/workflows/T0/A0/1/x'],
    ['slack', 'https://app.slack.com/client/T0/C0'],
    ['discord', 'https://discord.com/channels/123/456'],
    ['discord', 'https://discord.com/api/webhooks/abc/token'],
    ['mattermost', 'https://chat.example.org/team/channels/town-square'],
    ['teams', 'https://example.webhook.office.com/webhookb2/a@b/IncomingWebhook/c/d'],
    ['matrix', 'https://matrix.example.org/_matrix/client/v3/rooms/!a:b/send/m.room.message'],
    ['matrix', 'not a url'],
  ];
  it.each(refused)('refuses a %s URL of another shape: %s', (format, url) => {
    expect(checkChatUrl(format, url)).toBe(`error.chatUrl.${format}`);
  });
});

describe('escaping user text for chat platforms', () => {
  it('turns Slack’s three control characters into entities and nothing else', () => {
    expect(escapeSlack('<!channel> & <https://x|y> *b*')).toBe(
      '&lt;!channel&gt; &amp; &lt;https://x|y&gt; *b*',
    );
  });

  it('escapes HTML for Matrix', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapes Markdown with backslashes, block starts included', () => {
    expect(escapeMarkdown('# Title *x* _y_ ~~z~~ `c` [l](u) <b> |t| a:b')).toBe(
      '\\# Title \\*x\\* \\_y\\_ \\~\\~z\\~\\~ \\`c\\` \\[l\\]\\(u\\) \\<b\\> \\|t\\| a\\:b',
    );
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('1. first')).toBe('1\\. first');
    expect(escapeMarkdown('> quote')).toBe('\\> quote');
  });
});
