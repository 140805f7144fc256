import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { FieldErrors } from '../../web/components/form.js';
import { type WebhookFormValues, type WebhookRow, WebhooksPage } from '../../web/pages/admin-webhooks.js';
import { DeliveryParams, WebhookChange, WebhookCreate, WebhookParams } from '../schemas/webhooks.js';
import { buttonRoute, formRoute } from './form-route.js';
import type { PageKit } from './kit.js';

interface PageExtra {
  errors?: FieldErrors;
  message?: string | null;
  status?: number;
  values?: WebhookFormValues;
  created?: { url: string; secret: string | null } | null;
}

/** The webhooks page, with a refused form's reasons or the secret of an endpoint just registered. */
function webhooksPageOf(app: App, kit: PageKit) {
  return async (request: FastifyRequest, reply: FastifyReply, extra: PageExtra = {}) => {
    const actor = request.auth.actor;
    const endpoints = await app.webhooks.list(actor);
    const rows: WebhookRow[] = await Promise.all(
      endpoints.map(async (endpoint) => ({
        endpoint,
        deliveries: (await app.webhooks.deliveries(actor, endpoint.id, null, 10)).items,
      })),
    );
    const props = {
      rows,
      errors: extra.errors ?? {},
      message: extra.message ?? null,
      // A new chat endpoint posts in the language of the page unless the admin chooses another.
      values: extra.values ?? {
        url: '',
        description: '',
        events: [],
        format: 'standard',
        locale: request.locale,
        matrixRoom: '',
      },
      created: extra.created ?? null,
    };
    return kit.render(request, reply, WebhooksPage, props, extra.status ?? 200);
  };
}

type WebhooksPageView = ReturnType<typeof webhooksPageOf>;

const typed = (input: Record<string, unknown>): WebhookFormValues => ({
  url: typeof input.url === 'string' ? input.url : '',
  description: typeof input.description === 'string' ? input.description : '',
  events: Array.isArray(input.events) ? input.events.filter((e): e is string => typeof e === 'string') : [],
  format: typeof input.format === 'string' ? input.format : 'standard',
  locale: typeof input.locale === 'string' ? input.locale : 'en',
  matrixRoom: typeof input.matrixRoom === 'string' ? input.matrixRoom : '',
});

/** Registering an endpoint: the page shows its secret this once. */
function registerRoute(app: App, kit: PageKit, page: WebhooksPageView) {
  return kit.once(
    formRoute(kit, {
      action: 'webhooks.manage',
      params: Type.Object({}),
      body: WebhookCreate,
      run: async (request, reply, { body }) => {
        const { endpoint, secret } = await app.webhooks.create(request.auth.actor, body);
        // A chat endpoint's secret signs nothing; showing it would only ask the admin to keep it.
        const shown = endpoint.format === 'standard' ? secret : null;
        return page(request, reply, { created: { url: endpoint.url, secret: shown }, status: 201 });
      },
      again: (request, reply, { input, errors, message, status }) =>
        page(request, reply, { values: typed(input), errors, message, status }),
    }),
    { shownAt: '/admin/webhooks' },
  );
}

/** /admin/webhooks and its forms, each the twin of a route of /api/v1/webhooks. */
export function webhookPageRoutes(app: App, kit: PageKit) {
  const page = webhooksPageOf(app, kit);
  const again = (
    request: FastifyRequest,
    reply: FastifyReply,
    { errors, message, status }: { errors: FieldErrors; message: string | null; status: number },
  ) => page(request, reply, { errors, message, status });
  return async (server: FastifyInstance) => {
    server.get('/admin/webhooks', async (request, reply) => page(request, reply));
    server.post('/admin/webhooks', registerRoute(app, kit, page));
    server.post(
      '/admin/webhooks/:id',
      formRoute(kit, {
        action: 'webhooks.manage',
        params: WebhookParams,
        body: WebhookChange,
        run: async (request, reply, { params, body }) => {
          // A form without event boxes (pause, resume) leaves the events as they are.
          const { events, ...rest } = body;
          const change = events && events.length > 0 ? body : rest;
          await app.webhooks.update(request.auth.actor, params.id, null, change);
          return kit.redirect(reply, '/admin/webhooks', 'webhooks.changed');
        },
        again,
      }),
    );
    server.post(
      '/admin/webhooks/:id/delete',
      buttonRoute(kit, {
        action: 'webhooks.manage',
        params: WebhookParams,
        run: (request, params) => app.webhooks.remove(request.auth.actor, params.id),
        to: '/admin/webhooks',
        notice: 'webhooks.removed',
        again,
      }),
    );
    server.post(
      '/admin/webhooks/:id/deliveries/:deliveryId/redeliver',
      buttonRoute(kit, {
        action: 'webhooks.manage',
        params: DeliveryParams,
        run: (request, params) => app.webhooks.redeliver(request.auth.actor, params.id, params.deliveryId),
        to: '/admin/webhooks',
        notice: 'webhooks.redelivered',
        again,
      }),
    );
  };
}
