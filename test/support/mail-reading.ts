import type { ParsedMail } from 'mailparser';
import { expect } from 'vitest';
import { buildUser, type TestUser } from './factories.js';
import type { Hub } from './hub.js';

/** Reading the mails a hub sends as their readers would, and following their links. */

/** The text of an HTML part as a reader sees it: tags gone, entities read, white space collapsed. */
export function visibleText(html: string): string {
  return html
    .replace(/<title>.*?<\/title>/su, '')
    .replace(/<[^>]+>/gu, ' ')
    .replace(/&#(\d+);/gu, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&amp;/gu, '&')
    .replace(/\s+/gu, ' ')
    .trim();
}

export const flat = (text: string) => text.replace(/\s+/gu, ' ').trim();

/** Asserts that the HTML part says what the plain text says (the signature's dashes aside). */
export function saysTheSame(mail: ParsedMail | undefined): void {
  expect(visibleText(mail?.html || '')).toBe(flat(mail?.text ?? '').replace(/ -- /u, ' '));
}

/** A member whose address is confirmed (mail goes nowhere else), in a language and zone. */
export async function verifiedUser(
  hub: Hub,
  name: string,
  locale: string,
  timeZone: string,
  at: Date,
): Promise<TestUser> {
  const who = await buildUser(hub, { name });
  await hub.app.accounts.updateProfile(who.actor, who.user.version, { name, locale, timeZone });
  await hub.store.transaction((repos) =>
    repos.accountTokens.markVerified(who.user.id, who.user.email, at.toISOString()),
  );
  return who;
}

/** What a mail program sends for one-click unsubscribe (RFC 8058): a POST without cookies. */
export function oneClick(hub: Hub, link: string) {
  const url = new URL(link);
  return hub.server.inject({
    method: 'POST',
    url: `${url.pathname}${url.search}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'List-Unsubscribe=One-Click',
  });
}
