import { ForbiddenError } from './errors.js';
import { type Actor, isAdmin, isMaintainer } from './roles.js';

/**
 * Who may do what: the one table every permission decision in the hub goes through. The app
 * layer asks it before each use-case runs (`authorize`), the pages ask it which buttons to show
 * (`can`), and the authorization-matrix test derives what each role must get from it.
 *
 * Each action names the least role that may always do it; a few also let someone else do it
 * because of the subject at hand (their own topic, the meeting they take notes for, an admin
 * setting). Everyone may read what is public; reading is not in this table except where it
 * depends on who asks (drafts, the triage queue, other people's accounts).
 */

/** The least role an action needs. `anyone` includes visitors who are not signed in. */
export type Level = 'anyone' | 'member' | 'maintainer' | 'admin';

/** What an action is about, as far as the rules below look at it. */
export interface Subject {
  /** The user who proposed it (a topic, an idea). */
  proposerId?: string | null;
  /** The idea's status, for a proposer's own edits. */
  ideaStatus?: string;
  /** The member named note-taker of the meeting. */
  noteTakerId?: string | null;
  /** Admin setting: every member may nominate ideas. */
  membersNominate?: boolean;
  /** The topic status a proposer asks for (they may only withdraw or re-propose their own). */
  topicStatus?: string;
  /** First run: an admin exists already. */
  adminExists?: boolean;
  /** Who wrote a comment. */
  authorId?: string | null;
  /** A comment's author is someone other than the one asking. */
  someoneElses?: boolean;
  /**
   * The leads of the group the subject belongs to (user ids); empty or absent for a subject of
   * no group. The app layer fills it in (src/app/group-access.ts).
   */
  groupLeads?: readonly string[];
}

/** An idea as the subject of `idea.edit`: its proposer may edit it until it is triaged. */
export function ideaSubject(
  idea: { proposerId: string | null; status: string },
  groupLeads: readonly string[] = [],
): Subject {
  return { proposerId: idea.proposerId, ideaStatus: idea.status, groupLeads };
}

/** A comment as the subject of its author's actions and of reading what is hidden in it. */
export function commentSubject(comment: { authorId: string | null }, actor: Acting): Subject {
  const own = actor !== 'system' && actor.kind === 'user' && actor.userId === comment.authorId;
  return { authorId: comment.authorId, someoneElses: !own && actor !== 'system' };
}

interface Rule {
  level: Level;
  /** Also allowed when this holds for a signed-in actor who lacks the level. */
  or?: (userId: string, subject: Subject) => boolean;
  /** Refused to everyone, whatever their role, when this holds. */
  unless?: (subject: Subject) => boolean;
}

const ownProposal = (userId: string, s: Subject) => s.proposerId === userId && s.ideaStatus === 'proposed';
const ownIdea = (userId: string, s: Subject) => s.proposerId === userId;
const ownTopic = (userId: string, s: Subject) =>
  s.proposerId === userId && (s.topicStatus === 'withdrawn' || s.topicStatus === 'proposed');
const noteTaker = (userId: string, s: Subject) => s.noteTakerId === userId;
const ownComment = (userId: string, s: Subject) => s.authorId === userId;
const someoneElses = (s: Subject) => s.someoneElses === true;
const membersNominate = (_userId: string, s: Subject) => s.membersNominate === true;
/** A group's leads do what maintainers do, for what belongs to their group only. */
const groupLead = (userId: string, s: Subject) => s.groupLeads?.includes(userId) === true;
const ownProposalOrGroupLead = (userId: string, s: Subject) => ownProposal(userId, s) || groupLead(userId, s);
const ownTopicOrGroupLead = (userId: string, s: Subject) => ownTopic(userId, s) || groupLead(userId, s);
const noteTakerOrGroupLead = (userId: string, s: Subject) => noteTaker(userId, s) || groupLead(userId, s);

