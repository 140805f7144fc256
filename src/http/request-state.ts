import type { Locale, User } from '../app/accounts.js';
import type { PageLink } from '../domain/planning-page.js';
import type { Actor } from '../domain/roles.js';

/** Who is asking, and how they proved it. */
export interface Auth {
  actor: Actor;
  user: User | null;
  via: 'session' | 'token' | 'none';
  /** The raw session cookie value, needed to sign CSRF tokens and to sign out. */
  sessionToken: string | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's answer to a cookieless visitor may be kept whole (see http/compression.ts). */
    keptForVisitors?: boolean;
  }

  interface FastifyRequest {
    auth: Auth;
    locale: Locale;
    /** Whether pages show images from other sites (an admin setting), read for page routes. */
    remoteImages: boolean;
    /** The hub's name as an admin set it ('' for the default), read for page routes. */
    hubName: string;
    /** The planning board the imported planning page links to, read for page routes; null for none. */
    planningBoard: PageLink | null;
    /** How many of the signed-in reader's notifications are unread (page routes); null for a visitor. */
    unread: number | null;
    /** The cursor of the signed-in reader's inbox channel, taken before `unread` was counted; null for a visitor. */
    inboxCursor: string | null;
    /** The change stamp of a reading request, once taken (see http/change-stamp.ts). */
    changeStamp: Promise<string> | null;
    /** The stamp a cookieless visitor's cached answer was made at, set so it is kept whole (see http/visitor-answers.ts). */
    answerStamp: string | null;
  }
}
