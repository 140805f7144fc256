// Suggests ideas by title while someone types into a field that links an idea. Without
// JavaScript the field still takes words of the title, which the server resolves.
(() => {
  const lists = new WeakMap();
  let counter = 0;
  let pending = null;

  const listFor = (input) => {
    let list = lists.get(input);
    if (!list) {
      list = document.createElement('datalist');
      list.id = `idea-choices-${++counter}`;
      document.body.append(list);
      input.setAttribute('list', list.id);
      lists.set(input, list);
    }
    return list;
  };

  const suggest = async (input) => {
    const words = input.value.trim();
    const list = listFor(input);
    if (words.length < 2) return list.replaceChildren();
    const url = new URL(input.getAttribute('data-idea-picker'), location.href);
    url.searchParams.set('q', words);
    url.searchParams.set('limit', '8');
    const res = await fetch(url, { headers: { accept: 'application/json' } }).catch(() => null);
    if (!res?.ok || input.value.trim() !== words) return;
    const { items } = await res.json();
    list.replaceChildren(
      ...items.map((idea) => {
        const option = document.createElement('option');
        option.value = idea.title;
        option.label = idea.slug;
        return option;
      }),
    );
  };

  const isPicker = (input) => input instanceof HTMLInputElement && input.hasAttribute('data-idea-picker');

  // On the document, so fields that a live page swaps in are served as well.
  document.addEventListener('input', (event) => {
    const input = event.target;
    if (!isPicker(input)) return;
    clearTimeout(pending);
    pending = setTimeout(() => suggest(input), 200);
  });

  // The script is deferred: on a slow connection someone may have typed into the field before
  // it arrived, and those keystrokes were heard by nobody.
  if (isPicker(document.activeElement) && document.activeElement.value.trim().length >= 2)
    suggest(document.activeElement);
})();
