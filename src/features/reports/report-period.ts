import { ukDayAndMinute, ukInstant } from '../../shared/uk-time.ts';

/** Councils report by financial year (April to March); committees sometimes by calendar year. */
export type QuarterScheme = 'financial' | 'calendar';

/**
 * A quarter of the year in UK time: from midnight (Europe/London) on its first day to midnight on
 * the first day of the next, so a concern at 23:30 BST on 31 March belongs to January-March.
 * Calendar and financial quarters cover the same months; only their names differ.
 */
export interface ReportPeriod {
  /** Calendar year and quarter (1 = January-March): the period's identity, e.g. "2026-Q3". */
  key: string;
  year: number;
  quarter: 1 | 2 | 3 | 4;
  start: Date;
  end: Date;
  /** "2026/27 Q2 (July to September 2026)" or "2026 Q3 (July to September 2026)". */
  label: string;
  /** "Jul-Sep 2026" */
  shortLabel: string;
  /** The months it spans, as YYYY-MM. */
  months: readonly [string, string, string];
}

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

function monthKey(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

export function quarterOf(year: number, quarter: number, scheme: QuarterScheme): ReportPeriod {
  if (!Number.isInteger(year) || quarter < 1 || quarter > 4) throw new RangeError('no such quarter');
  const q = quarter as 1 | 2 | 3 | 4;
  const firstMonth = (q - 1) * 3 + 1;
  const next = q === 4 ? { year: year + 1, month: 1 } : { year, month: firstMonth + 3 };
  const months = [0, 1, 2].map((offset) => monthKey(year, firstMonth + offset)) as [string, string, string];
  const span = `${monthNames[firstMonth - 1]} to ${monthNames[firstMonth + 1]} ${year}`;
  const financialYear = q === 1 ? year - 1 : year;
  const financialQuarter = q === 1 ? 4 : q - 1;
  const financialName = `${financialYear}/${String((financialYear + 1) % 100).padStart(2, '0')} Q${financialQuarter}`;
  return {
    key: `${year}-Q${q}`,
    year,
    quarter: q,
    start: ukInstant(`${months[0]}-01`, 0),
    end: ukInstant(`${monthKey(next.year, next.month)}-01`, 0),
    label: scheme === 'financial' ? `${financialName} (${span})` : `${year} Q${q} (${span})`,
    shortLabel: `${monthNames[firstMonth - 1]?.slice(0, 3)}-${monthNames[firstMonth + 1]?.slice(0, 3)} ${year}`,
    months,
  };
}

/** The quarter an instant falls in (UK time). */
export function quarterContaining(at: Date, scheme: QuarterScheme): ReportPeriod {
  const day = ukDayAndMinute(at).day;
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return quarterOf(year, Math.floor((month - 1) / 3) + 1, scheme);
}

/** The quarter `count` quarters before (negative: after) this one. */
export function shiftQuarter(period: ReportPeriod, count: number, scheme: QuarterScheme): ReportPeriod {
  const index = period.year * 4 + (period.quarter - 1) - count;
  return quarterOf(Math.floor(index / 4), (index % 4) + 1, scheme);
}

/** The last quarter that has ended: what "report" means on its own. */
export function lastCompleteQuarter(now: Date, scheme: QuarterScheme): ReportPeriod {
  return shiftQuarter(quarterContaining(now, scheme), 1, scheme);
}

export type PeriodRequest = { ok: true; period: ReportPeriod } | { ok: false; problem: string };

/**
 * Reads the period a person asked for after "report" (or "report csv"):
 * - nothing, or "last quarter": the last complete quarter;
 * - "this quarter": the quarter so far;
 * - "2026 Q3" / "Q3 2026": calendar quarter 3 of 2026 (July-September);
 * - "2026/27 Q2", "FY2026 Q2", "2026-27 Q2": financial quarter 2 of 2026/27 (July-September 2026);
 * - "2026-Q3": the period key the cards use.
 */
export function parsePeriodRequest(raw: string, now: Date, scheme: QuarterScheme): PeriodRequest {
  const text = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  const current = quarterContaining(now, scheme);
  if (text === '' || text === 'last quarter' || text === 'previous quarter')
    return { ok: true, period: shiftQuarter(current, 1, scheme) };
  if (text === 'this quarter' || text === 'current quarter' || text === 'quarter to date')
    return { ok: true, period: current };
  const financial =
    /^(?:fy ?)?(\d{4})(?:[/-](\d{2}|\d{4}))? ?q([1-4])$/.exec(text) ??
    /^q([1-4]) (?:fy ?)?(\d{4})[/-](\d{2}|\d{4})$/.exec(text);
  const calendar = /^(\d{4})[ -]?q([1-4])$/.exec(text) ?? /^q([1-4]) (\d{4})$/.exec(text);
  let period: ReportPeriod | undefined;
  if (calendar && !text.startsWith('fy')) {
    const [year, quarter] = /^q/.test(text)
      ? [Number(calendar[2]), Number(calendar[1])]
      : [Number(calendar[1]), Number(calendar[2])];
    period = quarterOf(year, quarter, scheme);
  } else if (financial) {
    const [startYear, endYear, quarter] = /^q/.test(text)
      ? [Number(financial[2]), financial[3], Number(financial[1])]
      : [Number(financial[1]), financial[2], Number(financial[3])];
    if (endYear !== undefined && Number(endYear) % 100 !== (startYear + 1) % 100)
      return {
        ok: false,
        problem: `A financial year runs from one year to the next, like ${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}.`,
      };
    // Financial Q1 is April-June of its start year; Q4 is January-March of the next.
    period = quarter === 4 ? quarterOf(startYear + 1, 1, scheme) : quarterOf(startYear, quarter + 1, scheme);
  }
  if (!period)
    return {
      ok: false,
      problem:
        'I could not read that period. Try "report", "report this quarter", "report 2026 Q3" (calendar) or "report 2026/27 Q2" (financial year).',
    };
  if (period.start.getTime() > now.getTime())
    return { ok: false, problem: `${period.label} has not started yet.` };
  if (period.year < 2000) return { ok: false, problem: 'That period is before any records.' };
  return { ok: true, period };
}
