/** Row types of the enhancement proposal tables (conventions: see ./schema.ts). */

export interface ProposalsTable {
  id: string;
  /** Unique, positive: how the community names it (MEP 12). */
  number: number;
  title: string;
  /** Markdown. */
  text: string;
  /** JSON list of names: members' or anyone's. */
  authors: string;
  /** One of PROPOSAL_STATES (src/domain/proposal.ts). */
  state: string;
  created_at: string;
  updated_at: string;
  version: number;
}

/** Each state a proposal took, with who moved it and why. */
export interface ProposalHistoryTable {
  id: string;
  proposal_id: string;
  at: string;
  actor_id: string | null;
  /** null on the first entry. */
  from_state: string | null;
  to_state: string;
  reason: string | null;
  /** `series-slug/YYYY-MM-DD` of the meeting whose decision made this change, if one did. */
  meeting: string | null;
}

export interface ProposalIdeasTable {
  proposal_id: string;
  idea_id: string;
}
