// Drag and drop as the board and the agenda share it, on top of their buttons (which stay for
// keyboard and touch users and without JavaScript): what is dragged, where it may land, and a
// drop posted as the API's move of the item (`data-api`, `data-csrf` of the root) with the
// version the page showed. Each page says where a drop lands and what it shows afterwards.
globalThis.plenumDrag = (root, { items, key, over, target, moved, end }) => {
  let dragged = null;
  root.addEventListener('dragstart', (event) => {
    const item = event.target.closest?.(items);
    if (!item) return;
    dragged = item;
    item.classList.add('dragging');
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', item.dataset[key]);
  });
  root.addEventListener('dragend', () => {
    dragged?.classList.remove('dragging');
    dragged = null;
    end?.();
  });
  root.addEventListener('dragover', (event) => {
    if (dragged && over(event, dragged)) event.preventDefault();
  });
  root.addEventListener('drop', async (event) => {
    const item = dragged;
    const place = item && target(event, item);
    if (!place) return;
    event.preventDefault();
    const res = await fetch(`${root.dataset.api}${encodeURIComponent(item.dataset[key])}/move`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': 'application/json',
        'if-match': `"${item.dataset.version}"`,
        'x-csrf-token': root.dataset.csrf,
      },
      body: JSON.stringify(place.body),
    }).catch(() => null);
    await moved(res, item, place);
  });
};
