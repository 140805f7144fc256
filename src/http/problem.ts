import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  ConflictError,
  DiskFullError,
  ForbiddenError,
  NotFoundError,
  RateLimitError,
  RuleError,
  ValidationError,
} from '../domain/errors.js';
import { megabytes } from '../domain/text.js';
import { isDatabaseUnavailable, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../store/outage.js';
import { isMessageKey, type MessageKey, type Translate, translator } from '../web/i18n/index.js';

/** One problem with one input field, in the reader's language. */
export interface ProblemField {
  field: string;
  message: string;
}

/** An error as the reader should see it: status, a title, a sentence, per-field messages. */
export interface DescribedError {
  status: number;
  type: string;
  title: string;
  detail: string;
  fields: ProblemField[];
  headers: Record<string, string>;
}

function translateKey(t: Translate, key: string, params?: Record<string, string | number>): string {
  return isMessageKey(key) ? t(key, params) : key;
}

export function fieldErrors(err: ValidationError, t: Translate): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of err.problems) {
    const list = out[p.field] ?? [];
    list.push(translateKey(t, p.key, p.params));
    out[p.field] = list;
  }
  return out;
}

/** The schema of one field of a route's body (or params, querystring), to read its `x-message`. */
function fieldSchema(
  routeSchema: unknown,
  context: string | undefined,
  path: string,
): Record<string, unknown> | null {
  let node = (routeSchema as Record<string, unknown> | undefined)?.[context ?? ''];
  for (const part of path.split('.').filter(Boolean)) {
    const properties = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
    node = properties?.[part];
  }
  return node && typeof node === 'object' ? (node as Record<string, unknown>) : null;
}

