import { weekdayName } from '../meeting-format.js';
import type { PageContext } from '../page-context.js';
import { Field, type FieldErrors } from './form.js';

/** The weekday of a series as a choice of the seven, named in the reader's language. */
export function WeekdayField({
  ctx,
  label,
  value,
  errors,
  empty,
  name = 'weekday',
  hint,
}: {
  ctx: PageContext;
  label: string;
  /** ISO weekday as typed, `1` for Monday. */
  value: string;
  errors: FieldErrors;
  /** A first choice that leaves the weekday open, with its label. */
  empty?: string;
  /** The field's name, where a form has a second weekday. */
  name?: string;
  hint?: string;
}) {
  return (
    <Field name={name} label={label} errors={errors} {...(hint === undefined ? {} : { hint })}>
      {(attrs) => (
        <select {...attrs}>
          {empty !== undefined && <option value="">{empty}</option>}
          {[1, 2, 3, 4, 5, 6, 7].map((d) => (
            <option key={d} value={String(d)} selected={value === String(d)}>
              {weekdayName(d, ctx.locale)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
