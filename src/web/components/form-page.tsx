import type { ComponentChildren } from 'preact';
import type { PageContext } from '../page-context.js';
import { ErrorSummary, type FieldErrors } from './form.js';
import { Layout } from './layout.js';

/** What a page of forms is given: the request's context, and what a refused submission got wrong. */
export interface FormPageProps {
  ctx: PageContext;
  errors: FieldErrors;
  message: string | null;
}

/**
 * A page of forms: its title as the page's heading, a sentence on what it is for, and the summary
 * of what a refused submission got wrong, above the forms the page passes in.
 */
export function FormPage({
  ctx,
  title,
  intro,
  errors,
  message,
  labels,
  children,
}: FormPageProps & {
  title: string;
  intro?: string;
  /** The fields' visible labels, for the error summary (see fieldLabels). */
  labels?: Record<string, string>;
  children: ComponentChildren;
}) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      {intro && <p>{intro}</p>}
      <ErrorSummary errors={errors} message={message} labels={labels} />
      {children}
    </Layout>
  );
}