/** Ajv's keyword errors, said in our words where we have them. */
function schemaProblems(err: FastifyError, t: Translate, routeSchema?: unknown): ProblemField[] {
  return (err.validation ?? []).map((v) => {
    const params = v.params as Record<string, unknown>;
    const path = (v.instancePath || '').replace(/^\//u, '').replace(/\//gu, '.');
    const missing = typeof params.missingProperty === 'string' ? params.missingProperty : null;
    // A field the schema does not name is refused (server.ts keeps it) and said by its name.
    const unknown = typeof params.additionalProperty === 'string' ? params.additionalProperty : null;
    const field = [err.validationContext, path, missing ?? unknown].filter(Boolean).join('.') || 'request';
    let key: MessageKey | null = null;
    let values: Record<string, string | number> = {};
    if (unknown !== null) return { field, message: t('error.unknownField') };
    if (v.keyword === 'required') key = 'error.required';
    else if (v.keyword === 'maxLength') {
      key = 'error.tooLong';
      values = { max: Number(params.limit) };
    } else if (v.keyword === 'maxItems') {
      key = 'error.tooMany';
      values = { max: Number(params.limit) };
    } else if (v.keyword === 'type' && params.type === 'string') key = 'error.notText';
    else if (v.keyword === 'pattern' || v.keyword === 'anyOf') key = 'error.badValue';
    // A field shared with a form may name its own message (see src/http/pages/form-route.ts).
    const own = v.keyword === 'required' ? null : fieldSchema(routeSchema, err.validationContext, path);
    if (own && typeof own['x-message'] === 'string' && isMessageKey(own['x-message'])) {
      key = own['x-message'];
      values = (own['x-params'] as Record<string, string | number> | undefined) ?? {};
    }
    return { field, message: key ? t(key, values) : `${v.message ?? 'is not valid'}` };
  });
}

const PROBLEM = 'urn:plenum:problem:';

/** A problem whose title and detail say the same, as most do. */
function said(
  status: number,
  kind: string,
  text: string,
  headers: Record<string, string> = {},
): DescribedError {
  return { status, type: `${PROBLEM}${kind}`, title: text, detail: text, fields: [], headers };
}

/** Input refused field by field: the detail names every field with its message. */
function invalid(fields: ProblemField[], t: Translate): DescribedError {
  return {
    status: 400,
    type: `${PROBLEM}validation`,
    title: t('error.validation'),
    detail: fields.map((f) => `${f.field}: ${f.message}`).join(' '),
    fields,
    headers: {},
  };
}

const TOO_LARGE = new Set([
  'FST_ERR_CTP_BODY_TOO_LARGE',
  'FST_REQ_FILE_TOO_LARGE',
  'FST_FILES_LIMIT',
  'FST_PARTS_LIMIT',
  'FST_FIELDS_LIMIT',
]);

export function describeError(
  err: unknown,
  t: Translate,
  routeSchema?: unknown,
  bodyLimit = 1024 * 1024,
): DescribedError {
  if (err instanceof ValidationError)
    return invalid(
      err.problems.map((p) => ({ field: p.field, message: translateKey(t, p.key, p.params) })),
      t,
    );
  if (err instanceof RuleError)
    return { ...said(422, 'rule', translateKey(t, err.key, err.params)), title: t('error.title') };
  if (err instanceof NotFoundError) return said(404, 'not-found', t('error.notFound'));
  if (err instanceof ForbiddenError)
    return err.needsSignIn
      ? said(401, 'sign-in-required', t('error.signInRequired'))
      : said(
          403,
          'forbidden',
          err.reason ? translateKey(t, err.reason.key, err.reason.params) : t('error.forbidden'),
        );
  if (err instanceof ConflictError) return said(409, 'conflict', t('error.conflict'));
  if (err instanceof RateLimitError)
    return said(429, 'rate-limited', translateKey(t, err.key, { seconds: err.retryAfterSeconds }), {
      'retry-after': String(err.retryAfterSeconds),
    });
  if (err instanceof DiskFullError)
    return said(503, 'disk-full', t('error.diskFull'), { 'retry-after': '60' });
  if (err instanceof HttpError) return said(err.statusCode, `http-${err.statusCode}`, t(err.key, err.params));
  if (isDatabaseUnavailable(err))
    return said(503, 'database-unavailable', t('error.databaseUnavailable'), {
      'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS),
    });
  const fe = err as FastifyError;
  if (fe && Array.isArray(fe.validation)) return invalid(schemaProblems(fe, t, routeSchema), t);
  if (fe && typeof fe.code === 'string' && TOO_LARGE.has(fe.code))
    // A route may take more than the usual megabyte (a GitHub Projects export takes 20).
    return said(413, 'too-large', t('error.bodyTooLarge', { max: megabytes(bodyLimit) }));
  if (fe && fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return said(415, 'unsupported-media-type', t('error.unsupportedMediaType'));
  if (fe && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500)
    return said(fe.statusCode, 'bad-request', t('error.badRequest', { detail: fe.message }));
  return said(500, 'internal', t('error.internal'));
}

/** A failure of the server (not of the request) goes to the log, named for what it is: an outage of the database as a warning, anything else as the bug it is. */
export function logServerError(request: FastifyRequest, err: unknown, d: DescribedError): void {
  if (err instanceof DiskFullError) request.log.error({ err }, 'the database disk is full');
  else if (d.status === 503 && d.type === `${PROBLEM}database-unavailable`)
    request.log.warn({ err }, 'database unavailable');
  else if (d.status >= 500) request.log.error({ err }, 'unexpected error');
}

/** Sends an RFC 9457 problem document. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const t = translator(request.locale ?? 'en');
  const d = describeError(err, t, request.routeOptions?.schema, request.routeOptions?.bodyLimit);
  logServerError(request, err, d);
  for (const [k, v] of Object.entries(d.headers)) reply.header(k, v);
  const body: Record<string, unknown> = {
    type: d.type,
    title: d.title,
    status: d.status,
    detail: d.detail,
    instance: request.url,
  };
  if (d.fields.length > 0) body.errors = d.fields;
  if (err instanceof ConflictError && err.current !== null && err.current !== undefined)
    body.current = err.current;
  return reply.code(d.status).type('application/problem+json; charset=utf-8').send(body);
}

/** An HTTP error raised by the http layer itself (e.g. a missing If-Match), said by message key. */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly key: MessageKey;
  readonly params: Record<string, string | number>;
  constructor(statusCode: number, key: MessageKey, params: Record<string, string | number> = {}) {
    super(key);
    this.statusCode = statusCode;
    this.key = key;
    this.params = params;
  }
}
