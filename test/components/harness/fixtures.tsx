import { clockBadgesFixture } from './fixtures/clock-badges.js';
import { editStatesFixture } from './fixtures/edit-states.js';
import type { Fixture } from './fixtures/fixture.js';
import { reportPrintFixture, reportPrintForgottenFixture, reportsOverviewFixture, reportsScreenFixture } from './fixtures/reports.js';
import { syncIndicatorFixture } from './fixtures/sync-indicator.js';
import { ticketGridFixture } from './fixtures/ticket-grid.js';

/** Every component the harness can mount, by the name in the address (`#clock-badges`). */
export const fixtures: Record<string, Fixture> = {
  'clock-badges': clockBadgesFixture,
  'sync-indicator': syncIndicatorFixture,
  'ticket-grid': ticketGridFixture,
  'edit-states': editStatesFixture,
  'reports-screen': reportsScreenFixture,
  'report-print': reportPrintFixture,
  'report-print-forgotten': reportPrintForgottenFixture,
  'reports-overview': reportsOverviewFixture,
};
