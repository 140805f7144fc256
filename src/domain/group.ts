import { type FieldProblem, ValidationError } from './errors.js';
import { IDEA_LIMITS } from './idea.js';
import { textField } from './text.js';

/**
 * A group: a team of the community (a special interest group, a working group) with its leads
 * and members. Ideas, meeting series and boards may belong to one group; a group's leads may do
 * there what maintainers do everywhere (see `groupLead` in ./policy.ts).
 */
export const GROUP_ROLES = ['lead', 'member'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

export interface GroupPerson {
  userId: string;
  name: string;
  handle: string;
  role: GroupRole;
}

export interface Group {
  id: string;
  slug: string;
  name: string;
  /** Markdown. */
  description: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface GroupDraft {
  /** null: made from the name. */
  slug: string | null;
  name: string;
  description: string;
}

export const GROUP_LIMITS = { slug: 60, name: 100, description: IDEA_LIMITS.description } as const;

/** Lower-case letters and digits in words joined by single hyphens, as `sig-api-machinery`. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/u;

export function isGroupRole(value: unknown): value is GroupRole {
  return typeof value === 'string' && (GROUP_ROLES as readonly string[]).includes(value);
}

export function isGroupSlug(value: string): boolean {
  return value.length <= GROUP_LIMITS.slug && SLUG.test(value);
}

/** Accepts loosely shaped input (form or JSON) and returns a clean draft, or throws every problem at once. */
export function validateGroupDraft(input: {
  slug?: unknown;
  name?: unknown;
  description?: unknown;
}): GroupDraft {
  const problems: FieldProblem[] = [];
  const name = textField(input.name, 'name', GROUP_LIMITS.name, problems, { required: true, line: true });
  const description = textField(input.description, 'description', GROUP_LIMITS.description, problems);
  const rawSlug = textField(input.slug, 'slug', GROUP_LIMITS.slug, problems, { line: true });
  if (rawSlug !== '' && !isGroupSlug(rawSlug)) problems.push({ field: 'slug', key: 'group.badSlug' });
  if (problems.length > 0) throw new ValidationError(problems);
  return { slug: rawSlug === '' ? null : rawSlug, name, description };
}

/** The group role a form or body asks for; anything else is a problem of the `role` field. */
export function groupRoleOf(value: unknown): GroupRole {
  if (value === undefined || value === null || value === '') return 'member';
  if (!isGroupRole(value)) throw new ValidationError([{ field: 'role', key: 'group.badRole' }]);
  return value;
}
