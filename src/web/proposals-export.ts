import { markdownLink, markdownText } from '../domain/markdown-escape.js';
import type { Proposal, ProposalState } from '../domain/proposal.js';

/** The state names a docs repository writes, whatever the reader's language. */
const STATE_NAMES: Record<ProposalState, string> = {
  in_discussion: 'In Discussion',
  accepted: 'Accepted',
  declined: 'Declined',
  in_progress: 'In Progress',
  completed: 'Completed',
  aborted: 'Aborted',
};

/**
 * The index page of the proposals as a docs repository keeps it: one row a proposal by number,
 * with its number linking to its page here. `|` and other Markdown in a title stay text.
 */
export function proposalsIndex(proposals: readonly Proposal[], pageUrl: (number: number) => string): string {
  const rows = proposals.map((p) => {
    const authors = p.authors.map(markdownText).join(', ');
    return `| ${markdownLink(String(p.number), pageUrl(p.number))} | ${markdownText(p.title)} | ${STATE_NAMES[p.state]} | ${authors} |`;
  });
  return [
    '# Enhancement proposals',
    '',
    '| Number | Title | State | Authors |',
    '|-------:|-------|-------|---------|',
    ...rows,
    '',
  ].join('\n');
}
