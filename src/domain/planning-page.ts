import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import type { FieldProblem } from './errors.js';
import { madeOnce } from './made-once.js';
import { sameTitleGroups } from './ordering.js';
import {
  admonitionBody,
  admonitionKind,
  type FoundLink,
  firstSentenceEnd,
  inlineLinks,
  inlineText,
  JOIN_HOSTS,
  linkTemplate,
  type PageLink,
  safeHost,
  sourceLines,
  splitLongTitle,
  tableCells,
  writtenLinks,
} from './planning-page-inline.js';
import { looksLikeSchedule, type PageSchedule, readSchedule } from './planning-page-schedule.js';
import { safeMarkdown } from './safe-markdown.js';
import { MAX_TABLE_ROWS, readDatedTable, type TableSchedule } from './schedule-table.js';
import { isWebUrl } from './web-url.js';

export type { PageLink } from './planning-page-inline.js';
export type { PageSchedule, ScheduleNote, WeekRuleName } from './planning-page-schedule.js';
export { readSchedule } from './planning-page-schedule.js';
export type { TableSchedule } from './schedule-table.js';

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

export interface ParsedPage {
  title: string;
  schedule: PageSchedule;
  /** The first table of dated meetings outside the backlog, as its dates read. */
  scheduleTable: TableSchedule | null;
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

const parser = madeOnce(() => new MarkdownIt({ html: false, linkify: false }));

export interface PageReport {
  page: ParsedPage | null;
  problems: FieldProblem[];
}

/** The page as read so far, in one pass over markdown-it's tokens. */
interface Reading {
  lines: string[];
  tokens: Token[];
  page: ParsedPage;
  section: PageSection;
  problems: FieldProblem[];
  // Flags rather than searches through the blocks so far: a page of many paragraphs or
  // headings is read in one pass.
  sawList: boolean;
  sawBacklog: boolean;
  sawSchedule: boolean;
  sawIntro: boolean;
  introParts: string[];
}

/** Reads a page; every problem is reported with its line, and a page with problems yields no result. */
export function parsePlanningPage(source: string): PageReport {
  if (Buffer.byteLength(source, 'utf8') > MAX_PAGE_BYTES) {
    return { page: null, problems: [{ field: 'page', key: 'error.pageTooLarge', params: { max: '1 MB' } }] };
  }
  const lines = source.replace(/\r\n?/gu, '\n').split('\n');
  const page: ParsedPage = {
    title: '',
    schedule: {},
    scheduleTable: null,
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
  const r: Reading = {
    lines,
    tokens: parser().parse(lines.join('\n'), {}),
    page,
    section: page.layout[0] as PageSection,
    problems: [],
    sawList: false,
    sawBacklog: false,
    sawSchedule: false,
    sawIntro: false,
    introParts: [],
  };
  for (let i = 0; i < r.tokens.length; i++) i = readBlock(r, i);
  page.backlog.intro = safeMarkdown(r.introParts.join('\n\n'));
  return checkPage(r);
}

/** Reads the block that starts at token `i`; answers the index of its last token. */
function readBlock(r: Reading, i: number): number {
  const token = r.tokens[i] as Token;
  const inline = r.tokens[i + 1];
  if (token.type === 'heading_open') {
    readHeading(r, token, inline ? inlineText(inline) : '');
    return i + 2;
  }
  const kind = token.type === 'paragraph_open' ? admonitionKind(inline) : null;
  if (kind) return readAdmonition(r, i, kind);
  if (token.type === 'paragraph_open' && inline) {
    readParagraph(r, token, inline);
    return i + 2;
  }
  if (
    (token.type === 'bullet_list_open' || token.type === 'ordered_list_open') &&
    r.section.role === 'backlog' &&
    !r.sawList
  )
    return readBacklogList(r, i);
  if (token.type === 'table_open' && r.section.role !== 'backlog' && !r.page.scheduleTable)
    r.page.scheduleTable = readDatedTable(tableCells(r.tokens, i, closeOf(r.tokens, i), MAX_TABLE_ROWS));
  if (token.map && token.level === 0 && !token.type.endsWith('_close')) {
    // Anything else at the top level (code, tables, quotes, other lists): kept as written.
    const safe = safeMarkdown(sourceLines(r.lines, token.map));
    if (safe) r.section.blocks.push({ kind: 'text', markdown: safe });
    return closeOf(r.tokens, i);
  }
  return i;
}

/** The index of the token that closes the one at `i` (itself when it opens nothing). */
function closeOf(tokens: readonly Token[], i: number): number {
  const open = (tokens[i] as Token).type;
  const close = open.replace(/_open$/u, '_close');
  if (close === open) return i;
  let depth = 0;
  for (let j = i + 1; j < tokens.length; j++) {
    const t = tokens[j] as Token;
    if (t.type === open) depth += 1;
    if (t.type === close) {
      if (depth === 0) return j;
      depth -= 1;
    }
  }
  return tokens.length;
}

function readHeading(r: Reading, token: Token, text: string): void {
  if (token.tag === 'h1' && !r.page.title) {
    r.page.title = text;
    return;
  }
  const role = /backlog/iu.test(text) && !r.sawBacklog ? 'backlog' : 'other';
  if (role === 'backlog') r.sawBacklog = true;
  r.section = { heading: text, role, blocks: [] };
  r.page.layout.push(r.section);
}

function readAdmonition(r: Reading, i: number, kind: string): number {
  const { page, section } = r;
  const token = r.tokens[i] as Token;
  const body = r.tokens[i + 3];
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
      markdown: safeMarkdown(sourceLines(r.lines, token.map && end ? [token.map[0], end[1]] : token.map)),
    });
  }
  return i + (body?.type === 'code_block' ? 3 : 2);
}

