import { type FieldProblem, ValidationError } from './errors.js';
import { type IdeaStatus, MAX_REASON_LENGTH } from './idea-status.js';
import { foldForSearch, hasControlCharacters, hasLoneSurrogate, textField } from './text.js';
import { normalizeWebUrl } from './web-url.js';

export { isWebUrl } from './web-url.js';

export interface IdeaLink {
  label: string;
  url: string;
}

export interface Idea {
  id: string;
  slug: string;
  title: string;
  description: string;
  status: IdeaStatus;
  statusReason: string | null;
  tags: string[];
  links: IdeaLink[];
  proposerId: string | null;
  proposerName: string | null;
  /** The proposer deleted their account: shown as by a former member. */
  proposerLeft?: boolean;
  /** The description was removed at its author's request. */
  textRemoved?: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** The group it belongs to (its id), or null. */
  groupId: string | null;
  /**
   * A new member's proposal waiting for a maintainer's review (or turned down in it): only its
   * proposer and maintainers open it. Absent once published.
   */
  held?: { since: string; rejectedReason: string | null };
}

/** What a person types when proposing or editing an idea. */
export interface IdeaDraft {
  title: string;
  description: string;
  tags: string[];
  links: IdeaLink[];
}

export const IDEA_LIMITS = {
  title: 200,
  description: 20_000,
  tags: 10,
  tag: 40,
  links: 20,
  linkLabel: 200,
  url: 2048,
} as const;

/** Accepts loosely shaped input (form or JSON) and returns a clean draft, or throws every problem at once. */
export function validateIdeaDraft(input: {
  title?: unknown;
  description?: unknown;
  tags?: unknown;
  links?: unknown;
}): IdeaDraft {
  const problems: FieldProblem[] = [];
  const title = cleanLine(input.title, 'title', IDEA_LIMITS.title, problems, true);
  const description = cleanText(input.description, 'description', IDEA_LIMITS.description, problems);
  const tags = cleanTags(input.tags, problems);
  const links = cleanLinks(input.links, problems);
  if (problems.length > 0) throw new ValidationError(problems);
  return { title, description, tags, links };
}

function cleanLine(
  value: unknown,
  field: string,
  max: number,
  problems: FieldProblem[],
  required: boolean,
): string {
  if (value === undefined || value === null) value = '';
  if (typeof value !== 'string') {
    problems.push({ field, key: 'error.notText' });
    return '';
  }
  const text = value.replace(/\s+/gu, ' ').trim();
  if (required && text === '') problems.push({ field, key: 'error.required' });
  else if ([...text].length > max) problems.push({ field, key: 'error.tooLong', params: { max } });
  else if (hasControlCharacters(text) || hasLoneSurrogate(text))
    problems.push({ field, key: 'error.badCharacters' });
  return text;
}

function cleanText(value: unknown, field: string, max: number, problems: FieldProblem[]): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') {
    problems.push({ field, key: 'error.notText' });
    return '';
  }
  const text = value.replace(/\r\n?/gu, '\n').trim();
  if ([...text].length > max) problems.push({ field, key: 'error.tooLong', params: { max } });
  else if (hasControlCharacters(text) || hasLoneSurrogate(text))
    problems.push({ field, key: 'error.badCharacters' });
  return text;
}

/** Tags arrive as a list or as one comma-separated string (a form field). */
function cleanTags(value: unknown, problems: FieldProblem[]): string[] {
  if (value === undefined || value === null || value === '') return [];
  const raw = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(raw) || raw.some((t) => typeof t !== 'string')) {
    problems.push({ field: 'tags', key: 'error.notTextList' });
    return [];
  }
  const typed = new Set(
    (raw as string[])
      .map((t) => t.normalize('NFC').replace(/\s+/gu, ' ').trim().toLowerCase())
      .filter(Boolean),
  );
  // Counted before each is checked: a list of thousands is one problem, not thousands.
  if (typed.size > IDEA_LIMITS.tags) {
    problems.push({ field: 'tags', key: 'error.tooMany', params: { max: IDEA_LIMITS.tags } });
    return [];
  }
  const tags: string[] = [];
  for (const tag of typed) {
    if ([...tag].length > IDEA_LIMITS.tag || !/^[\p{L}\p{N}][\p{L}\p{N} ._+#-]*$/u.test(tag)) {
      problems.push({
        field: 'tags',
        key: 'error.badTag',
        params: { tag: tag.slice(0, 50), max: IDEA_LIMITS.tag },
      });
      continue;
    }
    tags.push(tag);
  }
  return tags;
}

function cleanLinks(value: unknown, problems: FieldProblem[]): IdeaLink[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push({ field: 'links', key: 'error.notLinkList' });
    return [];
  }
  // Counted before each is checked: a list of thousands is one problem, not thousands.
  if (value.length > IDEA_LIMITS.links) {
    problems.push({ field: 'links', key: 'error.tooMany', params: { max: IDEA_LIMITS.links } });
    return [];
  }
  const links: IdeaLink[] = [];
  value.forEach((item: unknown, i) => {
    const field = `links[${i}]`;
    if (typeof item !== 'object' || item === null) {
      problems.push({ field, key: 'error.notLinkList' });
      return;
    }
    const { label, url } = item as { label?: unknown; url?: unknown };
    const before = problems.length;
    const cleanUrl = cleanLine(url, `${field}.url`, IDEA_LIMITS.url, problems, true);
    const cleanLabel = cleanLine(label, `${field}.label`, IDEA_LIMITS.linkLabel, problems, false);
    if (problems.length > before) return;
    // Stored as the URL standard spells it, which is what browsers open and exports write.
    const normalized = normalizeWebUrl(cleanUrl);
    if (normalized === null) {
      problems.push({ field: `${field}.url`, key: 'error.badUrl', params: { url: cleanUrl.slice(0, 100) } });
      return;
    }
    if (normalized.length > IDEA_LIMITS.url) {
      problems.push({ field: `${field}.url`, key: 'error.tooLong', params: { max: IDEA_LIMITS.url } });
      return;
    }
    links.push({ label: cleanLabel === '' ? new URL(normalized).host : cleanLabel, url: normalized });
  });
  return links;
}

/** The folded text the word search looks in. */
export function ideaSearchText(draft: Pick<IdeaDraft, 'title' | 'description'>): string {
  return foldForSearch(`${draft.title}\n${draft.description}`);
}

/** Why a maintainer turned a held proposal down: its proposer reads it. */
export function validateRejection(reason: unknown): string {
  const problems: FieldProblem[] = [];
  const text = textField(reason, 'reason', MAX_REASON_LENGTH, problems, { required: true });
  if (problems.length > 0) throw new ValidationError(problems);
  return text;
}
