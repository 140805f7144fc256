// Drag and drop for the order of an agenda's accepted topics, on top of the up/down buttons
// (which stay for keyboard and touch users and without JavaScript). A drop posts the topic's new
// place through the API with the version the page showed; then the page is loaded again, so
// the timebox and every button show what the server now holds. A refusal reloads it as well.
(() => {
  const attach = () => {
    const list = document.getElementById('agenda-order');
    // A live page (live.js) swaps in a new list when others change the agenda: attached once each.
    if (!list?.dataset.csrf || list.dataset.dragAttached) return;
    list.dataset.dragAttached = 'true';
    let dragged = null;

    const accepted = () => [...list.querySelectorAll('li.topic-accepted')];

    list.addEventListener('dragstart', (event) => {
      const item = event.target.closest?.('li.topic-accepted[data-topic]');
      if (!item) return;
      dragged = item;
      item.classList.add('dragging');
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', item.dataset.topic);
    });
    list.addEventListener('dragend', () => {
      dragged?.classList.remove('dragging');
      dragged = null;
    });
    list.addEventListener('dragover', (event) => {
      if (!dragged) return;
      event.preventDefault();
      const over = event.target.closest?.('li.topic-accepted');
      if (!over || over === dragged) return;
      const box = over.getBoundingClientRect();
      list.insertBefore(dragged, event.clientY < box.top + box.height / 2 ? over : over.nextSibling);
    });
    list.addEventListener('drop', async (event) => {
      if (!dragged) return;
      event.preventDefault();
      const item = dragged;
      const position = accepted().indexOf(item);
      await fetch(`${list.dataset.api}${encodeURIComponent(item.dataset.topic)}/move`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'content-type': 'application/json',
          'if-match': `"${item.dataset.version}"`,
          'x-csrf-token': list.dataset.csrf,
        },
        body: JSON.stringify({ position }),
      }).catch(() => null);
      location.reload();
    });
  };
  attach();
  document.addEventListener('plenum:live-updated', attach);
})();
