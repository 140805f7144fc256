import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type TObject, type TString, Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { FollowKind } from '../../app/follows.js';
import { ErrorPage } from '../../web/pages/error.js';
import { PersonPage } from '../../web/pages/person.js';
import { BoardParams } from '../schemas/board.js';
import { FollowChange, InterestChange, PersonParams } from '../schemas/follows.js';
import { SeriesPageParams } from '../schemas/meetings.js';
import { ProposalNumberParams } from '../schemas/proposals.js';
import { type FormAgain, formRoute, nextPath, pageParams } from './form-route.js';
import type { PageKit } from './kit.js';

const IdeaPageParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });
const GroupPageParams = Type.Object({ slug: Type.String({ maxLength: 100 }) });
const personParams = pageParams(PersonParams);

/**
 * The buttons behind "I want this too" and "Follow": each goes back to the page it was on with
 * a notice; a refused one (a form of another site, a stale page) says why on a page of its own,
 * as nothing was typed that could be lost.
 */
function refusedAgain(kit: PageKit) {
  return async (request: FastifyRequest, reply: FastifyReply, { message, status }: FormAgain<unknown>) =>
    kit.render(request, reply, ErrorPage, { message }, status);
}

/** Where the page of a followed thing lives, before its slug or id. */
const FOLLOWED_PAGE: Record<FollowKind, string> = {
  idea: '/ideas/',
  series: '/meetings/',
  board: '/boards/',
  group: '/groups/',
  proposal: '/proposals/',
};

/** The follow button of one kind of page: `…/follow` with `follow` true or false; `key` names its slug or id. */
function followRoute<P extends TObject<Record<K, TString>>, K extends string>(
  app: App,
  kit: PageKit,
  kind: FollowKind,
  params: P,
  key: K,
) {
  return formRoute(kit, {
    action: 'follow.manage',
    params,
    body: FollowChange,
    run: async (request, reply, { params: p, body }) => {
      const actor = request.auth.actor;
      const ref = (p as Record<K, string>)[key];
      if (body.follow) await app.follows.follow(actor, kind, ref);
      else await app.follows.unfollow(actor, kind, ref);
      return kit.redirect(
        reply,
        nextPath(request, FOLLOWED_PAGE[kind] + encodeURIComponent(ref)),
        body.follow ? 'follow.followed' : 'follow.unfollowed',
      );
    },
    again: refusedAgain(kit),
  });
}

/** Interest, following and the public page of a person. */
export function followPageRoutes(app: App, kit: PageKit) {
  return async (server: FastifyInstance) => {
    server.post(
      '/ideas/:slug/interest',
      formRoute(kit, {
        action: 'idea.interest',
        params: IdeaPageParams,
        body: InterestChange,
        run: async (request, reply, { params: { slug }, body }) => {
          const actor = request.auth.actor;
          if (body.interested) await app.interest.add(actor, slug);
          else await app.interest.remove(actor, slug);
          const notice = body.interested ? 'interest.added' : 'interest.removed';
          return kit.redirect(reply, nextPath(request, `/ideas/${slug}`), notice);
        },
        again: refusedAgain(kit),
      }),
    );
    server.post('/ideas/:slug/follow', followRoute(app, kit, 'idea', IdeaPageParams, 'slug'));
    server.post('/meetings/:series/follow', followRoute(app, kit, 'series', SeriesPageParams, 'series'));
    server.post('/boards/:id/follow', followRoute(app, kit, 'board', BoardParams, 'id'));
    server.post('/groups/:slug/follow', followRoute(app, kit, 'group', GroupPageParams, 'slug'));
    server.post(
      '/proposals/:number/follow',
      followRoute(app, kit, 'proposal', ProposalNumberParams, 'number'),
    );

    server.get('/people/:id', async (request, reply) => {
      const profile = await app.people.profile(request.auth.actor, personParams(request).id);
      return kit.render(request, reply, PersonPage, { profile });
    });
  };
}
