/**
 * Channels name what a live page shows. A use-case announces a change inside its transaction
 * with `await repos.live.announce(liveChannel.…(…))`; the page's readers hear of it only if the
 * transaction commits.
 */
export const liveChannel = {
  /** One meeting: its agenda, minutes, decisions, action items and whether it takes place. */
  agenda: (seriesId: string, occurrenceKey: string) => `agenda:${seriesId}:${occurrenceKey}`,
  /** One planning board: its columns and cards. By slug, which a board keeps for good (`default` exists before its first write). */
  board: (boardSlug: string) => `board:${boardSlug}`,
  /** The comments on one idea, topic, decision or proposal (by its id). */
  comments: (targetType: string, targetId: string) => `comments:${targetType}:${targetId}`,
  /** One enhancement proposal's page: its state, meetings and decisions (by the proposal's id). */
  proposal: (proposalId: string) => `proposal:${proposalId}`,
  /** One member's inbox: its entries and the unread count in the header. */
  inbox: (userId: string) => `inbox:${userId}`,
} as const;
