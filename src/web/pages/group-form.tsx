import { GROUP_LIMITS, type Group, type GroupPerson } from '../../domain/group.js';
import { Field, type FieldErrors, fieldLabels } from '../components/form.js';
import { RecordFormPage } from '../components/record-form-page.js';
import type { PageContext } from '../page-context.js';

export interface GroupFormValues {
  slug: string;
  name: string;
  description: string;
  members: string;
  leads: string;
}

export const emptyGroupForm: GroupFormValues = {
  slug: '',
  name: '',
  description: '',
  members: '',
  leads: '',
};

export function groupFormValues(group: Group, people: readonly GroupPerson[]): GroupFormValues {
  const handles = (role: string) =>
    people
      .filter((p) => role === 'member' || p.role === 'lead')
      .map((p) => p.handle)
      .join(', ');
  return {
    slug: group.slug,
    name: group.name,
    description: group.description,
    members: handles('member'),
    leads: handles('lead'),
  };
}

/** Making a group, or editing one (`mode` names it and the version read): admins only. */
export function GroupFormPage({
  ctx,
  mode,
  values,
  errors,
  message,
}: {
  ctx: PageContext;
  mode: 'new' | { slug: string; version: number };
  values: GroupFormValues;
  errors: FieldErrors;
  message: string | null;
}) {
  const { t } = ctx;
  const title = mode === 'new' ? t('groups.new') : t('groups.edit');
  const action = mode === 'new' ? '/groups' : `/groups/${mode.slug}/edit`;
  const labels = fieldLabels(t, {
    name: 'groups.fieldName',
    slug: 'groups.fieldSlug',
    description: 'groups.fieldDescription',
    members: 'groups.fieldMembers',
    leads: 'groups.fieldLeads',
  });
  return (
    <RecordFormPage
      ctx={ctx}
      title={title}
      action={action}
      version={mode === 'new' ? null : mode.version}
      cancelHref={mode === 'new' ? '/groups' : `/groups/${mode.slug}`}
      labels={labels}
      errors={errors}
      message={message}
    >
      <Field name="name" label={labels.name ?? ''} errors={errors}>
        {(attrs) => <input {...attrs} required maxLength={GROUP_LIMITS.name} value={values.name} />}
      </Field>
      <Field name="slug" label={labels.slug ?? ''} errors={errors}>
        {(attrs) => <input {...attrs} maxLength={GROUP_LIMITS.slug} value={values.slug} />}
      </Field>
      <Field name="description" label={labels.description ?? ''} errors={errors}>
        {(attrs) => (
          <textarea {...attrs} rows={8} maxLength={GROUP_LIMITS.description} value={values.description} />
        )}
      </Field>
      <Field name="members" label={labels.members ?? ''} errors={errors}>
        {(attrs) => <textarea {...attrs} rows={3} value={values.members} />}
      </Field>
      <Field name="leads" label={labels.leads ?? ''} errors={errors}>
        {(attrs) => <input {...attrs} value={values.leads} />}
      </Field>
    </RecordFormPage>
  );
}
