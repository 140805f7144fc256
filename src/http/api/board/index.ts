import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { App } from '../../../app/app.js';
import type { Config } from '../../../config.js';
import { registerBoardList, registerBoardView } from './boards.js';
import { registerColumnList, registerColumnRead, registerColumnUpdates } from './columns.js';
import {
  registerItemCreate,
  registerItemEdit,
  registerItemList,
  registerItemMove,
  registerItemRead,
} from './items.js';

/** Boards and their items: read publicly, written by maintainers. */
export function boardApiRoutes(app: App, config: Config): FastifyPluginAsyncTypebox {
  return async (server) => {
    registerBoardList(server, app, config);
    registerBoardView(server, app);
    registerItemList(server, app);
    registerItemCreate(server, app, config);
    registerItemRead(server, app);
    registerItemEdit(server, app);
    registerItemMove(server, app);
  };
}

/** The columns of a board: read publicly, written by maintainers (policy action `board.edit`). */
export function boardColumnApiRoutes(app: App, config: Config): FastifyPluginAsyncTypebox {
  return async (server) => {
    registerColumnList(server, app, config);
    registerColumnRead(server, app);
    registerColumnUpdates(server, app);
  };
}
