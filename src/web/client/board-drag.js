// Drag and drop for the planning board (drag.js): a drop posts the same move as the API, the
// card's column and the card it now follows; on any refusal the page reloads.
(() => {
  const board = document.querySelector('.board[data-csrf]');
  if (!board) return;
  const status = document.getElementById('board-status');

  const cardAfter = (list, y) => {
    let best = null;
    for (const card of list.querySelectorAll('.card:not(.dragging)')) {
      const box = card.getBoundingClientRect();
      if (y < box.top + box.height / 2) return { before: card, after: best };
      best = card;
    }
    return { before: null, after: best };
  };

  // Every card's "Move" menu as the server would render it after the move: the arrows at an
  // edge disabled, the button of the card's own column hidden.
  const refreshMenus = () => {
    const columns = [...board.querySelectorAll('.board-column')];
    columns.forEach((column, ci) => {
      const cards = [...column.querySelectorAll('.card')];
      column.querySelector('.column-empty')?.toggleAttribute('hidden', cards.length > 0);
      const count = column.querySelector('.count');
      if (count) count.textContent = String(cards.length);
      cards.forEach((card, i) => {
        const edge = {
          left: ci === 0,
          right: ci === columns.length - 1,
          up: i === 0,
          down: i === cards.length - 1,
        };
        for (const button of card.querySelectorAll('button[name="to"]')) {
          if (button.value in edge) button.disabled = edge[button.value];
          else button.hidden = button.value === column.dataset.column;
        }
      });
    });
  };

  const clearTargets = (except) => {
    for (const c of board.querySelectorAll('.drop-target'))
      if (c !== except) c.classList.remove('drop-target');
  };

  globalThis.plenumDrag(board, {
    items: '.card[data-item]',
    key: 'item',
    over(event) {
      const column = event.target.closest?.('.board-column');
      if (!column) return false;
      clearTargets(column);
      column.classList.add('drop-target');
      return true;
    },
    target(event) {
      const column = event.target.closest?.('.board-column');
      if (!column) return null;
      const list = column.querySelector('.cards');
      const { before, after } = cardAfter(list, event.clientY);
      const body = { column: column.dataset.column };
      if (after) body.after = after.dataset.item;
      else if (before) body.before = before.dataset.item;
      else body.position = 0;
      return { body, column, list, before };
    },
    moved: async (res, card, { column, list, before }) => {
      if (!res?.ok) {
        location.reload();
        return;
      }
      const item = await res.json();
      list.insertBefore(card, before);
      card.dataset.version = String(item.version);
      for (const input of card.querySelectorAll('input[name="version"]')) input.value = String(item.version);
      card.querySelector('details.card-menu')?.removeAttribute('open');
      refreshMenus();
      if (status) {
        const title = card.querySelector('.card-title')?.textContent ?? '';
        const name = column.querySelector('h2')?.firstChild?.textContent?.trim() ?? '';
        status.textContent = (board.dataset.moved ?? '{title} → {column}')
          .replace('{title}', title)
          .replace('{column}', name);
      }
    },
    end: () => clearTargets(null),
  });
})();
