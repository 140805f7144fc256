// Drag and drop for the order of an agenda's accepted topics (drag.js). A drop posts the topic's
// new place; then the page is loaded again, so the timebox and every button show what the
// server now holds. A refusal reloads it as well.
(() => {
  const attach = () => {
    const list = document.getElementById('agenda-order');
    // A live page (live.js) swaps in a new list when others change the agenda: attached once each.
    if (!list?.dataset.csrf || list.dataset.dragAttached) return;
    list.dataset.dragAttached = 'true';
    globalThis.plenumDrag(list, {
      items: 'li.topic-accepted[data-topic]',
      key: 'topic',
      over(event, dragged) {
        const over = event.target.closest?.('li.topic-accepted');
        if (over && over !== dragged) {
          const box = over.getBoundingClientRect();
          list.insertBefore(dragged, event.clientY < box.top + box.height / 2 ? over : over.nextSibling);
        }
        return true;
      },
      target: (_event, item) => ({
        body: { position: [...list.querySelectorAll('li.topic-accepted')].indexOf(item) },
      }),
      moved: () => location.reload(),
    });
  };
  attach();
  document.addEventListener('plenum:live-updated', attach);
})();
