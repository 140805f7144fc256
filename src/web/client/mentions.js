// Suggests members while someone types `@` and letters into a comment. The textarea becomes a
// combobox with a listbox of people under it: arrow keys move, Enter or Tab picks, Escape
// closes, a click picks too. Without JavaScript `@handle` typed by hand works just the same.
(() => {
  const BEFORE = /(?:^|[^\p{L}\p{N}@./_-])@([\p{L}\p{N}_-]{1,30})$/u;
  const boxes = new WeakMap();
  let counter = 0;
  let pending = null;

  const setup = (area) => {
    let box = boxes.get(area);
    if (box) return box;
    const n = ++counter;
    const list = document.createElement('ul');
    list.id = `mention-list-${n}`;
    list.className = 'mention-list';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', area.dataset.mentionLabel || '');
    list.hidden = true;
    const status = document.createElement('p');
    status.className = 'visually-hidden';
    status.setAttribute('aria-live', 'polite');
    area.after(list, status);
    area.setAttribute('role', 'combobox');
    area.setAttribute('aria-autocomplete', 'list');
    area.setAttribute('aria-controls', list.id);
    area.setAttribute('aria-expanded', 'false');
    box = { list, status, items: [], active: -1, query: null, n };
    boxes.set(area, box);
    list.addEventListener('mousedown', (event) => {
      const option = event.target.closest('[role="option"]');
      if (!option) return;
      event.preventDefault();
      pick(area, box, Number(option.dataset.index));
    });
    return box;
  };

  const close = (area, box) => {
    box.list.hidden = true;
    box.list.replaceChildren();
    box.items = [];
    box.active = -1;
    area.setAttribute('aria-expanded', 'false');
    area.removeAttribute('aria-activedescendant');
  };

  const highlight = (area, box, index) => {
    box.active = index;
    for (const [i, li] of [...box.list.children].entries())
      li.setAttribute('aria-selected', String(i === index));
    const current = box.list.children[index];
    if (current) {
      area.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView({ block: 'nearest' });
    }
  };

  const option = (box, person, index) => {
    const li = document.createElement('li');
    li.id = `mention-${box.n}-${index}`;
    li.setAttribute('role', 'option');
    li.dataset.index = String(index);
    const avatar = document.createElement('span');
    avatar.className = 'avatar';
    avatar.setAttribute('aria-hidden', 'true');
    avatar.textContent = person.avatar;
    const handle = document.createElement('span');
    handle.className = 'muted';
    handle.textContent = ` @${person.handle}`;
    li.append(avatar, person.name, handle);
    return li;
  };

  const show = (area, box, items) => {
    box.items = items;
    box.list.replaceChildren(...items.map((p, i) => option(box, p, i)));
    box.list.hidden = items.length === 0;
    area.setAttribute('aria-expanded', String(items.length > 0));
    box.status.textContent = items.length > 0 ? area.dataset.mentionFound : area.dataset.mentionNone;
    if (items.length > 0) highlight(area, box, 0);
  };

  const pick = (area, box, index) => {
    const person = box.items[index];
    if (!person) return;
    const caret = area.selectionStart;
    const before = area.value.slice(0, caret);
    const match = BEFORE.exec(before);
    if (!match) return close(area, box);
    const start = caret - match[1].length;
    const insert = `${person.handle} `;
    area.value = `${area.value.slice(0, start)}${insert}${area.value.slice(caret)}`;
    area.setSelectionRange(start + insert.length, start + insert.length);
    close(area, box);
    box.status.textContent = '';
  };

  const suggest = async (area) => {
    const box = setup(area);
    const match = BEFORE.exec(area.value.slice(0, area.selectionStart));
    if (!match) return close(area, box);
    const query = match[1];
    box.query = query;
    const url = new URL(area.dataset.mentions, location.href);
    url.searchParams.set('q', query);
    url.searchParams.set('limit', '8');
    const res = await fetch(url, { headers: { accept: 'application/json' } }).catch(() => null);
    if (!res?.ok || box.query !== query) return;
    const { items } = await res.json();
    show(area, box, items);
  };

  const isMentionArea = (el) => el instanceof HTMLTextAreaElement && el.hasAttribute('data-mentions');

  // On the document, so forms that a live page swaps in are served as well.
  document.addEventListener('input', (event) => {
    if (!isMentionArea(event.target)) return;
    clearTimeout(pending);
    const area = event.target;
    pending = setTimeout(() => suggest(area), 150);
  });

  document.addEventListener('keydown', (event) => {
    const area = event.target;
    if (!isMentionArea(area)) return;
    const box = boxes.get(area);
    if (!box || box.list.hidden || box.items.length === 0) return;
    const count = box.items.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      highlight(area, box, (box.active + (event.key === 'ArrowDown' ? 1 : count - 1)) % count);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      pick(area, box, Math.max(0, box.active));
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      box.query = null;
      close(area, box);
    }
  });

  // Fields on the page from the start are comboboxes at once; ones swapped in later on first use.
  const setupAll = () => {
    for (const area of document.querySelectorAll('textarea[data-mentions]')) setup(area);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setupAll);
  else setupAll();

  document.addEventListener('focusout', (event) => {
    const area = event.target;
    if (isMentionArea(area) && boxes.has(area)) close(area, boxes.get(area));
  });
})();
