import type { ComponentChildren } from 'preact';
import type { PageContext } from '../page-context.js';
import { ErrorSummary, type FieldErrors } from './form.js';
import { Layout } from './layout.js';

/**
 * A page around one form: its title as the page's heading, a sentence on what it is for, and the
 * summary of what a refused submission got wrong, above the form the page passes in.
 */
export function FormPage({
  ctx,
  title,
  intro,
  errors,
  message,
  children,
}: {
  ctx: PageContext;
  title: string;
  intro?: string;
  errors: FieldErrors;
  message: string | null;
  children: ComponentChildren;
}) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      {intro && <p>{intro}</p>}
      <ErrorSummary errors={errors} message={message} />
      {children}
    </Layout>
  );
}
