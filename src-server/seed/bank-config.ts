import { bankQueues, bankRoles } from '../../src-shared/node/bank/index.js';
import type { CalendarConfig, SlaConfig } from '../config/slas.js';
import type { QueueConfig } from '../config/queues.js';
import type { RoleConfig } from '../config.js';

/** The bank's office hours in Frankfurt: Hesse's public holidays, TARGET2's closing days, 24 and 31 December. */
export const frankfurtCalendar: CalendarConfig = {
  name: 'Frankfurt',
  timeZone: 'Europe/Berlin',
  workingHours: {
    sunday: [],
    monday: [[480, 1080]],
    tuesday: [[480, 1080]],
    wednesday: [[480, 1080]],
    thursday: [[480, 1080]],
    friday: [[480, 1080]],
    saturday: [],
  },
  holidays: { publicHolidays: 'DE-HE', target2: true, bankHolidays: true, extra: [] },
};

/** IT operations run around the clock; every other department works Frankfurt office hours. */
const aroundTheClock = new Set(['IT-Betrieb']);

/**
 * The configuration sections of the generated bank: one SLA per queue (named like it, with the
 * generator's targets), on the Frankfurt calendar, and the roles of its directory groups.
 */
export function bankServerSections(): { calendars: CalendarConfig[]; slas: SlaConfig[]; queues: QueueConfig[]; roles: RoleConfig[] } {
  const slas = bankQueues.map((queue) => ({ name: queue.name, calendar: aroundTheClock.has(queue.name) ? '24/7' : frankfurtCalendar.name, ...queue.sla }));
  const queues = bankQueues.map((queue) => ({ name: queue.name, group: queue.group, sla: queue.name, valid: true }));
  return { calendars: [frankfurtCalendar], slas, queues, roles: bankRoles() };
}

/** The same sections as JSON for a config file (working hours as text). */
export function bankServerConfigJson(): Record<string, unknown> {
  const sections = bankServerSections();
  const text = ([start, end]: [number, number]): string => `${clock(start)}-${clock(end)}`;
  return {
    ...sections,
    calendars: sections.calendars.map((calendar) => ({
      ...calendar,
      workingHours: Object.fromEntries(Object.entries(calendar.workingHours).filter(([, ranges]) => ranges.length > 0).map(([day, ranges]) => [day, ranges.map(text)])),
    })),
  };
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
