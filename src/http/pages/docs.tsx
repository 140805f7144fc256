import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app/app.js';
import type { ImportOptions, ImportPlan } from '../../app/page-import.js';
import { ValidationError } from '../../domain/errors.js';
import { authorize } from '../../domain/policy.js';
import type { FieldErrors } from '../../web/components/form.js';
import { DocsImportPage, type ImportFormValues } from '../../web/pages/docs-import.js';
import { sendPlanningPage } from '../planning-page-reply.js';
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
    kit.render(
      request,
      reply,
      DocsImportPage,
      { values, errors: extra.errors ?? {}, message: extra.message ?? null, plan: extra.plan ?? null },
      extra.status ?? 200,
    );

  return async (server: FastifyInstance) => {
    server.get('/docs/planning.md', async (request, reply) => {
      const include = (request.query as Record<string, unknown>).include;
      if (include !== undefined && include !== 'roadmap')
        throw new ValidationError([{ field: 'include', key: 'error.badValue' }]);
      return sendPlanningPage(app, request, reply, include === 'roadmap');
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
