import { Temporal } from 'temporal-polyfill';
import { ConflictError, NotFoundError, RuleError } from '../../domain/errors.js';
import { IDEA_LIMITS } from '../../domain/idea.js';
import { type Decision, validateObjection } from '../../domain/minutes.js';
import { authorizeUser } from '../../domain/policy.js';
import type { Actor } from '../../domain/roles.js';
import { newId } from '../../store/ids.js';
import { type DecisionRow, toObjection } from '../../store/minutes.repository.js';
import type { Repositories } from '../../store/store.js';
import type { AppDeps } from '../context.js';
import { liveChannel } from '../live-channels.js';
import { type PageRequest, pageOf } from '../paging.js';
import { loadSeriesWithChanges } from '../series-steps.js';
import { putOnNextAgenda } from '../topics.js';
import { checkVersion, writer } from '../write.js';
import { emitDecision, readableDecision, storedDecision } from './meeting.js';

const open = (row: DecisionRow, at: string) =>
  (row.state === 'proposed' || row.state === 'objected') &&
  row.objection_deadline !== null &&
  row.objection_deadline > at;

/** An objected decision goes on the next meeting's agenda, with the objection as its description. */
async function reconsiderNextTime(
  repos: Repositories,
  row: DecisionRow,
  objection: { reason: string; by: string; at: string; instant: Temporal.Instant },
): Promise<void> {
  const series = await repos.series.findById(row.series_id);
  if (!series) return;
  await putOnNextAgenda(
    repos,
    await loadSeriesWithChanges(repos, series.slug),
    row.occurrence,
    objection.instant,
    {
      title: Array.from(row.text.replace(/\s+/gu, ' ')).slice(0, IDEA_LIMITS.title).join(''),
      description: objection.reason,
      proposerId: objection.by,
      ideaId: row.idea_id,
      at: objection.at,
    },
  );
}

/** Objections to decisions taken by lazy consensus: from anyone signed in, while the window is open. */
export function objectionUseCases(deps: AppDeps) {
  const { store } = deps;
  const write = writer(deps);

  return {
    /**
     * Anyone signed in may object while the window is open. The decision then changes nothing
     * and goes on the next meeting's agenda, with the objection as its description. Each
     * objection changes the decision as read, so it counts its version up; a caller who names
     * the `version` it saw meets a conflict when that is no longer current.
     */
    async object(
      actor: Actor,
      decisionId: string,
      input: Record<string, unknown>,
      version?: number,
    ): Promise<Decision> {
      authorizeUser(actor, 'decision.object');
      const reason = validateObjection(input);
      return write(actor, async ({ repos, at, audit, announce }) => {
        const row = await repos.minutes.findDecision(decisionId);
        if (!row) throw new NotFoundError('decision', decisionId);
        // What a stale caller is shown: the decision before this objection.
        const current = version === undefined ? null : await storedDecision(repos, row.id, at);
        if (current && current.version !== version) throw new ConflictError(current);
        if (!open(row, at)) throw new RuleError('error.objectionClosed');
        const objection = { id: newId(), decision_id: row.id, user_id: actor.userId, reason, created_at: at };
        if (!(await repos.minutes.insertObjection(objection))) throw new RuleError('error.objectedAlready');
        const changes = row.state === 'proposed' ? { state: 'objected' } : {};
        const update = () => repos.minutes.updateDecision(row.id, row.state, changes, version);
        if (current && version !== undefined) await checkVersion(current, version, update);
        else await update();
        if (row.state === 'proposed') {
          const instant = Temporal.Instant.from(at);
          await reconsiderNextTime(repos, row, { reason, by: actor.userId, at, instant });
        }
        await audit('decision.object', { type: 'decision', id: row.id }, reason);
        await emitDecision(repos, 'decision.objected', row, at, { objection: reason });
        await announce(liveChannel.agenda(row.series_id, row.occurrence));
        // The proposal's page shows the decision as objected, no longer about to take effect.
        if (row.proposal_id) await announce(liveChannel.proposal(row.proposal_id));
        return storedDecision(repos, row.id, at);
      });
    },

    /** A decision's objections a page at a time, for whoever may read the decision. */
    async objectionPage(actor: Actor, decisionId: string, page: PageRequest) {
      await readableDecision(store.read, actor, decisionId);
      return pageOf(
        page,
        (after, limit) => store.read.minutes.objectionPage(decisionId, after, limit),
        (rows) => rows.map(toObjection),
      );
    },
  };
}
