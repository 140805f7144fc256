import type { ComponentChildren } from 'preact';
import { can } from '../../domain/policy.js';
import { assetPath } from '../asset-files.js';
import type { PageContext } from '../page-context.js';

interface LayoutProps {
  ctx: PageContext;
  title: string;
  children: ComponentChildren;
  /** Client modules this page needs besides local-time.js, which every page has (paths under /assets). */
  scripts?: string[];
  /** The whole width of the window (the board's columns), rather than a column of reading width. */
  wide?: boolean;
}

function NavLink({ ctx, path, label }: { ctx: PageContext; path: string; label: string }) {
  const current = ctx.currentPath.split('?')[0] === path;
  return (
    <li>
      <a href={ctx.url(path)} aria-current={current ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
}

/**
 * The header's link to one's notifications with how many are unread (in words for screen
 * readers). On the inbox page it follows the inbox's live region; on every other page inbox.js
 * follows the inbox from `data-inbox-since`, on the page's own event stream if it has one.
 */
function InboxLink({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  const unread = ctx.unread ?? 0;
  const current = ctx.currentPath.split('?')[0] === '/notifications';
  return (
    <li>
      <a
        href={ctx.url('/notifications')}
        id="inbox-link"
        data-live-with="inbox"
        data-inbox-since={ctx.inboxCursor ?? undefined}
        data-inbox-events={
          ctx.inboxCursor === null ? undefined : ctx.url('/notifications/events', { since: ctx.inboxCursor })
        }
        aria-current={current ? 'page' : undefined}
      >
        {t('nav.notifications')}
        {unread > 0 && (
          <>
            <span class="count" data-testid="unread-count" aria-hidden="true">
              {unread > 99 ? '99+' : unread}
            </span>
            <span class="visually-hidden">{t('nav.notificationsUnread', { count: unread })}</span>
          </>
        )}
      </a>
    </li>
  );
}

/** The search box of the header: a plain GET to /search, so it works without JavaScript. */
function SiteSearch({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <search class="site-search" aria-label={t('nav.searchLabel')}>
      <form method="get" action={ctx.url('/search')}>
        <label for="site-search-q" class="visually-hidden">
          {t('nav.searchLabel')}
        </label>
        <input type="search" id="site-search-q" name="q" maxLength={500} placeholder={t('nav.searchLabel')} />{' '}
        <button type="submit">{t('nav.search')}</button>
      </form>
    </search>
  );
}

/**
 * The planning board the imported planning page links to, when it lives on another site (a
 * board on this hub is already "Board"): marked as leaving the hub, in words for screen readers.
 */
function PlanningBoardLink({ ctx }: { ctx: PageContext }) {
  const link = ctx.planningBoard;
  if (!link || !URL.canParse(link.url)) return null;
  const url = new URL(link.url);
  const here = new URL(ctx.absoluteUrl('/')).origin;
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin === here) return null;
  const label = link.label.trim() || url.hostname;
  return (
    <li>
      <a href={url.href} class="nav-external" rel="noopener" title={label}>
        <span class="nav-external-label">{label}</span>
        <span aria-hidden="true" class="external-mark">
          ↗
        </span>
        <span class="visually-hidden"> {ctx.t('nav.elsewhere')}</span>
      </a>
    </li>
  );
}

/** The main navigation: the public pages, those of one's role, and one's own. */
function SiteNav({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  const signedIn = ctx.actor.kind === 'user';
  return (
    <nav aria-label={t('nav.main')}>
      <ul>
        <NavLink ctx={ctx} path="/meetings" label={t('nav.meetings')} />
        <NavLink ctx={ctx} path="/backlog" label={t('nav.backlog')} />
        <NavLink ctx={ctx} path="/board" label={t('nav.board')} />
        <NavLink ctx={ctx} path="/roadmap" label={t('nav.roadmap')} />
        <NavLink ctx={ctx} path="/proposals" label={t('nav.proposals')} />
        <NavLink ctx={ctx} path="/groups" label={t('nav.groups')} />
        <PlanningBoardLink ctx={ctx} />
        {can(ctx.actor, 'idea.triage') && <NavLink ctx={ctx} path="/triage" label={t('nav.triage')} />}
        {can(ctx.actor, 'settings.edit') && <NavLink ctx={ctx} path="/admin" label={t('nav.admin')} />}
        {signedIn ? (
          <>
            <InboxLink ctx={ctx} />
            <NavLink ctx={ctx} path="/profile" label={t('nav.profile')} />
            <li>
              <form method="post" action={ctx.url('/logout')} class="inline">
                <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                <button type="submit" class="link-button">
                  {t('nav.signOut')}
                </button>
              </form>
            </li>
          </>
        ) : (
          <NavLink ctx={ctx} path="/login" label={t('nav.signIn')} />
        )}
      </ul>
    </nav>
  );
}

/** The frame of every page: skip link, header with navigation, main landmark, footer with language choice. */
export function Layout({ ctx, title, children, scripts = [], wide = false }: LayoutProps) {
  const { t } = ctx;
  const other = ctx.locale === 'en' ? 'de' : 'en';
  const [path, query = ''] = ctx.currentPath.split('?');
  const params = new URLSearchParams(query);
  params.set('lang', other);
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${ctx.hubName}`}</title>
        <link rel="stylesheet" href={ctx.url(assetPath('plenum.css'))} />
        <link rel="icon" type="image/svg+xml" href={ctx.url(assetPath('favicon.svg'))} />
        <meta name="color-scheme" content="light dark" />
        {[
          // live.js reads its regions as the server wrote them, before local times are filled in.
          ...scripts.filter((s) => s === 'live.js'),
          'local-time.js',
          ...scripts.filter((s) => s !== 'local-time.js' && s !== 'live.js'),
          // The header's unread count follows the inbox on every page a member sees.
          ...(ctx.inboxCursor === null ? [] : ['inbox.js']),
        ].map((src) => (
          <script key={src} src={ctx.url(assetPath(src))} defer />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <header class="site-header">
          <a class="brand" href={ctx.url('/')}>
            {ctx.hubName}
          </a>
          <SiteNav ctx={ctx} />
          <SiteSearch ctx={ctx} />
        </header>
        <main id="main" tabIndex={-1} class={wide ? 'wide' : undefined}>
          {ctx.notice && (
            <p class="notice" role="status">
              {ctx.notice}
            </p>
          )}
          {children}
        </main>
        <footer class="site-footer">
          {ctx.user && (
            <p>{t('footer.signedInAs', { name: ctx.user.name, role: t(`role.${ctx.user.role}`) })}</p>
          )}
          <p>
            {t('footer.language')}:{' '}
            <a href={`${ctx.url(path ?? '/')}?${params.toString()}`} hreflang={other} lang={other}>
              {other === 'de' ? 'Deutsch' : 'English'}
            </a>
            {' · '}
            <a href={ctx.url('/api')}>{t('nav.api')}</a>
          </p>
        </footer>
      </body>
    </html>
  );
}
