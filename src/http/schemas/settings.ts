import { Type } from 'typebox';
import { RoleSchema } from './accounts.js';

/** The inputs of the hub's settings: the admin's switches and the maintainers' backlog texts. */

const Registration = Type.Union([Type.Literal('open'), Type.Literal('invite')], {
  description: 'open: anyone may register; invite: only with an invitation link',
  'x-message': 'error.unknownRegistrationMode',
});
const Nominations = Type.Union([Type.Literal('maintainers'), Type.Literal('members')], {
  description: 'who may nominate an idea for the next meeting’s agenda',
});
const RemoteImages = Type.Boolean({ description: 'whether Markdown shows images from other sites' });
const PasswordSignIn = Type.Boolean({
  description: 'whether people may sign in and register with a password; false: through the providers only',
});

const HoldFirstPosts = Type.Integer({
  minimum: 0,
  maximum: 100,
  description: 'how many first posts (comments, idea proposals) of a member wait for review; 0: none',
  'x-message': 'error.heldPosts',
});

const HubName = Type.String({
  maxLength: 200,
  description: 'the hub’s name in page headers and titles (one line, at most 60 characters); empty: “Plenum”',
  'x-message': 'error.hubName',
});

/** The admin page's settings, all of them, with one version for all. */
export const SettingsSchema = Type.Object({
  registration: Registration,
  nominations: Nominations,
  remoteImages: RemoteImages,
  passwordSignIn: PasswordSignIn,
  holdFirstPosts: HoldFirstPosts,
  hubName: HubName,
  version: Type.Integer({ minimum: 0 }),
});

export const SettingsChange = Type.Object(
  {
    registration: Type.Optional(Registration),
    nominations: Type.Optional(Nominations),
    remoteImages: Type.Optional(RemoteImages),
    passwordSignIn: Type.Optional(PasswordSignIn),
    holdFirstPosts: Type.Optional(HoldFirstPosts),
    hubName: Type.Optional(HubName),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    examples: [{ registration: 'invite', remoteImages: false }],
  },
);

/** The maintainers' texts above the backlog, per language; empty or null means the default text. */
const MAX_TEXT = 10_000;
const Text = Type.Union([Type.String({ maxLength: MAX_TEXT * 2 }), Type.Null()]);
const Languages = Type.Object({ en: Text, de: Text }, { additionalProperties: false });

export const BacklogTextsSchema = Type.Object({
  intro: Type.Object({
    en: Type.Union([Type.String(), Type.Null()]),
    de: Type.Union([Type.String(), Type.Null()]),
  }),
  disclaimer: Type.Object({
    en: Type.Union([Type.String(), Type.Null()]),
    de: Type.Union([Type.String(), Type.Null()]),
  }),
  version: Type.Integer({ minimum: 0 }),
});

export const BacklogTextsChange = Type.Object(
  { intro: Languages, disclaimer: Languages },
  {
    additionalProperties: false,
    examples: [{ intro: { en: 'What we might build.', de: null }, disclaimer: { en: null, de: null } }],
  },
);

/** An invitation link to register, with the role the new account gets. */
export const InvitationRequest = Type.Object(
  {
    role: RoleSchema,
  },
  { additionalProperties: false, examples: [{ role: 'member' }] },
);
