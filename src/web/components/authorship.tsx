import type { Translate } from '../i18n/index.js';
import type { PageContext } from '../page-context.js';
import { Markdown } from './markdown.js';

/** What people propose (an idea, a topic), as far as who wrote it is concerned. */
interface Authored {
  proposerName: string | null;
  proposerLeft?: boolean | undefined;
  textRemoved?: boolean | undefined;
  description: string;
}

/** The proposer's name; someone who deleted their account is "a former member", not "unknown". */
export function proposerName(t: Translate, item: Pick<Authored, 'proposerName' | 'proposerLeft'>): string {
  if (item.proposerName !== null) return item.proposerName;
  return item.proposerLeft ? t('ownData.formerMember') : t('idea.unknownProposer');
}

/** A comment's author by the same rule as a proposer. */
export const authorName = (t: Translate, c: { authorName: string | null; authorLeft: boolean }): string =>
  proposerName(t, { proposerName: c.authorName, proposerLeft: c.authorLeft });

/** The description, or a note where its author had it removed; `empty` where there never was one. */
export function AuthoredText({ ctx, item, empty }: { ctx: PageContext; item: Authored; empty?: string }) {
  if (item.textRemoved) return <p class="muted removed-text">{ctx.t('ownData.textRemoved')}</p>;
  if (item.description) return <Markdown ctx={ctx} source={item.description} />;
  return empty ? <p class="muted">{empty}</p> : null;
}
