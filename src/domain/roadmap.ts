import type { IdeaStatus } from './idea-status.js';

/** When an idea on the roadmap is expected: now, next or later (set by maintainers). */
export const HORIZONS = ['now', 'next', 'later'] as const;
export type Horizon = (typeof HORIZONS)[number];

export function isHorizon(value: unknown): value is Horizon {
  return typeof value === 'string' && (HORIZONS as readonly string[]).includes(value);
}

/** Until a maintainer sets one: work in progress is now, the rest of the roadmap next. */
export function defaultHorizon(status: IdeaStatus): Horizon {
  return status === 'in_progress' ? 'now' : 'next';
}

export interface Progress {
  done: number;
  total: number;
}

export function progressOf(items: readonly { done: boolean }[]): Progress {
  return { done: items.filter((i) => i.done).length, total: items.length };
}
