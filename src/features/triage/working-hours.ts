import type { Config } from '../../config.ts';
import { ukDayAndMinute, ukInstant } from '../../shared/uk-time.ts';

/**
 * England and Wales bank holidays (gov.uk/bank-holidays), used when BANK_HOLIDAYS is not set.
 * A council in Scotland or Northern Ireland, or one with its own closure days, sets the list.
 */
export const englandAndWalesBankHolidays: readonly string[] = [
  '2025-01-01',
  '2025-04-18',
  '2025-04-21',
  '2025-05-05',
  '2025-05-26',
  '2025-08-25',
  '2025-12-25',
  '2025-12-26',
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28',
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
  '2027-12-27',
  '2027-12-28',
  '2028-01-03',
  '2028-04-14',
  '2028-04-17',
  '2028-05-01',
  '2028-05-29',
  '2028-08-28',
  '2028-12-25',
  '2028-12-26',
];

const dayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type DayName = (typeof dayNames)[number];

/** When the council works, in UK time (Europe/London, so BST is handled). */
export interface WorkingTime {
  /** Minutes after local midnight. */
  startMinute: number;
  endMinute: number;
  days: ReadonlySet<DayName>;
  holidays: ReadonlySet<string>;
}

export function workingTimeFrom(
  config: Pick<Config, 'WORKING_HOURS' | 'WORKING_DAYS' | 'BANK_HOLIDAYS'>,
): WorkingTime {
  const [start = '08:30', end = '17:00'] = config.WORKING_HOURS.split('-');
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return {
    startMinute: minutes(start),
    endMinute: minutes(end),
    days: new Set(config.WORKING_DAYS),
    holidays: new Set(config.BANK_HOLIDAYS.length > 0 ? config.BANK_HOLIDAYS : englandAndWalesBankHolidays),
  };
}

function nextDay(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** The first working day on or after `day` (YYYY-MM-DD). */
export function firstWorkingDayFrom(day: string, working: WorkingTime): string {
  let found = day;
  for (let guard = 0; guard < 400 && !isWorkingDay(found, working); guard += 1) found = nextDay(found);
  return found;
}

export function isWorkingDay(day: string, working: WorkingTime): boolean {
  const name = dayNames[new Date(`${day}T12:00:00Z`).getUTCDay()];
  return name !== undefined && working.days.has(name) && !working.holidays.has(day);
}

export function isWorkingTime(at: Date, working: WorkingTime): boolean {
  const { day, minute } = ukDayAndMinute(at);
  return isWorkingDay(day, working) && minute >= working.startMinute && minute < working.endMinute;
}

/**
 * The end of the working day a standard concern must be acknowledged by: today's close if it
 * arrives before close on a working day, otherwise the close of the next working day.
 */
export function endOfWorkingDay(at: Date, working: WorkingTime): Date {
  let { day, minute } = ukDayAndMinute(at);
  if (!isWorkingDay(day, working) || minute >= working.endMinute) {
    day = nextDay(day);
    minute = 0;
  }
  day = firstWorkingDayFrom(day, working);
  return ukInstant(day, working.endMinute);
}

/**
 * The configured out-of-hours route, for a concern receipt submitted outside working hours (the
 * DSLs may not see it until the next working day); undefined in working hours.
 */
export function outOfHoursRouteFor(
  config: Pick<Config, 'WORKING_HOURS' | 'WORKING_DAYS' | 'BANK_HOLIDAYS' | 'OUT_OF_HOURS_ROUTE_TEXT'>,
  at: Date,
): string | undefined {
  return isWorkingTime(at, workingTimeFrom(config)) ? undefined : config.OUT_OF_HOURS_ROUTE_TEXT;
}
