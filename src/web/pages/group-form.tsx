import { GROUP_LIMITS, type Group, type GroupPerson } from '../../domain/group.js';
import { Field, type FieldErrors, fieldLabels, OnceField, PostForm } from '../components/form.js';
import { FormPage } from '../components/form-page.js';
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
    <FormPage ctx={ctx} title={title} errors={errors} message={message} labels={labels}>
      <PostForm ctx={ctx} action={action} novalidate>
        {mode === 'new' ? (
          <OnceField ctx={ctx} />
        ) : (
          <input type="hidden" name="version" value={String(mode.version)} />
        )}
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
        <button type="submit">{t('action.save')}</button>{' '}
        <a href={ctx.url(mode === 'new' ? '/groups' : `/groups/${mode.slug}`)}>{t('action.cancel')}</a>
      </PostForm>
    </FormPage>
  );
}
