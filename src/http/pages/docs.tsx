import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { ImportOptions, ImportPlan } from '../../app/page-import.js';
import { ValidationError } from '../../domain/errors.js';
import { MAX_PAGE_BYTES } from '../../domain/planning-page.js';
import { authorize } from '../../domain/policy.js';
import { ScheduleQuestions, type ScheduleReading } from '../../domain/schedule-reading.js';
import type { FieldErrors } from '../../web/components/form.js';
import { DocsImportPage, type ImportFormValues } from '../../web/pages/docs-import.js';
import { sendPlanningPage } from '../planning-page-reply.js';
import { PlanningPageUpload } from '../schemas/board.js';
import { uploadRoutes } from '../uploads.js';
import { type FormAgain, formRoute } from './form-route.js';
import type { PageKit } from './kit.js';

/** The answers as the use case takes them; a field left empty answers nothing. */
function importOptions(values: ImportFormValues): ImportOptions {
  const rule = values.weekRule;
  return {
    weekday: /^[1-7]$/u.test(values.weekday) ? Number(values.weekday) : undefined,
    weekRule: rule === 'every' || rule === 'odd' || rule === 'even' ? rule : undefined,
    startTime: values.startTime.trim() || undefined,
    endTime: values.endTime.trim() || undefined,
    timeZone: values.timeZone.trim() || undefined,
    lang: values.lang === 'de' ? 'de' : 'en',
  };
}

/** The form's values: an uploaded file stands in for the pasted text. */
function formValues(input: Partial<PlanningPageUpload>): ImportFormValues {
  return {
    text: input.file || (input.text ?? ''),
    weekday: input.weekday ?? '',
    weekRule: input.weekRule ?? '',
    startTime: input.startTime ?? '',
    endTime: input.endTime ?? '',
    timeZone: input.timeZone ?? '',
    lang: input.lang ?? '',
  };
}

type ImportPageRender = (
  request: FastifyRequest,
  reply: FastifyReply,
  values: ImportFormValues,
  extra?: {
    errors?: FieldErrors;
    message?: string | null;
    plan?: ImportPlan | null;
    questions?: ScheduleReading | null;
    status?: number;
  },
) => Promise<FastifyReply>;

const EMPTY: ImportFormValues = {
  text: '',
  weekday: '',
  weekRule: '',
  startTime: '',
  endTime: '',
  timeZone: '',
  lang: 'en',
};

/**
 * The upload's own limit, one byte past a page's: the parser cuts a larger file there and the
 * import refuses it beside the file field, where a thrown limit would lose the rest of the form.
 */
const upload = {
  multipartOptions: { limits: { fileSize: MAX_PAGE_BYTES + 1 }, throwFileSizeLimit: false },
};

/** The form again after a refusal: the questions of a page whose schedule is not complete, or the errors by their fields. */
function importAgain(
  page: ImportPageRender,
  request: FastifyRequest,
  reply: FastifyReply,
  { input, errors, message, status, cause }: FormAgain<unknown>,
) {
  const values = formValues(input);
  if (cause instanceof ScheduleQuestions) {
    // The notes are said in the panel beside what the page says, not as field errors.
    const { page: _notes, ...asked } = errors;
    return page(request, reply, values, { errors: asked, message, status, questions: cause.reading });
  }
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
}

/** The generated docs page, and the maintainers' import form. */
export function docsPageRoutes(app: App, kit: PageKit) {
  const page: ImportPageRender = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: ImportFormValues,
    extra: {
      errors?: FieldErrors;
      message?: string | null;
      plan?: ImportPlan | null;
      questions?: ScheduleReading | null;
      status?: number;
    } = {},
  ) =>
    kit.render(
      request,
      reply,
      DocsImportPage,
      {
        values,
        errors: extra.errors ?? {},
        message: extra.message ?? null,
        plan: extra.plan ?? null,
        questions: extra.questions ?? null,
      },
      extra.status ?? 200,
    );

  return async (server: FastifyInstance) => {
    server.get('/docs/planning.md', async (request, reply) => {
      const include = (request.query as Record<string, unknown>).include;
      if (include !== undefined && include !== 'roadmap')
        throw new ValidationError([{ field: 'include', key: 'error.badValue' }]);
      return sendPlanningPage(app, request, reply, include === 'roadmap');
    });

    await server.register(uploadRoutes(importRoutes(app, kit, page)));
  };
}

/** The planning page import: its form, a preview, the import itself. The page comes as a file. */
function importRoutes(app: App, kit: PageKit, page: ImportPageRender) {
  return (server: FastifyInstance) => {
    server.get('/docs/import', async (request, reply) => {
      authorize(request.auth.actor, 'page.import');
      return page(request, reply, EMPTY);
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
        again: (request, reply, state) => importAgain(page, request, reply, state),
      }),
    );
  };
}
