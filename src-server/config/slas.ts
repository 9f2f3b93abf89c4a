import { z } from 'zod';
import { calendarSchema, type Calendar } from '../../src-shared/sla/calendar.js';
import { holidayDates, holidaySourcesSchema } from '../../src-shared/sla/holidays.js';
import { slaTargetsSchema, type SlaTargets } from '../../src-shared/sync/entities.js';

const weekdayNames = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** `08:00-12:00`: a working range of a day, end exclusive; `24:00` ends at midnight. */
const rangeText = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/u, 'a range is written HH:MM-HH:MM, e.g. 08:00-18:00')
  .transform((text): [number, number] => {
    const [start = '', end = ''] = text.split('-');
    const minutes = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
    return [minutes(start), minutes(end)];
  });

export const calendarConfigSchema = z.strictObject({
  name: z.string().min(1).max(200),
  /** An IANA time zone, e.g. Europe/Berlin: the working hours are local times there. */
  timeZone: z.string().min(1),
  /** Working ranges per weekday; a day not named has none. */
  workingHours: z.strictObject(Object.fromEntries(weekdayNames.map((day) => [day, z.array(rangeText).default([])])) as Record<(typeof weekdayNames)[number], z.ZodDefault<z.ZodArray<typeof rangeText>>>),
  holidays: holidaySourcesSchema.prefault({}),
});
export type CalendarConfig = z.output<typeof calendarConfigSchema>;

export const slaConfigSchema = slaTargetsSchema.extend({ name: z.string().min(1).max(200), calendar: z.string().min(1) }).strict();
export type SlaConfig = z.output<typeof slaConfigSchema>;

/** The calendar where every minute counts; queues that give their SLA targets inline count on it. */
export const continuousCalendarName = '24/7';

/** Years whose holidays a calendar spells out: seeded and reported history behind, due instants ahead. */
export function holidayYears(now: Date): { from: number; to: number } {
  const year = now.getUTCFullYear();
  return { from: year - 2, to: year + 3 };
}

/** The calendar the clocks count on, its holidays spelt out for `years`; throws with the calendar named when it is unusable. */
export function resolveCalendar(config: CalendarConfig, years: { from: number; to: number }): Calendar {
  return calendarSchema.parse({
    name: config.name,
    timeZone: config.timeZone,
    weekdays: weekdayNames.map((day) => config.workingHours[day]),
    holidays: holidayDates(config.holidays, years),
  });
}

/** Problems of the calendars, SLAs and queue references as a whole, with the path of each. */
export function slaConfigProblems(
  calendars: readonly CalendarConfig[],
  slas: readonly SlaConfig[],
  queues: readonly { name: string; sla: string | SlaTargets }[],
): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const calendarNames = new Set<string>([continuousCalendarName]);
  calendars.forEach((calendar, index) => {
    if (calendarNames.has(calendar.name)) problems.push({ path: ['calendars', index, 'name'], message: `duplicate calendar name "${calendar.name}"` });
    calendarNames.add(calendar.name);
    const parsed = calendarSchema.safeParse({ name: calendar.name, timeZone: calendar.timeZone, weekdays: weekdayNames.map((day) => calendar.workingHours[day]), holidays: [] });
    for (const issue of parsed.error?.issues ?? []) {
      // The calendar's own checks are about its weekdays, which the configuration calls workingHours.
      const field = issue.path[0] === undefined || issue.path[0] === 'weekdays' ? 'workingHours' : String(issue.path[0]);
      problems.push({ path: ['calendars', index, field], message: `calendar "${calendar.name}": ${issue.message}` });
    }
  });
  const slaNames = new Set<string>();
  slas.forEach((sla, index) => {
    if (slaNames.has(sla.name)) problems.push({ path: ['slas', index, 'name'], message: `duplicate SLA name "${sla.name}"` });
    slaNames.add(sla.name);
    if (!calendarNames.has(sla.calendar)) problems.push({ path: ['slas', index, 'calendar'], message: `SLA "${sla.name}" names calendar "${sla.calendar}", which is not in "calendars"` });
  });
  queues.forEach((queue, index) => {
    if (typeof queue.sla === 'string') {
      if (!slaNames.has(queue.sla)) problems.push({ path: ['queues', index, 'sla'], message: `queue "${queue.name}" names SLA "${queue.sla}", which is not in "slas"` });
    } else if (slaNames.has(queue.name)) {
      problems.push({ path: ['queues', index, 'sla'], message: `queue "${queue.name}" gives its SLA inline, which would be named like the SLA "${queue.name}": name that SLA instead` });
    }
  });
  return problems;
}
