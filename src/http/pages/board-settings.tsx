import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app/app.js';
import type { Board } from '../../domain/board.js';
import { ConflictError } from '../../domain/errors.js';
import { authorize, authorizeAttempt, can } from '../../domain/policy.js';
import type { FieldErrors } from '../../web/components/form.js';
import { BoardFormPage } from '../../web/pages/board-form.js';
import { BoardCreate, BoardParams, BoardSettings } from '../schemas/board.js';
import { NoInput } from '../schemas/meetings.js';
import { formRoute, pageParams } from './form-route.js';
import { FormFields, type PageKit } from './kit.js';

const boardOf = pageParams(BoardParams);

/** The board, once the reader is known to edit it: maintainers, and the leads of its group. */
async function editableBoard(app: App, request: FastifyRequest, ref: string): Promise<Board> {
  authorizeAttempt(request.auth.actor, 'board.edit');
  const board = await app.board.board(ref);
  authorize(request.auth.actor, 'board.edit', { groupLeads: await app.groups.leadIds(board.groupId) });
  return board;
}

interface Shown {
  version: number;
  title: string;
  /** The group typed, when the form sent one. */
  group?: string | undefined;
  errors?: FieldErrors;
  message?: string | null;
  status?: number;
}

async function boardForm(
  app: App,
  kit: PageKit,
  request: FastifyRequest,
  reply: FastifyReply,
  board: Board,
  shown: Shown,
) {
  const choices = await app.groups.choices(request.auth.actor, board.groupId);
  const current = choices.groups.find((g) => g.id === board.groupId)?.slug ?? '';
  return kit.render(
    request,
    reply,
    BoardFormPage,
    {
      board: { slug: board.slug, version: shown.version },
      title: shown.title,
      group: { choices, value: shown.group ?? current },
      errors: shown.errors ?? {},
      message: shown.message ?? null,
    },
    shown.status ?? 200,
  );
}

/** Where a new board's form was opened from: its group's page, or the board. */
const backTo = (group: string) => (group ? `/groups/${encodeURIComponent(group)}` : '/board');

/** A new board: its form, for those who may make one (maintainers; a group's lead in their group). */
function createRoutes(app: App, kit: PageKit) {
  return (server: FastifyInstance) => {
    server.get('/boards/new', async (request, reply) => {
      const choices = await app.groups.createChoices(request.auth.actor, 'board.edit');
      // The group page's link names its group; otherwise a lead's first group is chosen for them.
      const asked = (request.query as { group?: unknown }).group;
      const named = choices.groups.find((g) => g.slug === asked)?.slug;
      const value = named ?? (choices.none ? '' : (choices.groups[0]?.slug ?? ''));
      return kit.render(request, reply, BoardFormPage, {
        board: 'new',
        title: '',
        group: { choices, value, always: true },
        back: backTo(named ?? ''),
        errors: {},
        message: null,
      });
    });

    server.post(
      '/boards',
      kit.once(
        formRoute(kit, {
          action: 'board.edit',
          authorize: async (request) => {
            await app.groups.createChoices(request.auth.actor, 'board.edit');
          },
          params: NoInput,
          body: BoardCreate,
          run: async (request, reply, { body }) => {
            const actor = request.auth.actor;
            // The group is a field of the form: a choice not offered is said beside it.
            await app.groups.checkChoice(actor, null, body.group ?? null, { none: can(actor, 'board.edit') });
            const board = await app.board.createBoard(actor, body);
            return kit.redirect(reply, `/boards/${encodeURIComponent(board.slug)}`, 'board.created');
          },
          again: async (request, reply, { values, errors, message, status }) => {
            const choices = await app.groups.createChoices(request.auth.actor, 'board.edit');
            const group = values.group ?? '';
            return kit.render(
              request,
              reply,
              BoardFormPage,
              {
                board: 'new',
                title: values.title ?? '',
                group: { choices, value: group, always: true },
                back: backTo(group),
                errors,
                message,
              },
              status,
            );
          },
        }),
      ),
    );
  };
}

/** A board's settings: its form, and saving it (a change meanwhile is said, what was typed kept). */
export function boardSettingsRoutes(app: App, kit: PageKit) {
  return (server: FastifyInstance) => {
    createRoutes(app, kit)(server);
    server.get('/boards/:id/edit', async (request, reply) => {
      const board = await editableBoard(app, request, boardOf(request).id);
      const title = board.title || kit.t(request)('board.title');
      return boardForm(app, kit, request, reply, board, { version: board.version, title });
    });

    server.post(
      '/boards/:id/edit',
      formRoute(kit, {
        action: 'board.edit',
        authorize: async (request, params) => {
          await editableBoard(app, request, params.id);
        },
        params: BoardParams,
        body: BoardSettings,
        run: async (request, reply, { params, body: { version, ...input } }) => {
          const board = await app.board.updateBoard(request.auth.actor, params.id, version, input);
          return kit.redirect(reply, `/boards/${encodeURIComponent(board.slug)}`, 'board.saved');
        },
        again: async (request, reply, { params, values, errors, message, status, cause }) => {
          const board = await app.board.board(params.id);
          const sent = new FormFields(request.body).all('group').length > 0;
          const typed = { title: values.title ?? '', group: sent ? values.group : undefined };
          if (cause instanceof ConflictError) {
            // The form now carries the version stored, so saving again is a deliberate overwrite.
            const message = kit.t(request)('board.boardConflict');
            return boardForm(app, kit, request, reply, board, {
              ...typed,
              version: board.version,
              message,
              status,
            });
          }
          const version = /^\d{1,9}$/u.test(values.version ?? '') ? Number(values.version) : 0;
          return boardForm(app, kit, request, reply, board, { ...typed, version, errors, message, status });
        },
      }),
    );
  };
}
