import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { App } from '../../../app/app.js';
import type { Config } from '../../../config.js';
import { registerExtra, registerOccurrenceChanges, registerOccurrenceRange } from './occurrences.js';
import {
  registerSeriesCreate,
  registerSeriesEdit,
  registerSeriesList,
  registerSeriesReads,
} from './series.js';

/** The series and occurrences API: reads are public, writes need a maintainer. */
export function meetingApiRoutes(app: App, config: Config): FastifyPluginAsyncTypebox {
  return async (server) => {
    registerSeriesList(server, app, config);
    registerSeriesCreate(server, app, config);
    registerSeriesReads(server, app, config);
    registerSeriesEdit(server, app, config);
    registerOccurrenceRange(server, app, config);
    registerOccurrenceChanges(server, app, config);
    registerExtra(server, app, config);
  };
}
