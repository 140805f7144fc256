import { Type } from 'typebox';
import { GROUP_LIMITS, GROUP_ROLES } from '../../domain/group.js';

/**
 * The inputs of the groups' use-cases, read by both doors (the API's JSON bodies, the forms'
 * fields). Content rules (the slug's shape, leads among members) stay in the domain.
 */

const handles = (description: string) =>
  Type.Array(Type.String({ maxLength: 100 }), { maxItems: 500, 'x-form': 'commas', description });

const fields = {
  slug: Type.String({
    maxLength: GROUP_LIMITS.slug * 2,
    description: 'Lower-case words joined by hyphens (sig-network); left out: made from the name',
  }),
  name: Type.String({ maxLength: 1000 }),
  description: Type.String({ maxLength: GROUP_LIMITS.description * 2, description: 'Markdown' }),
};

export const CreateGroupBody = Type.Object(
  {
    slug: Type.Optional(fields.slug),
    name: fields.name,
    description: Type.Optional(fields.description),
    members: Type.Optional(handles('Handles of the members')),
    leads: Type.Optional(handles('Handles of the leads; each must also be a member')),
  },
  { additionalProperties: false },
);

export const UpdateGroupBody = Type.Object(
  {
    slug: Type.Optional(fields.slug),
    name: Type.Optional(fields.name),
    description: Type.Optional(fields.description),
    members: Type.Optional(handles('Handles of the members; left out: the members stay')),
    leads: Type.Optional(handles('Handles of the leads, each also a member; left out: the leads stay')),
  },
  { additionalProperties: false },
);

export const GroupMemberBody = Type.Object(
  { role: Type.Optional(Type.Enum([...GROUP_ROLES], { description: 'member (default) or lead' })) },
  { additionalProperties: false },
);

export const GroupAssignBody = Type.Object(
  {
    group: Type.Union([Type.String({ maxLength: 100 }), Type.Null()], {
      description: 'The slug of the group; null or empty: no group',
    }),
  },
  { additionalProperties: false },
);
