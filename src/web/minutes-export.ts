import { Feed } from 'feed';
import type { Locale } from '../app/accounts.js';
import { markdownHeadingText, markdownText } from '../domain/markdown-escape.js';
import type { Decision, Minutes } from '../domain/minutes.js';
import { safeMarkdown } from '../domain/safe-markdown.js';
import type { Series } from '../domain/series.js';
import { translator } from './i18n/index.js';
import { type ImagePolicy, NO_REMOTE_IMAGES, renderMarkdown } from './markdown.js';
import { formatPlainDate } from './meeting-format.js';

/**
 * One meeting's minutes as Markdown: notes, attendance, decisions and action items. The file
 * may end up on a docs site that passes raw HTML through, so names, texts and titles are
 * escaped and the notes (Markdown) are rewritten by `safeMarkdown`.
 */
export function minutesMarkdown(
  series: Series,
  occurrence: string,
  view: {
    minutes: Minutes;
    decisions: Decision[];
    actionItems: { text: string; assignee: string; dueDate: string | null; done: boolean }[];
  },
  locale: Locale,
): string {
  const t = translator(locale);
  const out = [`# ${markdownHeadingText(`${series.title}, ${formatPlainDate(occurrence, locale)}`)}`];
  if (view.minutes.attendeeCount !== null)
    out.push(t('minutes.attendees', { count: view.minutes.attendeeCount }));
  if (view.minutes.attendeeNames) out.push(markdownText(view.minutes.attendeeNames));
  const body = safeMarkdown(view.minutes.body);
  if (body) out.push(body);
  out.push(
    `## ${t('minutes.decisions')}`,
    bulletsOr(
      view.decisions.map(
        (d) =>
          `- ${markdownText(d.text)}${d.ideaTitle && d.toStatus ? ` (${t('minutes.decisionMoves', { idea: markdownText(d.ideaTitle), status: t(`status.${d.toStatus}`) })})` : ''}${d.state === 'proposed' ? ` — ${t('decision.stateProposed')}` : d.state === 'objected' ? ` — ${t('decision.stateObjected')}` : ''}`,
      ),
      t('minutes.noDecisions'),
    ),
  );
  out.push(
    `## ${t('minutes.actions')}`,
    bulletsOr(
      view.actionItems.map(
        (a) =>
          `- [${a.done ? 'x' : ' '}] ${markdownText(a.text)}${a.assignee ? ` — ${markdownText(a.assignee)}` : ''}${a.dueDate ? ` (${t('minutes.due')}: ${markdownText(a.dueDate)})` : ''}`,
      ),
      t('minutes.noActions'),
    ),
  );
  const ideas = view.minutes.overview ?? [];
  const work = view.minutes.overviewWork ?? [];
  if (ideas.length + work.length > 0) {
    out.push(`## ${t('minutes.overviewThen')}`);
    out.push(
      [
        ...ideas.map((i) => `- ${markdownText(i.title)} (${t(`status.${i.status}`)})`),
        ...work.map(
          (w) =>
            `- ${markdownText(w.title)}${w.ref ? ` (${markdownText(w.ref)})` : ''} — ${markdownText(w.boardTitle)}`,
        ),
      ].join('\n'),
    );
  }
  return `${out.join('\n\n')}\n`;
}

/** The Atom feed of a series' published minutes, newest first. */
export function minutesAtom(
  series: Series,
  entries: { minutes: Minutes; decisions: Decision[] }[],
  links: { page: string; feed: string; occurrence: (key: string) => string },
  locale: Locale,
  images: ImagePolicy = NO_REMOTE_IMAGES,
): string {
  const t = translator(locale);
  // ISO-8601 UTC timestamps sort as text: the last is the latest.
  const updated =
    [series.updatedAt, ...entries.map((e) => e.minutes.updatedAt)].sort().at(-1) ?? series.updatedAt;
  const feed = new Feed({
    id: links.feed,
    title: t('minutes.feedTitle', { title: series.title }),
    link: links.page,
    language: locale,
    updated: new Date(updated),
    generator: 'Plenum',
    feedLinks: { atom: links.feed },
    copyright: '',
  });
  for (const { minutes, decisions } of entries) {
    const decided = decisions.map((d) => `<li>${escapeHtml(d.text)}</li>`).join('');
    feed.addItem({
      title: `${series.title}, ${formatPlainDate(minutes.occurrence, locale)}`,
      id: links.occurrence(minutes.occurrence),
      link: links.occurrence(minutes.occurrence),
      date: new Date(minutes.updatedAt),
      published: new Date(minutes.publishedAt ?? minutes.updatedAt),
      content: `${renderMarkdown(minutes.body, images)}${decided ? `<h2>${escapeHtml(t('minutes.decisions'))}</h2><ul>${decided}</ul>` : ''}`,
    });
  }
  return feed.atom1();
}

function escapeHtml(text: string): string {
  return text.replace(/[<>&"]/gu, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);
}

/** A list's lines, or the sentence that says it is empty. */
function bulletsOr(lines: string[], none: string): string {
  return lines.length === 0 ? none : lines.join('\n');
}
