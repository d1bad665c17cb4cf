import { describe, expect, it } from 'vitest';
import { countCell, groupCells, rateCell, statisticCell } from './suppress-small-numbers.ts';

const rule = { threshold: 5 };

describe('small-number suppression', () => {
  it('publishes counts at or over the threshold and hides every count under it, zero included', () => {
    expect(countCell(5, rule)).toEqual({ value: 5, text: '5' });
    expect(countCell(1234, rule).text).toBe('1,234');
    for (const count of [0, 1, 2, 3, 4]) expect(countCell(count, rule)).toEqual({ value: null, text: '<5' });
  });

  it('hides a second cell when one hidden cell could be worked out from the total', () => {
    const cells = groupCells([40, 3, 12, 9], rule);
    expect(cells.map((cell) => cell.text)).toEqual(['40', '<5', '12', 'hidden']);
  });

  it('needs no second cell when two are hidden already, or the group has one cell', () => {
    expect(groupCells([40, 3, 2, 9], rule).map((cell) => cell.text)).toEqual(['40', '<5', '<5', '9']);
    expect(groupCells([3], rule).map((cell) => cell.text)).toEqual(['<5']);
  });

  it('follows a configured threshold', () => {
    expect(groupCells([10, 9, 30], { threshold: 10 }).map((cell) => cell.text)).toEqual([
      'hidden',
      '<10',
      '30',
    ]);
  });

  it('publishes a rate or a median only over enough cases', () => {
    expect(rateCell(3, 4, rule)).toEqual({ value: null, text: '<5 cases' });
    expect(rateCell(3, 6, rule)).toEqual({ value: 50, text: '50%' });
    expect(statisticCell(12.5, 4, rule, String).text).toBe('<5 cases');
    expect(statisticCell(12.5, 5, rule, String).text).toBe('12.5');
  });
});
