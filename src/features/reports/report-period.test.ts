import { describe, expect, it } from 'vitest';
import {
  lastCompleteQuarter,
  parsePeriodRequest,
  quarterContaining,
  quarterOf,
  shiftQuarter,
} from './report-period.ts';

const now = new Date('2026-11-24T10:00:00Z');

describe('report periods', () => {
  it('a quarter runs from UK midnight to UK midnight, so BST shifts its edges an hour from UTC', () => {
    const q2 = quarterOf(2026, 2, 'calendar');
    expect(q2.start.toISOString()).toBe('2026-03-31T23:00:00.000Z');
    expect(q2.end.toISOString()).toBe('2026-06-30T23:00:00.000Z');
    const q1 = quarterOf(2026, 1, 'calendar');
    expect(q1.start.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(q1.end.getTime()).toBe(q2.start.getTime());
  });

  it('23:30 BST on 31 March is in January-March; 00:30 BST on 1 April is in April-June', () => {
    expect(quarterContaining(new Date('2026-03-31T22:30:00Z'), 'calendar').key).toBe('2026-Q1');
    expect(quarterContaining(new Date('2026-03-31T23:30:00Z'), 'calendar').key).toBe('2026-Q2');
  });

  it('names quarters by financial year (April to March) or by calendar year', () => {
    expect(quarterOf(2026, 3, 'financial').label).toBe('2026/27 Q2 (July to September 2026)');
    expect(quarterOf(2026, 1, 'financial').label).toBe('2025/26 Q4 (January to March 2026)');
    expect(quarterOf(2026, 3, 'calendar').label).toBe('2026 Q3 (July to September 2026)');
    expect(quarterOf(2026, 4, 'calendar').shortLabel).toBe('Oct-Dec 2026');
  });

  it('"report" alone means the last complete quarter; quarters shift across years', () => {
    expect(lastCompleteQuarter(now, 'financial').key).toBe('2026-Q3');
    expect(shiftQuarter(quarterOf(2026, 1, 'calendar'), 1, 'calendar').key).toBe('2025-Q4');
    expect(shiftQuarter(quarterOf(2025, 4, 'calendar'), -1, 'calendar').key).toBe('2026-Q1');
  });

  it.each([
    ['', '2026-Q3'],
    ['last quarter', '2026-Q3'],
    ['this quarter', '2026-Q4'],
    ['2026 Q3', '2026-Q3'],
    ['Q3 2026', '2026-Q3'],
    ['2026-Q3', '2026-Q3'],
    ['2026/27 Q2', '2026-Q3'],
    ['2026-27 q2', '2026-Q3'],
    ['FY2026 Q2', '2026-Q3'],
    ['2025/26 Q4', '2026-Q1'],
    ['q1 2025/2026', '2025-Q2'],
  ])('reads %j as %s', (text, key) => {
    const request = parsePeriodRequest(text, now, 'financial');
    expect(request.ok && request.period.key).toBe(key);
  });

  it.each([
    ['2027 Q1', 'has not started yet'],
    ['2026/28 Q1', 'one year to the next'],
    ['next tuesday', 'could not read'],
    ['2026 Q5', 'could not read'],
  ])('refuses %j with a clear message', (text, problem) => {
    const request = parsePeriodRequest(text, now, 'financial');
    expect(request.ok).toBe(false);
    if (!request.ok) expect(request.problem).toContain(problem);
  });
});
