import { Type } from 'typebox';
import { IDEA_LIMITS } from '../../domain/idea.js';

/**
 * The inputs of the ideas' use-cases, one schema each, read by both doors: the API validates its
 * JSON body with them, the form routes shape and check a form's fields with them
 * (src/http/pages/form-route.ts). Content rules (URLs, tag syntax, transitions) stay in the domain.
 * `x-form` says how a form sends a list: the tags in one input separated by commas, the links as
 * rows of two fields repeated once a row.
 */

/**
 * An idea named where something links to one (a topic, decision, action item, board card): its
 * id, the short name in its address, or words of its title in any spelling.
 */
export const IdeaReference = Type.String({
  maxLength: 200,
  description:
    'id, short name (slug) or words of the title of an idea; several matching ideas are refused with the candidates',
});

export const LinkSchema = Type.Object(
  {
    label: Type.String({ maxLength: IDEA_LIMITS.linkLabel }),
    url: Type.String({ maxLength: IDEA_LIMITS.url, description: 'http or https only' }),
  },
  { additionalProperties: false },
);

/** The group an idea goes into (its slug); null or empty: none; left out: where it is. */
const groupField = Type.Optional(
  Type.Union([Type.String({ maxLength: 100 }), Type.Null()], {
    description:
      'The slug of the group; null or empty: no group (maintainers anywhere, a group’s leads their own)',
  }),
);

const draftFields = {
  title: Type.String({ maxLength: 1000 }),
  description: Type.String({ maxLength: IDEA_LIMITS.description * 2 }),
  // The same caps as the domain's, so a long list is refused before its entries are read.
  tags: Type.Array(Type.String({ maxLength: 200 }), { maxItems: IDEA_LIMITS.tags, 'x-form': 'commas' }),
  links: Type.Array(LinkSchema, {
    maxItems: IDEA_LIMITS.links,
    'x-form': { label: 'link_label', url: 'link_url' },
  }),
};

export const CreateIdeaBody = Type.Object(
  {
    title: draftFields.title,
    description: Type.Optional(draftFields.description),
    tags: Type.Optional(draftFields.tags),
    links: Type.Optional(draftFields.links),
    status: Type.Optional(
      Type.Union([Type.Literal('proposed'), Type.Literal('backlog')], {
        description: 'Maintainers may add an idea straight to the backlog',
      }),
    ),
    group: groupField,
  },
  { additionalProperties: false },
);

export const UpdateIdeaBody = Type.Object(
  {
    title: Type.Optional(draftFields.title),
    description: Type.Optional(draftFields.description),
    tags: Type.Optional(draftFields.tags),
    links: Type.Optional(draftFields.links),
    group: groupField,
  },
  { additionalProperties: false, minProperties: 1 },
);

export const StatusBody = Type.Object(
  {
    status: Type.String({ maxLength: 40 }),
    reason: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
  },
  { additionalProperties: false },
);
