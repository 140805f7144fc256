// Shows meeting times in the reader's own zone, next to the series' zone the server wrote.
// Without JavaScript the page still names its zone; this only adds "your time".
(() => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const lang = document.documentElement.lang || 'en';
  for (const el of document.querySelectorAll('[data-your-time]')) {
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
    const name = new Intl.DateTimeFormat('en', { timeZoneName: 'short', timeZone: zone })
      .formatToParts(start)
      .find((p) => p.type === 'timeZoneName');
    const text = `${day.format(start)}, ${time.format(start)}–${time.format(end)} ${name ? name.value : zone}`;
    // The leading space separates it from the series' time, as in the server-rendered variant.
    el.textContent = ` ${(el.getAttribute('data-label') || '{time}').replace('{time}', text)}`;
    el.hidden = false;
  }
})();
