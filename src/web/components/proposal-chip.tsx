import type { ProposalState } from '../../domain/proposal.js';
import type { Translate } from '../i18n/index.js';
import type { PageContext } from '../page-context.js';

/** The idea status whose chip colours a proposal state shares: the meaning lines up. */
const LOOK: Record<ProposalState, string> = {
  in_discussion: 'proposed',
  accepted: 'roadmap',
  declined: 'declined',
  in_progress: 'in_progress',
  completed: 'done',
  aborted: 'removed',
};

/** A proposal's state as text and colour together, never colour alone. */
export function ProposalChip({ state, t }: { state: ProposalState; t: Translate }) {
  return (
    <span class={`chip chip-${LOOK[state]}`} data-state={state}>
      {t(`proposal.state.${state}`)}
    </span>
  );
}

/** A proposal named by its number and title, linking its page. */
export function ProposalLink({ ctx, number, title }: { ctx: PageContext; number: number; title: string }) {
  return (
    <a href={ctx.url(`/proposals/${number}`)}>
      {number}. {title}
    </a>
  );
}
