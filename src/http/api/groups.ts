import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { Groupable, GroupSummary } from '../../app/groups.js';
import type { Config } from '../../config.js';
import type { Group, GroupPerson } from '../../domain/group.js';
import { CreateGroupBody, GroupAssignBody, GroupMemberBody, UpdateGroupBody } from '../schemas/groups.js';
import { created, updatesOf } from './if-match.js';
import { apiPart, noContentRoute } from './route-kinds.js';
import { type ApiServer, BEARER, bearerWrite, Problem, WriteProblems } from './schemas.js';

const tags = ['groups'];

const PersonSchema = Type.Object({
  name: Type.String(),
  handle: Type.String(),
  role: Type.Enum(['lead', 'member']),
});

const GroupFields = {
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  description: Type.String({ description: 'Markdown' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
};

export const GroupSchema = Type.Object({ ...GroupFields, people: Type.Array(PersonSchema) });
const ListedGroupSchema = Type.Object({ ...GroupFields, leads: Type.Array(PersonSchema) });

const Params = Type.Object({ slug: Type.String({ maxLength: 100, description: 'the group’s slug' }) });
const MemberParams = Type.Object({
  slug: Type.String({ maxLength: 100 }),
  handle: Type.String({ maxLength: 100, description: 'the person’s handle' }),
});

const person = (p: GroupPerson) => ({ name: p.name, handle: p.handle, role: p.role });
const present = (group: Group, people: readonly GroupPerson[]) => ({ ...group, people: people.map(person) });
const listed = ({ group, leads }: GroupSummary) => ({ ...group, leads: leads.map(person) });

function registerReads(server: ApiServer, app: App): void {
  server.get(
    '/groups',
    {
      schema: {
        tags,
        summary: 'List groups by name, with their leads',
        response: {
          200: Type.Object({
            items: Type.Array(ListedGroupSchema),
            nextCursor: Type.Null({ description: 'always null: every group is on the one page' }),
          }),
        },
      },
    },
    async () => ({ items: (await app.groups.list()).map(listed), nextCursor: null }),
  );

  server.get(
    '/groups/:slug',
    {
      schema: {
        tags,
        summary: 'One group with its leads and members',
        params: Params,
        response: { 200: GroupSchema, 404: Problem },
      },
    },
    async (request, reply) => {
      const { group, people } = await app.groups.get(request.params.slug);
      reply.header('etag', `"${group.version}"`).header('cache-control', 'no-cache');
      return present(group, people);
    },
  );
}

function registerWrites(server: ApiServer, app: App, config: Config): void {
  server.post(
    '/groups',
    {
      schema: bearerWrite(
        { tags, summary: 'Make a group with its members and leads (admins)', body: CreateGroupBody },
        { 201: GroupSchema },
      ),
    },
    async (request, reply) => {
      const group = await app.groups.create(request.auth.actor, request.body);
      const { people } = await app.groups.get(group.slug);
      return created(
        reply,
        `${config.basePath}/api/v1/groups/${group.slug}`,
        group.version,
        present(group, people),
      );
    },
  );

  const update = updatesOf(
    async (slug) => (await app.groups.get(slug)).group,
    (value: Group & { people: GroupPerson[] }) => present(value, value.people),
  );
  server.patch(
    '/groups/:slug',
    {
      schema: {
        tags,
        summary: 'Change a group’s name, slug or description (admins)',
        security: BEARER,
        description: 'Send the ETag you read as If-Match; a stale version gets 409 with the current group.',
        params: Params,
        headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
        body: UpdateGroupBody,
        response: { 200: GroupSchema, ...WriteProblems },
      },
    },
    async (request, reply) =>
      update(reply, request.params.slug, request.headers['if-match'], async (version) => {
        const { group: current } = await app.groups.get(request.params.slug);
        const b = request.body;
        const merged = {
          slug: b.slug ?? current.slug,
          name: b.name ?? current.name,
          description: b.description ?? current.description,
          ...(b.members !== undefined || b.leads !== undefined
            ? { members: b.members ?? [], leads: b.leads ?? [] }
            : {}),
        };
        const group = await app.groups.update(request.auth.actor, request.params.slug, version, merged);
        return { ...group, people: (await app.groups.get(group.slug)).people };
      }),
  );
  registerMembers(server, app);
}

function registerMembers(server: ApiServer, app: App): void {
  const people = Type.Object({ people: Type.Array(PersonSchema) });
  server.put(
    '/groups/:slug/members/:handle',
    {
      schema: bearerWrite(
        {
          tags,
          summary: 'Add a member or change their role (leads add members; admins name leads)',
          params: MemberParams,
          body: GroupMemberBody,
        },
        { 200: people },
      ),
    },
    async (request) => {
      const { slug, handle } = request.params;
      const list = await app.groups.setMember(request.auth.actor, slug, handle, request.body.role);
      return { people: list.map(person) };
    },
  );
  server.delete(
    '/groups/:slug/members/:handle',
    {
      schema: bearerWrite(
        { tags, summary: 'Take someone out of the group (leads for members; admins)', params: MemberParams },
        { 200: people },
      ),
    },
    async (request) => {
      const { slug, handle } = request.params;
      return { people: (await app.groups.removeMember(request.auth.actor, slug, handle)).map(person) };
    },
  );
}

/** `PUT …/group` of an idea, a series and a board: the one field their edit forms also have. */
function registerAssignment(server: ApiServer, app: App): void {
  const paths: [Groupable, string, string][] = [
    ['idea', '/ideas/:id/group', 'id'],
    ['series', '/series/:slug/group', 'slug'],
    ['board', '/boards/:id/group', 'id'],
  ];
  for (const [kind, url, param] of paths) {
    noContentRoute(
      server,
      {
        method: 'PUT',
        url,
        schema: bearerWrite(
          {
            tags,
            summary: `Put the ${kind} into a group or take it out (maintainers; a group’s leads into their group)`,
            params: Type.Object({ [param]: Type.String({ maxLength: 200 }) }),
            body: GroupAssignBody,
          },
          { 204: Type.Null() },
        ),
      },
      async (request) => {
        const ref = (request.params as Record<string, string>)[param] as string;
        const group = request.body.group === null || request.body.group === '' ? null : request.body.group;
        await app.groups.assign(request.auth.actor, kind, ref, group);
      },
    );
  }
}

/** Groups: read publicly; made by admins, filled by admins and their leads. */
export const groupApiRoutes = apiPart(registerReads, registerWrites, registerAssignment);
