// The header's unread count on every page a member sees: when their inbox changes (a new
// notification, entries read in another tab) the count is fetched again as the server renders
// it. A live page's stream carries the news (live.js says so with `plenum:inbox-changed`); a
// page without one opens the inbox's own stream. Without JavaScript the count is as loaded.
(() => {
  if (!('EventSource' in window) || !('DOMParser' in window)) return;
  const link = document.getElementById('inbox-link');
  const events = link?.getAttribute('data-inbox-events');
  if (!link || !events) return;

  const CLOSED_RETRY_MS = 30_000;
  let fetching = false;
  let again = false;

  // The inbox page renders the header as every page does: its link holds the current count.
  const refresh = async () => {
    if (fetching) {
      again = true;
      return;
    }
    fetching = true;
    try {
      do {
        again = false;
        const res = await fetch(link.href, { credentials: 'same-origin', headers: { accept: 'text/html' } });
        if (!res.ok) return;
        const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
        const fresh = doc.getElementById('inbox-link');
        if (fresh && fresh.innerHTML !== link.innerHTML)
          link.replaceChildren(...[...fresh.childNodes].map((n) => document.importNode(n, true)));
      } while (again);
    } catch {
      // The next change, or the next page, brings the count.
    } finally {
      fetching = false;
    }
  };

  document.addEventListener('plenum:inbox-changed', () => void refresh());
  // A live page's own stream carries the inbox (and the inbox page's region updates the count).
  if (document.querySelector('[data-live][id]')) return;

  const url = new URL(events, window.location.href);
  let lastId = url.searchParams.get('since') || '';
  const open = () => {
    if (lastId) url.searchParams.set('since', lastId);
    const source = new EventSource(url.toString());
    source.addEventListener('change', (event) => {
      if (event.lastEventId) lastId = event.lastEventId;
      void refresh();
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) window.setTimeout(open, CLOSED_RETRY_MS);
    });
  };
  open();
})();
