// Shows meeting times in the reader's own zone, next to the series' zone the server wrote.
// Without JavaScript the page still names its zone; this only adds "your time".
(() => {
  // EST and CET rather than GMT-5 and GMT+1: American names are in en-US, European in en-GB
  // (the same rule as the server's zone-names.ts).
  const zoneName = (zone, date) => {
    let fallback = zone;
    for (const locale of ['en-US', 'en-GB']) {
      const part = new Intl.DateTimeFormat(locale, { timeZoneName: 'short', timeZone: zone })
        .formatToParts(date)
        .find((p) => p.type === 'timeZoneName');
      if (part && !/^(GMT|UTC)[+-]/.test(part.value)) return part.value;
      if (part && fallback === zone) fallback = part.value;
    }
    return fallback;
  };
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const lang = document.documentElement.lang || 'en';
  const show = (root) => {
    for (const el of root.querySelectorAll('[data-your-time]')) {
      if (!zone || el.getAttribute('data-zone') === zone) continue;
      const start = new Date(el.getAttribute('data-start'));
      const end = new Date(el.getAttribute('data-end'));
      const day = new Intl.DateTimeFormat(lang, {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        timeZone: zone,
      });
      const time = new Intl.DateTimeFormat(lang, {
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone: zone,
      });
      const text = `${day.format(start)}, ${time.format(start)}–${time.format(end)} ${zoneName(zone, start)}`;
      // The leading space separates it from the series' time, as in the server-rendered variant.
      el.textContent = ` ${(el.getAttribute('data-label') || '{time}').replace('{time}', text)}`;
      el.hidden = false;
    }
  };
  // Instants the server wrote in UTC for a reader without a chosen zone: in the browser's.
  const instant = new Intl.DateTimeFormat(lang, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: zone,
  });
  const showInstants = (root) => {
    if (!zone || zone === 'UTC' || zone === 'Etc/UTC') return;
    for (const el of root.querySelectorAll('time[data-local]')) {
      const at = new Date(el.getAttribute('datetime'));
      if (Number.isNaN(at.getTime())) continue;
      el.textContent = `${instant.format(at)} ${zoneName(zone, at)}`;
      el.removeAttribute('data-local');
    }
  };
  // "in 3 days" beside a time, counted on from the hub's clock when the page was drawn (the
  // thresholds of src/web/relative-time.ts), so a page left open stays right.
  const loadedAt = Date.now();
  const relative = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  const relativeText = (ms) => {
    const size = Math.abs(ms);
    const [unit, length] =
      size < 3_600_000
        ? ['minute', 60_000]
        : size < 86_400_000
          ? ['hour', 3_600_000]
          : size < 45 * 86_400_000
            ? ['day', 86_400_000]
            : size < 365 * 86_400_000
              ? ['month', 30 * 86_400_000]
              : ['year', 365 * 86_400_000];
    return relative.format(Math.round(ms / length), unit);
  };
  const showRelative = (root) => {
    for (const el of root.querySelectorAll('[data-relative]')) {
      const at = Date.parse(el.getAttribute('data-relative'));
      const drawn = Date.parse(el.getAttribute('data-now'));
      if (Number.isNaN(at) || Number.isNaN(drawn)) continue;
      el.textContent = ` (${relativeText(at - (drawn + Date.now() - loadedAt))})`;
    }
  };
  setInterval(() => showRelative(document), 60_000);
  show(document);
  showInstants(document);
  document.addEventListener('plenum:live-updated', (event) => showInstants(event.detail.region));
  document.addEventListener('plenum:live-updated', (event) => showRelative(event.detail.region));
  // A live page (live.js) swaps in newly rendered parts, which name only the series' zone.
  document.addEventListener('plenum:live-updated', (event) => show(event.detail.region));
})();
