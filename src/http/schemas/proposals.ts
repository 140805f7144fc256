import { Type } from 'typebox';
import { PROPOSAL_LIMITS } from '../../domain/proposal.js';

/**
 * The inputs of the proposals' use-cases, read by both doors (the API's JSON bodies, the forms'
 * fields). Content rules (the number's range, the transitions) stay in the domain.
 */

/** A proposal named in an address by its number. */
export const ProposalNumberParams = Type.Object({
  number: Type.String({ maxLength: 20, description: 'the proposal’s number' }),
});

const fields = {
  number: Type.Union([Type.Integer(), Type.Null()], {
    description: 'A free positive number; left out or null: the next after the highest',
  }),
  title: Type.String({ maxLength: 1000 }),
  text: Type.String({ maxLength: PROPOSAL_LIMITS.text * 2, description: 'Markdown' }),
  authors: Type.Array(Type.String({ maxLength: 400 }), {
    maxItems: PROPOSAL_LIMITS.authors,
    'x-form': 'commas',
    description: 'Names of members or of anyone',
  }),
  ideas: Type.Array(Type.String({ maxLength: 200 }), {
    maxItems: PROPOSAL_LIMITS.ideas,
    'x-form': 'commas',
    description: 'Linked ideas: id, short name (slug) or words of the title of each',
  }),
};

export const CreateProposalBody = Type.Object(
  {
    number: Type.Optional(fields.number),
    title: fields.title,
    text: Type.Optional(fields.text),
    authors: Type.Optional(fields.authors),
    ideas: Type.Optional(fields.ideas),
  },
  { additionalProperties: false },
);

export const UpdateProposalBody = Type.Object(
  {
    number: Type.Optional(fields.number),
    title: Type.Optional(fields.title),
    text: Type.Optional(fields.text),
    authors: Type.Optional(fields.authors),
    ideas: Type.Optional(fields.ideas),
  },
  { additionalProperties: false },
);

export const ProposalStateBody = Type.Object(
  {
    state: Type.String({ maxLength: 40 }),
    reason: Type.String({ maxLength: 4000 }),
  },
  { additionalProperties: false },
);