export const POLICY = {
  // The idea backlog.
  'idea.propose': { level: 'member' },
  /** Propose straight into the backlog, past triage. */
  'idea.proposeTriaged': { level: 'maintainer' },
  'idea.edit': { level: 'maintainer', or: ownProposalOrGroupLead },
  'idea.changeStatus': { level: 'maintainer', or: groupLead },
  'idea.triage': { level: 'maintainer' },
  /** Open a new member's proposal held for review (or turned down in it): its proposer and maintainers. */
  'idea.readHeld': { level: 'maintainer', or: ownIdea },
  'idea.nominate': { level: 'maintainer', or: membersNominate },
  'backlog.editTexts': { level: 'maintainer' },
  /** Say "I want this too" on an idea, and take it back. */
  'idea.interest': { level: 'member' },
  /** See who is interested in an idea; everyone else sees how many. */
  'interest.readNames': { level: 'maintainer' },
  /** Follow ideas, meeting series, boards and groups, and list one's own follows. */
  'follow.manage': { level: 'member' },
  /** Read one's own inbox, mark it read, choose what reaches one by mail. */
  'notification.manage': { level: 'member' },
  /**
   * Find members by handle or name (the suggestions of `@…` in a comment). Members only: who is
   * on the hub is for those who write to them; a visitor reaches a profile only through a link.
   */
  'people.search': { level: 'member' },
  'page.import': { level: 'maintainer' },

  // Comments on ideas, topics and decisions: only their author edits or deletes one.
  'comment.write': { level: 'member' },
  'comment.edit': { level: 'member', unless: someoneElses },
  'comment.delete': { level: 'member', unless: someoneElses },
  'comment.hide': { level: 'maintainer' },
  'comment.report': { level: 'member' },
  /** A hidden comment's text and reason, and the earlier texts of an edited one. */
  'comment.readHidden': { level: 'maintainer', or: ownComment },
  /** Approve or reject the posts held for review (an admin holds a new member's first posts). */
  'post.review': { level: 'maintainer' },

  // Enhancement proposals: anyone reads them; maintainers write them down and move their state.
  'proposal.create': { level: 'maintainer' },
  'proposal.edit': { level: 'maintainer' },
  'proposal.changeState': { level: 'maintainer' },
  /** Bring a proposal to the next meeting: a member's topic waits for a maintainer, as any does. */
  'proposal.nominate': { level: 'member' },
  /** …and put it there accepted, as a nominated idea is. */
  'proposal.nominateAccepted': { level: 'maintainer', or: membersNominate },

  // Meetings.
  'series.edit': { level: 'maintainer', or: groupLead },
  'occurrence.change': { level: 'maintainer', or: groupLead },
  /** Start a meeting before its time: its run sheet opens and its record can be written. */
  'meeting.start': { level: 'maintainer', or: groupLead },

  // Agendas.
  'topic.propose': { level: 'member' },
  /** A maintainer's topic is accepted as it is proposed. */
  'topic.proposeAccepted': { level: 'maintainer', or: groupLead },
  'topic.setStatus': { level: 'maintainer', or: ownTopicOrGroupLead },
  'topic.arrange': { level: 'maintainer', or: groupLead },
  /** Send the agenda to followers and subscribers before the 24-hour reminder would. */
  'agenda.markReady': { level: 'maintainer', or: groupLead },

  // Minutes.
  'minutes.readDraft': { level: 'maintainer', or: noteTakerOrGroupLead },
  'minutes.write': { level: 'maintainer', or: noteTakerOrGroupLead },
  'minutes.publish': { level: 'maintainer', or: groupLead },
  'minutes.nameNoteTaker': { level: 'maintainer', or: groupLead },
  'decision.record': { level: 'maintainer', or: groupLead },
  'decision.readDraft': { level: 'maintainer', or: groupLead },
  'decision.object': { level: 'member' },
  'action.write': { level: 'maintainer', or: noteTakerOrGroupLead },
  'action.setDone': { level: 'maintainer', or: groupLead },

  // The planning board and roadmap.
  'board.edit': { level: 'maintainer', or: groupLead },
  'item.nominate': { level: 'maintainer' },
  'roadmap.edit': { level: 'maintainer' },
  'github.import': { level: 'maintainer' },

  // Groups: admins make them and name their leads; a group's leads add and remove its members.
  'group.manage': { level: 'admin' },
  'group.members': { level: 'admin', or: groupLead },
  /**
   * Put an idea, series or board into a group or take it out: maintainers anywhere; a lead only
   * into a group they lead, from none or from a group they lead (the app names those leads).
   * Taking it out of every group is the maintainers' alone: a lead who did would lose it.
   */
  'group.assign': { level: 'maintainer', or: groupLead },

  // Administration.
  'settings.edit': { level: 'admin' },
  'users.read': { level: 'admin' },
  'users.create': { level: 'admin' },
  'users.changeRole': { level: 'admin' },
  /** Disable or enable an account (never one's own; the last admin stays). */
  'users.disable': { level: 'admin' },
  'invitationLink.create': { level: 'admin' },
  /** Mail a password reset link to an account, or show one to copy. */
  'users.resetPassword': { level: 'admin' },
  /** Download everything the hub holds about an account. */
  'users.export': { level: 'admin' },
  /** Delete an account (the last admin stays); what it proposed stays, as by a former member. */
  'users.delete': { level: 'admin' },
  /** Register webhook endpoints, read their delivery logs, redeliver. */
  'webhooks.manage': { level: 'admin' },
  'setup.firstAdmin': { level: 'anyone', unless: (s) => s.adminExists === true },

  // One's own account.
  'account.edit': { level: 'member' },
  /** Download everything the hub holds about oneself. */
  'account.export': { level: 'member' },
  /** Delete one's own account, with the current password (or the typed address without one). */
  'account.delete': { level: 'member' },
  'tokens.manage': { level: 'member' },
  /** See one's own sessions and end them. */
  'sessions.manage': { level: 'member' },
  /** Ask for a reset link, and set a new password with one: the link from the mail is the proof. */
  'password.reset': { level: 'anyone' },
  /** Confirm an address with the link mailed to it. */
  'email.verify': { level: 'anyone' },
  /** Link a sign-in through another site (OpenID Connect, GitHub) to one's account. */
  'identity.link': { level: 'member' },
  /** Take one off again; the last way to sign in stays (see src/app/identities.ts). */
  'identity.unlink': { level: 'member' },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof POLICY;

/** The command line acts as the operator, who may do everything. */
export type Acting = Actor | 'system';

function meets(actor: Actor, level: Level): boolean {
  switch (level) {
    case 'anyone':
      return true;
    case 'member':
      return actor.kind === 'user';
    case 'maintainer':
      return isMaintainer(actor);
    case 'admin':
      return isAdmin(actor);
  }
}

/** Whether `actor` may do `action` to `subject`. */
export function can(actor: Acting, action: Action, subject: Subject = {}): boolean {
  const rule: Rule = POLICY[action];
  if (rule.unless?.(subject)) return false;
  if (actor === 'system') return true;
  if (meets(actor, rule.level)) return true;
  return actor.kind === 'user' && rule.or !== undefined && rule.or(actor.userId, subject);
}

/**
 * Throws unless `actor` may do `action`: "sign in" (401) to a visitor who might be allowed once
 * signed in, "forbidden" (403) to everyone else, with `reason` (a message key) where the caller
 * knows why.
 */
export function authorize(
  actor: Acting,
  action: Action,
  subject: Subject = {},
  reason?: ConstructorParameters<typeof ForbiddenError>[1],
): void {
  if (can(actor, action, subject)) return;
  const level: Level = POLICY[action].level;
  const signIn = actor !== 'system' && actor.kind === 'anonymous' && level !== 'anyone';
  throw new ForbiddenError(signIn, signIn ? undefined : reason);
}

export type SignedIn = Extract<Actor, { kind: 'user' }>;

/** `authorize` for what only a person can do: afterwards `actor` is known to be signed in. */
export function authorizeUser(
  actor: Actor,
  action: Action,
  subject: Subject = {},
): asserts actor is SignedIn {
  authorize(actor, action, subject);
  if (actor.kind !== 'user') throw new ForbiddenError(true);
}

/**
 * The check before the subject is loaded: refuses at once whoever could not be allowed whatever
 * the subject (a visitor, or a member where no rule looks at the subject), so that they learn
 * "sign in" or "forbidden" rather than whether the thing exists. `authorize` follows with it.
 */
export function authorizeAttempt(actor: Acting, action: Action): void {
  if (actor === 'system' || can(actor, action)) return;
  const rule: Rule = POLICY[action];
  if (actor.kind === 'user' && rule.or !== undefined) return;
  throw new ForbiddenError(actor.kind === 'anonymous' && rule.level !== 'anyone');
}

/** The least role of each action, for the documentation and the authorization matrix. */
export function levelOf(action: Action): Level {
  return POLICY[action].level;
}
