import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { ImportOptions, ImportPlan } from '../../app/page-import.js';
import { ValidationError } from '../../domain/errors.js';
import { MAX_PAGE_BYTES } from '../../domain/planning-page.js';
import { authorize } from '../../domain/policy.js';
import type { FieldErrors } from '../../web/components/form.js';
import { DocsImportPage, type ImportFormValues } from '../../web/pages/docs-import.js';
import { sendPlanningPage } from '../planning-page-reply.js';
import { PlanningPageUpload } from '../schemas/board.js';
import { formRoute } from './form-route.js';
import type { PageKit } from './kit.js';

function importOptions(values: ImportFormValues): ImportOptions {
  return {
    weekday: /^[1-7]$/u.test(values.weekday) ? Number(values.weekday) : undefined,
    timeZone: values.timeZone.trim() || undefined,
    lang: values.lang === 'de' ? 'de' : 'en',
  };
}

/** The form's values: an uploaded file stands in for the pasted text. */
function formValues(input: Partial<PlanningPageUpload>): ImportFormValues {
  return {
    text: input.file || (input.text ?? ''),
    weekday: input.weekday ?? '',
    timeZone: input.timeZone ?? '',
    lang: input.lang ?? '',
  };
}

/**
 * The upload's own limit, one byte past a page's: the parser cuts a larger file there and the
 * import refuses it beside the file field, where a thrown limit would lose the rest of the form.
 */
const upload = {
  multipartOptions: { limits: { fileSize: MAX_PAGE_BYTES + 1 }, throwFileSizeLimit: false },
};

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

    server.post(
      '/docs/import',
      { config: upload },
      formRoute(kit, {
        action: 'page.import',
        params: Type.Object({}),
        body: PlanningPageUpload,
        async run(request, reply, { body }) {
          const values = formValues(body);
          if (values.text.trim() === '')
            throw new ValidationError([{ field: 'file', key: 'error.pageMissing' }]);
          if (body.action === 'apply') {
            await app.docs.importPage(request.auth.actor, values.text, importOptions(values));
            return kit.redirect(reply, '/backlog', 'docs.imported');
          }
          const plan = await app.docs.previewImport(request.auth.actor, values.text, importOptions(values));
          return page(request, reply, values, { plan });
        },
        async again(request, reply, { input, errors, message, status }) {
          const values = formValues(input);
          // A file too large to import is refused beside its field and not shown back as text.
          if (Buffer.byteLength(values.text, 'utf8') > MAX_PAGE_BYTES) {
            const { page: tooLarge = [], ...rest } = errors;
            return page(
              request,
              reply,
              { ...values, text: (input.text as string | undefined) ?? '' },
              {
                errors: { ...rest, file: [...(rest.file ?? []), ...tooLarge] },
                message,
                status,
              },
            );
          }
          return page(request, reply, values, { errors, message, status });
        },
      }),
    );
  };
}
