import type { FastifyReply } from 'fastify';
import { type Static, type TSchema, Type } from 'typebox';
import type { Page, PageRequest } from '../../app/paging.js';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import { IDEA_STATUSES } from '../../domain/idea-status.js';
import type { ActionItem, Decision, Minutes } from '../../domain/minutes.js';
import { PROPOSAL_STATES } from '../../domain/proposal.js';
import type { Actor } from '../../domain/roles.js';
import { MeetingParams, RecordParams } from '../schemas/minutes.js';
import { PageQuery } from '../schemas/paging.js';
import { versionedRead } from './if-match.js';
import { type ApiServer, WriteProblems } from './schemas.js';

/**
 * What the API answers about a meeting's record (notes, decisions, objections, action items):
 * the response schemas and the functions that shape the use-cases' results into them.
 * Objectors and note-takers appear by name only, as on the meeting's page; never by e-mail.
 */

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const recordProblems = WriteProblems;

export const MinutesSchema = Type.Object(
  {
    status: Type.Enum(['draft', 'published']),
    body: Type.String({ description: 'the notes, in Markdown (written as `text`)' }),
    attendeeCount: Nullable(Type.Integer()),
    publishedAt: Nullable(Type.String()),
    overview: Nullable(
      Type.Array(Type.Object({ slug: Type.String(), title: Type.String(), status: Type.String() })),
    ),
    noteTaker: Type.Optional(Nullable(Type.String({ description: 'name of the member taking the notes' }))),
    startedAt: Type.Optional(
      Nullable(Type.String({ description: 'when a maintainer started the meeting ahead of its time' })),
    ),
    version: Type.Integer(),
  },
  {
    examples: [
      {
        status: 'draft',
        body: '## Release\n\nWe agreed to ship in January.',
        attendeeCount: 7,
        publishedAt: null,
        overview: null,
        noteTaker: 'Ada Lovelace',
        version: 3,
      },
    ],
  },
);

export const ObjectionSchema = Type.Object({
  id: Type.String(),
  name: Nullable(Type.String()),
  reason: Type.String(),
  createdAt: Type.String(),
});

export const DecisionSchema = Type.Object(
  {
    id: Type.String(),
    occurrence: Type.String(),
    text: Type.String(),
    idea: Nullable(Type.String({ description: 'slug of the idea it concerns' })),
    ideaId: Type.Optional(Nullable(Type.String())),
    toStatus: Nullable(Type.Enum([...IDEA_STATUSES])),
    proposal: Type.Optional(Nullable(Type.Integer({ description: 'number of the proposal it concerns' }))),
    toState: Type.Optional(Nullable(Type.Enum([...PROPOSAL_STATES]))),
    reason: Nullable(Type.String()),
    state: Type.Enum(['final', 'proposed', 'objected'], {
      description: 'proposed: lazy consensus, final by itself when the window closes without objection',
    }),
    objectionDeadline: Nullable(Type.String({ format: 'date-time' })),
    objectionsOpen: Type.Boolean(),
    objections: Type.Array(ObjectionSchema),
    version: Type.Integer(),
  },
  {
    examples: [
      {
        id: '019ad6c8-2f3e-7c41-9d0a-5b7e1f0c2a11',
        occurrence: '2026-11-30',
        text: 'The public demo playground goes on the roadmap',
        idea: 'public-demo-playground',
        ideaId: '019ad6c0-11aa-7b22-8c33-4d44e55f6677',
        toStatus: 'roadmap',
        reason: null,
        state: 'proposed',
        objectionDeadline: '2026-12-03T14:00:00.000Z',
        objectionsOpen: true,
        objections: [],
        version: 2,
      },
    ],
  },
);

export const ActionItemSchema = Type.Object(
  {
    id: Type.String(),
    text: Type.String(),
    assignee: Type.String(),
    dueDate: Nullable(Type.String({ format: 'date' })),
    ideaId: Type.Optional(Nullable(Type.String())),
    done: Type.Boolean(),
    version: Type.Integer(),
  },
  {
    examples: [
      {
        id: '019ad6c9-0b1c-7d2e-8f30-415263748596',
        text: 'Draft the release notes',
        assignee: 'Ada',
        dueDate: '2026-12-14',
        ideaId: null,
        done: false,
        version: 1,
      },
    ],
  },
);

/** `{ items, nextCursor }` of a list of `item`. */
export const PageSchema = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

/** The schema of a list's route: a page at a time, `{ items, nextCursor }` of `item`. */
export const listSchema = <P extends TSchema, I extends TSchema>(
  about: { tags: string[]; summary: string; params: P },
  item: I,
) => ({ ...about, querystring: PageQuery, response: { 200: PageSchema(item), ...WriteProblems } });

/** The page a list's query asks for. */
export const pageRequest = (query: PageQuery): PageRequest => ({
  cursor: query.cursor,
  limit: query.limit ? Number(query.limit) : 100,
});

