import { ConflictError, type FieldProblem, ValidationError } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { hasControlCharacters, hasLoneSurrogate } from '../domain/text.js';
import type { Repositories } from '../store/store.js';
import { type AppDeps, audit } from './context.js';
import { newSecret } from './tokens.js';

/** The maintainers' own words above the backlog, per language; null means "use the default text". */
export interface BacklogTexts {
  intro: { en: string | null; de: string | null };
  disclaimer: { en: string | null; de: string | null };
  version: number;
}

export type RegistrationMode = 'open' | 'invite';
/** Who may nominate an idea for the next meeting's agenda. */
export type NominationMode = 'maintainers' | 'members';

const TEXT_KEYS = ['intro.en', 'intro.de', 'disclaimer.en', 'disclaimer.de'] as const;
const BACKLOG_TEXTS = 'backlog.texts';
const REGISTRATION = 'registration';
const NOMINATIONS = 'agenda.nominations';
const REMOTE_IMAGES = 'markdown.remoteImages';
const COOKIE_SECRET = 'secret.cookies';
const MAX_TEXT = 10_000;

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

export const BACKLOG_TEXTS_KEY = BACKLOG_TEXTS;

/** Maintainers nominate unless an admin opened it to every member. */
export async function nominationMode(repos: Repositories): Promise<NominationMode> {
  return (await repos.settings.get(NOMINATIONS))?.value === 'members' ? 'members' : 'maintainers';
}

export function settingsUseCases({ store, now }: AppDeps) {
  // The secret never changes once stored, so one read per process is enough.
  let secret: Promise<string> | null = null;
  return {
    /**
     * The secret that signs CSRF tokens. Generated once and kept in the database, so every
     * instance on a shared database agrees and restarts do not void open forms.
     */
    cookieSecret(): Promise<string> {
      secret ??= this.loadCookieSecret().catch((err: unknown) => {
        secret = null;
        throw err;
      });
      return secret;
    },

    async loadCookieSecret(): Promise<string> {
      const existing = await store.read.settings.get(COOKIE_SECRET);
      if (existing) return existing.value;
      await store.read.settings.insertIfMissing(COOKIE_SECRET, newSecret(), now().toISOString());
      const row = await store.read.settings.get(COOKIE_SECRET);
      if (!row) throw new Error('cookie secret could not be stored');
      return row.value;
    },

    async registrationMode(): Promise<RegistrationMode> {
      const row = await store.read.settings.get(REGISTRATION);
      return row?.value === 'invite' ? 'invite' : 'open';
    },

    async setRegistrationMode(actor: Actor, mode: unknown): Promise<void> {
      authorize(actor, 'settings.edit');
      if (mode !== 'open' && mode !== 'invite') {
        throw new ValidationError([{ field: 'registration', key: 'error.unknownRegistrationMode' }]);
      }
      const at = now().toISOString();
      await store.transaction(async (repos) => {
        const row = await repos.settings.get(REGISTRATION);
        if (!(await repos.settings.put(REGISTRATION, mode, row?.version ?? 0, at)))
          throw new ConflictError(null);
        await audit(repos, at, actor, 'settings.registration', { type: 'settings', id: REGISTRATION }, mode);
      });
    },

    async nominationMode(): Promise<NominationMode> {
      return nominationMode(store.read);
    },

    async setNominationMode(actor: Actor, mode: unknown): Promise<void> {
      authorize(actor, 'settings.edit');
      if (mode !== 'maintainers' && mode !== 'members') {
        throw new ValidationError([{ field: 'nominations', key: 'error.badValue' }]);
      }
      const at = now().toISOString();
      await store.transaction(async (repos) => {
        const row = await repos.settings.get(NOMINATIONS);
        if (!(await repos.settings.put(NOMINATIONS, mode, row?.version ?? 0, at)))
          throw new ConflictError(null);
        await audit(repos, at, actor, 'settings.nominations', { type: 'settings', id: NOMINATIONS }, mode);
      });
    },

    /** Whether Markdown shows images from other sites; off unless an admin turned it on. */
    async remoteImages(): Promise<boolean> {
      return (await store.read.settings.get(REMOTE_IMAGES))?.value === 'on';
    },

    /** `'on'` shows images from other sites; `''` or absent (an unticked box) does not. */
    async setRemoteImages(actor: Actor, value: unknown): Promise<void> {
      authorize(actor, 'settings.edit');
      if (value !== 'on' && value !== '' && value !== undefined) {
        throw new ValidationError([{ field: 'remoteImages', key: 'error.badValue' }]);
      }
      const setting = value === 'on' ? 'on' : 'off';
      const at = now().toISOString();
      await store.transaction(async (repos) => {
        const row = await repos.settings.get(REMOTE_IMAGES);
        if (!(await repos.settings.put(REMOTE_IMAGES, setting, row?.version ?? 0, at)))
          throw new ConflictError(null);
        await audit(
          repos,
          at,
          actor,
          'settings.remoteImages',
          { type: 'settings', id: REMOTE_IMAGES },
          setting,
        );
      });
    },

    async backlogTexts(): Promise<BacklogTexts> {
      const row = await store.read.settings.get(BACKLOG_TEXTS);
      const stored = row ? (JSON.parse(row.value) as Record<string, string | null>) : {};
      const pick = (key: string) =>
        typeof stored[key] === 'string' && stored[key] !== '' ? stored[key] : null;
      return {
        intro: { en: pick('intro.en'), de: pick('intro.de') },
        disclaimer: { en: pick('disclaimer.en'), de: pick('disclaimer.de') },
        version: row?.version ?? 0,
      };
    },

    /** Maintainers edit the intro and the no-promise note; an empty field falls back to the default. */
    async setBacklogTexts(
      actor: Actor,
      version: number,
      input: Record<string, unknown>,
    ): Promise<BacklogTexts> {
      authorize(actor, 'backlog.editTexts');
      const problems: FieldProblem[] = [];
      const value: Record<string, string | null> = {};
      for (const key of TEXT_KEYS) {
        const raw = input[key];
        if (raw === undefined || raw === null || raw === '') {
          value[key] = null;
        } else if (typeof raw !== 'string') {
          problems.push({ field: key, key: 'error.notText' });
        } else if ([...raw].length > MAX_TEXT) {
          problems.push({ field: key, key: 'error.tooLong', params: { max: MAX_TEXT } });
        } else if (hasControlCharacters(raw) || hasLoneSurrogate(raw)) {
          problems.push({ field: key, key: 'error.badCharacters' });
        } else {
          const text = raw.replace(/\r\n?/gu, '\n').trim();
          value[key] = text === '' ? null : text;
        }
      }
      if (problems.length > 0) throw new ValidationError(problems);
      const at = now().toISOString();
      await store.transaction(async (repos) => {
        if (!(await repos.settings.put(BACKLOG_TEXTS, JSON.stringify(value), version, at))) {
          throw new ConflictError(null);
        }
        await audit(
          repos,
          at,
          actor,
          'settings.backlogTexts',
          { type: 'settings', id: BACKLOG_TEXTS },
          'texts edited',
        );
      });
      return this.backlogTexts();
    },
  };
}

export type SettingsUseCases = ReturnType<typeof settingsUseCases>;
