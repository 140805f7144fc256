import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { GithubImportReport } from '../../app/github-import.js';
import { ValidationError } from '../../domain/errors.js';
import { authorize } from '../../domain/policy.js';
import type { FieldErrors } from '../../web/components/form.js';
import { BoardImportPage, type BoardImportValues } from '../../web/pages/board-import.js';
import { RoadmapPage } from '../../web/pages/roadmap.js';
import { HttpError } from '../problem.js';
import { BoardParams } from '../schemas/board.js';
import { attemptForm, pageParams, type Refusal } from './form-route.js';
import { FormFields, type PageKit } from './kit.js';

const boardOf = pageParams(BoardParams);
const ideaOf = pageParams(Type.Object({ idea: Type.String({ maxLength: 200 }) }));

/** The roadmap, and the horizon (now, next, later) a maintainer gives an idea on it. */
export function roadmapRoutes(app: App, kit: PageKit) {
  return (server: FastifyInstance) => {
    server.get('/roadmap', async (request, reply) => {
      const groups = await app.roadmap.view(request.locale);
      return kit.render(request, reply, RoadmapPage, { groups });
    });

    server.post('/roadmap/:idea', async (request, reply) => {
      const { idea } = ideaOf(request);
      authorize(request.auth.actor, 'roadmap.edit');
      const fields = new FormFields(request.body);
      if (!kit.csrfOk(request, fields)) throw new HttpError(403, 'error.csrf');
      const version = fields.int('version');
      if (Number.isNaN(version)) throw new ValidationError([{ field: 'version', key: 'error.badVersion' }]);
      await app.roadmap.setHorizon(request.auth.actor, idea, version, fields.get('horizon'));
      return kit.redirect(reply, `/roadmap#idea-${idea}`, 'roadmap.saved');
    });
  };
}

interface ImportState {
  errors?: FieldErrors;
  message?: string | null;
  preview?: GithubImportReport | null;
  done?: GithubImportReport | null;
  status?: number;
}

function importPage(kit: PageKit) {
  return (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    values: BoardImportValues,
    state: ImportState = {},
  ) =>
    kit.render(
      request,
      reply,
      BoardImportPage,
      {
        boardSlug: slug,
        values,
        errors: state.errors ?? {},
        message: state.message ?? null,
        preview: state.preview ?? null,
        done: state.done ?? null,
      },
      state.status ?? 200,
    );
}

/** The GitHub Projects import of a board: its page, a dry run, the import itself. */
export function importRoutes(app: App, kit: PageKit) {
  const page = importPage(kit);
  return (server: FastifyInstance) => {
    server.get('/boards/:id/import', async (request, reply) => {
      authorize(request.auth.actor, 'github.import');
      const { board } = await app.board.view(boardOf(request).id);
      return page(request, reply, board.slug, { fields: '', dryRun: true });
    });

    server.post('/boards/:id/import', async (request, reply) => {
      authorize(request.auth.actor, 'github.import');
      const { board } = await app.board.view(boardOf(request).id);
      const fields = new FormFields(request.body);
      const values: BoardImportValues = {
        fields: fields.get('fields'),
        dryRun: fields.get('dryRun') === 'true',
      };
      const again = async ({ errors, message, status }: Refusal) =>
        page(request, reply, board.slug, values, {
          // A refusal of the file itself is shown at the file field.
          errors: Object.keys(errors).length > 0 || status === 403 ? errors : { file: [message] },
          message,
          status,
        });
      return attemptForm(kit, request, fields, again, async () => {
        const file = fields.file('file');
        if (!file) throw new ValidationError([{ field: 'file', key: 'error.importMissing' }]);
        const report = await app.githubImport.importItems(
          request.auth.actor,
          board.slug,
          file.toString('utf8'),
          { fields: values.fields.trim() === '' ? undefined : values.fields, dryRun: values.dryRun },
        );
        return page(
          request,
          reply,
          board.slug,
          values,
          values.dryRun ? { preview: report } : { done: report },
        );
      });
    });
  };
}
