import { ukWallClock } from '../../shared/uk-time.ts';

/** The last Monday-to-Friday of a month, as YYYY-MM-DD. */
export function lastWorkingDay(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0));
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/**
 * The next quarterly newsletter due date on or after today (UK): the last working day of each
 * configured month (default January, April, July, October). Bank holidays never fall on the last
 * working day of those months, so weekends are all that move it.
 */
export function nextNewsletterDue(now: Date, months: readonly number[]): string {
  const today = ukWallClock(now).date;
  const year = Number(today.slice(0, 4));
  const candidates = [year, year + 1]
    .flatMap((candidateYear) =>
      [...months].sort((a, b) => a - b).map((month) => lastWorkingDay(candidateYear, month)),
    )
    .filter((due) => due >= today);
  const next = candidates[0];
  if (!next) throw new Error('no newsletter month configured');
  return next;
}

/** Whole days from today (UK) to a YYYY-MM-DD date. */
export function daysUntil(now: Date, date: string): number {
  const today = Date.parse(`${ukWallClock(now).date}T00:00:00Z`);
  return Math.round((Date.parse(`${date}T00:00:00Z`) - today) / 86_400_000);
}
