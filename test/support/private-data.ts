/**
 * What each role may read: private data of the authorization matrix's fixtures carries unique
 * marker strings, and this table says, per marker, who may see it at all and on which rows of
 * the matrix (`METHOD /path (variant)`) it must show to whom. The matrix then reads every GET
 * row as every role and checks the body against it, so a route that starts to hand out draft
 * minutes or someone's e-mail address fails by name.
 */

export const ROLES = ['anonymous', 'member', 'other', 'maintainer', 'admin'] as const;
export type Who = (typeof ROLES)[number];

export interface Visibility {
  /** The roles that may read it anywhere. */
  seenBy: readonly Who[];
  /** Rows of the matrix that must show it, and to whom. */
  shownOn?: Readonly<Record<string, readonly Who[]>>;
}

/** `member` is named note-taker of the meeting with draft minutes; `other` is a member who is not. */
const DRAFT_WRITERS = ['member', 'maintainer', 'admin'] as const;
const MAINTAINERS = ['maintainer', 'admin'] as const;
const NOBODY = [] as const;

const DRAFT_PAGE = 'GET /meetings/:series/:date (the meeting with draft minutes)';
const DRAFT_API = 'GET /api/v1/series/:slug/occurrences/:date/minutes (draft minutes)';
const PUBLISHED_PAGE = 'GET /meetings/:series/:date (the meeting with published minutes)';
const PUBLISHED_API = 'GET /api/v1/series/:slug/occurrences/:date/minutes (published minutes)';
const PUBLISHED_MARKDOWN = 'GET /meetings/:series/:date/minutes.md (published minutes)';
const PUBLISHED_FEED = 'GET /meetings/:series/minutes.atom (a series with published minutes)';
const SEARCH_DRAFT = 'GET /search (words of draft minutes)';
const SEARCH_DRAFT_DECISION = 'GET /api/v1/search (words of a draft decision)';
const SEARCH_PUBLISHED = 'GET /api/v1/search (words of published minutes)';

// The meeting record's own API routes (rows of the matrix) show the same drafts to the same people.
const DRAFT_DECISIONS = [
  'GET /api/v1/series/:slug/occurrences/:date/decisions (draft minutes)',
  'GET /api/v1/decisions/:id (a decision of draft minutes)',
];
const DRAFT_ACTIONS = [
  'GET /api/v1/series/:slug/occurrences/:date/actions (draft minutes)',
  'GET /api/v1/actions/:id (an action item of draft minutes)',
];
const PUBLISHED_DECISIONS = [
  'GET /api/v1/series/:slug/occurrences/:date/decisions (published minutes)',
  'GET /api/v1/decisions/:id (a decision of published minutes)',
];

const on = (routes: readonly string[], who: readonly Who[]): Record<string, readonly Who[]> =>
  Object.fromEntries(routes.map((r) => [r, who]));

/** Own e-mail on the profile and `/api/v1/me`, everyone's on the admin page and in the users' list. */
const ownEmail = (who: Exclude<Who, 'anonymous'>): Visibility => ({
  seenBy: [who, 'admin'],
  shownOn: {
    'GET /profile': [who],
    'GET /api/v1/me': [who],
    'GET /admin': ['admin'],
    'GET /api/v1/users': ['admin'],
  },
});

