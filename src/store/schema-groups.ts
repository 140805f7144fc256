/** Row types of groups and their members (conventions: see ./schema.ts). */

export interface GroupsTable {
  id: string;
  /** Unique; the group's address: /groups/:slug. */
  slug: string;
  name: string;
  /** Markdown. */
  description: string;
  /** The list of a sigs.yaml it was imported from (`sig`, `workinggroup` …); null when made here. */
  kind: string | null;
  /** Its GitHub label in that file. */
  label: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
  /** 'lead' or 'member' (GROUP_ROLES in src/domain/group.ts); a lead is a member too. */
  role: string;
  /** A lead's titles in the sigs.yaml it came from: 'chair', 'tech_lead' or both, comma-separated. */
  lead_titles: string | null;
  created_at: string;
}
