import { createContext } from 'react';
import type { Calendar } from '../../../src-shared/sla/calendar.js';

/**
 * The calendars of the rows on screen, by id (`tickets.list` brings them with each window): the
 * clock badges count time left on them. A context rather than a prop, so that the memoised rows
 * need not change when a window with another calendar arrives.
 */
export const ListCalendars = createContext<ReadonlyMap<string, Calendar>>(new Map());
