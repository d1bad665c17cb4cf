import { describe, expect, it } from 'vitest';
import { workingTimeFrom } from '../triage/working-hours.ts';
import { quarterOf } from './report-period.ts';
import { firstWorkingDay, reportDue } from './send-quarterly-report.ts';

const working = workingTimeFrom({
  WORKING_HOURS: '08:30-17:00',
  WORKING_DAYS: ['mon', 'tue', 'wed', 'thu', 'fri'],
  BANK_HOLIDAYS: [],
});

describe('when the quarterly report is due', () => {
  it('is the first working day of the next quarter: weekends and bank holidays skipped', () => {
    expect(firstWorkingDay(quarterOf(2026, 2, 'financial'), working)).toBe('2026-04-01');
    // 1 January 2027 is a bank holiday (Friday): Monday 4 January.
    expect(firstWorkingDay(quarterOf(2027, 1, 'financial'), working)).toBe('2027-01-04');
    // 1 October 2028 is a Sunday.
    expect(firstWorkingDay(quarterOf(2028, 4, 'financial'), working)).toBe('2028-10-02');
  });

  it('from the start of working hours, for the quarter just ended, and for two weeks only', () => {
    expect(reportDue(new Date('2026-04-01T07:00:00Z'), 'financial', working)).toBeUndefined(); // 08:00 BST
    expect(reportDue(new Date('2026-04-01T07:30:00Z'), 'financial', working)?.key).toBe('2026-Q1');
    expect(reportDue(new Date('2026-04-10T12:00:00Z'), 'financial', working)?.key).toBe('2026-Q1');
    expect(reportDue(new Date('2026-05-20T12:00:00Z'), 'financial', working)).toBeUndefined();
    expect(reportDue(new Date('2027-01-01T10:00:00Z'), 'financial', working)).toBeUndefined();
    expect(reportDue(new Date('2027-01-04T09:00:00Z'), 'financial', working)?.key).toBe('2026-Q4');
  });
});
