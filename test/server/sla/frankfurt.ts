/** Frankfurt office hours, Monday to Friday 08:00–18:00, on Hesse's public holidays, TARGET2 days and the bank's own days: as a server config names them. */
export const frankfurtCalendarConfig = {
  name: 'Frankfurt',
  timeZone: 'Europe/Berlin',
  workingHours: { monday: ['08:00-18:00'], tuesday: ['08:00-18:00'], wednesday: ['08:00-18:00'], thursday: ['08:00-18:00'], friday: ['08:00-18:00'] },
  holidays: { publicHolidays: 'DE-HE', target2: true, bankHolidays: true },
};

/** The SLA the SLA tests count with, on that calendar. */
export const standardSlaConfig = { name: 'Standard', calendar: 'Frankfurt', firstResponseMinutes: 120, updateMinutes: 240, solutionMinutes: 1200, warningPercent: 80 };
