/** Row types of interest, follows and the search index (conventions: see ./schema.ts). */

/** A member's "I want this too" on an idea; one row per member and idea. */
export interface IdeaInterestTable {
  idea_id: string;
  user_id: string;
  created_at: string;
}

/** A milestone of interest an idea reached (5, 10, 25 …): told of once, never again. */
export interface IdeaInterestMilestonesTable {
  idea_id: string;
  milestone: number;
  reached_at: string;
}

/** A member following an idea, a meeting series or a board (`target_type`), by the row's id. */
export interface FollowsTable {
  user_id: string;
  target_type: string;
  target_id: string;
  created_at: string;
}

/**
 * One searchable item (idea, comment, topic, minutes, decision, card) as the full-text index
 * reads it; written beside the item (see search-documents.ts), derived, never backed up.
 */
export interface SearchDocumentsTable {
  /** The item's id. */
  id: string;
  kind: string;
  title: string;
  body: string;
  /** Title and body with German letters written out (ä → ae), or empty when they hold none. */
  alt: string;
}
