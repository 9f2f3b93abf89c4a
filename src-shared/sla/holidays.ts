import Holidays from 'date-holidays';
import { z } from 'zod';

/**
 * Where a calendar's days off come from: the public holidays of a country or federal state,
 * TARGET2's closing days, the bank's own days, and further dates. Easter and the feasts that
 * follow it come from date-holidays' rules, never from arithmetic of our own.
 */
export const holidaySourcesSchema = z.strictObject({
  /** Public holidays as date-holidays names them: a country (`DE`) or a state in it (`DE-HE`). */
  publicHolidays: z
    .string()
    .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/u, 'a country code, optionally with a state: DE or DE-HE')
    .refine(isKnownRegion, { error: 'date-holidays knows no such country or state' })
    .optional(),
  /** TARGET2 closing days: 1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December. */
  target2: z.boolean().default(false),
  /** The bank's own days off: 24 and 31 December. */
  bankHolidays: z.boolean().default(false),
  /** More days off: yearly (`MM-DD`) or once (`YYYY-MM-DD`). */
  extra: z.array(z.string().regex(/^(\d{4}-)?\d{2}-\d{2}$/u, 'MM-DD every year, or YYYY-MM-DD once')).default([]),
});
export type HolidaySources = z.infer<typeof holidaySourcesSchema>;

const target2Rules = ['01-01', 'easter -2', 'easter 1', '05-01', '12-25', '12-26'];
const bankRules = ['12-24', '12-31'];

function isKnownRegion(region: string): boolean {
  const [country = '', state] = region.split('-');
  const lookup = new Holidays();
  if (!(country in lookup.getCountries())) return false;
  return state === undefined || state in lookup.getStates(country);
}

function regionHolidays(region: string): Holidays {
  const [country = '', state] = region.split('-');
  return state === undefined ? new Holidays(country) : new Holidays(country, state);
}

/** A date-holidays instance holding only `rules`, each a whole day off. */
function fromRules(rules: readonly string[]): Holidays {
  const holidays = new Holidays();
  for (const rule of rules) holidays.setHoliday(rule, { name: { en: rule }, type: 'public' });
  return holidays;
}

/** The local dates (`YYYY-MM-DD`) off in the years `from` to `to`, sorted, each once. */
export function holidayDates(sources: HolidaySources, years: { from: number; to: number }): string[] {
  const dates = new Set<string>();
  const publicHolidays = sources.publicHolidays === undefined ? null : regionHolidays(sources.publicHolidays);
  const ownRules = [...(sources.target2 ? target2Rules : []), ...(sources.bankHolidays ? bankRules : [])];
  const own = ownRules.length > 0 ? fromRules(ownRules) : null;
  for (let year = years.from; year <= years.to; year += 1) {
    for (const holiday of publicHolidays?.getHolidays(year) ?? []) if (holiday.type === 'public') dates.add(holiday.date.slice(0, 10));
    for (const holiday of own?.getHolidays(year) ?? []) dates.add(holiday.date.slice(0, 10));
    for (const date of sources.extra) {
      if (date.length === 5) dates.add(`${String(year)}-${date}`);
      else if (date.startsWith(String(year))) dates.add(date);
    }
  }
  return [...dates].sort();
}
