import { Type } from 'typebox';
import { PASSWORD_MAX_LENGTH } from '../../app/passwords.js';

/**
 * Deleting an account, from the profile's danger zone, the admin's list of users and the API:
 * the owner proves it with the current password (or, without one, by typing the address); an
 * admin may type the address as a confirmation.
 */
export const AccountDeletion = Type.Object(
  {
    currentPassword: Type.Optional(Type.String({ maxLength: PASSWORD_MAX_LENGTH + 1 })),
    confirmEmail: Type.Optional(
      Type.String({ maxLength: 320, description: 'the account’s address, typed again' }),
    ),
    removeTexts: Type.Optional(
      Type.Boolean({
        description:
          'replace the descriptions of ideas and topics the person wrote alone with a note that they were removed at the author’s request; titles stay',
      }),
    ),
  },
  {
    additionalProperties: false,
    examples: [{ currentPassword: 'a long passphrase', removeTexts: true }],
  },
);

/** An export as the API describes it: the sections the download has, each a list of records. */
export const OwnDataSchema = Type.Object(
  {
    format: Type.Literal('plenum-own-data/1'),
    exportedAt: Type.String({ format: 'date-time' }),
    account: Type.Object({}, { additionalProperties: true }),
  },
  {
    additionalProperties: true,
    description:
      'The account, and lists of its identities, sessions (no ids), API tokens (names and dates, no secrets), ideas, idea history, topics, decisions, objections, action items assigned by name, minutes taken or attended, invitation subscriptions of its address and audit entries.',
  },
);
