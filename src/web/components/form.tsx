import type { ComponentChildren } from 'preact';
import type { MessageKey, Translate } from '../i18n/index.js';
import type { PageContext } from '../page-context.js';
import { Button, type ButtonLook } from './button.js';

/** Translated problems per field name, shown next to the field they belong to. */
export type FieldErrors = Record<string, string[]>;

export function CsrfField({ ctx }: { ctx: PageContext }) {
  return <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
}

/**
 * A form that posts to a path of this site, carrying the session's CSRF token first. Options that
 * are left out stay off the tag.
 */
export function PostForm({
  ctx,
  action,
  class: className,
  encType,
  novalidate,
  children,
}: {
  ctx: PageContext;
  /** A path of this site; the form posts to it under the site's base path. */
  action: string;
  class?: string;
  encType?: 'multipart/form-data';
  /** The server checks the fields and answers beside each one, so the browser's own checks stay out. */
  novalidate?: boolean;
  children?: ComponentChildren;
}) {
  return (
    <form method="post" action={ctx.url(action)} encType={encType} class={className} novalidate={novalidate}>
      <CsrfField ctx={ctx} />
      {children}
    </form>
  );
}

interface PostButtonProps extends ButtonLook {
  ctx: PageContext;
  action: string;
  /** The form's class, which lays it out in its row. */
  class?: string;
  label: string;
}

/** A form that is only a button: remove, restore, send again, where pressing it is the whole request. */
export function PostButton({ ctx, action, class: className, label, ...look }: PostButtonProps) {
  return (
    <PostForm ctx={ctx} action={action} class={className}>
      <Button {...look}>{label}</Button>
    </PostForm>
  );
}

/**
 * A small button after the text of a list's line (revoke, unlink, sign out): its form flows
 * inline with the text, set apart from it.
 */
export function LineButton(props: Omit<PostButtonProps, 'class' | 'small'>) {
  return <PostButton {...props} class="inline" small />;
}

/**
 * The one-time token of a form that creates something: sent twice, the form makes its thing
 * once (see src/http/pages/form-once.ts). A new token for every form rendered.
 */
export function OnceField({ ctx }: { ctx: PageContext }) {
  return <input type="hidden" name="_once" value={ctx.formToken} />;
}

/** The visible labels of a form's fields, by field name, from their message keys. */
export function fieldLabels(t: Translate, keys: Record<string, MessageKey>): Record<string, string> {
  return Object.fromEntries(Object.entries(keys).map(([name, key]) => [name, t(key)]));
}

/**
 * The summary above a form that failed validation: each problem under its field's visible label,
 * linking to the field (a problem of one row of a list, `links[0].url`, to the list).
 */
export function ErrorSummary({
  errors,
  message,
  scope = 'field',
  labels = {},
}: {
  errors: FieldErrors;
  message: string | null;
  /** The `scope` of the form's fields, when the page has more than one form with these names. */
  scope?: string;
  /** The fields' labels by name (see fieldLabels); a problem of a field without one is shown alone. */
  labels?: Record<string, string>;
}) {
  const fields = Object.keys(errors);
  if (!message && fields.length === 0) return null;
  return (
    // autofocus (a global attribute, so no script is needed) brings a refused form's summary into
    // view and reads it out, wherever on a long page the form stands (WCAG 3.3.1).
    <div class="error-summary" role="alert" tabIndex={-1} autofocus>
      <p>{message}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map((f) => {
            const base = f.split(/[.[]/u)[0] ?? f;
            const label = labels[f] ?? labels[base];
            return (
              <li key={f}>
                <a href={`#${scope}-${base}`}>
                  {label && <strong>{label}: </strong>}
                  {errors[f]?.join(' ')}
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

interface FieldProps {
  name: string;
  /** Prefix of the control's id; pages with several forms sharing field names give each its own. */
  scope?: string;
  label: string;
  hint?: string;
  errors: FieldErrors;
  children: (attrs: {
    id: string;
    name: string;
    'aria-describedby'?: string;
    'aria-invalid'?: 'true';
  }) => ComponentChildren;
}

/** Label, control, hint and errors wired together for screen readers. */
export function Field({ name, scope = 'field', label, hint, errors, children }: FieldProps) {
  const id = `${scope}-${name}`;
  const problems = errors[name] ?? [];
  const described = [hint ? `${id}-hint` : null, problems.length ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`field${problems.length ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {problems.length > 0 && (
        <p class="field-error" id={`${id}-error`}>
          {problems.join(' ')}
        </p>
      )}
      {children({
        id,
        name,
        ...(described ? { 'aria-describedby': described } : {}),
        ...(problems.length ? { 'aria-invalid': 'true' as const } : {}),
      })}
    </div>
  );
}

/** Radio buttons for one setting; the legend is for screen readers, the heading above says it. */
export function RadioGroup({
  name,
  legend,
  value,
  options,
}: {
  name: string;
  legend: string;
  value: string;
  options: { value: string; label: string }[];
}) {
  return (
    <fieldset class="choice-group">
      <legend class="visually-hidden">{legend}</legend>
      {options.map((o) => (
        <label key={o.value}>
          <input type="radio" name={name} value={o.value} checked={value === o.value} /> {o.label}
        </label>
      ))}
    </fieldset>
  );
}
