import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import { ConflictError } from '../../domain/errors.js';
import { authorize } from '../../domain/policy.js';
import {
  emptyGroupForm,
  GroupFormPage,
  type GroupFormValues,
  groupFormValues,
} from '../../web/pages/group-form.js';
import { GroupListPage, GroupPage } from '../../web/pages/groups.js';
import { CreateGroupBody, UpdateGroupBody } from '../schemas/groups.js';
import { withVersion } from '../schemas/meetings.js';
import { type FormAgain, formRoute, pageParams } from './form-route.js';
import type { PageKit } from './kit.js';

const Params = Type.Object({ slug: Type.String({ maxLength: 100 }) });
const paramsOf = pageParams(Params);

/** The form as typed, for showing it again. */
function typed({ values }: Pick<FormAgain<unknown>, 'values'>): GroupFormValues {
  return {
    slug: values.slug ?? '',
    name: values.name ?? '',
    description: values.description ?? '',
    members: values.members ?? '',
    leads: values.leads ?? '',
  };
}

function createRoutes(app: App, kit: PageKit, server: FastifyInstance): void {
  server.get('/groups/new', async (request, reply) => {
    authorize(request.auth.actor, 'group.manage');
    return kit.render(request, reply, GroupFormPage, {
      mode: 'new',
      values: emptyGroupForm,
      errors: {},
      message: null,
    });
  });
  server.post(
    '/groups',
    kit.once(
      formRoute(kit, {
        action: 'group.manage',
        params: Type.Object({}),
        body: CreateGroupBody,
        run: async (request, reply, { body }) => {
          const group = await app.groups.create(request.auth.actor, body);
          return kit.redirect(reply, `/groups/${group.slug}`, 'groups.created');
        },
        again: async (request, reply, { message, errors, status, values }) =>
          kit.render(
            request,
            reply,
            GroupFormPage,
            { mode: 'new', values: typed({ values }), errors, message },
            status,
          ),
      }),
    ),
  );
}

function editRoutes(app: App, kit: PageKit, server: FastifyInstance): void {
  server.get('/groups/:slug/edit', async (request, reply) => {
    authorize(request.auth.actor, 'group.manage');
    const { group, people } = await app.groups.get(paramsOf(request).slug);
    return kit.render(request, reply, GroupFormPage, {
      mode: { slug: group.slug, version: group.version },
      values: groupFormValues(group, people),
      errors: {},
      message: null,
    });
  });
  server.post(
    '/groups/:slug/edit',
    formRoute(kit, {
      action: 'group.manage',
      params: Params,
      body: withVersion(UpdateGroupBody),
      run: async (request, reply, { params, body: { version, ...input } }) => {
        const group = await app.groups.update(request.auth.actor, params.slug, version, {
          ...input,
          members: input.members ?? [],
          leads: input.leads ?? [],
        });
        return kit.redirect(reply, `/groups/${group.slug}`, 'groups.saved');
      },
      again: async (request, reply, { params, message, errors, status, cause, values }) => {
        const conflict = cause instanceof ConflictError;
        const version = conflict ? (cause.current as { version: number }).version : Number(values.version);
        return kit.render(
          request,
          reply,
          GroupFormPage,
          {
            mode: { slug: params.slug, version: Number.isInteger(version) ? version : 0 },
            values: typed({ values }),
            errors: conflict ? {} : errors,
            message: conflict ? kit.t(request)('groups.conflict') : message,
          },
          status,
        );
      },
    }),
  );
}

/** `/groups`: the list by name, a group's home, and the admins' forms. */
export function groupPageRoutes(app: App, kit: PageKit) {
  return async (server: FastifyInstance) => {
    server.get('/groups', async (request, reply) =>
      kit.render(request, reply, GroupListPage, { groups: await app.groups.list() }),
    );
    createRoutes(app, kit, server);
    editRoutes(app, kit, server);
    server.get('/groups/:slug', async (request, reply) => {
      const home = await app.groups.home(paramsOf(request).slug, request.locale);
      const following = await app.follows.isFollowing(request.auth.actor, {
        kind: 'group',
        id: home.group.id,
      });
      return kit.render(request, reply, GroupPage, { home, following });
    });
  };
}
