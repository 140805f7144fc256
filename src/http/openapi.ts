import type { SwaggerOptions } from '@fastify/swagger';
import type { Config } from '../config.js';
import { type Translate, translator } from '../web/i18n/index.js';

/**
 * The nouns of the API, in the order the reference shows them. Every operation names one of
 * these in `tags` (test/api-reference.test.ts fails on an undeclared tag or a missing summary).
 */
export const API_TAGS = [
  {
    name: 'ideas',
    description: 'Ideas of the backlog: propose, read, edit, and move one through its statuses.',
  },
  {
    name: 'backlog',
    description:
      'The backlog as a whole rather than one idea: the triage queue and what waits in each status.',
  },
  {
    name: 'meetings',
    description:
      'Meeting series (when, where, in which language) and their occurrences, with extra and cancelled ones.',
  },
  {
    name: 'agenda',
    description:
      'The topics of one meeting: anyone signed in proposes, maintainers accept, order and timebox them; ideas can be nominated.',
  },
  {
    name: 'minutes',
    description:
      'What a meeting recorded: notes, attendance and the overview of current projects; drafts are readable by maintainers and the note-taker only.',
  },
  {
    name: 'decisions',
    description:
      'Decisions in the minutes; one can change an idea, and one proposed by lazy consensus waits for objections.',
  },
  {
    name: 'comments',
    description:
      'Comments on ideas, agenda topics and decisions, with one level of replies: members write, edit and delete their own and report others; maintainers hide one with a reason.',
  },
  { name: 'actions', description: 'Action items of the minutes, with assignee and due date.' },
  {
    name: 'board',
    description: 'Planning boards and their items (cards), linked to GitHub issues and ideas.',
  },
  {
    name: 'columns',
    description: 'The columns of a board: add, rename, reorder, archive, and flag those that count as done.',
  },
  {
    name: 'roadmap',
    description: 'Ideas on the roadmap and in progress, grouped into now / next / later with their progress.',
  },
  {
    name: 'imports',
    description: 'Imports and exports: the planning page as Markdown, GitHub Projects, backups.',
  },
  {
    name: 'interest',
    description:
      '“I want this too” on ideas: members say it and take it back; everyone sees the count, maintainers the names.',
  },
  {
    name: 'follows',
    description: 'Following ideas, meeting series and boards, and the list of what one follows.',
  },
  {
    name: 'notifications',
    description:
      'One’s inbox: what happened to what one follows or was named in, marking it read, and what is mailed.',
  },
  {
    name: 'people',
    description:
      'Public profiles: a person’s name and the ideas and topics they proposed (never an address).',
  },
  {
    name: 'search',
    description:
      'One search over ideas, comments, agenda topics, minutes, decisions and board cards, as far as the caller may read them.',
  },
  { name: 'accounts', description: 'The account a request acts as, and its profile.' },
  { name: 'users', description: 'The people of the hub and their roles (admins).' },
  {
    name: 'sessions',
    description: 'The browsers signed in to one’s account: see them, and sign one or all others out.',
  },
  {
    name: 'tokens',
    description: 'Personal API tokens: create, list and revoke the bearer tokens scripts use.',
  },
  {
    name: 'settings',
    description: 'Settings of the hub (admins): registration, nominations, images from other sites.',
  },
  {
    name: 'proposals',
    description:
      'Enhancement proposals: numbered Markdown documents with authors, a state that moves along allowed transitions with a reason, its history and linked ideas. Read publicly; written by maintainers.',
  },
  {
    name: 'groups',
    description:
      'Groups of the community (special interest groups, working groups): leads and members; ideas, meeting series and boards belong to one group or none. Read publicly; made by admins; a group’s leads add members and act as maintainers inside their group.',
  },
  {
    name: 'webhooks',
    description:
      'Signed webhooks (admins): endpoints that are sent the events they subscribe to, signed by Standard Webhooks, with a log of every delivery.',
  },
] as const satisfies readonly { name: string; description: string }[];

export type ApiTag = (typeof API_TAGS)[number]['name'];

/**
 * What the reference says before the operations: the hub, signing in, and the rules every
 * operation keeps. The opening paragraph is in the reader's language (the reference page asks
 * for it); the rest, like the operations, in English.
 */
export function apiDescription(basePath: string, t: Translate): string {
  return `${t('api.intro', { spec: `${basePath}/api/openapi.json`, hub: `${basePath}/` })}

## Authentication

- **Bearer token** (scripts): create a personal token on your [profile page](${basePath}/profile) (or with
  \`plenum token create --email you@example.org\`) and send it as \`Authorization: Bearer plm_…\`. A token acts with its
  owner's role; changing the password revokes it. A wrong or revoked token gets 401.
- **Browser session**: a signed-in browser may call the API with its session cookie; then every request that changes
  something must carry the page's CSRF token (the \`_csrf\` field of any form) as \`X-CSRF-Token\`.
- Reading public things needs neither. A write without the needed role gets 401 (not signed in) or 403.

## Conventions

- **Lists** answer \`{ "items": [...], "nextCursor": "…" | null }\`. Pass \`nextCursor\` back as \`cursor\` for the next page;
  the cursor is opaque. \`limit\` is 1–500 (default 100); \`q\` filters by words.
- **Versions**: every object has a \`version\`, and reads send it as \`ETag: "<version>"\`. Updates (\`PATCH\`) need
  \`If-Match: "<version>"\` (or \`*\`): without it 428, with a stale one 409 and the current object in \`current\`, so
  nothing is silently overwritten.
- **Creates** answer 201 with \`Location\` and \`ETag\`; deletes answer 204.
- **Errors** are \`application/problem+json\` (RFC 9457) with \`status\`, \`title\`, \`detail\` and, for bad input, \`errors\`
  per field. Bad input is always a 4xx; JSON types are not coerced (a title of \`42\` is refused, not read as text).
- **Limits**: bodies up to 1 MB; lists in input are capped (20 links, 10 tags …). Beyond a rate limit the answer is 429
  with \`Retry-After\`; while the database is away, 503 with \`Retry-After\`.
- **Times** are ISO 8601: instants in UTC, meetings in their series' local time and zone. Text is Markdown where said.
- **Version**: this is version 1, under \`/api/v1\`; fields and operations are added without notice, anything that breaks
  a client gets a new version.`;
}

/** The `@fastify/swagger` options: the whole hub's OpenAPI 3.1 description, built from the routes' schemas. */
export function openApiOptions(config: Config): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Plenum',
        version: '1',
        description: apiDescription(config.basePath, translator('en')),
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      servers: [{ url: config.baseUrl.origin }],
      tags: [...API_TAGS],
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'A personal API token from the profile page (`plm_…`).',
          },
        },
      },
    },
    hideUntagged: true,
  };
}
