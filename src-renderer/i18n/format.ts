import type { Language } from '../../src-shared/ipc/app.js';

// Numbers, clock times and durations in the agent's language. Kept here rather than in the
// dictionaries so that both languages format the same way, each with its own conventions
// (12.345 and 10:42 in German, 12,345 and 10:42 in English: 24-hour clocks at a German bank).

const locales: Record<Language, string> = { de: 'de-DE', en: 'en-GB' };

const numberFormats = new Map<Language, Intl.NumberFormat>();

/** A count with the language's digit grouping: 12.345 in German, 12,345 in English. */
export function formatCount(language: Language, value: number): string {
  let format = numberFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(locales[language], { maximumFractionDigits: 0 });
    numberFormats.set(language, format);
  }
  return format.format(value);
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/**
 * A moment as an agent says it: the time alone today ("10:42"), with the day otherwise
 * ("12.05., 10:42"), with the year when it is another year's. Local time of the Desk.
 */
export function formatMoment(language: Language, moment: Date, now: Date): string {
  const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  if (sameDay(moment, now)) return moment.toLocaleTimeString(locales[language], time);
  const day: Intl.DateTimeFormatOptions = { day: '2-digit', month: language === 'de' ? '2-digit' : 'short' };
  if (moment.getFullYear() !== now.getFullYear()) day.year = 'numeric';
  return moment.toLocaleString(locales[language], { ...day, ...time });
}

/** The time of day with seconds, for "last synchronised at" where minutes are too coarse. */
export function formatClockWithSeconds(language: Language, moment: Date): string {
  return moment.toLocaleTimeString(locales[language], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

/** Whole percent, rounded down, so that "100 %" means done and never "almost". */
export function percentOf(part: number, whole: number): number {
  if (whole <= 0) return 100;
  return Math.min(100, Math.floor((part * 100) / whole));
}

/** A duration split for "about 2 min" wording: minutes rounded, hours from 60 minutes on; 0 minutes means less than one. */
export function roughDuration(seconds: number): { hours: number; minutes: number } {
  if (seconds < 60) return { hours: 0, minutes: 0 };
  const totalMinutes = Math.max(1, Math.round(seconds / 60));
  return { hours: Math.floor(totalMinutes / 60), minutes: totalMinutes % 60 };
}

export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
}

/** A span of time in whole days, hours and minutes (rounded down to the minute), for SLA clocks and ages. */
export function durationParts(milliseconds: number): DurationParts {
  const totalMinutes = Math.floor(Math.abs(milliseconds) / 60_000);
  return { days: Math.floor(totalMinutes / 1440), hours: Math.floor((totalMinutes % 1440) / 60), minutes: totalMinutes % 60 };
}

/**
 * Days folded into hours ("68 Std." rather than "2 Tg. 20 Std."): working time, where a day of
 * 24 hours means nothing (an office day has ten), is told in hours and minutes, as the zoom does.
 */
export function inHours(parts: DurationParts): DurationParts {
  return { days: 0, hours: parts.days * 24 + parts.hours, minutes: parts.minutes };
}

/** The largest unit alone ("3 Tg.", "5 Std.", "12 Min."): a ticket's age in a dense list. */
export function coarseDuration(parts: DurationParts): DurationParts {
  if (parts.days > 0) return { days: parts.days, hours: 0, minutes: 0 };
  if (parts.hours > 0) return { days: 0, hours: parts.hours, minutes: 0 };
  return parts;
}
