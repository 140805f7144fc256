import { type Static, Type } from 'typebox';
import { TOKEN_MAX_DAYS } from '../../app/api-tokens.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../app/passwords.js';

/**
 * The inputs of the account use-cases, one schema each, read by the API and the admin's forms.
 * Content rules (names, time zones, the last admin) stay in the use-cases.
 */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const RoleSchema = Type.Union(
  [Type.Literal('admin'), Type.Literal('maintainer'), Type.Literal('member')],
  {
    'x-message': 'error.unknownRole',
  },
);

/** An account as a path names it. */
export const UserParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

/** An account as admins see it; others never get someone's e-mail address. */
export const UserSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  disabled: Type.Boolean(),
  created: Type.String({ format: 'date-time' }),
  version: Type.Integer({ minimum: 1 }),
});

/** An account an admin makes: it may sign in at once with the password given. */
export const NewAccount = Type.Object(
  {
    email: Type.String({ maxLength: 320 }),
    name: Type.String({ maxLength: 200 }),
    role: RoleSchema,
    password: Type.String({ maxLength: PASSWORD_MAX_LENGTH + 1 }),
  },
  {
    additionalProperties: false,
    examples: [{ email: 'ada@example.org', name: 'Ada', role: 'maintainer', password: 'a long passphrase' }],
  },
);
export type NewAccount = Static<typeof NewAccount>;

/** What an admin changes about an account. */
export const UserChange = Type.Object(
  {
    role: Type.Optional(RoleSchema),
    disabled: Type.Optional(
      Type.Boolean({ description: 'a disabled account cannot sign in; its sessions and tokens end' }),
    ),
  },
  { additionalProperties: false, minProperties: 1, examples: [{ disabled: true }, { role: 'maintainer' }] },
);
export type UserChange = Static<typeof UserChange>;

/** The version of the account an admin page form was rendered with. */
const FormVersion = Type.Integer({ minimum: 1, maximum: 2 ** 31, 'x-message': 'error.badVersion' });

/** The admin page's Disable / Enable button: the account's version travels in the form. */
export const UserAccessForm = Type.Object(
  { disabled: Type.Boolean(), version: FormVersion },
  { additionalProperties: false },
);

/** The admin page's role menu of one account. */
export const UserRoleForm = Type.Object(
  { role: RoleSchema, version: FormVersion },
  { additionalProperties: false },
);

/** One's own account. */
export const MeSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  handle: Type.String({ description: 'what @handle in a comment names' }),
  role: RoleSchema,
  locale: Nullable(Type.Union([Type.Literal('en'), Type.Literal('de')])),
  timeZone: Nullable(Type.String()),
  emailVerified: Type.Boolean({
    description:
      'whether the address is shown to be the owner’s: checked by mail, or vouched for by a linked provider',
  }),
  version: Type.Integer({ minimum: 1 }),
});

/** The profile form's fields: an empty locale or time zone means "as the browser says". */
export const ProfileChange = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 400 })),
    handle: Type.Optional(
      Type.String({
        maxLength: 100,
        description:
          'what @handle in a comment names: a-z, 0-9, - and _ inside, at most 39 (every GitHub login fits); unique',
      }),
    ),
    locale: Type.Optional(
      Type.Union([Type.Literal('en'), Type.Literal('de'), Type.Literal(''), Type.Null()], {
        'x-message': 'error.unknownLocale',
      }),
    ),
    timeZone: Type.Optional(
      Nullable(Type.String({ maxLength: 100, description: 'IANA name, e.g. Europe/Berlin' })),
    ),
  },
  { additionalProperties: false, minProperties: 1, examples: [{ locale: 'de', timeZone: 'Europe/Berlin' }] },
);
export type ProfileChange = Static<typeof ProfileChange>;

/** The password form: the current password and the new one. */
export const PasswordChange = Type.Object(
  {
    currentPassword: Type.String({ maxLength: PASSWORD_MAX_LENGTH + 1 }),
    newPassword: Type.String({
      maxLength: PASSWORD_MAX_LENGTH,
      'x-message': 'error.passwordTooShort',
      'x-params': { min: PASSWORD_MIN_LENGTH },
    }),
  },
  { additionalProperties: false },
);

/** A personal API token as its owner sees it: never its secret or hash. */
export const TokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
  expiresAt: Nullable(Type.String({ format: 'date-time' })),
});

export const TokenParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

/** The profile page's token form. */
export const TokenRequest = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 100, description: 'default: "API token"' })),
    expiresInDays: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: TOKEN_MAX_DAYS,
        description: 'without it the token works until revoked',
        'x-message': 'error.badTokenDays',
        'x-params': { max: TOKEN_MAX_DAYS },
      }),
    ),
  },
  { additionalProperties: false, examples: [{ name: 'release script', expiresInDays: 90 }] },
);
