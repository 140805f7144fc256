import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { GithubImportReport } from '../../app/github-import.js';
import { MAX_IMPORT_BYTES } from '../../domain/github-project.js';
import { authorize } from '../../domain/policy.js';
import { BoardImportPage, type BoardImportValues } from '../../web/pages/board-import.js';
import { RoadmapPage } from '../../web/pages/roadmap.js';
import { BoardParams, GithubImportUpload } from '../schemas/board.js';
import { formRoute, pageParams, smallForm } from './form-route.js';
import type { PageKit, RefusedForm } from './kit.js';

const boardOf = pageParams(BoardParams);
const ideaOf = pageParams(Type.Object({ idea: Type.String({ maxLength: 200 }) }));

/** The roadmap, and the horizon (now, next, later) a maintainer gives an idea on it. */
export function roadmapRoutes(app: App, kit: PageKit) {
  return (server: FastifyInstance) => {
    server.get('/roadmap', async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const group = typeof query.group === 'string' ? query.group.slice(0, 60) : '';
      const [groups, workingGroups] = await Promise.all([
        app.roadmap.view(request.locale, group || undefined),
        app.groups.list(),
      ]);
      const choices = workingGroups.map((g) => ({ slug: g.group.slug, name: g.group.name }));
      return kit.render(request, reply, RoadmapPage, { groups, group, choices });
    });

    server.post('/roadmap/:idea', async (request, reply) => {
      const { idea } = ideaOf(request);
      const { fields, version } = smallForm(kit, request, 'roadmap.edit');
      await app.roadmap.setHorizon(request.auth.actor, idea, version, fields.get('horizon'));
      return kit.redirect(reply, `/roadmap#idea-${idea}`, 'roadmap.saved');
    });
  };
}

interface ImportState extends RefusedForm {
  preview?: GithubImportReport | null;
  done?: GithubImportReport | null;
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

/**
 * The upload's own limit, the API's: the parser cuts a larger file one byte past it and the
 * import refuses that beside the file field, where a thrown limit would lose the rest of the form.
 */
const upload = {
  multipartOptions: { limits: { fileSize: MAX_IMPORT_BYTES + 1 }, throwFileSizeLimit: false },
};

/** The GitHub Projects import of a board: its page, a dry run, the import itself. */
export function importRoutes(app: App, kit: PageKit) {
  const page = importPage(kit);
  const slugOf = async (id: string) => (await app.board.board(id)).slug;
  return (server: FastifyInstance) => {
    server.get('/boards/:id/import', async (request, reply) => {
      authorize(request.auth.actor, 'github.import');
      const slug = await slugOf(boardOf(request).id);
      return page(request, reply, slug, { fields: '', dryRun: true });
    });

    server.post(
      '/boards/:id/import',
      { config: upload },
      formRoute(kit, {
        action: 'github.import',
        params: BoardParams,
        body: GithubImportUpload,
        async run(request, reply, { params, body }) {
          const slug = await slugOf(params.id);
          const { file, fields, dryRun } = body;
          const options = { fields: fields.trim() === '' ? undefined : fields, dryRun };
          const report = await app.githubImport.importItems(request.auth.actor, slug, file, options);
          return page(request, reply, slug, body, dryRun ? { preview: report } : { done: report });
        },
        async again(request, reply, { params, input, errors, message, status }) {
          const { fields, dryRun } = input as Partial<GithubImportUpload>;
          return page(
            request,
            reply,
            await slugOf(params.id),
            { fields: fields ?? '', dryRun: dryRun ?? false },
            {
              // A refusal of the file itself is shown at the file field.
              errors: Object.keys(errors).length > 0 || status === 403 ? errors : { file: [message] },
              message,
              status,
            },
          );
        },
      }),
    );
  };
}
