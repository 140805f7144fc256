import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import type { FieldProblem } from './errors.js';
import { IDEA_LIMITS } from './idea.js';
import { sameTitleGroups } from './ordering.js';
import { safeMarkdown } from './safe-markdown.js';
import { isWebUrl, markdownUrl, normalizeWebUrl } from './web-url.js';

/**
 * A community's public planning page (mkdocs-material Markdown with `!!! info` / `!!! danger`
 * admonitions) read into what the hub holds: the meeting series, the board link, the texts
 * around the backlog and one idea per list item. Parsed from markdown-it's token stream;
 * regular expressions only look inside one paragraph's text (e.g. for the schedule sentence).
 * Blocks the reader does not understand are kept in place, so an export loses nothing.
 *
 * The Markdown texts it keeps (purpose, notes, intro, other blocks) are stored as
 * `safeMarkdown` writes them, which is also how the export writes them: the hub shows them
 * alike, and importing an exported page gives the same texts again.
 */

export interface PageLink {
  label: string;
  url: string;
}

export interface PageIdea {
  title: string;
  description: string;
  links: PageLink[];
  /** 1-based line of the list item, for reports. */
  line: number;
}

/** Where each part of the page stands, so an export keeps the page's own order. */
export type PageBlock =
  | { kind: 'schedule' }
  /** The paragraph with the board link; `{{url}}` marks where the link target goes. */
  | { kind: 'board'; template: string }
  /** The join paragraph up to the join sentence; `{{url}}` marks the join link. */
  | { kind: 'join'; template: string }
  | { kind: 'attendance' }
  | { kind: 'contribute' }
  | { kind: 'backlog-intro' }
  | { kind: 'backlog-disclaimer' }
  | { kind: 'backlog-list' }
  | { kind: 'text'; markdown: string };

export interface PageSection {
  /** Heading text; null for the part before the first second-level heading. */
  heading: string | null;
  role: 'top' | 'backlog' | 'other';
  blocks: PageBlock[];
}

export type WeekRuleName = 'odd' | 'even' | 'every' | 'interval';

/** What the page says about the meeting; anything it does not say stays undefined. */
export interface PageSchedule {
  weekRule?: WeekRuleName;
  interval?: number;
  weekday?: number;
  startTime?: string;
  durationMinutes?: number;
  timeZone?: string;
  platform?: string;
}

export interface ParsedPage {
  title: string;
  schedule: PageSchedule;
  purpose: string;
  joinUrl: string | null;
  invitationInfo: string;
  recorded: boolean | null;
  languages: string;
  contributeNote: string;
  board: PageLink | null;
  backlog: { intro: string; disclaimer: string; ideas: PageIdea[] };
  layout: PageSection[];
}

export const MAX_PAGE_BYTES = 1024 * 1024;
/**
 * More ideas than any planning page lists (the reference page has nine); a page beyond it is
 * refused as a whole before anything is compared or stored.
 */
export const MAX_PAGE_IDEAS = 20_000;

const md = new MarkdownIt({ html: false, linkify: false });
/**
 * The same reader with every link target let through, to find the links `md` refuses as
 * CommonMark reads them: escaped brackets (`\[x\](javascript:…)`, text in an exported title)
 * are no link, a reference definition is.
 */
const anyLink = new MarkdownIt({ html: false, linkify: false });
anyLink.validateLink = () => true;

const WEEKDAYS: Record<string, number> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
  montag: 1,
  dienstag: 2,
  mittwoch: 3,
  donnerstag: 4,
  freitag: 5,
  samstag: 6,
  sonntag: 7,
};

const JOIN_HOSTS =
  /(^|\.)(teams\.microsoft\.com|teams\.live\.com|zoom\.us|meet\.google\.com|meet\.jit\.si|whereby\.com|webex\.com|bbb\.|bigbluebutton)/iu;

