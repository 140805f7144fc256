import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, type TObject, type TSchema, Type } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import { NotFoundError, RateLimitError, ValidationError } from '../../domain/errors.js';
import { type Action, authorizeAttempt, can } from '../../domain/policy.js';
import type { FieldErrors } from '../../web/components/form.js';
import { isMessageKey, type MessageKey, type Translate, translator } from '../../web/i18n/index.js';
import { HttpError } from '../problem.js';
import { FormFields, type PageKit, safeNext } from './kit.js';

/**
 * The plumbing every HTML form route shares, so that a route says only what is its own:
 * params typed by a schema, the CSRF check, the form's fields shaped by the same TypeBox schema
 * the API route validates its JSON body with, and on any refusal the page shown again with
 * everything typed and the reasons by its fields (422, 403 for a foreign form, 409 for a stale
 * version); on success whatever `run` answers, usually a redirect with a notice.
 */

/** What the page needs to show the form again. */
export interface FormAgain<P> {
  params: P;
  /** Every field as typed, by name. */
  values: Record<string, string>;
  /** The fields shaped by the body's schema, not yet checked: lists and rows as the form sent them. */
  input: Record<string, unknown>;
  errors: FieldErrors;
  message: string;
  status: number;
  /** The use-case's refusal, when it was one (a stale version carries what is stored now). */
  cause?: unknown;
}

export interface FormRoute<P extends TObject, B extends TObject> {
  /** Asked before anything else: a visitor is sent to sign in rather than shown a form error. */
  action?: Action;
  /**
   * Asked after the params are typed and before the CSRF check, for a rule that looks at the
   * subject (the named note-taker of a meeting): who may not is refused the same way.
   */
  authorize?(request: FastifyRequest, params: Static<P>): Promise<void>;
  /**
   * Answers a visitor the policy refuses `action` with a page of its own (the sign-in page with
   * the draft carried through it) instead of the error page.
   */
  refused?(
    request: FastifyRequest,
    reply: FastifyReply,
    typed: Pick<FormAgain<unknown>, 'values' | 'input'>,
  ): Promise<FastifyReply>;
  params: P;
  body: B;
  /** Runs the use-case with the checked input; answers the reply (a redirect, usually). */
  run(
    request: FastifyRequest,
    reply: FastifyReply,
    input: { params: Static<P>; body: Static<B> },
  ): Promise<FastifyReply>;
  /** Shows the form again after a refusal. */
  again(request: FastifyRequest, reply: FastifyReply, state: FormAgain<Static<P>>): Promise<FastifyReply>;
}

type Kind = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';

/** A field's schema without its `null`: what the field holds when it holds something. */
function given(schema: TSchema): TSchema {
  const anyOf = (schema as { anyOf?: TSchema[] }).anyOf;
  return anyOf?.find((s) => (s as { type?: unknown }).type !== 'null') ?? schema;
}

const nullable = (schema: TSchema) =>
  ((schema as { anyOf?: TSchema[] }).anyOf ?? []).some((s) => (s as { type?: unknown }).type === 'null');

function kindOf(schema: TSchema): Kind {
  const type = (given(schema) as { type?: unknown }).type;
  if (type === 'integer' || type === 'number' || type === 'boolean' || type === 'array' || type === 'object')
    return type;
  return 'string';
}

/**
 * How a form sends a list: one item a line of a textarea (`'x-form': 'lines'`), items separated
 * by commas in one input (`'x-form': 'commas'`), or else the field repeated, one item each.
 */
function listOf(schema: TSchema, fields: FormFields, name: string): string[] {
  const form = (given(schema) as { 'x-form'?: unknown })['x-form'];
  const sent = fields.all(name);
  const items =
    form === 'lines'
      ? fields.get(name).split(/\r?\n/u)
      : form === 'commas'
        ? fields.get(name).split(',')
        : sent;
  return items.map((v) => (form ? v.trim() : v)).filter((v) => v.trim() !== '');
}

/**
 * A list of objects a form sends as rows of parallel repeated fields: `'x-form'` names the field
 * of each property (`{ label: 'link_label', url: 'link_url' }`), the n-th of each is the n-th row.
 * Blank rows are dropped (a form offers spare ones); a half-filled row is kept, so that its
 * refusal is shown beside it.
 */
function rowsOf(names: Record<string, string>, fields: FormFields): Record<string, string>[] {
  const columns = Object.entries(names).map(([key, name]) => [key, fields.all(name)] as const);
  const count = Math.max(0, ...columns.map(([, sent]) => sent.length));
  return Array.from({ length: count }, (_, i) =>
    Object.fromEntries(columns.map(([key, sent]) => [key, (sent[i] ?? '').trim()])),
  ).filter((row) => Object.values(row).some((v) => v !== ''));
}

