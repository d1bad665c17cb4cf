import { describe, expect, it } from 'vitest';
import { ukInstant } from '../../shared/uk-time.ts';
import {
  endOfWorkingDay,
  englandAndWalesBankHolidays,
  isWorkingTime,
  workingTimeFrom,
} from './working-hours.ts';

const working = workingTimeFrom({
  WORKING_HOURS: '08:30-17:00',
  WORKING_DAYS: ['mon', 'tue', 'wed', 'thu', 'fri'],
  BANK_HOLIDAYS: [],
});

describe('UK working hours', () => {
  it('reads the clock in UK time: 08:00 UTC in summer is 09:00 BST, a working minute', () => {
    expect(isWorkingTime(new Date('2026-06-10T07:45:00Z'), working)).toBe(true);
    expect(isWorkingTime(new Date('2026-01-14T08:15:00Z'), working)).toBe(false);
    expect(isWorkingTime(new Date('2026-01-14T16:59:00Z'), working)).toBe(true);
    expect(isWorkingTime(new Date('2026-01-14T17:00:00Z'), working)).toBe(false);
  });

  it('weekends and bank holidays are not working time (Good Friday 2026 is 3 April)', () => {
    expect(isWorkingTime(new Date('2026-03-14T11:00:00Z'), working)).toBe(false);
    expect(isWorkingTime(new Date('2026-04-03T10:00:00Z'), working)).toBe(false);
  });

  it('a standard concern is due at the end of the same working day, or the next one', () => {
    expect(endOfWorkingDay(new Date('2026-01-14T10:00:00Z'), working).toISOString()).toBe(
      '2026-01-14T17:00:00.000Z',
    );
    // Summer: 17:00 BST is 16:00 UTC.
    expect(endOfWorkingDay(new Date('2026-06-10T06:00:00Z'), working).toISOString()).toBe(
      '2026-06-10T16:00:00.000Z',
    );
    // Friday evening before the Easter weekend: due Tuesday 7 April (Good Friday and Easter Monday off).
    expect(endOfWorkingDay(new Date('2026-04-02T18:30:00Z'), working).toISOString()).toBe(
      '2026-04-07T16:00:00.000Z',
    );
    // Christmas 2026: Boxing Day is a Saturday, so Monday 28 December is the substitute day.
    expect(endOfWorkingDay(new Date('2026-12-24T17:30:00Z'), working).toISOString()).toBe(
      '2026-12-29T17:00:00.000Z',
    );
  });

  it('UK wall time converts to the right instant across the clock change', () => {
    expect(ukInstant('2026-03-28', 9 * 60).toISOString()).toBe('2026-03-28T09:00:00.000Z');
    expect(ukInstant('2026-03-30', 9 * 60).toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  it('the built-in bank holidays are all weekdays', () => {
    for (const day of englandAndWalesBankHolidays) {
      const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
      expect(weekday, day).toBeGreaterThan(0);
      expect(weekday, day).toBeLessThan(6);
    }
  });
});
