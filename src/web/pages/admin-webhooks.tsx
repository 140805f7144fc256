import type { WebhookDeliveryView, WebhookEndpointView } from '../../app/webhooks.js';
import { type ChatFormat, isChatFormat, WEBHOOK_FORMATS } from '../../domain/chat-formats.js';
import { LOCALES } from '../../domain/locale.js';
import { WEBHOOK_EVENTS } from '../../domain/webhook-events.js';
import { Button } from '../components/button.js';
import { CsrfField, Field, OnceField, PostButton, PostForm } from '../components/form.js';
import { FormPage, type FormPageProps } from '../components/form-page.js';
import { Time } from '../components/time.js';
import type { PageContext } from '../page-context.js';

export interface WebhookRow {
  endpoint: WebhookEndpointView;
  deliveries: WebhookDeliveryView[];
}

/** The platforms by their product names, which are the same in every language. */
const PLATFORMS: Record<ChatFormat, string> = {
  slack: 'Slack',
  mattermost: 'Mattermost',
  teams: 'Microsoft Teams (Workflows)',
  discord: 'Discord',
  matrix: 'Matrix',
};

function formatName(t: PageContext['t'], format: string): string {
  return isChatFormat(format) ? PLATFORMS[format] : t('webhooks.format.standard');
}

export interface WebhookFormValues {
  url: string;
  description: string;
  events: string[];
  format: string;
  locale: string;
  /** The room of a Matrix endpoint; its token is never put back into a page. */
  matrixRoom: string;
}

interface WebhooksPageProps extends FormPageProps {
  rows: WebhookRow[];
  values: WebhookFormValues;
  /** The secret of an endpoint just registered: shown this once. */
  created: { url: string; secret: string | null } | null;
}

/** One attempt of the log, with a button that sends its message again. */
function DeliveryRow({
  ctx,
  endpointId,
  d,
}: {
  ctx: PageContext;
  endpointId: string;
  d: WebhookDeliveryView;
}) {
  const { t } = ctx;
  return (
    <tr>
      <td>
        <Time ctx={ctx} iso={d.at} />
      </td>
      <td>
        <code>{d.event}</code>
      </td>
      <td>{d.responseStatus ?? d.error ?? ''}</td>
      <td>{t('webhooks.ms', { ms: d.durationMs })}</td>
      <td>
        <PostForm
          ctx={ctx}
          action={`/admin/webhooks/${endpointId}/deliveries/${d.id}/redeliver`}
          class="inline-form"
        >
          <button type="submit">{t('webhooks.redeliver')}</button>
        </PostForm>
      </td>
    </tr>
  );
}

