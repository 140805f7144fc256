import { apiPart } from '../route-kinds.js';
import { registerBoardEdit, registerBoardList, registerBoardView } from './boards.js';
import { registerColumnList, registerColumnRead, registerColumnUpdates } from './columns.js';
import {
  registerItemCreate,
  registerItemEdit,
  registerItemList,
  registerItemMove,
  registerItemRead,
} from './items.js';

/** Boards and their items: read publicly, written by maintainers. */
export const boardApiRoutes = apiPart(
  registerBoardList,
  registerBoardView,
  registerBoardEdit,
  registerItemList,
  registerItemCreate,
  registerItemRead,
  registerItemEdit,
  registerItemMove,
);

/** The columns of a board: read publicly, written by maintainers (policy action `board.edit`). */
export const boardColumnApiRoutes = apiPart(registerColumnList, registerColumnRead, registerColumnUpdates);
