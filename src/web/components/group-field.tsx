import type { GroupChoices } from '../../app/groups.js';
import type { PageContext } from '../page-context.js';
import { Field, type FieldErrors } from './form.js';

/** The group field's choices and what it holds (a group's slug, '' for none). */
export interface GroupFieldState {
  choices: GroupChoices;
  value: string;
  /** Shown even with one choice only, where the choice is what is made (a lead's new series). */
  always?: boolean;
}

/** Whether the field offers anything but what is chosen already: else it is left out. */
export function offersGroupChoice({ choices, value, always }: GroupFieldState): boolean {
  const options = [...(choices.none ? [''] : []), ...choices.groups.map((g) => g.slug)];
  return options.some((option) => option !== value) || (always === true && choices.groups.length > 0);
}

/**
 * The group an idea, series or board belongs to, offering only the groups the reader may put it
 * into. Left out when there is nothing to choose, so that the form sends no group and the
 * subject stays where it is.
 */
export function GroupField({
  ctx,
  state,
  errors,
}: {
  ctx: PageContext;
  state: GroupFieldState | undefined;
  errors: FieldErrors;
}) {
  if (!state || !offersGroupChoice(state)) return null;
  const { t } = ctx;
  const { choices, value } = state;
  const required = !choices.none;
  return (
    <Field
      name="group"
      label={t('groups.field')}
      hint={required ? t('groups.fieldRequired') : undefined}
      errors={errors}
    >
      {(attrs) => (
        <select {...attrs} required={required}>
          {required && value === '' && (
            <option value="" selected>
              {t('groups.choose')}
            </option>
          )}
          {choices.none && (
            <option value="" selected={value === ''}>
              {t('groups.noGroup')}
            </option>
          )}
          {choices.groups.map((g) => (
            <option key={g.slug} value={g.slug} selected={value === g.slug}>
              {g.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
