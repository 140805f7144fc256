import { Temporal } from 'temporal-polyfill';
import { ConflictError, NotFoundError, RuleError, ValidationError } from '../../domain/errors.js';
import type { IdeaStatus } from '../../domain/idea-status.js';
import { type Minutes, validateMinutesInput } from '../../domain/minutes.js';
import { type Action, authorize, authorizeAttempt, can } from '../../domain/policy.js';
import type { Actor } from '../../domain/roles.js';
import { type DecisionRow, draftRow, toActionItem, toMinutes } from '../../store/minutes.repository.js';
import type { Repositories } from '../../store/store.js';
import { workInProgress } from '../board.js';
import type { AppDeps } from '../context.js';
import { notifyMeeting } from '../meeting-notices.js';
import { carryOverTopics } from '../topics.js';
import { emit } from '../webhook-emit.js';
import { checkVersion, writer } from '../write.js';
import { applyDecision, deciderOf, openObjectionWindow } from './decisions.js';
import {
  emitDecision,
  type Meeting,
  meetingMinutes,
  mustHaveBegun,
  ofMeeting,
  readable,
  recorded,
  withObjections,
} from './meeting.js';
import { announceMeetingProposals } from './proposal-decisions.js';

/** The roadmap and in-progress ideas as they are now, the overview published minutes keep. */
async function currentOverview(repos: Repositories) {
  return (await repos.ideas.list({ statuses: ['roadmap', 'in_progress'] }))
    .map((i) => ({ slug: i.slug, title: i.title, status: i.status as IdeaStatus }))
    .sort((a, b) => a.title.localeCompare(b.title));
}

/** The user an e-mail names, for the note-taker; none for an empty one. */
async function noteTakerOf(repos: Repositories, email: unknown) {
  if (typeof email === 'string' && email.trim() !== '') {
    const user = await repos.users.findByEmail(email.trim().toLowerCase());
    if (!user) throw new ValidationError([{ field: 'noteTaker', key: 'error.noSuchUser' }]);
    return user;
  }
  if (email !== undefined && email !== null && email !== '')
    throw new ValidationError([{ field: 'noteTaker', key: 'error.notText' }]);
  return undefined;
}

/**
 * Decisions taken directly in the draft change their ideas only once they are public, and
 * before the overview is frozen, so it shows what the meeting decided.
 */
async function applyFinalDecisions(
  repos: Repositories,
  decisions: DecisionRow[],
  found: Meeting,
  at: string,
) {
  for (const d of decisions) {
    if (d.state === 'final') await applyDecision(repos, await deciderOf(repos, d), d, found.series.slug, at);
  }
}

/** The notes of a meeting: written by maintainers and its note-taker, published by maintainers. */
export function minutesRecordUseCases(deps: AppDeps) {
  return { ...minutesReads(deps), ...minutesEdits(deps), publish: publisher(deps) };
}

/** Who may do what to a meeting's record, and what a reader sees of it. */
function minutesReads({ store, now }: AppDeps) {
  const iso = () => now().toISOString();
  return {
    /** Refuses `actor` unless the policy lets them do `action` to this meeting's minutes. */
    async authorizeFor(actor: Actor, action: Action, slug: string, key: string): Promise<void> {
      authorizeAttempt(actor, action);
      const { row, leads } = await meetingMinutes(store.read, slug, key);
      authorize(actor, action, ofMeeting(row, leads));
    },

    /** Whether `actor` may write this meeting's notes and action items. */
    async mayWrite(actor: Actor, slug: string, key: string): Promise<boolean> {
      if (can(actor, 'minutes.write')) return true;
      if (actor.kind !== 'user') return false;
      const { row, leads } = await meetingMinutes(store.read, slug, key);
      return can(actor, 'minutes.write', ofMeeting(row, leads));
    },

    /** The version of a meeting's minutes, 0 while there are none (a first save makes version 1). */
    async minutesVersion(slug: string, key: string): Promise<number> {
      return (await meetingMinutes(store.read, slug, key)).row?.version ?? 0;
    },

    /** What a reader sees of a meeting's record: drafts only for maintainers. */
    async forOccurrence(actor: Actor, slug: string, key: string) {
      const { found, row, leads } = await meetingMinutes(store.read, slug, key);
      const may = readable(actor, row, leads);
      const { id } = found.series;
      return {
        minutes: row && may.minutes ? toMinutes(row) : null,
        decisions: may.decisions
          ? await withObjections(
              store.read,
              await store.read.minutes.decisions(id, found.occurrence.key),
              iso(),
            )
          : [],
        actionItems: may.actionItems
          ? (await store.read.minutes.actionItems(id, found.occurrence.key)).map(toActionItem)
          : [],
      };
    },

    /** Published minutes of a series, newest first, for the Atom feed. */
    async published(slug: string, limit = 50) {
      const rows = await store.read.series.findBySlug(slug);
      if (!rows) throw new NotFoundError('series', slug);
      const minutes = (await store.read.minutes.published(rows.id, limit)).map(toMinutes);
      return Promise.all(
        minutes.map(async (m) => ({
          minutes: m,
          decisions: await withObjections(
            store.read,
            await store.read.minutes.decisions(rows.id, m.occurrence),
            iso(),
          ),
        })),
      );
    },
  };
}