/** Plain text of an inline token: text, code and link labels, emphasis markers dropped. */
function inlineText(token: Token): string {
  return (token.children ?? [])
    .map((c) =>
      c.type === 'text' || c.type === 'code_inline'
        ? c.content
        : c.type === 'softbreak' || c.type === 'hardbreak'
          ? ' '
          : '',
    )
    .join('')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** A link of the page: `url` as the hub stores it, `href` as the page spells it. */
interface FoundLink extends PageLink {
  href: string;
}

/**
 * Links of inline tokens, with the text between link_open and link_close as label; web URLs
 * in the form the URL standard spells them, which is how the hub stores them.
 */
function inlineLinks(children: readonly Token[]): FoundLink[] {
  const links: FoundLink[] = [];
  let current: FoundLink | null = null;
  for (const c of children) {
    if (c.type === 'link_open') {
      const href = c.attrGet('href') ?? '';
      current = { label: '', url: normalizeWebUrl(href) ?? href, href };
    } else if (c.type === 'link_close' && current) {
      current.label = current.label.trim();
      links.push(current);
      current = null;
    } else if (current && (c.type === 'text' || c.type === 'code_inline')) current.label += c.content;
  }
  return links;
}

/**
 * Links as written, including targets markdown-it refuses to turn into links
 * (`javascript:` and the like): those must be reported, not silently lost.
 */
function writtenLinks(inline: string): PageLink[] {
  const children = anyLink.parseInline(inline, {})[0]?.children ?? [];
  return inlineLinks(children).map(({ label, href }) => ({ label, url: href }));
}

/**
 * A paragraph as safeMarkdown writes it, with `{{url}}` where the link to `href` stood, so an
 * export can put the hub's current link there.
 */
function linkTemplate(markdown: string, href: string): string {
  const written = markdownUrl(href);
  const safe = safeMarkdown(markdown);
  return written === null ? safe : safe.replace(`](${written})`, () => ']({{url}})');
}

function sourceLines(lines: string[], map: [number, number] | null): string {
  return map ? lines.slice(map[0], map[1]).join('\n').trimEnd() : '';
}

function firstSentenceEnd(text: string): number {
  const m = /[.!?](\s+|$)/u.exec(text);
  return m ? m.index + 1 : text.length;
}

/** The schedule sentence, in English or German: "biweekly on odd calendar weeks from 14:00 to 14:30 on Microsoft Teams". */
export function readSchedule(sentence: string): PageSchedule {
  const s = sentence.replace(/\*\*|__|\*|_(?=\w)|(?<=\w)_/gu, '');
  const lower = s.toLowerCase();
  const found: PageSchedule = {};
  if (
    /\b(odd|ungerade[nr]?)\b/u.test(lower) &&
    /(calendar weeks|iso weeks|kalenderwochen|\bkw\b)/u.test(lower)
  )
    found.weekRule = 'odd';
  else if (
    /\b(even|gerade[nr]?)\b/u.test(lower) &&
    /(calendar weeks|iso weeks|kalenderwochen|\bkw\b)/u.test(lower)
  )
    found.weekRule = 'even';
  else {
    const n = /\bevery (\d{1,2}) weeks\b|\balle (\d{1,2}) wochen\b/u.exec(lower);
    if (n) {
      found.weekRule = 'interval';
      found.interval = Number(n[1] ?? n[2]);
    } else if (/\b(every week|weekly|wöchentlich|jede woche)\b/u.test(lower)) found.weekRule = 'every';
  }
  for (const [name, day] of Object.entries(WEEKDAYS)) {
    if (new RegExp(`\\b${name}s?\\b`, 'u').test(lower)) {
      found.weekday = day;
      break;
    }
  }
  const times =
    /\b(?:from|von)\s+(\d{1,2}):(\d{2})\s+(?:to|until|bis|-|–)\s+(\d{1,2}):(\d{2})/u.exec(lower) ??
    /\b(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\b/u.exec(lower);
  if (times) {
    const [h1, m1, h2, m2] = [times[1], times[2], times[3], times[4]].map(Number) as [
      number,
      number,
      number,
      number,
    ];
    if (h1 < 24 && m1 < 60 && h2 < 24 && m2 < 60) {
      found.startTime = `${String(h1).padStart(2, '0')}:${String(m1).padStart(2, '0')}`;
      found.durationMinutes = (((h2 * 60 + m2 - (h1 * 60 + m1)) % 1440) + 1440) % 1440 || 1440;
    }
  }
  const zone = /\(([A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+|UTC)\)/u.exec(s);
  if (zone?.[1]) found.timeZone = zone[1];
  const platform = /\b(?:on|via|auf|über)\s+([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)\s*(?:statt)?\.?\s*$/u.exec(
    s.replace(/\([^)]*\)/gu, '').trim(),
  );
  const platformName = platform?.[1]?.replace(/\.+$/u, '');
  if (platformName && !/^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?$/u.test(platformName))
    found.platform = platformName;
  return found;
}

function looksLikeSchedule(text: string): boolean {
  const t = text.toLowerCase();
  return /\d{1,2}:\d{2}/u.test(t) && /(week|woche|biweekly|wöchentlich)/u.test(t);
}

function admonitionKind(token: Token | undefined): string | null {
  if (token?.type !== 'inline') return null;
  const m = /^!!!\s+([a-z-]+)(?:\s+"[^"]*")?\s*$/u.exec(token.content.trim());
  return m?.[1] ?? null;
}

/** Markdown of an admonition body: the indented block under `!!! kind`, dedented. */
function admonitionBody(token: Token): string {
  return token.content
    .split('\n')
    .map((l) => l.replace(/^ {0,4}/u, ''))
    .join('\n')
    .trim();
}

/** Splits "Title (a very long remark …)" into title and description when it is longer than a title may be. */
function splitLongTitle(text: string): { title: string; description: string } {
  if ([...text].length <= IDEA_LIMITS.title) return { title: text, description: '' };
  const open = text.lastIndexOf(' (');
  if (open > 0 && [...text.slice(0, open)].length <= IDEA_LIMITS.title) {
    return { title: text.slice(0, open).trim(), description: text.slice(open + 1).trim() };
  }
  const cut = [...text]
    .slice(0, IDEA_LIMITS.title - 1)
    .join('')
    .replace(/\s+\S*$/u, '');
  return { title: `${cut}…`, description: text };
}

export interface PageReport {
  page: ParsedPage | null;
  problems: FieldProblem[];
}

/** Reads a page; every problem is reported with its line, and a page with problems yields no result. */
export function parsePlanningPage(source: string): PageReport {
  const problems: FieldProblem[] = [];
  if (Buffer.byteLength(source, 'utf8') > MAX_PAGE_BYTES) {
    return { page: null, problems: [{ field: 'page', key: 'error.pageTooLarge', params: { max: '1 MB' } }] };
  }
  const lines = source.replace(/\r\n?/gu, '\n').split('\n');
  const tokens = md.parse(lines.join('\n'), {});
  const page: ParsedPage = {
    title: '',
    schedule: {},
    purpose: '',
    joinUrl: null,
    invitationInfo: '',
    recorded: null,
    languages: '',
    contributeNote: '',
    board: null,
    backlog: { intro: '', disclaimer: '', ideas: [] },
    layout: [{ heading: null, role: 'top', blocks: [] }],
  };
  let section = page.layout[0] as PageSection;
  let sawList = false;
  // Flags rather than searches through the blocks so far: a page of many paragraphs or
  // headings is read in one pass.
  let sawBacklog = false;
  let sawSchedule = false;
  let sawIntro = false;
  const introParts: string[] = [];

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const inline = tokens[i + 1];
    if (token.type === 'heading_open') {
      const text = inline ? inlineText(inline) : '';
      if (token.tag === 'h1' && !page.title) page.title = text;
      else {
        const role = /backlog/iu.test(text) && !sawBacklog ? 'backlog' : 'other';
        if (role === 'backlog') sawBacklog = true;
        section = { heading: text, role, blocks: [] };
        page.layout.push(section);
      }
      i += 2;
      continue;
    }
    const kind = token.type === 'paragraph_open' ? admonitionKind(inline) : null;
    if (kind) {
      const body = tokens[i + 3];
      const bodyText = body?.type === 'code_block' ? admonitionBody(body) : '';
      if (section.role === 'top' && kind === 'info' && !page.contributeNote && bodyText) {
        page.contributeNote = safeMarkdown(bodyText, { nested: true });
        section.blocks.push({ kind: 'contribute' });
      } else if (
        section.role === 'backlog' &&
        (kind === 'danger' || kind === 'warning') &&
        !page.backlog.disclaimer &&
        bodyText
      ) {
        page.backlog.disclaimer = safeMarkdown(bodyText, { nested: true });
        section.blocks.push({ kind: 'backlog-disclaimer' });
      } else {
        const end = body?.type === 'code_block' ? body.map : token.map;
        section.blocks.push({
          kind: 'text',
          markdown: safeMarkdown(sourceLines(lines, token.map && end ? [token.map[0], end[1]] : token.map)),
        });
      }
      i += body?.type === 'code_block' ? 3 : 2;
      continue;
    }
    if (token.type === 'paragraph_open' && inline) {
      const markdown = sourceLines(lines, token.map);
      const text = inlineText(inline);
      const links = inlineLinks(inline.children ?? []);
      if (section.role === 'top' && !sawSchedule && looksLikeSchedule(text)) {
        sawSchedule = true;
        const end = firstSentenceEnd(markdown);
        Object.assign(page.schedule, readSchedule(markdown.slice(0, end)));
        page.purpose = safeMarkdown(markdown.slice(end));
        section.blocks.push({ kind: 'schedule' });
      } else if (
        section.role === 'top' &&
        !page.board &&
        links.some((l) => /board|project/iu.test(l.label) || /\/projects?\//u.test(l.url))
      ) {
        const link = links.find(
          (l) => /board|project/iu.test(l.label) || /\/projects?\//u.test(l.url),
        ) as FoundLink;
        page.board = { label: link.label, url: link.url };
        section.blocks.push({
          kind: 'board',
          template: linkTemplate(markdown, link.href),
        });
      } else if (
        section.role === 'top' &&
        !page.joinUrl &&
        links.some((l) => safeHost(l.url, JOIN_HOSTS) || /\bjoin\b|teilnehm/iu.test(text))
      ) {
        const link = links.find((l) => safeHost(l.url, JOIN_HOSTS)) ?? (links[0] as FoundLink);
        page.joinUrl = link.url;
        const end =
          firstSentenceEnd(markdown.slice(markdown.indexOf(link.href) + link.href.length)) +
          markdown.indexOf(link.href) +
          link.href.length;
        page.invitationInfo = safeMarkdown(markdown.slice(end));
        section.blocks.push({
          kind: 'join',
          template: linkTemplate(markdown.slice(0, end), link.href),
        });
      } else if (
        section.role === 'top' &&
        page.recorded === null &&
        /\brecorded\b|aufgezeichnet/iu.test(text)
      ) {
        page.recorded = !/\bnot\b[^.]*\brecorded\b|nicht[^.]*aufgezeichnet/iu.test(text);
        const held =
          /\bheld\s+(?:either\s+)?in\s+([^.]+)\.?/iu.exec(text) ??
          /\b(?:auf|in)\s+((?:Englisch|Deutsch)[^.]*)\.?/u.exec(text);
        page.languages = (held?.[1] ?? '').trim();
        section.blocks.push({ kind: 'attendance' });
      } else if (section.role === 'backlog' && !sawList) {
        introParts.push(markdown);
        if (!sawIntro) section.blocks.push({ kind: 'backlog-intro' });
        sawIntro = true;
      } else {
        section.blocks.push({ kind: 'text', markdown: safeMarkdown(markdown) });
      }
      i += 2;
      continue;
    }
    if (
      (token.type === 'bullet_list_open' || token.type === 'ordered_list_open') &&
      section.role === 'backlog' &&
      !sawList
    ) {
      sawList = true;
      section.blocks.push({ kind: 'backlog-list' });
      const close = token.type === 'bullet_list_open' ? 'bullet_list_close' : 'ordered_list_close';
      let depth = 0;
      for (i += 1; i < tokens.length; i++) {
        const t = tokens[i] as Token;
        if (t.type === token.type) depth += 1;
        if (t.type === close) {
          if (depth === 0) break;
          depth -= 1;
        }
        if (t.type === 'list_item_open' && depth === 0) {
          // The item's first line of text; an empty item has none (and takes none from the next).
          let itemInline: Token | undefined;
          for (let j = i + 1; j < tokens.length; j++) {
            const x = tokens[j] as Token;
            if (x.type === 'inline') itemInline = x;
            if (itemInline || (x.type === 'list_item_close' && x.level === t.level)) break;
          }
          if (!itemInline) continue;
          const line = (t.map?.[0] ?? 0) + 1;
          const text = inlineText(itemInline);
          const links = inlineLinks(itemInline.children ?? []);
          // The idea is read from the item's first paragraph, and so are its links.
          for (const written of writtenLinks(itemInline.content)) {
            if (!isWebUrl(written.url)) {
              problems.push({
                field: `line ${line}`,
                key: 'error.pageBrokenLink',
                params: { line, url: written.url.slice(0, 100), label: written.label.slice(0, 100) },
              });
            }
          }
          if (text === '') continue;
          const { title, description } = splitLongTitle(text);
          page.backlog.ideas.push({
            title,
            description,
            links: links.filter((l) => isWebUrl(l.url)).map((l) => ({ label: l.label, url: l.url })),
            line,
          });
        }
      }
      continue;
    }
    if (token.map && token.level === 0 && !token.type.endsWith('_close')) {
      // Anything else at the top level (code, tables, quotes, other lists): kept as written.
      const markdown = sourceLines(lines, token.map);
      const safe = safeMarkdown(markdown);
      if (safe) section.blocks.push({ kind: 'text', markdown: safe });
      const close = token.type.replace(/_open$/u, '_close');
      if (close !== token.type) {
        let depth = 0;
        for (i += 1; i < tokens.length; i++) {
          const t = tokens[i] as Token;
          if (t.type === token.type) depth += 1;
          if (t.type === close) {
            if (depth === 0) break;
            depth -= 1;
          }
        }
      }
    }
  }
  page.backlog.intro = safeMarkdown(introParts.join('\n\n'));

  if (!page.title) problems.push({ field: 'page', key: 'error.pageNoTitle' });
  if (!sawBacklog || page.backlog.ideas.length === 0) {
    problems.push({ field: 'page', key: 'error.pageNoBacklog' });
  }
  if (page.backlog.ideas.length > MAX_PAGE_IDEAS) {
    problems.push({
      field: 'page',
      key: 'error.pageTooManyIdeas',
      params: { count: page.backlog.ideas.length, max: MAX_PAGE_IDEAS },
    });
    return { page: null, problems };
  }
  const duplicates: FieldProblem[] = [];
  for (const [first, ...twins] of sameTitleGroups(page.backlog.ideas, (idea) => idea.title)) {
    for (const idea of twins) {
      duplicates.push({
        field: `line ${idea.line}`,
        key: 'error.pageDuplicate',
        params: { line: idea.line, first: first?.line ?? idea.line, title: idea.title.slice(0, 100) },
      });
    }
  }
  duplicates.sort((a, b) => Number(a.params?.line) - Number(b.params?.line));
  problems.push(...duplicates);
  return problems.length > 0 ? { page: null, problems } : { page, problems };
}

function safeHost(url: string, pattern: RegExp): boolean {
  try {
    return pattern.test(new URL(url).hostname);
  } catch {
    return false;
  }
}
