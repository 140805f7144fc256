import { type FieldProblem, NotFoundError } from '../domain/errors.js';
import { authorizeUser } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { newId } from '../store/ids.js';
import { type ApiToken, type ApiTokenRow, toApiToken } from '../store/tokens.repository.js';

export type { ApiToken };

import { fail } from './account-input.js';
import { type AccountKit, cursorPage } from './account-kit.js';
import { hashSecret, newSecret } from './tokens.js';

/** The longest life a token may be given, in days. */
export const TOKEN_MAX_DAYS = 365;

function tokenName(value: unknown): string {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 100) : 'API token';
}

/** Days until a token expires: none, or a whole number of days up to a year. */
function lifetime(value: unknown, problems: FieldProblem[]): number | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= TOKEN_MAX_DAYS)
    return value;
  problems.push({ field: 'expiresInDays', key: 'error.badTokenDays', params: { max: TOKEN_MAX_DAYS } });
  return null;
}

/** Personal API tokens: made, listed and revoked by their owner alone. */
export function apiTokenUseCases(kit: AccountKit) {
  const { store, write } = kit;
  return {
    /** Creates a personal API token and returns it once; only its hash is kept. */
    async createApiToken(
      actor: Actor,
      nameInput: unknown,
      expiresInDays?: unknown,
    ): Promise<ApiToken & { token: string }> {
      authorizeUser(actor, 'tokens.manage');
      const problems: FieldProblem[] = [];
      const days = lifetime(expiresInDays, problems);
      fail(problems);
      const name = tokenName(nameInput);
      const token = newSecret('plm_');
      return write(actor, async ({ repos, at, audit }) => {
        const row: ApiTokenRow = {
          id: newId(),
          user_id: actor.userId,
          name,
          token_hash: hashSecret(token),
          created_at: at,
          last_used_at: null,
          revoked_at: null,
          expires_at: days === null ? null : new Date(Date.parse(at) + days * 86_400_000).toISOString(),
        };
        await repos.tokens.insert(row);
        await audit('token.create', { type: 'api_token', id: row.id }, name);
        return { ...toApiToken(row), token };
      });
    },

    async listApiTokens(actor: Actor): Promise<ApiToken[]> {
      authorizeUser(actor, 'tokens.manage');
      return (await store.read.tokens.listForUser(actor.userId)).map(toApiToken);
    },

    /** A page of one's live tokens, newest first; `cursor` is the last id of the page before. */
    async apiTokenPage(
      actor: Actor,
      options: { cursor?: string | undefined; limit: number },
    ): Promise<{ items: ApiToken[]; nextCursor: string | null }> {
      authorizeUser(actor, 'tokens.manage');
      const rows = await store.read.tokens.pageForUser(
        actor.userId,
        options.cursor ?? null,
        options.limit + 1,
      );
      return cursorPage(rows, options.limit, toApiToken);
    },

    /** Someone else's token is answered as one that does not exist. */
    async revokeApiToken(actor: Actor, tokenId: string): Promise<void> {
      authorizeUser(actor, 'tokens.manage');
      await write(actor, async ({ repos, at, audit }) => {
        if (!(await repos.tokens.revoke(tokenId, actor.userId, at)))
          throw new NotFoundError('api_token', tokenId);
        await audit('token.revoke', { type: 'api_token', id: tokenId }, 'revoked');
      });
    },
  };
}
