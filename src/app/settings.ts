import { ConflictError, type FieldProblem, ValidationError } from '../domain/errors.js';
import type { PageLink } from '../domain/planning-page.js';
import { authorize } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { hasControlCharacters, hasLoneSurrogate } from '../domain/text.js';
import type { Repositories } from '../store/store.js';
import { backlogTextUseCases } from './backlog-texts.js';
import type { AppDeps } from './context.js';
import { boardLinkOf } from './planning-board-link.js';
import { StampedCache } from './stamped-cache.js';
import { newSecret } from './tokens.js';
import { type Writer, writer } from './write.js';

export type RegistrationMode = 'open' | 'invite';
/** Who may nominate an idea for the next meeting's agenda. */
export type NominationMode = 'maintainers' | 'members';

const REGISTRATION = 'registration';
const NOMINATIONS = 'agenda.nominations';
const REMOTE_IMAGES = 'markdown.remoteImages';
const PASSWORD_SIGN_IN = 'signIn.password';
const HOLD_FIRST_POSTS = 'moderation.holdFirstPosts';
const HUB_NAME = 'hub.name';
/** The planning board the planning page links to, as its import stored it (JSON: label, url). */
export const PLANNING_BOARD = 'planning.board';
/** The longest name of the hub: it stands in every page's header and title. */
export const MAX_HUB_NAME = 60;
const COOKIE_SECRET = 'secret.cookies';
/** The most first posts an admin may have held for review. */
export const MAX_HELD_POSTS = 100;

/** Settings that hold JSON documents, read and written inside the caller's transaction. */
export async function readSettingJson<T>(
  repos: Repositories,
  key: string,
): Promise<{ value: T | null; version: number }> {
  const row = await repos.settings.get(key);
  return { value: row ? (JSON.parse(row.value) as T) : null, version: row?.version ?? 0 };
}

export async function writeSettingJson(
  repos: Repositories,
  key: string,
  value: unknown,
  version: number,
  at: string,
): Promise<void> {
  if (!(await repos.settings.put(key, JSON.stringify(value), version, at))) throw new ConflictError(null);
}

/** Maintainers nominate unless an admin opened it to every member. */
export async function nominationMode(repos: Repositories): Promise<NominationMode> {
  return (await repos.settings.get(NOMINATIONS))?.value === 'members' ? 'members' : 'maintainers';
}

// A form's ticked box sends 'on' and an unticked one nothing; the API sends a boolean.
const onOff = (v: unknown) => (v === true || v === 'on' ? 'on' : v === false || v === '' ? 'off' : null);

/**
 * Whether the admin turned password sign-in off. Reset links still work for admins then, so the
 * operator's `plenum users reset-link` stays a way back in.
 */
export async function passwordSignInOff(repos: Repositories): Promise<boolean> {
  return (await repos.settings.get(PASSWORD_SIGN_IN))?.value === 'off';
}

/**
 * How many first posts (comments and idea proposals) of a member wait for a maintainer's review
 * before they are shown to others; 0, the default, holds none.
 */
export async function holdFirstPosts(repos: Repositories): Promise<number> {
  return postsToHold((await repos.settings.get(HOLD_FIRST_POSTS))?.value);
}

const postsToHold = (stored: string | undefined) => Math.max(0, Number.parseInt(stored ?? '0', 10) || 0);

// A form sends the number as text, the API as a number: a whole number from 0 to MAX_HELD_POSTS.
const heldPosts = (v: unknown) => {
  const n = typeof v === 'string' && /^\s*\d{1,3}\s*$/u.test(v) ? Number(v) : v;
  return Number.isInteger(n) && (n as number) >= 0 && (n as number) <= MAX_HELD_POSTS ? String(n) : null;
};

// One line of at most MAX_HUB_NAME characters; empty means the default name.
const hubName = (v: unknown) => {
  if (typeof v !== 'string') return null;
  const name = v.replace(/\s+/gu, ' ').trim();
  const bad = [...name].length > MAX_HUB_NAME || hasControlCharacters(name) || hasLoneSurrogate(name);
  return bad ? null : name;
};

/** The admin's settings, each with its stored key, its audit action and how a value is stored. */
const HUB_SETTINGS = {
  registration: {
    key: REGISTRATION,
    action: 'settings.registration',
    message: 'error.unknownRegistrationMode',
    stored: (v: unknown) => (v === 'open' || v === 'invite' ? v : null),
  },
  nominations: {
    key: NOMINATIONS,
    action: 'settings.nominations',
    message: 'error.badValue',
    stored: (v: unknown) => (v === 'maintainers' || v === 'members' ? v : null),
  },
  remoteImages: {
    key: REMOTE_IMAGES,
    action: 'settings.remoteImages',
    message: 'error.badValue',
    stored: onOff,
  },
  passwordSignIn: {
    key: PASSWORD_SIGN_IN,
    action: 'settings.passwordSignIn',
    message: 'error.badValue',
    stored: onOff,
  },
  holdFirstPosts: {
    key: HOLD_FIRST_POSTS,
    action: 'settings.holdFirstPosts',
    message: 'error.heldPosts',
    stored: heldPosts,
  },
  hubName: {
    key: HUB_NAME,
    action: 'settings.hubName',
    message: 'error.hubName',
    stored: hubName,
  },
} as const;

