import { ConflictError, type FieldProblem, ValidationError } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { hasControlCharacters, hasLoneSurrogate } from '../domain/text.js';
import type { AppDeps } from './context.js';
import { writer } from './write.js';

/** The maintainers' own words above the backlog, per language; null means "use the default text". */
export interface BacklogTexts {
  intro: { en: string | null; de: string | null };
  disclaimer: { en: string | null; de: string | null };
  version: number;
}

const TEXT_KEYS = ['intro.en', 'intro.de', 'disclaimer.en', 'disclaimer.de'] as const;
const BACKLOG_TEXTS = 'backlog.texts';
const MAX_TEXT = 10_000;

/** The setting the backlog texts are kept in (as JSON), for the planning page's import and export. */
export const BACKLOG_TEXTS_KEY = BACKLOG_TEXTS;

/** The stored text of each backlog text, or the problems of those that cannot be stored. */
function storedBacklogTexts(input: Record<string, unknown>): Record<string, string | null> {
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
  return value;
}

/** The maintainers' intro and no-promise note above the backlog. */
export function backlogTextUseCases(deps: AppDeps) {
  const { store } = deps;
  const write = writer(deps);

  async function backlogTexts(): Promise<BacklogTexts> {
    const row = await store.read.settings.get(BACKLOG_TEXTS);
    const stored = row ? (JSON.parse(row.value) as Record<string, string | null>) : {};
    const pick = (key: string) =>
      typeof stored[key] === 'string' && stored[key] !== '' ? stored[key] : null;
    return {
      intro: { en: pick('intro.en'), de: pick('intro.de') },
      disclaimer: { en: pick('disclaimer.en'), de: pick('disclaimer.de') },
      version: row?.version ?? 0,
    };
  }

  return {
    backlogTexts,

    /** Maintainers edit the intro and the no-promise note; an empty field falls back to the default. */
    async setBacklogTexts(
      actor: Actor,
      version: number,
      input: Record<string, unknown>,
    ): Promise<BacklogTexts> {
      authorize(actor, 'backlog.editTexts');
      const value = storedBacklogTexts(input);
      await write(actor, async ({ repos, at, audit }) => {
        if (!(await repos.settings.put(BACKLOG_TEXTS, JSON.stringify(value), version, at))) {
          throw new ConflictError(null);
        }
        await audit('settings.backlogTexts', { type: 'settings', id: BACKLOG_TEXTS }, 'texts edited');
      });
      return backlogTexts();
    },
  };
}