/** A page of the use-case's items as the API shows them. */
export const presentPage = <T, U>(page: Page<T>, present: (item: T) => U) => ({
  items: page.items.map(present),
  nextCursor: page.nextCursor,
});

export const presentMinutes = (m: Minutes) => ({
  status: m.status,
  body: m.body,
  attendeeCount: m.attendeeCount,
  publishedAt: m.publishedAt,
  overview: m.overview,
  noteTaker: m.noteTakerName,
  startedAt: m.startedAt,
  version: m.version,
});

export const presentObjection = (o: Decision['objections'][number]) => ({
  id: o.id,
  name: o.userName,
  reason: o.reason,
  createdAt: o.createdAt,
});

export const presentDecision = (d: Decision) => ({
  id: d.id,
  occurrence: d.occurrence,
  text: d.text,
  idea: d.ideaSlug,
  ideaId: d.ideaId,
  toStatus: d.toStatus,
  proposal: d.proposalNumber,
  toState: d.toState,
  reason: d.reason,
  state: d.state,
  objectionDeadline: d.objectionDeadline,
  objectionsOpen: d.open,
  objections: d.objections.map(presentObjection),
  version: d.version,
});

export const presentAction = (a: ActionItem) => ({
  id: a.id,
  text: a.text,
  assignee: a.assignee,
  dueDate: a.dueDate,
  ideaId: a.ideaId,
  done: a.done,
  version: a.version,
});

/** A versioned answer: its ETag, and the body. */
export const versioned = <T extends { version: number }>(reply: FastifyReply, code: number, body: T) =>
  reply.code(code).header('etag', `"${body.version}"`).send(body);

/**
 * The use-cases name a refused field as the meeting page's forms do; the API's bodies name some
 * of them otherwise, and a client should be told of the field it sent.
 */
const API_FIELDS: Record<string, string> = {
  body: 'text',
  attendeeCount: 'attendees',
  idea: 'ideaId',
  dueDate: 'due',
  noteTaker: 'email',
};

/** Runs a use-case for the API: its refusals name the fields of the API's bodies. */
export async function inApiFields<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    throw new ValidationError(err.problems.map((p) => ({ ...p, field: API_FIELDS[p.field] ?? p.field })));
  }
}

/**
 * Runs a write whose conflict carries the stored minutes, so the 409 holds them as the API
 * shows them (with the other's text, to merge), not as the use-case keeps them.
 */
export async function withMinutesConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await inApiFields(work);
  } catch (err) {
    if (err instanceof ConflictError && err.current)
      throw new ConflictError(presentMinutes(err.current as Minutes));
    throw err;
  }
}

/** A list of one meeting's record (decisions, action items) as a GET route, a page at a time. */
function meetingListRoute<T, I extends TSchema>(
  server: ApiServer,
  path: string,
  about: { tags: string[]; summary: string },
  item: I,
  list: (actor: Actor, slug: string, date: string, page: PageRequest) => Promise<Page<T>>,
  present: (t: T) => Static<I>,
): void {
  server.get(path, { schema: listSchema({ ...about, params: MeetingParams }, item) }, async (request) => {
    const { slug, date } = request.params;
    const page = presentPage(await list(request.auth.actor, slug, date, pageRequest(request.query)), present);
    // TypeBox cannot relate Static<I> to the response's type while I is generic; `present` is
    // typed by I, and the response schema serializes the page.
    return page as never;
  });
}

/** One entry of a meeting's record (a decision, an action item) as a GET route, with its ETag. */
function recordRoute<T extends { version: number }>(
  server: ApiServer,
  path: string,
  about: { tags: string[]; summary: string },
  item: TSchema,
  read: (actor: Actor, id: string) => Promise<T>,
  present: (t: T) => unknown,
): void {
  const schema = { ...about, params: RecordParams, response: { 200: item, ...recordProblems } };
  versionedRead(server, path, schema, (id, actor) => read(actor, id), present);
}

/**
 * The reads of one kind of a meeting's record (decisions, action items): a meeting's list of
 * them at `list.url`, a page at a time, and one of them by id at `one.url`, with its ETag.
 */
export function recordReads<T extends { version: number }, I extends TSchema>(
  server: ApiServer,
  kind: { tags: string[]; item: I; present: (t: T) => Static<I> },
  list: {
    url: string;
    summary: string;
    page: (actor: Actor, slug: string, date: string, page: PageRequest) => Promise<Page<T>>;
  },
  one: { url: string; summary: string; read: (actor: Actor, id: string) => Promise<T> },
): void {
  const { tags, item, present } = kind;
  meetingListRoute(server, list.url, { tags, summary: list.summary }, item, list.page, present);
  recordRoute(server, one.url, { tags, summary: one.summary }, item, one.read, present);
}