/** The field names of a list sent as rows (see `rowsOf`), when its schema says it is one. */
function rowFields(schema: TSchema): Record<string, string> | null {
  const form = (given(schema) as { 'x-form'?: unknown })['x-form'];
  return typeof form === 'object' && form !== null ? (form as Record<string, string>) : null;
}

/** The names a form sends for a schema's fields: a field holding an object sends one per key (`intro.en`). */
export function formFieldNames(schema: TObject, prefix = ''): string[] {
  return Object.entries(schema.properties as Record<string, TSchema>).flatMap(([name, property]) =>
    kindOf(property) === 'object'
      ? formFieldNames(given(property) as TObject, `${prefix}${name}.`)
      : [`${prefix}${name}`],
  );
}

/** An uploaded file (`'x-form': 'file'`), taken as its text; a form sending none sends ''. */
const isFile = (schema: TSchema) => (given(schema) as { 'x-form'?: unknown })['x-form'] === 'file';

/**
 * A browser sends text only, and nothing at all for an empty checkbox: numbers are read from
 * their digits (anything else stays text, and the schema names the field), checkboxes are true
 * when sent, lists as `listOf` reads them, an object from one field per key (`intro.en`); an
 * empty field is null where the schema allows null, and left out where it is optional. Only the
 * schema's own fields are taken; the form's plumbing (`_csrf`, `_once`, `next`) is not the
 * use-case's input.
 */
export function shapeForm(schema: TObject, fields: FormFields, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties as Record<string, TSchema>)) {
    const name = `${prefix}${key}`;
    const kind = kindOf(property);
    const raw = fields.get(name);
    if (isFile(property)) out[key] = fields.file(name)?.toString('utf8') ?? '';
    else if (kind === 'object') out[key] = shapeForm(given(property) as TObject, fields, `${name}.`);
    else if (kind === 'array') {
      const rows = rowFields(property);
      out[key] = rows ? rowsOf(rows, fields) : listOf(property, fields, name);
    } else if (kind === 'boolean') out[key] = ['on', 'true', '1'].includes(raw);
    else if (raw === '' && fields.all(name).length <= 1) {
      if (nullable(property) && fields.all(name).length === 1) out[key] = null;
      else if (kind === 'string' && (schema.required as string[] | undefined)?.includes(key)) out[key] = '';
    } else if ((kind === 'integer' || kind === 'number') && /^-?\d{1,15}(?:\.\d+)?$/u.test(raw.trim()))
      out[key] = Number(raw.trim());
    else out[key] = raw;
  }
  return out;
}

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/** The form field a complaint is about: a list's field for one of its items, `intro.en` inside an object. */
function fieldAt(schema: TObject, instancePath: string): string {
  const names: string[] = [];
  let at: TSchema = schema;
  for (const segment of instancePath.split('/').slice(1)) {
    if (kindOf(at) !== 'object') break;
    names.push(segment);
    at = (given(at) as TObject).properties[segment] as TSchema;
    if (!at) break;
  }
  return names.length > 0 ? names.join('.') : 'form';
}

/**
 * A schema's complaints as the messages a reader gets beside each field: the field's own
 * (`x-message` in its schema) where it has one, else one for the kind of complaint.
 */
export function schemaFieldErrors(
  schema: TObject,
  errors: readonly SchemaError[],
  t: Translate,
): FieldErrors {
  const properties = schema.properties as Record<
    string,
    TSchema & { 'x-message'?: unknown; 'x-params'?: unknown }
  >;
  const out: FieldErrors = {};
  for (const e of errors) {
    const missing = Array.isArray(e.params.requiredProperties) ? e.params.requiredProperties : [];
    const at = fieldAt(schema, e.instancePath);
    const fields = missing.length > 0 ? missing.map((m) => (at === 'form' ? String(m) : `${at}.${m}`)) : [at];
    let key: MessageKey = 'error.badValue';
    let params: Record<string, string | number> = {};
    if (e.keyword === 'required') key = 'error.required';
    else if (e.keyword === 'maxLength') [key, params] = ['error.tooLong', { max: Number(e.params.limit) }];
    else if (e.keyword === 'maxItems') [key, params] = ['error.tooMany', { max: Number(e.params.limit) }];
    else if (e.keyword === 'type' && e.params.type === 'string') key = 'error.notText';
    // additionalProperties cannot happen: only the schema's fields are taken from a form.
    for (const field of fields) {
      const property = properties[field.split('.')[0] as string];
      const own = property?.['x-message'];
      const ownParams = property?.['x-params'] as Record<string, string | number> | undefined;
      const list = out[field] ?? [];
      const message =
        // A missing text is missing; a missing number is no number, which its own message says.
        (e.keyword !== 'required' || (property && kindOf(property) !== 'string')) &&
        typeof own === 'string' &&
        isMessageKey(own)
          ? t(own, ownParams ?? {})
          : t(key, params);
      if (!list.includes(message)) list.push(message);
      out[field] = list;
    }
  }
  return out;
}