/** What an admin changes; absent fields stay as they are. */
export type SettingsChange = { [K in keyof typeof HUB_SETTINGS]?: unknown };

/** The admin's settings, and one version that grows with every change of any of them. */
export interface HubSettings {
  registration: RegistrationMode;
  nominations: NominationMode;
  remoteImages: boolean;
  /** Off: people sign in through the providers only (and admins with a reset link). */
  passwordSignIn: boolean;
  /** How many first posts of a member are held for review; 0: none. */
  holdFirstPosts: number;
  /** The hub's own name in headers and titles; '' for the default. */
  hubName: string;
  version: number;
}

async function readHubSettings(repos: Repositories): Promise<HubSettings> {
  const rows = await Promise.all(
    [REGISTRATION, NOMINATIONS, REMOTE_IMAGES, PASSWORD_SIGN_IN, HOLD_FIRST_POSTS, HUB_NAME].map((key) =>
      repos.settings.get(key),
    ),
  );
  const [registration, nominations, images, password, hold, name] = rows;
  return {
    registration: registration?.value === 'invite' ? 'invite' : 'open',
    nominations: nominations?.value === 'members' ? 'members' : 'maintainers',
    remoteImages: images?.value === 'on',
    passwordSignIn: password?.value !== 'off',
    holdFirstPosts: postsToHold(hold?.value),
    hubName: name?.value ?? '',
    version: rows.reduce((sum, row) => sum + (row?.version ?? 0), 0),
  };
}

/** What the hub is set up with beyond its database: the providers people may sign in through. */
export interface SignInSetup {
  providers: number;
}

/**
 * Password sign-in goes off only where another way in exists, and the admin turning it off
 * has taken that way already: else the click would lock them out.
 */
async function checkPasswordOff(repos: Repositories, actor: Actor, setup: SignInSetup): Promise<void> {
  if (setup.providers === 0) {
    throw new ValidationError([{ field: 'passwordSignIn', key: 'error.passwordOffNeedsProvider' }]);
  }
  const linked = actor.kind === 'user' ? await repos.identities.listOfUser(actor.userId) : [];
  if (linked.length === 0) {
    throw new ValidationError([{ field: 'passwordSignIn', key: 'error.passwordOffNeedsIdentity' }]);
  }
}

