import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import { ValidationError } from './errors.js';

/**
 * Order on the board by fractional keys: moving a card writes that card alone, so moves of
 * different cards never collide. Keys compare as bytes (JavaScript's `<` on these ASCII keys
 * does the same); two cards may share a key after simultaneous inserts, so the id breaks ties.
 */

export interface Keyed {
  id: string;
  positionKey: string;
}

export function compareKeyed(a: Keyed, b: Keyed): number {
  if (a.positionKey !== b.positionKey) return a.positionKey < b.positionKey ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function inKeyOrder<T extends Keyed>(list: readonly T[]): T[] {
  return [...list].sort(compareKeyed);
}

/** Where a card goes in a column: after or before another card, at an index, or at the end. */
export interface Placement {
  after?: string | null | undefined;
  before?: string | null | undefined;
  position?: number | null | undefined;
}

/**
 * The key for a card placed among `siblings` (in key order, without the card itself). Unknown
 * neighbours and bad positions are the caller's mistake: a ValidationError, nothing written.
 */
export function keyForPlacement(siblings: readonly Keyed[], placement: Placement): string {
  let index = siblings.length;
  if (placement.after) {
    const i = siblings.findIndex((s) => s.id === placement.after);
    if (i < 0) throw new ValidationError([{ field: 'after', key: 'error.boardNeighbour' }]);
    index = i + 1;
  } else if (placement.before) {
    const i = siblings.findIndex((s) => s.id === placement.before);
    if (i < 0) throw new ValidationError([{ field: 'before', key: 'error.boardNeighbour' }]);
    index = i;
  } else if (placement.position !== undefined && placement.position !== null) {
    const p = placement.position;
    if (!Number.isSafeInteger(p) || p < 0)
      throw new ValidationError([{ field: 'position', key: 'error.boardPosition' }]);
    index = Math.min(p, siblings.length);
  }
  return keyAt(siblings, index);
}

/** A key that sorts right before `siblings[index]` and after `siblings[index - 1]`. */
export function keyAt(siblings: readonly Keyed[], index: number): string {
  const lower = siblings[index - 1]?.positionKey ?? null;
  let upper = siblings[index]?.positionKey ?? null;
  if (lower !== null && upper !== null && lower >= upper) {
    // Tied keys (simultaneous inserts): go past the tie, which still keeps the card after its
    // lower neighbour.
    upper = siblings.slice(index).find((s) => s.positionKey > lower)?.positionKey ?? null;
  }
  return generateKeyBetween(lower, upper);
}

/** Keys for `n` new cards after the last of `siblings`, in one go (an import). */
export function keysAtEnd(siblings: readonly Keyed[], n: number): string[] {
  const last = siblings[siblings.length - 1]?.positionKey ?? null;
  return generateNKeysBetween(last, null, n);
}
