/**
 * Small-number suppression, as in NHS and ONS statistical disclosure control: a count under the
 * threshold is published as "<5" so that nobody can be identified from a small cell (one concern
 * from a team of three). When a group's total is published and only one of its cells is
 * suppressed, the cell could be worked out by subtraction, so the next smallest cell is
 * suppressed too (secondary suppression), and shown as "hidden".
 *
 * Suppression happens once, here, on the way from the figures to the tables: cards, chart
 * images, their alt text and the CSV are all built from the suppressed values.
 */

/**
 * A published figure: `value` is null when suppressed, and `text` then says "<5", or "hidden"
 * for a figure of 5 or more kept back so that a "<5" beside it cannot be worked out.
 */
export interface Cell {
  value: number | null;
  text: string;
}

/** What a secondary-suppressed cell reads as: it is not under 5, so it must not say "<5". */
export const hiddenText = 'hidden';

export interface SuppressionRule {
  threshold: number;
}

export function suppressedText(rule: SuppressionRule): string {
  return `<${rule.threshold}`;
}

const whole = new Intl.NumberFormat('en-GB');

/** One count on its own (e.g. a headline figure): suppressed if it is under the threshold. */
export function countCell(count: number, rule: SuppressionRule): Cell {
  return count < rule.threshold
    ? { value: null, text: suppressedText(rule) }
    : { value: count, text: whole.format(count) };
}

/**
 * The cells of one group that add up to a published total (departments, urgencies, outcomes).
 * Zero is a count like any other: "no concerns from Libraries" is published as "<5" too, so a
 * reader cannot tell a team of one from a team of none.
 */
export function groupCells(counts: readonly number[], rule: SuppressionRule): Cell[] {
  const cells = counts.map((count) => countCell(count, rule));
  const hidden = cells.filter((cell) => cell.value === null).length;
  if (hidden === 1 && cells.length > 1) {
    let smallest = -1;
    for (const [index, cell] of cells.entries()) {
      const current = cells[smallest]?.value;
      if (cell.value !== null && (current === undefined || current === null || cell.value < current))
        smallest = index;
    }
    if (smallest >= 0) cells[smallest] = { value: null, text: hiddenText };
  }
  return cells;
}

/** A percentage, published only when its denominator is at least the threshold. */
export function rateCell(numerator: number, denominator: number, rule: SuppressionRule): Cell {
  if (denominator < rule.threshold) return { value: null, text: `${suppressedText(rule)} cases` };
  const percent = Math.round((numerator / denominator) * 100);
  return { value: percent, text: `${percent}%` };
}

/** A median or percentile over `cases`: published only when there are enough cases. */
export function statisticCell(
  value: number | null,
  cases: number,
  rule: SuppressionRule,
  format: (value: number) => string,
): Cell {
  if (cases < rule.threshold || value === null) return { value: null, text: `${suppressedText(rule)} cases` };
  return { value, text: format(value) };
}
