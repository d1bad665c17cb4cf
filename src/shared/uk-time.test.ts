import { describe, expect, it } from 'vitest';
import { fromUkWallClock, ukDayLabel, ukWallClock } from './uk-time.ts';

describe('UK wall-clock time', () => {
  it('reads a winter time as GMT and a summer time as BST, to the minute', () => {
    expect(fromUkWallClock('2026-11-24', '09:05')?.toISOString()).toBe('2026-11-24T09:05:00.000Z');
    expect(fromUkWallClock('2026-07-01', '09:05')?.toISOString()).toBe('2026-07-01T08:05:00.000Z');
  });

  it('refuses the hour the clocks skip in March, and takes the first pass of the October hour', () => {
    expect(fromUkWallClock('2026-03-29', '01:30')).toBeUndefined();
    expect(fromUkWallClock('2026-10-25', '01:30')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('refuses malformed input and round-trips the wall clock', () => {
    expect(fromUkWallClock('24/11/2026', '09:00')).toBeUndefined();
    expect(fromUkWallClock('2026-11-24', '9am')).toBeUndefined();
    expect(ukWallClock(new Date('2026-07-01T23:30:00Z'))).toEqual({ date: '2026-07-02', time: '00:30' });
    expect(ukDayLabel(new Date('2026-11-24T10:00:00Z'))).toBe('24 Nov 2026');
  });
});