function readParagraph(r: Reading, token: Token, inline: Token): void {
  const markdown = sourceLines(r.lines, token.map);
  const text = inlineText(inline);
  if (r.section.role === 'top' && readTopParagraph(r, markdown, text, inlineLinks(inline.children ?? [])))
    return;
  if (r.section.role === 'backlog' && !r.sawList) {
    r.introParts.push(markdown);
    if (!r.sawIntro) r.section.blocks.push({ kind: 'backlog-intro' });
    r.sawIntro = true;
    return;
  }
  r.section.blocks.push({ kind: 'text', markdown: safeMarkdown(markdown) });
}

const isBoardLink = (l: FoundLink) => /board|project/iu.test(l.label) || /\/projects?\//u.test(l.url);

/** The paragraphs above the first heading that say what the hub holds; false for any other. */
function readTopParagraph(r: Reading, markdown: string, text: string, links: FoundLink[]): boolean {
  const { page, section } = r;
  if (!r.sawSchedule && looksLikeSchedule(text)) {
    r.sawSchedule = true;
    const end = firstSentenceEnd(markdown);
    Object.assign(page.schedule, readSchedule(markdown.slice(0, end)));
    page.purpose = safeMarkdown(markdown.slice(end));
    section.blocks.push({ kind: 'schedule' });
    return true;
  }
  const board = page.board ? undefined : links.find(isBoardLink);
  if (board) {
    page.board = { label: board.label, url: board.url };
    section.blocks.push({ kind: 'board', template: linkTemplate(markdown, board.href) });
    return true;
  }
  if (!page.joinUrl && links.some((l) => safeHost(l.url, JOIN_HOSTS) || /\bjoin\b|teilnehm/iu.test(text))) {
    const link = links.find((l) => safeHost(l.url, JOIN_HOSTS)) ?? (links[0] as FoundLink);
    page.joinUrl = link.url;
    const after = markdown.indexOf(link.href) + link.href.length;
    const end = firstSentenceEnd(markdown.slice(after)) + after;
    page.invitationInfo = safeMarkdown(markdown.slice(end));
    section.blocks.push({ kind: 'join', template: linkTemplate(markdown.slice(0, end), link.href) });
    return true;
  }
  if (page.recorded === null && /\brecorded\b|aufgezeichnet/iu.test(text)) {
    page.recorded = !/\bnot\b[^.]*\brecorded\b|nicht[^.]*aufgezeichnet/iu.test(text);
    const held =
      /\bheld\s+(?:either\s+)?in\s+([^.]+)\.?/iu.exec(text) ??
      /\b(?:auf|in)\s+((?:Englisch|Deutsch)[^.]*)\.?/u.exec(text);
    page.languages = (held?.[1] ?? '').trim();
    section.blocks.push({ kind: 'attendance' });
    return true;
  }
  return false;
}

/** The backlog's list, one idea per item; answers the index of the list's closing token. */
function readBacklogList(r: Reading, i: number): number {
  r.sawList = true;
  r.section.blocks.push({ kind: 'backlog-list' });
  const open = (r.tokens[i] as Token).type;
  const close = closeOf(r.tokens, i);
  // Items of a nested list of the same kind are no ideas of their own.
  let depth = 0;
  for (let k = i + 1; k < close; k++) {
    const t = r.tokens[k] as Token;
    if (t.type === open) depth += 1;
    else if (t.type === open.replace(/_open$/u, '_close')) depth -= 1;
    else if (t.type === 'list_item_open' && depth === 0) readItem(r, k);
  }
  return close;
}

function readItem(r: Reading, k: number): void {
  const item = r.tokens[k] as Token;
  // The item's first line of text; an empty item has none (and takes none from the next).
  let inline: Token | undefined;
  for (let j = k + 1; j < r.tokens.length; j++) {
    const x = r.tokens[j] as Token;
    if (x.type === 'inline') inline = x;
    if (inline || (x.type === 'list_item_close' && x.level === item.level)) break;
  }
  if (!inline) return;
  const line = (item.map?.[0] ?? 0) + 1;
  // The idea is read from the item's first paragraph, and so are its links.
  for (const written of writtenLinks(inline.content)) {
    if (!isWebUrl(written.url)) {
      r.problems.push({
        field: `line ${line}`,
        key: 'error.pageBrokenLink',
        params: { line, url: written.url.slice(0, 100), label: written.label.slice(0, 100) },
      });
    }
  }
  const text = inlineText(inline);
  if (text === '') return;
  const { title, description } = splitLongTitle(text);
  const links = inlineLinks(inline.children ?? []);
  r.page.backlog.ideas.push({
    title,
    description,
    links: links.filter((l) => isWebUrl(l.url)).map((l) => ({ label: l.label, url: l.url })),
    line,
  });
}

/** What makes a page unfit as a whole: no title, no backlog, too many ideas, one idea twice. */
function checkPage({ page, problems, sawBacklog }: Reading): PageReport {
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
