// Live pages: a region marked data-live="<event stream URL>" is replaced by its newer version
// when the stream says the page changed. The page fetches itself again (same URL, same
// cookies), so what a reader sees is always what the server renders for them; without
// JavaScript the page is simply as it was loaded.
(() => {
  if (!('EventSource' in window) || !('DOMParser' in window)) return;

  const CLOSED_RETRY_MS = 30_000;
  // A refresh by the clock comes this much after the moment, so that the server has passed it.
  const CLOCK_SLACK_MS = 1500;

  // A region's markup as the reader sees it: the forms' one-time tokens (new in every render)
  // are blanked, so a render that differs only by them is no change. The tokens shown stay
  // good: one is spent only when its form is sent.
  const markupOf = (region) => {
    const copy = region.cloneNode(true);
    for (const once of copy.querySelectorAll('input[name="_once"]')) once.removeAttribute('value');
    return copy.innerHTML;
  };

  // Input a reader has not sent yet: typed text, a changed choice. Hidden fields and buttons
  // never count.
  const isDirty = (region) => {
    for (const el of region.querySelectorAll('input, textarea, select')) {
      if (el.type === 'hidden' || el.type === 'submit' || el.type === 'button') continue;
      if (el.type === 'checkbox' || el.type === 'radio') {
        if (el.checked !== el.defaultChecked) return true;
      } else if (el.tagName === 'SELECT') {
        for (const option of el.options) if (option.selected !== option.defaultSelected) return true;
      } else if (el.type === 'file') {
        if (el.files && el.files.length > 0) return true;
      } else if (el.value !== el.defaultValue) {
        return true;
      }
    }
    return false;
  };

  // Where the keyboard focus was, so it can be put back on the same control after a swap.
  const focusOf = (region) => {
    const el = document.activeElement;
    if (!el || el === document.body || !region.contains(el)) return null;
    if (el.id) return { selector: `#${CSS.escape(el.id)}`, el };
    const form = el.closest('form');
    if (form && el.tagName === 'BUTTON') {
      const action = form.getAttribute('action') || '';
      const buttons = [...form.querySelectorAll('button')];
      return {
        selector: `form[action="${CSS.escape(action)}"] button`,
        index: buttons.indexOf(el),
        el,
      };
    }
    return null;
  };

  // Which folded parts (a form behind "Propose a topic") the reader opened or closed: a swap
  // must not fold away what they are about to fill in.
  const foldsOf = (region) => [...region.querySelectorAll('details[id]')].map((d) => [d.id, d.open]);

  const restoreFolds = (region, folds) => {
    for (const [id, open] of folds) {
      const details = region.querySelector(`details#${CSS.escape(id)}`);
      if (details) details.open = open;
    }
  };

  const restoreFocus = (region, focus) => {
    if (!focus) return;
    const found = region.querySelectorAll(focus.selector);
    const target = found[focus.index ?? 0];
    if (!target) return;
    target.focus({ preventScroll: true });
    if (typeof focus.el.selectionStart === 'number' && typeof target.setSelectionRange === 'function') {
      try {
        target.setSelectionRange(focus.el.selectionStart, focus.el.selectionEnd);
      } catch {
        // Not every input type has a selection (number, date).
      }
    }
  };

  // One polite status line per region for screen readers, and one visible notice when the
  // region was left as it was.
  const statusOf = (region) => {
    let status = region.previousElementSibling;
    if (!status?.hasAttribute('data-live-status')) {
      status = document.createElement('p');
      status.setAttribute('data-live-status', '');
      // A live region without the status role: the page's own confirmation stays the one status.
      status.setAttribute('aria-live', 'polite');
      status.className = 'visually-hidden';
      region.before(status);
    }
    return status;
  };

  // `why` is 'typing' (the reader's input is kept) or 'changed' (the newer page could not be
  // fetched, or no longer has this part).
  const showStale = (region, why) => {
    if (region.querySelector('[data-live-notice]')) return;
    const notice = document.createElement('p');
    notice.className = 'notice live-notice';
    notice.setAttribute('data-live-notice', '');
    notice.setAttribute('role', 'status');
    const text = region.getAttribute(why === 'typing' ? 'data-live-stale' : 'data-live-changed');
    notice.textContent = `${text || 'This page has changed.'} `;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'small-button';
    button.textContent = region.getAttribute('data-live-reload') || 'Reload';
    button.addEventListener('click', () => window.location.reload());
    notice.append(button);
    region.prepend(notice);
  };

  // The header's unread count rides on the first stream the page opens (not the inbox's own,
  // which the count follows as the inbox region's twin): one stream per page, not two.
  const inboxSince = document.getElementById('inbox-link')?.getAttribute('data-inbox-since') ?? null;
  let inboxCarried = false;

  const follow = (region) => {
    const url = new URL(region.getAttribute('data-live'), window.location.href);
    const carriesInbox = inboxSince !== null && region.id !== 'inbox' && !inboxCarried;
    if (carriesInbox) {
      inboxCarried = true;
      url.searchParams.set('inbox', inboxSince);
    }
    let lastId = url.searchParams.get('since') || '';
    let fetching = false;
    let again = false;
    // The markup as the server last sent it (read before other scripts touch it): a fetch that
    // brings the same again changes nothing on the page.
    let shown = markupOf(region);
    let timer = 0;

    const refresh = async () => {
      if (fetching) {
        again = true;
        return;
      }
      fetching = true;
      try {
        do {
          again = false;
          const page = window.location.href.split('#')[0];
          const res = await fetch(page, { credentials: 'same-origin', headers: { accept: 'text/html' } });
          if (!res.ok) {
            showStale(region, 'changed');
            return;
          }
          const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
          const fresh = doc.getElementById(region.id);
          if (!fresh) {
            showStale(region, 'changed');
            return;
          }
          arm(fresh);
          const markup = markupOf(fresh);
          if (markup === shown) continue;
          if (isDirty(region)) {
            showStale(region, 'typing');
            return;
          }
          const focus = focusOf(region);
          const folds = foldsOf(region);
          shown = markup;
          region.replaceChildren(...[...fresh.childNodes].map((n) => document.importNode(n, true)));
          // Elements elsewhere that show what the region does (the header's unread count) follow it.
          for (const twin of document.querySelectorAll(`[data-live-with="${region.id}"][id]`)) {
            const next = doc.getElementById(twin.id);
            if (next) twin.replaceChildren(...[...next.childNodes].map((n) => document.importNode(n, true)));
          }
          restoreFolds(region, folds);
          restoreFocus(region, focus);
          statusOf(region).textContent = region.getAttribute('data-live-updated') || '';
          document.dispatchEvent(new CustomEvent('plenum:live-updated', { detail: { region } }));
        } while (again);
      } catch {
        showStale(region, 'changed');
      } finally {
        fetching = false;
      }
    };

    // What a region shows may change by the clock alone (a meeting begins): the server says in
    // how many seconds from its render, so a reader's clock that is off does not matter.
    const arm = (from) => {
      window.clearTimeout(timer);
      const seconds = Number(from.getAttribute('data-live-refresh-in'));
      if (seconds > 0) timer = window.setTimeout(() => void refresh(), seconds * 1000 + CLOCK_SLACK_MS);
    };

    const open = () => {
      if (lastId) url.searchParams.set('since', lastId);
      const source = new EventSource(url.toString());
      source.addEventListener('change', (event) => {
        if (event.lastEventId) lastId = event.lastEventId;
        void refresh();
      });
      if (carriesInbox)
        source.addEventListener('inbox', () =>
          document.dispatchEvent(new CustomEvent('plenum:inbox-changed')),
        );
      source.addEventListener('error', () => {
        // The browser reconnects by itself (with Last-Event-ID) unless the server refused the
        // stream (too many open, or an error page): then try again later, from the last event.
        if (source.readyState === EventSource.CLOSED) window.setTimeout(open, CLOSED_RETRY_MS);
      });
    };
    open();
    arm(region);
  };

  for (const region of document.querySelectorAll('[data-live][id]')) follow(region);
})();
