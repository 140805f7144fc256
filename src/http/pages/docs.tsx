import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app/app.js';
import type { ImportOptions, ImportPlan } from '../../app/docs.js';
import { ValidationError } from '../../domain/errors.js';
import { authorize } from '../../domain/policy.js';
import type { FieldErrors } from '../../web/components/form.js';
import { DocsImportPage, type ImportFormValues } from '../../web/pages/docs-import.js';
import { exportPlanningPage } from '../../web/planning-page-parts.js';
import { FormFields, type PageKit } from './kit.js';

function importOptions(values: ImportFormValues): ImportOptions {
  return {
    weekday: /^[1-7]$/u.test(values.weekday) ? Number(values.weekday) : undefined,
    timeZone: values.timeZone.trim() || undefined,
    lang: values.lang === 'de' ? 'de' : 'en',
  };
}

/** The generated docs page, and the maintainers' import form. */
export function docsPageRoutes(app: App, kit: PageKit) {
  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: ImportFormValues,
    extra: { errors?: FieldErrors; message?: string | null; plan?: ImportPlan | null; status?: number } = {},
  ) =>
    kit.send(
      reply,
      <DocsImportPage
        ctx={kit.ctx(request, reply)}
        values={values}
        errors={extra.errors ?? {}}
        message={extra.message ?? null}
        plan={extra.plan ?? null}
      />,
      extra.status ?? 200,
    );

  return async (server: FastifyInstance) => {
    // A docs site can fetch this on every build, so it answers 304 when nothing changed.
    server.get('/docs/planning.md', async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const include = query.include;
      if (include !== undefined && include !== 'roadmap')
        throw new ValidationError([{ field: 'include', key: 'error.badValue' }]);
      const body = await exportPlanningPage(app.docs, request.locale, include === 'roadmap');
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
      reply.header('etag', etag).header('cache-control', 'public, max-age=60, must-revalidate');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply
        .type('text/markdown; charset=utf-8')
        .header('content-disposition', 'inline; filename="planning.md"')
        .send(body);
    });

    server.get('/docs/import', async (request, reply) => {
      authorize(request.auth.actor, 'page.import');
      return page(request, reply, { text: '', weekday: '', timeZone: '', lang: 'en' });
    });

    server.post('/docs/import', async (request, reply) => {
      authorize(request.auth.actor, 'page.import');
      const fields = new FormFields(request.body);
      const file = fields.file('file');
      const values: ImportFormValues = {
        text: file ? file.toString('utf8') : fields.get('text'),
        weekday: fields.get('weekday'),
        timeZone: fields.get('timeZone'),
        lang: fields.get('lang'),
      };
      if (!kit.csrfOk(request, fields))
        return page(request, reply, values, { message: kit.t(request)('error.csrf'), status: 403 });
      try {
        if (values.text.trim() === '')
          throw new ValidationError([{ field: 'file', key: 'error.pageMissing' }]);
        if (fields.get('action') === 'apply') {
          await app.docs.importPage(request.auth.actor, values.text, importOptions(values));
          return kit.redirect(reply, '/backlog', 'docs.imported');
        }
        const plan = await app.docs.previewImport(request.auth.actor, values.text, importOptions(values));
        return page(request, reply, values, { plan });
      } catch (err) {
        const problem = kit.formProblem(request, err);
        if (!problem) throw err;
        return page(request, reply, values, {
          errors: problem.errors,
          message: problem.message,
          status: problem.status,
        });
      }
    });
  };
}
