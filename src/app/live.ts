import { DEFAULT_BOARD_SLUG } from '../domain/board.js';
import { NotFoundError } from '../domain/errors.js';
import type { LiveListener } from '../store/live-bus.js';
import type { AppDeps } from './context.js';
import { liveChannel } from './live-channels.js';
import { loadSeries } from './series-steps.js';

export { liveChannel };

export function liveUseCases({ store }: AppDeps) {
  return {
    /**
     * The channel of a meeting page, for anyone who may read that page (everyone: agendas are
     * public). Throws NotFoundError for a meeting that does not exist.
     */
    async agendaChannel(slug: string, key: string): Promise<string> {
      const found = await loadSeries(store.read, slug, key);
      return liveChannel.agenda(found.series.id, found.occurrence.key);
    },
    /** The channel of a board page (public like the page); NotFoundError for a board that does not exist. */
    async boardChannel(ref: string): Promise<string> {
      const row = await store.read.board.findBoard(ref);
      if (!row && ref !== DEFAULT_BOARD_SLUG) throw new NotFoundError('board', ref);
      return liveChannel.board(row?.slug ?? DEFAULT_BOARD_SLUG);
    },
    /** The channel of a proposal's page (public like the page); NotFoundError for a number no proposal has. */
    async proposalChannel(number: number): Promise<string> {
      const row = await store.read.proposals.findByNumber(number);
      if (!row) throw new NotFoundError('proposal', String(number));
      return liveChannel.proposal(row.id);
    },
    subscribe: (channel: string, listener: LiveListener) => store.live.subscribe(channel, listener),
    cursor: (channel: string) => store.live.cursor(channel),
    listenerCount: () => store.live.listenerCount(),
  };
}

export type LiveUseCases = ReturnType<typeof liveUseCases>;
