import { describe, expect, it } from 'vitest';
import { can } from './policy.js';
import type { Actor } from './roles.js';

const lead: Actor = { kind: 'user', userId: 'lea', role: 'member', name: 'Lea' };
const maintainer: Actor = { kind: 'user', userId: 'max', role: 'maintainer', name: 'Max' };

describe('a group lead in the policy', () => {
  it('acts as a maintainer on what belongs to their group only', () => {
    for (const action of ['idea.changeStatus', 'decision.record', 'series.edit', 'board.edit'] as const) {
      expect(can(lead, action, { groupLeads: ['lea', 'bo'] }), action).toBe(true);
      expect(can(lead, action, { groupLeads: ['bo'] }), action).toBe(false);
      expect(can(lead, action, {}), action).toBe(false);
      expect(can(maintainer, action, { groupLeads: ['bo'] }), action).toBe(true);
    }
  });

  it('lets a lead add members but leaves groups, leads and hub-wide actions to their roles', () => {
    expect(can(lead, 'group.members', { groupLeads: ['lea'] })).toBe(true);
    expect(can(lead, 'group.manage', { groupLeads: ['lea'] })).toBe(false);
    expect(can(maintainer, 'group.manage')).toBe(false);
    expect(can(lead, 'roadmap.edit', { groupLeads: ['lea'] })).toBe(false);
  });
});
