import { describe, expect, it } from 'vitest';
import { ForbiddenError } from './errors.js';
import {
  type Action,
  authorize,
  authorizeAttempt,
  authorizeUser,
  can,
  ideaSubject,
  levelOf,
  POLICY,
} from './policy.js';
import { type Actor, anonymous } from './roles.js';

const user = (role: 'member' | 'maintainer' | 'admin', userId = `${role}-1`): Actor => ({
  kind: 'user',
  userId,
  role,
  name: role,
});
const member = user('member');
const maintainer = user('maintainer');
const admin = user('admin');

function refusal(run: () => void): 'allowed' | 'sign in' | 'forbidden' {
  try {
    run();
    return 'allowed';
  } catch (err) {
    if (!(err instanceof ForbiddenError)) throw err;
    return err.needsSignIn ? 'sign in' : 'forbidden';
  }
}

describe('the policy table', () => {
  const actions = Object.keys(POLICY) as Action[];

  it('lets each role do exactly what its level allows, admins everything a maintainer may', () => {
    for (const action of actions) {
      const level = levelOf(action);
      if (action === 'setup.firstAdmin') continue;
      expect(can(anonymous, action), action).toBe(level === 'anyone');
      expect(can(member, action), action).toBe(level === 'anyone' || level === 'member');
      expect(can(maintainer, action), action).toBe(level !== 'admin');
      expect(can(admin, action), action).toBe(true);
    }
  });

  it('lets the command line do everything', () => {
    for (const action of actions) if (action !== 'setup.firstAdmin') expect(can('system', action)).toBe(true);
  });

  it('asks a visitor to sign in and tells a member they may not', () => {
    expect(refusal(() => authorize(anonymous, 'board.edit'))).toBe('sign in');
    expect(refusal(() => authorize(member, 'board.edit'))).toBe('forbidden');
    expect(refusal(() => authorize(maintainer, 'settings.edit'))).toBe('forbidden');
    expect(refusal(() => authorize(admin, 'settings.edit'))).toBe('allowed');
    expect(refusal(() => authorizeUser(anonymous, 'topic.propose'))).toBe('sign in');
  });
});

describe('rules that look at the subject', () => {
  it('lets a proposer edit their idea until it is triaged', () => {
    const own = ideaSubject({
      proposerId: member.kind === 'user' ? member.userId : null,
      status: 'proposed',
    });
    expect(can(member, 'idea.edit', own)).toBe(true);
    expect(can(member, 'idea.edit', { ...own, ideaStatus: 'backlog' })).toBe(false);
    expect(can(user('member', 'someone-else'), 'idea.edit', own)).toBe(false);
    expect(can(anonymous, 'idea.edit', own)).toBe(false);
  });

  it('lets a proposer withdraw or re-propose their own topic, and nothing else', () => {
    const mine = { proposerId: 'member-1' };
    expect(can(member, 'topic.setStatus', { ...mine, topicStatus: 'withdrawn' })).toBe(true);
    expect(can(member, 'topic.setStatus', { ...mine, topicStatus: 'proposed' })).toBe(true);
    expect(can(member, 'topic.setStatus', { ...mine, topicStatus: 'accepted' })).toBe(false);
    expect(can(member, 'topic.setStatus', { proposerId: 'other', topicStatus: 'withdrawn' })).toBe(false);
    expect(can(maintainer, 'topic.setStatus', { proposerId: 'other', topicStatus: 'accepted' })).toBe(true);
  });

  it('lets the named note-taker write notes and action items, but not publish or decide', () => {
    const meeting = { noteTakerId: 'member-1' };
    expect(can(member, 'minutes.write', meeting)).toBe(true);
    expect(can(member, 'action.write', meeting)).toBe(true);
    expect(can(member, 'minutes.readDraft', meeting)).toBe(true);
    expect(can(member, 'minutes.publish', meeting)).toBe(false);
    expect(can(member, 'decision.record', meeting)).toBe(false);
    expect(can(user('member', 'other'), 'minutes.write', meeting)).toBe(false);
  });

  it('lets members nominate ideas when an admin allows it, never board cards', () => {
    expect(can(member, 'idea.nominate', { membersNominate: false })).toBe(false);
    expect(can(member, 'idea.nominate', { membersNominate: true })).toBe(true);
    expect(can(member, 'item.nominate', { membersNominate: true })).toBe(false);
    expect(can(anonymous, 'idea.nominate', { membersNominate: true })).toBe(false);
  });

  it('refuses the first-run setup to everyone once an admin exists, without asking to sign in', () => {
    expect(can(anonymous, 'setup.firstAdmin', { adminExists: false })).toBe(true);
    expect(refusal(() => authorize(anonymous, 'setup.firstAdmin', { adminExists: true }))).toBe('forbidden');
    expect(refusal(() => authorize('system', 'setup.firstAdmin', { adminExists: true }))).toBe('forbidden');
  });
});

describe('the check before the subject is loaded', () => {
  it('refuses only those no subject could allow', () => {
    expect(refusal(() => authorizeAttempt(anonymous, 'topic.setStatus'))).toBe('sign in');
    expect(refusal(() => authorizeAttempt(member, 'topic.setStatus'))).toBe('allowed');
    // A member may lead the board's group, which only the loaded board tells.
    expect(refusal(() => authorizeAttempt(member, 'board.edit'))).toBe('allowed');
    expect(refusal(() => authorizeAttempt(member, 'group.manage'))).toBe('forbidden');
    expect(refusal(() => authorizeAttempt(maintainer, 'board.edit'))).toBe('allowed');
  });
});
