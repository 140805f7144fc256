import type { PageContext } from '../page-context.js';

/** A group a list can be narrowed to: its slug (the `group` of the address) and name. */
export interface GroupChoice {
  slug: string;
  name: string;
}

/** The `group` select of a filter form: every group by name, or any; nothing while there is no group. */
export function GroupSelect({
  ctx,
  groups,
  selected,
}: {
  ctx: PageContext;
  groups: readonly GroupChoice[];
  selected: string;
}) {
  const { t } = ctx;
  if (groups.length === 0) return null;
  return (
    <label>
      {t('backlog.group')}{' '}
      <select name="group">
        <option value="">{t('backlog.anyGroup')}</option>
        {groups.map((g) => (
          <option key={g.slug} value={g.slug} selected={g.slug === selected}>
            {g.name}
          </option>
        ))}
      </select>
    </label>
  );
}
