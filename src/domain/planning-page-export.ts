import { beforeLink, escapeInline, markdownHeadingText, markdownLink } from './markdown-escape.js';
import type { PageBlock, PageLink, PageSection } from './planning-page.js';
import { safeMarkdown } from './safe-markdown.js';
import { markdownUrl } from './web-url.js';

/**
 * Writes the public planning page back as mkdocs-material Markdown, in the layout the
 * community's own page had (or a default one), with the hub's current content: the schedule
 * sentence from the series, the board and join links, the admonitions, and the backlog in
 * alphabetical order with each idea's links inline.
 *
 * mkdocs passes raw HTML through, so every value is written for that: plain texts (titles,
 * labels, headings) escaped, URLs normalised and percent-encoded, and the Markdown texts
 * (purpose, notes, intro, blocks kept from the imported page) rewritten by `safeMarkdown`.
 */

export interface PageParts {
  title: string;
  /** The schedule sentence and the purpose, one paragraph (Markdown; values in it escaped). */
  schedule: string;
  board: { template: string; url: string } | null;
  join: { template: string; url: string } | null;
  invitationInfo: string;
  attendance: string;
  contribute: string;
  backlogHeading: string;
  intro: string;
  disclaimer: string;
  /** Already in the order the list must have. */
  ideas: { title: string; links: PageLink[] }[];
}

export const DEFAULT_LAYOUT: PageSection[] = [
  {
    heading: null,
    role: 'top',
    blocks: [
      { kind: 'schedule' },
      { kind: 'board', template: '' },
      { kind: 'join', template: '' },
      { kind: 'attendance' },
      { kind: 'contribute' },
    ],
  },
  {
    heading: null,
    role: 'backlog',
    blocks: [{ kind: 'backlog-intro' }, { kind: 'backlog-disclaimer' }, { kind: 'backlog-list' }],
  },
];

/**
 * A list item: the title with each link placed on the words it is labelled with, in order.
 * Title and labels are escaped text, URLs normalised and percent-encoded: nothing a member
 * typed becomes markup on the docs site.
 */
export function listItem(title: string, links: PageLink[]): string {
  let out = '';
  let rest = title.replace(/\s+/gu, ' ').trim();
  const trailing: { label: string; url: string }[] = [];
  const text = (piece: string) => escapeInline(piece, out === '');
  for (const link of links) {
    const url = markdownUrl(link.url);
    if (url === null) continue;
    const label = link.label.replace(/\s+/gu, ' ').trim();
    const at = label ? rest.indexOf(label) : -1;
    if (at < 0) {
      trailing.push({ label, url: link.url });
      continue;
    }
    out = beforeLink(out + text(rest.slice(0, at)));
    out += `[${escapeInline(label, false)}](${url})`;
    rest = rest.slice(at + label.length);
  }
  out += text(rest);
  for (const link of trailing) out += ` (${markdownLink(link.label, link.url)})`;
  return `- ${out}`;
}

function admonition(kind: 'info' | 'danger', body: string): string | null {
  const safe = safeMarkdown(body, { nested: true });
  if (safe === '') return null;
  const indented = safe
    .split('\n')
    .map((l) => (l === '' ? '' : `    ${l}`))
    .join('\n');
  return `!!! ${kind}\n\n${indented}`;
}

/** A paragraph with a link, from a template holding `{{url}}` where the link target goes. */
function linkParagraph(template: string, url: string): string | null {
  const target = markdownUrl(url);
  // A function, so `$&` and the like in a URL are not read as replacement patterns.
  return target === null ? null : template.replace('{{url}}', () => target);
}

/** Markdown typed by people, rewritten so that it can carry nothing but Markdown. */
function safe(markdown: string): string | null {
  return safeMarkdown(markdown) || null;
}

function block(b: PageBlock, parts: PageParts, keepTemplates: boolean): string | null {
  // The imported page's own wording of the link paragraphs, when it is in the page's language.
  const own =
    keepTemplates && (b.kind === 'board' || b.kind === 'join') && b.template !== '' ? b.template : null;
  switch (b.kind) {
    case 'schedule':
      return safe(parts.schedule);
    case 'board': {
      const paragraph = parts.board && linkParagraph(own ?? parts.board.template, parts.board.url);
      return paragraph ? safe(paragraph) : null;
    }
    case 'join': {
      const sentence = parts.join && linkParagraph(own ?? parts.join.template, parts.join.url);
      if (!sentence) return safe(parts.invitationInfo);
      return safe(parts.invitationInfo ? `${sentence} ${parts.invitationInfo}` : sentence);
    }
    case 'attendance':
      return safe(parts.attendance);
    case 'contribute':
      return admonition('info', parts.contribute);
    case 'backlog-intro':
      return safe(parts.intro);
    case 'backlog-disclaimer':
      return admonition('danger', parts.disclaimer);
    case 'backlog-list':
      return parts.ideas.map((i) => listItem(i.title, i.links)).join('\n');
    case 'text':
      return safe(b.markdown);
  }
}

/**
 * The page. `keepTemplates` uses the wording of the imported board and join paragraphs (the
 * page's own language); otherwise the parts' templates (the hub's wording) are used.
 */
export function renderPlanningPage(
  layout: PageSection[] | null,
  parts: PageParts,
  keepTemplates: boolean,
): string {
  const out: string[] = [`# ${markdownHeadingText(parts.title)}`];
  for (const section of layout ?? DEFAULT_LAYOUT) {
    if (section.role === 'backlog') out.push(`## ${markdownHeadingText(parts.backlogHeading)}`);
    else if (section.heading) out.push(`## ${markdownHeadingText(section.heading)}`);
    for (const b of section.blocks) {
      const text = block(b, parts, keepTemplates);
      if (text) out.push(text);
    }
  }
  return `${out.join('\n\n')}\n`;
}