export const PRIVATE_DATA = {
  // Draft minutes: for maintainers and the meeting's note-taker; decisions only for maintainers.
  draftNotes: { seenBy: DRAFT_WRITERS, shownOn: on([DRAFT_PAGE, DRAFT_API, SEARCH_DRAFT], DRAFT_WRITERS) },
  draftAttendees: { seenBy: DRAFT_WRITERS, shownOn: on([DRAFT_PAGE], DRAFT_WRITERS) },
  draftActionItem: {
    seenBy: DRAFT_WRITERS,
    shownOn: on([DRAFT_PAGE, DRAFT_API, ...DRAFT_ACTIONS], DRAFT_WRITERS),
  },
  draftActionAssignee: {
    seenBy: DRAFT_WRITERS,
    shownOn: on([DRAFT_PAGE, DRAFT_API, ...DRAFT_ACTIONS], DRAFT_WRITERS),
  },
  draftDecision: {
    seenBy: MAINTAINERS,
    shownOn: on([DRAFT_PAGE, DRAFT_API, SEARCH_DRAFT_DECISION, ...DRAFT_DECISIONS], MAINTAINERS),
  },
  /** The reason of a draft decision that moves an idea: the idea must not show it before publication. */
  draftDecisionReason: { seenBy: MAINTAINERS, shownOn: on([DRAFT_API], MAINTAINERS) },

  // Published minutes are public: the positive half, so the rows above read the right meetings.
  publishedNotes: {
    seenBy: ROLES,
    shownOn: on([PUBLISHED_PAGE, PUBLISHED_API, PUBLISHED_MARKDOWN, PUBLISHED_FEED, SEARCH_PUBLISHED], ROLES),
  },
  publishedDecision: {
    seenBy: ROLES,
    shownOn: on(
      [
        PUBLISHED_PAGE,
        PUBLISHED_API,
        PUBLISHED_MARKDOWN,
        PUBLISHED_FEED,
        ...PUBLISHED_DECISIONS,
        'GET /ideas/:slug (the member’s proposal, decided in published minutes)',
      ],
      ROLES,
    ),
  },

  /** The name of someone interested in the member's proposal: maintainers see who, everyone else how many. */
  interestedName: {
    seenBy: MAINTAINERS,
    shownOn: on(
      [
        'GET /api/v1/ideas/:id/interest',
        'GET /ideas/:slug (the member’s proposal, decided in published minutes)',
      ],
      MAINTAINERS,
    ),
  },

  // Accounts: an e-mail address only for its owner and admins; secrets for nobody.
  emailMember: ownEmail('member'),
  emailOther: ownEmail('other'),
  emailMaintainer: ownEmail('maintainer'),
  emailAdmin: ownEmail('admin'),
  /** The name of the member's API token: theirs alone. */
  tokenName: {
    seenBy: ['member'],
    shownOn: { 'GET /profile': ['member'], 'GET /api/v1/tokens': ['member'] },
  },
  apiTokens: { seenBy: NOBODY },
  sessionTokens: { seenBy: NOBODY },
  passwordHashes: { seenBy: NOBODY },
  cookieSecret: { seenBy: NOBODY },
  /** An invitation link to register, shown once to the admin who made it. */
  registrationInvitation: { seenBy: NOBODY },

  // Invitations to a series: who asked for them, and their signed links.
  subscriberEmail: { seenBy: NOBODY },
  subscriberLinks: { seenBy: NOBODY },
} satisfies Record<string, Visibility>;

export type PrivateKey = keyof typeof PRIVATE_DATA;

/** The marker strings planted for each kind of private data. */
export type Markers = Record<PrivateKey, readonly string[]>;

/**
 * The body as a reader gets it, undone of encodings that could hide a marker: calendar lines
 * folded at 75 octets (RFC 5545 3.1) and Markdown's backslash escapes.
 */
function readable(body: string): string {
  return body.replace(/\r?\n[ \t]/gu, '').replace(/\\([!-/:-@[-`{-~])/gu, '$1');
}

/** What `who` reads on row `row` and should not, or does not and should. */
export function readingProblems(row: string, who: Who, body: string, markers: Markers): string[] {
  const text = readable(body);
  const problems: string[] = [];
  for (const [key, rule] of Object.entries(PRIVATE_DATA) as [PrivateKey, Visibility][]) {
    const shown = markers[key].filter((m) => text.includes(m));
    if (shown.length > 0 && !rule.seenBy.includes(who)) problems.push(`${row} as ${who} shows ${key}`);
    if (rule.shownOn?.[row]?.includes(who) && shown.length === 0)
      problems.push(`${row} as ${who} lacks ${key}`);
  }
  return problems;
}
