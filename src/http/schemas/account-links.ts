import { type Static, Type } from 'typebox';
import { PASSWORD_MAX_LENGTH } from '../../app/passwords.js';

/** The inputs of password resets, address checks and one's sessions, for the API and the forms. */

const Token = Type.String({ minLength: 1, maxLength: 200, 'x-message': 'error.resetLinkInvalid' });

/** "Forgot your password?": the address the link goes to, if it has an account. */
export const ResetRequest = Type.Object(
  { email: Type.String({ maxLength: 320 }) },
  { additionalProperties: false, examples: [{ email: 'ada@example.org' }] },
);
export type ResetRequest = Static<typeof ResetRequest>;

/** A new password, set with the secret of a reset link. */
export const ResetPassword = Type.Object(
  { token: Token, password: Type.String({ maxLength: PASSWORD_MAX_LENGTH + 1 }) },
  {
    additionalProperties: false,
    examples: [{ token: 'the secret from the link', password: 'a long new passphrase' }],
  },
);
export type ResetPassword = Static<typeof ResetPassword>;

/** A link's secret as the path of its page names it. */
export const LinkParams = Type.Object({ token: Type.String({ maxLength: 200 }) });

/** The address check, sent with the secret of its link. */
export const VerifyEmail = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200, 'x-message': 'error.verifyLinkInvalid' }) },
  { additionalProperties: false, examples: [{ token: 'the secret from the link' }] },
);

/** What an admin's reset of someone's password gave: a mail, or a link to hand over. */
export const ResetLinkAnswer = Type.Object({
  mailed: Type.Boolean({ description: 'true when the link went to the account’s address' }),
  link: Type.Union([Type.String(), Type.Null()], {
    description: 'the link, when the hub sends no mail; shown this once',
  }),
});

/** A session as a path names it. */
export const SessionParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const SessionSchema = Type.Object({
  id: Type.String(),
  browser: Type.Union([Type.String(), Type.Null()]),
  system: Type.Union([Type.String(), Type.Null()]),
  created: Type.String({ format: 'date-time' }),
  lastSeen: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  current: Type.Boolean({ description: 'the session this request came with' }),
});

/** A sign-in through another site linked to one's account. */
export const IdentityParams = Type.Object(
  { id: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

export const IdentitySchema = Type.Object({
  id: Type.String(),
  provider: Type.String({ description: '`oidc` or `github`' }),
  email: Type.Union([Type.String(), Type.Null()], { description: 'the address the provider last gave' }),
  login: Type.Union([Type.String(), Type.Null()], { description: 'the login there (GitHub)' }),
  created: Type.String({ format: 'date-time' }),
  lastUsed: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
