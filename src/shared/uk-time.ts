/** Dates and times as people in the UK read them (Europe/London, GMT or BST). */

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The clock's parts (year ... second) of an instant in UK time. */
function ukParts(at: Date): Record<string, string> {
  return Object.fromEntries(partsFormat.formatToParts(at).map((part) => [part.type, part.value]));
}

/** The UK wall-clock date (YYYY-MM-DD) and time (HH:mm) of an instant. */
export function ukWallClock(at: Date): { date: string; time: string } {
  const parts = ukParts(at);
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/**
 * The instant a UK wall-clock date and time names, to the minute. `undefined` for a time the
 * clocks skip (01:00-01:59 on the last Sunday of March); in the October hour that happens twice,
 * the first (BST) is taken.
 */
export function fromUkWallClock(date: string, time: string): Date | undefined {
  const dateMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const timeMatch = /^(\d{2}):(\d{2})(?::\d{2})?$/.exec(time);
  if (!dateMatch || !timeMatch) return undefined;
  const asUtc = Date.UTC(
    Number(dateMatch[1]),
    Number(dateMatch[2]) - 1,
    Number(dateMatch[3]),
    Number(timeMatch[1]),
    Number(timeMatch[2]),
  );
  const wanted = `${date} ${timeMatch[1]}:${timeMatch[2]}`;
  // The UK is UTC+0 or UTC+1: try BST first so the repeated October hour resolves to its first pass.
  for (const offsetHours of [1, 0]) {
    const candidate = new Date(asUtc - offsetHours * 3_600_000);
    const shown = ukWallClock(candidate);
    if (`${shown.date} ${shown.time}` === wanted) return candidate;
  }
  return undefined;
}

/** "24 Nov 2026" */
export function ukDayLabel(at: Date): string {
  return at.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'Europe/London',
  });
}

/** "Tuesday 24 November 2026, 09:00" */
export function ukLongDateTime(at: Date): string {
  return at.toLocaleString('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'Europe/London',
  });
}

/** "24 November 2026" for a plain YYYY-MM-DD date (no time zone involved). */
export function plainDateLabel(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/**
 * The UK wall-clock reading of an instant as a day (YYYY-MM-DD) and minutes after midnight, with
 * the UTC offset in force: for working hours, deadlines and quarter boundaries.
 */
export function ukDayAndMinute(at: Date): { day: string; minute: number; offsetMs: number } {
  const parts = ukParts(at);
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  const hour = Number(parts.hour);
  const minute = Number(parts.minute);
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    hour,
    minute,
    Number(parts.second),
  );
  return { day, minute: hour * 60 + minute, offsetMs: asUtc - Math.floor(at.getTime() / 1000) * 1000 };
}

/** The instant at which UK clocks read `minute` minutes after midnight on `day`. */
export function ukInstant(day: string, minute: number): Date {
  const guess = new Date(`${day}T00:00:00Z`).getTime() + minute * 60_000;
  const first = guess - ukDayAndMinute(new Date(guess)).offsetMs;
  return new Date(guess - ukDayAndMinute(new Date(first)).offsetMs);
}
