import { apiPart } from '../route-kinds.js';
import { registerAgendaReady } from './agenda-ready.js';
import { registerExtra, registerOccurrenceChanges, registerOccurrenceRange } from './occurrences.js';
import {
  registerSeriesCreate,
  registerSeriesEdit,
  registerSeriesList,
  registerSeriesReads,
} from './series.js';

/** The series and occurrences API: reads are public, writes need a maintainer. */
export const meetingApiRoutes = apiPart(
  registerSeriesList,
  registerSeriesCreate,
  registerSeriesReads,
  registerSeriesEdit,
  registerOccurrenceRange,
  registerOccurrenceChanges,
  registerExtra,
  registerAgendaReady,
);
