import type { IdeaLink } from '../../domain/idea.js';

/** Links someone typed in: search engines are told not to credit them, and they open no window handle. */
export function LinkList({ links }: { links: IdeaLink[] }) {
  return (
    <ul class="links">
      {links.map((link) => (
        <li key={link.url}>
          <a href={link.url} rel="nofollow ugc noopener">
            {link.label}
          </a>
        </li>
      ))}
    </ul>
  );
}