/** The draft's text and its note-taker. */
function minutesEdits(deps: AppDeps) {
  const write = writer(deps);
  return {
    /** Saves the draft (or edits published minutes); a stale version gets the other's text back. */
    async save(
      actor: Actor,
      slug: string,
      key: string,
      version: number,
      input: Record<string, unknown>,
    ): Promise<Minutes> {
      return write(actor, async (step) => {
        const { repos, at } = step;
        const { found, row, leads } = await meetingMinutes(repos, slug, key);
        authorize(actor, 'minutes.write', ofMeeting(row, leads));
        const values = validateMinutesInput(input);
        mustHaveBegun(found, row, at);
        const text = {
          body: values.body,
          attendee_count: values.attendeeCount,
          attendee_names: values.attendeeNames,
        };
        if (!row) {
          if (version !== 0) throw new ConflictError(null);
          await repos.minutes.insert({ ...draftRow(found.series.id, found.occurrence.key, at), ...text });
        } else {
          await checkVersion(toMinutes(row), version, () =>
            repos.minutes.update(row.id, version, { ...text, updated_at: at }),
          );
        }
        // A correction of published minutes is its own entry, so the page can say it was edited.
        const edit = row?.status === 'published' ? 'minutes.edit' : 'minutes.save';
        return recorded(step, found, edit, found.occurrence.key);
      });
    },

    /**
     * Names a member to write this meeting's notes and action items (an empty e-mail clears it).
     * Publishing and decisions stay with the maintainers.
     */
    async setNoteTaker(actor: Actor, slug: string, key: string, email: unknown): Promise<Minutes> {
      authorizeAttempt(actor, 'minutes.nameNoteTaker');
      return write(actor, async (step) => {
        const { repos, at } = step;
        const { found, row: stored, leads } = await meetingMinutes(repos, slug, key);
        authorize(actor, 'minutes.nameNoteTaker', { groupLeads: leads });
        const user = await noteTakerOf(repos, email);
        let row = stored;
        if (!row) {
          await repos.minutes.insert(draftRow(found.series.id, found.occurrence.key, at));
          row = (await meetingMinutes(repos, slug, key)).row;
        }
        await repos.minutes.setNoteTaker((row as NonNullable<typeof row>).id, user?.id ?? null);
        return recorded(step, found, 'minutes.noteTaker', `${found.occurrence.key}: ${user?.name ?? '-'}`);
      });
    },
  };
}

/**
 * Publishes: the overview of current projects is frozen as it is now, and topics accepted
 * but not discussed go on to the next meeting.
 */
function publisher(deps: AppDeps) {
  const write = writer(deps);
  return async (actor: Actor, slug: string, key: string, version: number): Promise<Minutes> => {
    authorizeAttempt(actor, 'minutes.publish');
    return write(actor, async (step) => {
      const { repos, at } = step;
      const { found, row, leads } = await meetingMinutes(repos, slug, key);
      authorize(actor, 'minutes.publish', { groupLeads: leads });
      if (!row) throw new NotFoundError('minutes', key);
      mustHaveBegun(found, row, at);
      if (row.version !== version) throw new ConflictError(toMinutes(row));
      if (row.status === 'published') throw new RuleError('error.minutesPublished');
      const decisions = await repos.minutes.decisions(found.series.id, found.occurrence.key);
      await applyFinalDecisions(repos, decisions, found, at);
      // Before topics go on to the next meeting: the pages of those brought here hear of it too.
      await announceMeetingProposals(repos, found.series.id, found.occurrence.key);
      const overview = await currentOverview(repos);
      const work = await workInProgress(repos);
      await checkVersion(toMinutes(row), version, () =>
        repos.minutes.update(row.id, version, {
          status: 'published',
          published_at: at,
          overview: JSON.stringify(overview),
          overview_work: JSON.stringify(work),
          updated_at: at,
        }),
      );
      const instant = Temporal.Instant.from(at);
      await carryOverTopics(repos, found, found.occurrence.key, instant, at);
      // Readers can object only once they can read the decision, so its window opens now.
      for (const d of decisions) {
        if (d.state === 'proposed' && d.objection_deadline === null) await openObjectionWindow(repos, d, at);
        if (d.state === 'final') await emitDecision(repos, 'decision.final', d, at);
      }
      const path = `meetings/${found.series.slug}/${found.occurrence.key}`;
      const data = {
        series: found.series.slug,
        title: found.series.title,
        date: found.occurrence.key,
        decisions: decisions.length,
      };
      await emit(repos, at, { type: 'minutes.published', path, data });
      await notifyMeeting(repos, at, actor, {
        kind: 'minutes.published',
        subjectId: row.id,
        series: found.series,
        date: found.occurrence.key,
        data: {},
      });
      return recorded(step, found, 'minutes.publish', found.occurrence.key);
    });
  };
}
