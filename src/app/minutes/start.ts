import { RuleError } from '../../domain/errors.js';
import type { MeetingPhase } from '../../domain/meeting-phase.js';
import { authorize, authorizeAttempt } from '../../domain/policy.js';
import type { Actor } from '../../domain/roles.js';
import { draftRow } from '../../store/minutes.repository.js';
import type { AppDeps } from '../context.js';
import { writer } from '../write.js';
import { meetingMinutes, phaseChangeOf, phaseOf, recorded } from './meeting.js';
import { announceMeetingProposals } from './proposal-decisions.js';

/** Where a meeting stands, and a maintainer starting it before its time. */
export function meetingStartUseCases(deps: AppDeps) {
  const write = writer(deps);
  return {
    /**
     * The meeting's phase now, by the hub's clock; when it began (or begins): its start, or
     * when a maintainer started it early (the run sheet counts the topics' time from then); and
     * when the phase changes next by the clock alone (an ISO instant), if it will.
     */
    async phase(
      slug: string,
      key: string,
    ): Promise<{ phase: MeetingPhase; begins: string; changes: string | null }> {
      const { found, row } = await meetingMinutes(deps.store.read, slug, key);
      const start = found.occurrence.start.toInstant().toString();
      const started = row?.started_at ?? null;
      const now = deps.now().toISOString();
      return {
        phase: phaseOf(found, row, now),
        begins: started !== null && Date.parse(started) < Date.parse(start) ? started : start,
        changes: phaseChangeOf(found, row, now),
      };
    },

    /**
     * Starts the meeting now, ahead of its time: its run sheet opens and its record can be
     * written. A meeting already begun, or called off, cannot be started.
     */
    async start(actor: Actor, slug: string, key: string) {
      authorizeAttempt(actor, 'meeting.start');
      return write(actor, async (step) => {
        const { repos, at } = step;
        const { found, row, leads } = await meetingMinutes(repos, slug, key);
        authorize(actor, 'meeting.start', { groupLeads: leads });
        if (found.occurrence.status === 'cancelled') throw new RuleError('error.meetingCancelled');
        if (phaseOf(found, row, at) !== 'before') throw new RuleError('error.meetingBegun');
        if (row) await repos.minutes.setStarted(row.id, at);
        // Version 0: nothing is written yet, so the first save of the notes still sends 0.
        else
          await repos.minutes.insert({
            ...draftRow(found.series.id, found.occurrence.key, at),
            started_at: at,
            version: 0,
          });
        await announceMeetingProposals(repos, found.series.id, found.occurrence.key);
        return recorded(step, found, 'meeting.start', found.occurrence.key);
      });
    },
  };
}
