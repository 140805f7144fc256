import type { PageContext } from '../page-context.js';

/** The script that suggests ideas by title in the fields marked by {@link ideaPickerAttributes}. */
export const IDEA_PICKER_SCRIPT = 'idea-picker.js';

/** Marks a field that links an idea, so the picker suggests ideas from the API as one types. */
export function ideaPickerAttributes(ctx: PageContext): Record<string, string> {
  return { 'data-idea-picker': ctx.url('/api/v1/ideas'), autocomplete: 'off' };
}