/** What Compile(schema) gives for a schema without a context of further types. */
type Checker<T extends TSchema> = Validator<Record<never, never>, T>;

/**
 * TypeBox's compiled checker of a schema, compiled on first use: compiling the checkers of all
 * page and form routes at start took about a twentieth of the start time, for routes most
 * instances see few requests of.
 */
function checkerOf<T extends TSchema>(schema: T): () => Checker<T> {
  let compiled: Checker<T> | undefined;
  return () => {
    compiled ??= Compile<T, Checker<T>>(schema);
    return compiled;
  };
}

/** A page route's params, typed by their schema: a path that does not fit it names no page. */
export function pageParams<P extends TObject>(schema: P): (request: FastifyRequest) => Static<P> {
  const params = checkerOf(schema);
  return (request) => {
    if (!params().Check(request.params)) throw new NotFoundError('page', request.url);
    return request.params as Static<P>;
  };
}

/** The local path a small form asks to return to (`next`), or the fallback. */
export function nextPath(request: FastifyRequest, fallback: string): string {
  return safeNext(new FormFields(request.body).get('next'), fallback);
}

/** Builds the handler of a form route from its schemas and its two outcomes. */
export function formRoute<P extends TObject, B extends TObject>(kit: PageKit, route: FormRoute<P, B>) {
  const paramsOf = pageParams(route.params);
  const body = checkerOf(route.body);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const fields = new FormFields(request.body);
    const values = Object.fromEntries(formFieldNames(route.body).map((n) => [n, fields.get(n)]));
    const input = shapeForm(route.body, fields);
    if (route.action && route.refused && !can(request.auth.actor, route.action))
      return route.refused(request, reply, { values, input });
    if (route.action) authorizeAttempt(request.auth.actor, route.action);
    const p = paramsOf(request);
    await route.authorize?.(request, p);
    const t = translator(request.locale);
    const again = (refusal: Refusal) => route.again(request, reply, { params: p, values, input, ...refusal });
    if (!kit.csrfOk(request, fields)) return again({ errors: {}, message: t('error.csrf'), status: 403 });
    try {
      if (!body().Check(input)) {
        const errors = schemaFieldErrors(route.body, body().Errors(input), t);
        return again({ errors, message: t('error.validation'), status: 422 });
      }
      return await route.run(request, reply, { params: p, body: input as Static<B> });
    } catch (err) {
      // A refusal the reader can act on (422, 409, 429) shows the page again; the rest is the error page's.
      const problem = kit.formProblem(request, err);
      if (!problem) throw err;
      if (err instanceof RateLimitError) reply.header('retry-after', String(err.retryAfterSeconds));
      return again({ ...problem, cause: err });
    }
  };
}

/** Why a form was refused, for the page that shows it again. */
export type Refusal = Omit<FormAgain<unknown>, 'params' | 'values' | 'input'>;

/** The body of a form that is one button: it sends no field of its own. */
const NoFields = Type.Object({});

/**
 * The route of a form that is one button (revoke, delete, send again): it runs `run` on what
 * its path names and goes to `to` with `notice`; a refusal is shown by `again`.
 */
export function buttonRoute<P extends TObject>(
  kit: PageKit,
  route: {
    action: Action;
    params: P;
    run: (request: FastifyRequest, params: Static<P>) => Promise<unknown>;
    to: string;
    notice: MessageKey;
    again: FormRoute<P, typeof NoFields>['again'];
  },
) {
  const { run, to, notice, ...form } = route;
  return formRoute(kit, {
    ...form,
    body: NoFields,
    run: async (request, reply, { params }) => {
      await run(request, params);
      return kit.redirect(reply, to, notice);
    },
  });
}

/**
 * A small form read field by field rather than by a schema (a select that sends itself, a card's
 * quick edit): the policy's `action`, the CSRF check and the version it was read at. A refusal
 * is the error page's, as nothing was typed that could be lost.
 */
export function smallForm(
  kit: PageKit,
  request: FastifyRequest,
  action: Action,
): { fields: FormFields; version: number } {
  // The use-case asks again with its subject (a group's lead edits their group's board).
  authorizeAttempt(request.auth.actor, action);
  const fields = new FormFields(request.body);
  if (!kit.csrfOk(request, fields)) throw new HttpError(403, 'error.csrf');
  const version = fields.int('version');
  if (Number.isNaN(version)) throw new ValidationError([{ field: 'version', key: 'error.badVersion' }]);
  return { fields, version };
}
