import type { PageBlock, PageLink, PageSection } from './planning-page.js';

/**
 * Writes the public planning page back as mkdocs-material Markdown, in the layout the
 * community's own page had (or a default one), with the hub's current content: the schedule
 * sentence from the series, the board and join links, the admonitions, and the backlog in
 * alphabetical order with each idea's links inline.
 */

export interface PageParts {
  title: string;
  /** The schedule sentence and the purpose, one paragraph. */
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

/** Characters that would turn a title into markup. */
function escapeInline(text: string): string {
  return text.replace(/([\\`*_[\]<])/gu, '\\$1');
}

/** A list item: the title with each link placed on the words it is labelled with, in order. */
export function listItem(title: string, links: PageLink[]): string {
  let out = '';
  let rest = title;
  const trailing: PageLink[] = [];
  for (const link of links) {
    const at = link.label ? rest.indexOf(link.label) : -1;
    if (at < 0) {
      trailing.push(link);
      continue;
    }
    out += `${escapeInline(rest.slice(0, at))}[${escapeInline(link.label)}](${link.url})`;
    rest = rest.slice(at + link.label.length);
  }
  out += escapeInline(rest);
  for (const link of trailing) out += ` ([${escapeInline(link.label || link.url)}](${link.url}))`;
  return `- ${out}`;
}

function admonition(kind: 'info' | 'danger', body: string): string {
  const indented = body
    .split('\n')
    .map((l) => (l.trim() === '' ? '' : `    ${l}`))
    .join('\n');
  return `!!! ${kind}\n\n${indented}`;
}

function block(b: PageBlock, parts: PageParts, keepTemplates: boolean): string | null {
  // The imported page's own wording of the link paragraphs, when it is in the page's language.
  const own =
    keepTemplates && (b.kind === 'board' || b.kind === 'join') && b.template !== '' ? b.template : null;
  switch (b.kind) {
    case 'schedule':
      return parts.schedule;
    case 'board':
      return parts.board ? (own ?? parts.board.template).replace('{{url}}', parts.board.url) : null;
    case 'join': {
      if (!parts.join) return parts.invitationInfo || null;
      const sentence = (own ?? parts.join.template).replace('{{url}}', parts.join.url);
      return parts.invitationInfo ? `${sentence} ${parts.invitationInfo}` : sentence;
    }
    case 'attendance':
      return parts.attendance || null;
    case 'contribute':
      return parts.contribute ? admonition('info', parts.contribute) : null;
    case 'backlog-intro':
      return parts.intro || null;
    case 'backlog-disclaimer':
      return parts.disclaimer ? admonition('danger', parts.disclaimer) : null;
    case 'backlog-list':
      return parts.ideas.map((i) => listItem(i.title, i.links)).join('\n');
    case 'text':
      return b.markdown;
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
  const out: string[] = [`# ${parts.title}`];
  for (const section of layout ?? DEFAULT_LAYOUT) {
    if (section.role === 'backlog') out.push(`## ${parts.backlogHeading}`);
    else if (section.heading) out.push(`## ${section.heading}`);
    for (const b of section.blocks) {
      const text = block(b, parts, keepTemplates);
      if (text) out.push(text);
    }
  }
  return `${out.join('\n\n')}\n`;
}
