import type { AppDeps } from './context.js';
import { actionItemUseCases } from './minutes/action-items.js';
import { decisionUseCases } from './minutes/decisions.js';
import { objectionUseCases } from './minutes/objections.js';
import { minutesRecordUseCases } from './minutes/record.js';
import { meetingStartUseCases } from './minutes/start.js';

export { FINALIZE_DECISION } from './minutes/decisions.js';

/**
 * The record of a meeting (meetings are not recorded, so this is the record): its notes
 * (minutes/record.ts), decisions (minutes/decisions.ts) and the objections to them
 * (minutes/objections.ts), and action items (minutes/action-items.ts).
 */
export function minutesUseCases(deps: AppDeps) {
  return {
    ...minutesRecordUseCases(deps),
    ...decisionUseCases(deps),
    ...objectionUseCases(deps),
    ...actionItemUseCases(deps),
    ...meetingStartUseCases(deps),
  };
}

export type MinutesUseCases = ReturnType<typeof minutesUseCases>;
