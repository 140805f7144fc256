import { createHash } from 'node:crypto';
import type { AppDeps } from './context.js';

/** How long a form's token is remembered: far longer than any double click or resent POST. */
export const FORM_TOKEN_DAYS = 1;

/** What became of an earlier submission with the same token. */
export type EarlierSubmission =
  | { state: 'none' }
  | { state: 'pending' }
  | { state: 'done'; location: string | null };

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * One-time tokens of forms that create something: the first submission claims its token and,
 * once answered, records where it sent the browser; a later one with the same token learns that
 * instead of creating again. Stored in the database, so every instance on it agrees.
 */
export function formTokensUseCases({ store, now }: AppDeps) {
  return {
    /** Claims `token` for this submission (`none`: go ahead), or says what the earlier one did. */
    async claim(token: string): Promise<EarlierSubmission> {
      const at = now();
      const hash = hashOf(token);
      await store.read.formTokens.deleteOlderThan(
        new Date(at.getTime() - FORM_TOKEN_DAYS * 86_400_000).toISOString(),
      );
      if (await store.read.formTokens.claim(hash, at.toISOString())) return { state: 'none' };
      const row = await store.read.formTokens.find(hash);
      // Gone again: the earlier submission was refused and gave its token back.
      if (!row)
        return (await store.read.formTokens.claim(hash, at.toISOString()))
          ? { state: 'none' }
          : { state: 'pending' };
      return row.state === 'done' ? { state: 'done', location: row.location } : { state: 'pending' };
    },

    /** The submission succeeded: later ones with this token go to `location` (or are told so). */
    async complete(token: string, location: string | null): Promise<void> {
      await store.read.formTokens.complete(hashOf(token), location);
    },

    /** The submission was refused: the form may be corrected and sent again with its token. */
    async release(token: string): Promise<void> {
      await store.read.formTokens.release(hashOf(token));
    },
  };
}

export type FormTokensUseCases = ReturnType<typeof formTokensUseCases>;
