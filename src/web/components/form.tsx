import type { ComponentChildren } from 'preact';
import type { PageContext } from '../page-context.js';

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

interface PostButtonProps {
  ctx: PageContext;
  action: string;
  /** The form's class, which lays it out in its row. */
  class?: string;
  /** The button's class. */
  button?: string;
  label: string;
}

/** A form that is only a button: remove, restore, send again, where pressing it is the whole request. */
export function PostButton({ ctx, action, class: className, button, label }: PostButtonProps) {
  return (
    <PostForm ctx={ctx} action={action} class={className}>
      <button type="submit" class={button}>
        {label}
      </button>
    </PostForm>
  );
}

/**
 * A button after the text of a list's line (revoke, unlink): its form flows inline with the text,
 * and the button looks like a link unless told otherwise.
 */
export function LineButton({ button = 'link-button', ...rest }: Omit<PostButtonProps, 'class'>) {
  return <PostButton {...rest} class="inline" button={button} />;
}

/**
 * The one-time token of a form that creates something: sent twice, the form makes its thing
 * once (see src/http/pages/form-once.ts). A new token for every form rendered.
 */
export function OnceField({ ctx }: { ctx: PageContext }) {
  return <input type="hidden" name="_once" value={ctx.formToken} />;
}

/** The summary above a form that failed validation; it links to the first broken field. */
export function ErrorSummary({
  errors,
  message,
  scope = 'field',
}: {
  errors: FieldErrors;
  message: string | null;
  /** The `scope` of the form's fields, when the page has more than one form with these names. */
  scope?: string;
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
          {fields.map((f) => (
            <li key={f}>
              <a href={`#${scope}-${f}`}>{errors[f]?.join(' ')}</a>
            </li>
          ))}
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
    <fieldset>
      <legend class="visually-hidden">{legend}</legend>
      {options.map((o) => (
        <label key={o.value}>
          <input type="radio" name={name} value={o.value} checked={value === o.value} /> {o.label}
        </label>
      ))}
    </fieldset>
  );
}