/** An endpoint: its URL, events and state, pause or resume, remove, and its latest attempts. */
function EndpointCard({ ctx, row }: { ctx: PageContext; row: WebhookRow }) {
  const { t } = ctx;
  const { endpoint, deliveries } = row;
  const paused = endpoint.status === 'paused';
  return (
    <article class="card" id={`webhook-${endpoint.id}`}>
      <h3>
        <code class="webhook-url">{endpoint.url}</code>{' '}
        <span class={`chip ${paused ? 'chip-cancelled' : 'chip-roadmap'}`}>
          {paused ? t('webhooks.paused') : t('webhooks.active')}
        </span>
      </h3>
      <p>
        {formatName(t, endpoint.format)}
        {endpoint.format === 'standard' ? null : ` · ${t(`webhooks.locale.${endpoint.locale}`)}`}
      </p>
      {endpoint.matrixRoom !== null ? (
        <p>{t('webhooks.matrixTarget', { room: endpoint.matrixRoom, end: `…${endpoint.tokenEnd ?? ''}` })}</p>
      ) : null}
      {endpoint.description ? <p>{endpoint.description}</p> : null}
      {paused ? (
        <p class="notice notice-warning">
          {t('webhooks.pausedBecause', { reason: endpoint.pausedReason ?? t('webhooks.pausedByAdmin') })}
        </p>
      ) : null}
      <p>{endpoint.events.join(', ')}</p>
      <PostForm ctx={ctx} action={`/admin/webhooks/${endpoint.id}`} class="inline-form">
        <button type="submit" name="active" value={paused ? 'true' : 'false'}>
          {paused ? t('webhooks.resume') : t('webhooks.pause')}
        </button>
      </PostForm>
      <PostButton
        ctx={ctx}
        action={`/admin/webhooks/${endpoint.id}/delete`}
        class="inline-form"
        variant="danger"
        label={t('webhooks.remove')}
      />
      {deliveries.length === 0 ? (
        <p class="hint">{t('webhooks.noDeliveries')}</p>
      ) : (
        <table>
          <caption>{t('webhooks.deliveries')}</caption>
          <tbody>
            {deliveries.map((d) => (
              <DeliveryRow ctx={ctx} endpointId={endpoint.id} d={d} key={d.id} />
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}

/** Format and language of the posts, with where each platform hands out its URL. */
function FormatFields({ ctx, values, errors }: Pick<WebhooksPageProps, 'ctx' | 'values' | 'errors'>) {
  const { t } = ctx;
  return (
    <>
      <Field name="format" label={t('webhooks.format')} hint={t('webhooks.formatHint')} errors={errors}>
        {(attrs) => (
          <select {...attrs}>
            {WEBHOOK_FORMATS.map((f) => (
              <option key={f} value={f} selected={values.format === f}>
                {formatName(t, f)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <details class="hint" open={values.format !== 'standard'}>
        <summary>{t('webhooks.whereUrl')}</summary>
        <ul>
          {WEBHOOK_FORMATS.map((f) => (
            <li key={f}>{t(`webhooks.hint.${f}`)}</li>
          ))}
        </ul>
        <p>{t('webhooks.chatUnsigned')}</p>
      </details>
      <Field
        name="matrixRoom"
        label={t('webhooks.matrixRoom')}
        hint={t('webhooks.matrixRoomHint')}
        errors={errors}
      >
        {(attrs) => <input {...attrs} type="text" value={values.matrixRoom} maxLength={255} />}
      </Field>
      <Field
        name="accessToken"
        label={t('webhooks.accessToken')}
        hint={t('webhooks.accessTokenHint')}
        errors={errors}
      >
        {(attrs) => <input {...attrs} type="password" autocomplete="off" maxLength={1000} />}
      </Field>
      <Field name="locale" label={t('webhooks.locale')} errors={errors}>
        {(attrs) => (
          <select {...attrs}>
            {LOCALES.map((l) => (
              <option key={l} value={l} selected={values.locale === l}>
                {t(`webhooks.locale.${l}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}

function RegisterForm({ ctx, values, errors }: Pick<WebhooksPageProps, 'ctx' | 'values' | 'errors'>) {
  const { t } = ctx;
  return (
    <form method="post" action={ctx.url('/admin/webhooks')} class="stack narrow" novalidate>
      <h2>{t('webhooks.register')}</h2>
      <CsrfField ctx={ctx} />
      <OnceField ctx={ctx} />
      <Field name="url" label={t('webhooks.url')} hint={t('webhooks.urlHint')} errors={errors}>
        {(attrs) => <input {...attrs} type="url" value={values.url} required />}
      </Field>
      <FormatFields ctx={ctx} values={values} errors={errors} />
      <Field name="description" label={t('webhooks.description')} errors={errors}>
        {(attrs) => <input {...attrs} type="text" value={values.description} maxLength={200} />}
      </Field>
      <fieldset class="event-choices">
        <legend>{t('webhooks.events')}</legend>
        {errors.events ? <p class="field-error">{errors.events.join(' ')}</p> : null}
        {WEBHOOK_EVENTS.map((name) => (
          <label key={name}>
            <input type="checkbox" name="events" value={name} checked={values.events.includes(name)} />{' '}
            <code>{name}</code>
          </label>
        ))}
      </fieldset>
      <Button variant="primary">{t('webhooks.register')}</Button>
    </form>
  );
}

/** /admin/webhooks: the endpoints, their delivery logs, and registering a new one. */
export function WebhooksPage({ ctx, rows, errors, message, values, created }: WebhooksPageProps) {
  const { t } = ctx;
  return (
    <FormPage
      ctx={ctx}
      title={t('webhooks.title')}
      intro={t('webhooks.intro')}
      errors={errors}
      message={message}
    >
      {created ? (
        <div class="notice notice-success" role="status">
          {created.secret === null ? (
            <p>{t('webhooks.registeredChat', { url: created.url })}</p>
          ) : (
            <>
              <p>{t('webhooks.secretOnce', { url: created.url })}</p>
              <p>
                <code>{created.secret}</code>
              </p>
            </>
          )}
        </div>
      ) : null}
      {rows.length === 0 ? (
        <p>{t('webhooks.none')}</p>
      ) : (
        rows.map((row) => <EndpointCard ctx={ctx} row={row} key={row.endpoint.id} />)
      )}
      <RegisterForm ctx={ctx} values={values} errors={errors} />
    </FormPage>
  );
}
