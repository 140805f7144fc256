import { initials } from '../../domain/board.js';
import type { PageContext } from '../page-context.js';

/** A picture a provider gave: https only (the page's policy allows no other remote images). */
function pictureOf(url: string | null | undefined): string | null {
  if (!url || url.length > 2000) return null;
  try {
    return new URL(url).protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * A person's picture from their provider where an admin lets pages show images of other sites
 * (else that site would learn who reads the page); their initials otherwise.
 */
export function Avatar({ ctx, name, picture }: { ctx: PageContext; name: string; picture?: string | null }) {
  const src = ctx.images.remote ? pictureOf(picture) : null;
  if (src) {
    return (
      <img class="avatar-picture" src={src} alt="" width={32} height={32} referrerpolicy="no-referrer" />
    );
  }
  return (
    <span class="avatar" aria-hidden="true">
      {initials(name)}
    </span>
  );
}
