import { describe, expect, it } from 'vitest';
import { daysUntil, lastWorkingDay, nextNewsletterDue } from './newsletter-schedule.ts';

describe('quarterly newsletter schedule', () => {
  it('is due on the last working day of January, April, July and October', () => {
    expect(lastWorkingDay(2027, 1)).toBe('2027-01-29'); // 30th and 31st are a weekend
    expect(lastWorkingDay(2026, 10)).toBe('2026-10-30'); // the 31st is a Saturday
    expect(lastWorkingDay(2026, 7)).toBe('2026-07-31');
  });

  it('picks the next one on or after today (UK), rolling into next year', () => {
    const quarters = [1, 4, 7, 10];
    expect(nextNewsletterDue(new Date('2026-11-24T10:00:00Z'), quarters)).toBe('2027-01-29');
    expect(nextNewsletterDue(new Date('2026-07-31T23:30:00Z'), quarters)).toBe('2026-10-30');
    expect(nextNewsletterDue(new Date('2026-07-31T10:00:00Z'), quarters)).toBe('2026-07-31');
    expect(daysUntil(new Date('2027-01-22T09:00:00Z'), '2027-01-29')).toBe(7);
  });
});
