/** Row types of the planning boards and the roadmap (see ./schema.ts for the conventions). */

export interface BoardsTable {
  id: string;
  slug: string;
  title: string;
  created_at: string;
  updated_at: string;
  version: number;
  /** The group whose board it is, if any. */
  group_id: string | null;
}

export interface BoardColumnsTable {
  id: string;
  board_id: string;
  name: string;
  /** todo, in_progress, done: a starting column, named in the reader's language while name is empty. */
  preset: string | null;
  /** Fractional key; compared as bytes (COLLATE "C" on PostgreSQL). */
  position_key: string;
  /** 1 when items in this column count as done on the roadmap. */
  done: number;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface BoardItemsTable {
  id: string;
  board_id: string;
  column_id: string;
  title: string;
  body: string;
  /** JSON: a list of label and url. */
  links: string;
  /** JSON: free-text names. */
  assignees: string;
  /** JSON: label names. */
  labels: string;
  /** owner/repo of an imported issue or pull request. */
  repository: string | null;
  idea_id: string | null;
  /** Fractional key within the column; ties are broken by id. */
  position_key: string;
  /** The GitHub Projects item id an imported item came from. */
  external_id: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface RoadmapHorizonsTable {
  idea_id: string;
  /** now, next or later. */
  horizon: string;
  updated_at: string;
  version: number;
}