/** The stored text of each changed setting, or the problems of those that cannot be stored. */
function storedChanges(change: SettingsChange): [keyof typeof HUB_SETTINGS, string][] {
  const problems: FieldProblem[] = [];
  const out: [keyof typeof HUB_SETTINGS, string][] = [];
  for (const name of Object.keys(HUB_SETTINGS) as (keyof typeof HUB_SETTINGS)[]) {
    if (change[name] === undefined) continue;
    const setting = HUB_SETTINGS[name];
    const value = setting.stored(change[name]);
    if (value === null) problems.push({ field: name, key: setting.message });
    else out.push([name, value]);
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return out;
}

/** The secret that signs CSRF tokens, read once per process. */
function cookieSecretUseCases(deps: AppDeps) {
  const { store, now } = deps;
  // The secret never changes once stored, so one read per process is enough.
  let secret: Promise<string> | null = null;

  async function loadCookieSecret(): Promise<string> {
    const existing = await store.read.settings.get(COOKIE_SECRET);
    if (existing) return existing.value;
    await store.read.settings.insertIfMissing(COOKIE_SECRET, newSecret(), now().toISOString());
    const row = await store.read.settings.get(COOKIE_SECRET);
    if (!row) throw new Error('cookie secret could not be stored');
    return row.value;
  }

  return {
    /**
     * The secret that signs CSRF tokens. Generated once and kept in the database, so every
     * instance on a shared database agrees and restarts do not void open forms.
     */
    cookieSecret(): Promise<string> {
      secret ??= loadCookieSecret().catch((err: unknown) => {
        secret = null;
        throw err;
      });
      return secret;
    },

    loadCookieSecret,
  };
}

/** Changes the settings named in `change` at once, in one transaction, each with its audit entry. */
async function changeHubSettings(
  write: Writer,
  actor: Actor,
  version: number | null,
  change: SettingsChange,
  setup: SignInSetup,
) {
  authorize(actor, 'settings.edit');
  const changes = storedChanges(change);
  return write(actor, async ({ repos, at, audit }) => {
    const current = await readHubSettings(repos);
    if (version !== null && version !== current.version) throw new ConflictError(current);
    if (changes.some(([name, value]) => name === 'passwordSignIn' && value === 'off')) {
      await checkPasswordOff(repos, actor, setup);
    }
    for (const [name, value] of changes) {
      const { key, action } = HUB_SETTINGS[name];
      const row = await repos.settings.get(key);
      if (!(await repos.settings.put(key, value, row?.version ?? 0, at))) throw new ConflictError(current);
      await audit(action, { type: 'settings', id: key }, value);
    }
    return readHubSettings(repos);
  });
}

/** The admin's settings: registration, nominations, remote images and password sign-in. */
function hubSettingsUseCases(deps: AppDeps) {
  const { store } = deps;
  const write = writer(deps);
  const changeSettings = (
    actor: Actor,
    version: number | null,
    change: SettingsChange,
    setup: SignInSetup = { providers: 0 },
  ) => changeHubSettings(write, actor, version, change, setup);

  return {
    async registrationMode(): Promise<RegistrationMode> {
      const row = await store.read.settings.get(REGISTRATION);
      return row?.value === 'invite' ? 'invite' : 'open';
    },

    async setRegistrationMode(actor: Actor, mode: unknown): Promise<void> {
      await changeSettings(actor, null, { registration: mode });
    },

    async nominationMode(): Promise<NominationMode> {
      return nominationMode(store.read);
    },

    async setNominationMode(actor: Actor, mode: unknown): Promise<void> {
      await changeSettings(actor, null, { nominations: mode });
    },

    /** How many first posts of a member wait for review; 0 unless an admin set more. */
    holdFirstPosts: () => holdFirstPosts(store.read),

    /** The number of first posts to hold, as a form or the API sends it. */
    async setHoldFirstPosts(actor: Actor, value: unknown): Promise<void> {
      await changeSettings(actor, null, { holdFirstPosts: value });
    },

    /** Whether Markdown shows images from other sites; off unless an admin turned it on. */
    async remoteImages(): Promise<boolean> {
      return (await store.read.settings.get(REMOTE_IMAGES))?.value === 'on';
    },

    /** `'on'` shows images from other sites; `''` or absent (an unticked box) does not. */
    async setRemoteImages(actor: Actor, value: unknown): Promise<void> {
      await changeSettings(actor, null, { remoteImages: value ?? '' });
    },

    /** Whether people may sign in with a password; on unless an admin turned it off. */
    async passwordSignIn(): Promise<boolean> {
      return !(await passwordSignInOff(store.read));
    },

    /** `'on'` lets people sign in with a password; `''` or absent (an unticked box) turns it off. */
    async setPasswordSignIn(actor: Actor, value: unknown, setup: SignInSetup): Promise<void> {
      await changeSettings(actor, null, { passwordSignIn: value ?? '' }, setup);
    },

    /** The admin's settings at once, with one version for all of them. */
    hubSettings(actor: Actor): Promise<HubSettings> {
      authorize(actor, 'settings.edit');
      return readHubSettings(store.read);
    },

    /**
     * Changes any of the admin's settings in one step. `version` is the one `hubSettings` gave
     * (null: whatever is stored now, as the admin page's one-setting forms do).
     */
    updateSettings(
      actor: Actor,
      version: number,
      change: SettingsChange,
      setup: SignInSetup,
    ): Promise<HubSettings> {
      return changeSettings(actor, version, change, setup);
    },
  };
}

/**
 * What every page is drawn with: whether images of other sites show, the hub's name ('' for the
 * default) and the planning board its planning page links to (null: none imported).
 */
export interface PageSettings {
  remoteImages: boolean;
  hubName: string;
  planningBoard: PageLink | null;
}

/**
 * What every page is drawn with, kept for one stamp of the change markers: a settings write
 * bumps its marker, so the next page on any instance reads them afresh, and until then no page
 * reads them at all.
 */
function pageSettingsUseCases(deps: AppDeps) {
  const { store } = deps;
  const write = writer(deps);
  const cache = new StampedCache<PageSettings>(1, () => 1);
  const read = async (): Promise<PageSettings> => {
    const [images, name, board] = await Promise.all([
      store.read.settings.get(REMOTE_IMAGES),
      store.read.settings.get(HUB_NAME),
      store.read.settings.get(PLANNING_BOARD),
    ]);
    return {
      remoteImages: images?.value === 'on',
      hubName: name?.value ?? '',
      planningBoard: boardLinkOf(board?.value),
    };
  };
  return {
    /** `stamp` is the change markers' stamp the caller read first (app.changes.stamp), if it has one. */
    async pageSettings(stamp?: string): Promise<PageSettings> {
      return cache.get(stamp ?? (await deps.stamp()), 'page', read);
    },

    /** The hub's own name, as an admin types it; empty brings back the default. */
    async setHubName(actor: Actor, value: unknown): Promise<void> {
      await changeHubSettings(write, actor, null, { hubName: value ?? '' }, { providers: 0 });
    },
  };
}

export function settingsUseCases(deps: AppDeps) {
  return {
    ...cookieSecretUseCases(deps),
    ...hubSettingsUseCases(deps),
    ...pageSettingsUseCases(deps),
    ...backlogTextUseCases(deps),
  };
}

export type SettingsUseCases = ReturnType<typeof settingsUseCases>;
