import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import { type Config, loadConfig } from '../../src/config.ts';
import { lastWorkingDay } from '../../src/features/announcements/newsletter-schedule.ts';
import {
  type CategoryCode,
  categoriesFor,
  categoryTitle,
} from '../../src/features/raise-concern/concern-categories.ts';
import { formatReference } from '../../src/features/raise-concern/concern-reference.ts';
import type {
  ConcernDetails,
  SubjectType,
  Urgency,
} from '../../src/features/raise-concern/concern-schema.ts';
import { type TriageAction, transition } from '../../src/features/triage/triage-state.ts';
import {
  endOfWorkingDay,
  type WorkingTime,
  workingTimeFrom,
} from '../../src/features/triage/working-hours.ts';
import { hashConcernEvent, type JsonValue } from '../../src/storage/concern-events.ts';
import type {
  AnnouncementsTable,
  ConcernEventsTable,
  ConcernsTable,
  DeliveriesTable,
  QaFeedbackTable,
  QaOutcomesTable,
  QaSharedQuestionsTable,
  Schema,
} from '../../src/storage/schema.ts';

/**
 * A seeded, synthetic year of a city council's safeguarding work: concerns with their whole
 * hash-chained chronology (written with the same event kinds, details and state machine as the
 * triage feature), quarterly newsletters and procedure changes with their deliveries, and policy
 * Q&A outcomes. Every free text says "Demo ... (synthetic)": no real person, place or case.
 * The same options and seed always give the same rows.
 */
export interface DemoDataOptions {
  from: Date;
  to: Date;
  concerns: number;
  seed: number;
  /** Staff in the directory (reporters and announcement recipients); default 1,200. */
  staff?: number;
  /**
   * Newsletters (one per quarter in the period) then procedure changes; default: every newsletter
   * due in the period and three procedure changes a year (7 over a year).
   */
  announcements?: number;
  /** Policy questions asked; default 3,000 a year. */
  qaQuestions?: number;
  /** SLA and working-hours settings; default: the app's defaults. */
  config?: Pick<
    Config,
    | 'SLA_IMMEDIATE_MINUTES'
    | 'SLA_URGENT_MINUTES'
    | 'SLA_STANDARD_STEP_MINUTES'
    | 'WORKING_HOURS'
    | 'WORKING_DAYS'
    | 'BANK_HOLIDAYS'
    | 'NEWSLETTER_MONTHS'
    | 'ANNOUNCEMENT_REMINDER_DAYS'
  >;
}

export interface DemoDataSummary {
  concerns: number;
  events: number;
  announcements: number;
  deliveries: number;
  qaOutcomes: number;
  qaFeedback: number;
  sharedQuestions: number;
}

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;

// ---------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32): fast, tiny, and the same sequence on every platform.

class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return itemAt(items, Math.floor(this.next() * items.length));
  }

  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let target = this.next() * total;
    for (const [value, weight] of entries) {
      target -= weight;
      if (target < 0) return value;
    }
    return itemAt(entries, entries.length - 1)[0];
  }

  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Delays people take: most short, a long tail. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  uuid(): string {
    const hex = (value: number) => (value >>> 0).toString(16).padStart(8, '0');
    const a = hex(this.next() * 4_294_967_296);
    const b = hex(this.next() * 4_294_967_296);
    const c = hex(this.next() * 4_294_967_296);
    const d = hex(this.next() * 4_294_967_296);
    const variant = ((Number.parseInt(c.slice(0, 1), 16) & 0x3) | 0x8).toString(16);
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  }
}

function itemAt<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`demo data: no item at ${index}`);
  return item;
}

// ---------------------------------------------------------------------------------------------
// UK time without Intl on every call: BST runs from 01:00 UTC on the last Sunday of March to
// 01:00 UTC on the last Sunday of October (Summer Time Order 2002). The test checks it against
// the app's Intl-based helpers.

const bstByYear = new Map<number, readonly [number, number]>();

function lastSundayAtOneUtc(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0, 1));
  return last.getTime() - last.getUTCDay() * dayMs;
}

export function ukOffsetMs(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  let range = bstByYear.get(year);
  if (!range) {
    range = [lastSundayAtOneUtc(year, 2), lastSundayAtOneUtc(year, 9)];
    bstByYear.set(year, range);
  }
  return ms >= range[0] && ms < range[1] ? hourMs : 0;
}

/** The UK calendar day (YYYY-MM-DD), minutes after midnight and weekday (0 = Sunday) of an instant. */
export function ukParts(ms: number): { day: string; minute: number; weekday: number } {
  const local = new Date(ms + ukOffsetMs(ms));
  return {
    day: local.toISOString().slice(0, 10),
    minute: local.getUTCHours() * 60 + local.getUTCMinutes(),
    weekday: local.getUTCDay(),
  };
}

/** The instant UK clocks read `minute` minutes after midnight on `day`. */
export function ukInstantMs(day: string, minute: number): number {
  const local = Date.parse(`${day}T00:00:00Z`) + minute * minuteMs;
  const first = local - ukOffsetMs(local);
  return local - ukOffsetMs(first);
}

function addDaysTo(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

const weekdayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

function isWorkingDay(day: string, working: WorkingTime): boolean {
  const name = weekdayNames[new Date(`${day}T12:00:00Z`).getUTCDay()];
  return name !== undefined && working.days.has(name) && !working.holidays.has(day);
}

/** `minutes` of working time after `ms` (time outside working hours does not count). */
function addWorkingMinutes(ms: number, minutes: number, working: WorkingTime): number {
  let { day, minute } = ukParts(ms);
  // While still at the starting moment, count from it to the second; later, from a day's start.
  let from = ms;
  let left = minutes;
  for (let guard = 0; guard < 1000; guard += 1) {
    if (!isWorkingDay(day, working) || minute >= working.endMinute) {
      day = addDaysTo(day, 1);
      minute = working.startMinute;
      from = ukInstantMs(day, minute);
      continue;
    }
    if (minute < working.startMinute) {
      minute = working.startMinute;
      from = ukInstantMs(day, minute);
    }
    const available = working.endMinute - minute;
    if (left <= available) return from + left * minuteMs;
    left -= available;
    day = addDaysTo(day, 1);
    minute = working.startMinute;
    from = ukInstantMs(day, minute);
  }
  return ms + minutes * minuteMs;
}

/** The first working moment at or after `ms`, plus a few minutes of settling in. */
function nextWorkingMoment(ms: number, working: WorkingTime, random: Random): number {
  const { day, minute } = ukParts(ms);
  if (isWorkingDay(day, working) && minute >= working.startMinute && minute < working.endMinute) return ms;
  let next = minute < working.startMinute ? day : addDaysTo(day, 1);
  for (let guard = 0; guard < 30 && !isWorkingDay(next, working); guard += 1) next = addDaysTo(next, 1);
  return ukInstantMs(next, working.startMinute) + random.int(0, 90) * minuteMs + random.int(0, 59) * 1000;
}

// ---------------------------------------------------------------------------------------------
// The council: departments, how much they report and what about.

type CategoryWeights = Partial<Record<CategoryCode, number>>;

interface Department {
  name: string;
  /** Share of the directory's staff. */
  staff: number;
  /** Relative number of concerns raised, before season and trend. */
  concerns: number;
  subject: { child: number; adult: number; unsure: number };
  categories: CategoryWeights;
  /** Multiplier per calendar month (January first). */
  season: readonly number[];
  /** Multiplier at the start and the end of the period: the trend. */
  trend: readonly [number, number];
  /** Share of sent announcements its staff acknowledge. */
  readRate: number;
}

const flat = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] as const;
// School terms: concerns from schools fall away in the summer holidays and peak in the autumn term.
const schoolYear = [1.1, 1.05, 1.05, 0.85, 1.05, 1, 0.75, 0.2, 1.25, 1.3, 1.25, 0.85] as const;
// Cold homes, hoarding and isolation show up in winter.
const winter = [1.3, 1.25, 1.05, 0.95, 0.85, 0.8, 0.8, 0.85, 0.9, 1.05, 1.2, 1.3] as const;
// Parks and leisure centres are busiest in the summer holidays.
const summer = [0.55, 0.6, 0.8, 1, 1.15, 1.35, 1.6, 1.75, 1.05, 0.85, 0.65, 0.6] as const;

export const departments: readonly Department[] = [
  {
    name: 'Housing',
    staff: 130,
    concerns: 15,
    subject: { child: 0.3, adult: 0.6, unsure: 0.1 },
    categories: {
      neglect: 30,
      self_neglect: 22,
      domestic_abuse: 16,
      exploitation: 9,
      financial: 6,
      emotional: 5,
      physical: 4,
      not_sure: 8,
    },
    season: winter,
    // The story the report should find: Housing's concerns rise through the year, mostly neglect.
    trend: [0.75, 1.75],
    readRate: 0.8,
  },
  {
    name: 'Adult Social Care',
    staff: 170,
    concerns: 20,
    subject: { child: 0.03, adult: 0.93, unsure: 0.04 },
    categories: {
      financial: 18,
      neglect: 18,
      physical: 13,
      self_neglect: 12,
      emotional: 10,
      organisational: 8,
      domestic_abuse: 8,
      sexual: 4,
      discriminatory: 3,
      modern_slavery: 2,
      not_sure: 4,
    },
    season: flat,
    trend: [0.95, 1.1],
    readRate: 0.9,
  },
  {
    name: "Children's Services",
    staff: 190,
    concerns: 21,
    subject: { child: 0.92, adult: 0.04, unsure: 0.04 },
    categories: {
      neglect: 28,
      emotional: 18,
      physical: 14,
      domestic_abuse: 14,
      sexual: 8,
      exploitation: 9,
      fgm_honour_forced_marriage: 2,
      radicalisation: 2,
      not_sure: 5,
    },
    season: [1.05, 1, 1, 0.95, 1, 1, 0.95, 0.8, 1.1, 1.1, 1.05, 0.95],
    trend: [0.95, 1.1],
    readRate: 0.92,
  },
  {
    name: 'Education',
    staff: 150,
    concerns: 13,
    subject: { child: 0.95, adult: 0.02, unsure: 0.03 },
    categories: {
      neglect: 24,
      emotional: 20,
      physical: 14,
      domestic_abuse: 12,
      sexual: 7,
      exploitation: 8,
      radicalisation: 4,
      fgm_honour_forced_marriage: 3,
      not_sure: 8,
    },
    season: schoolYear,
    trend: [0.95, 1.15],
    readRate: 0.88,
  },
  {
    name: 'Revenues and Benefits',
    staff: 90,
    concerns: 7,
    subject: { child: 0.1, adult: 0.82, unsure: 0.08 },
    categories: {
      financial: 40,
      self_neglect: 15,
      domestic_abuse: 10,
      modern_slavery: 8,
      neglect: 8,
      exploitation: 6,
      emotional: 4,
      not_sure: 9,
    },
    season: [1.2, 1.1, 1.3, 1.15, 0.95, 0.9, 0.85, 0.85, 0.9, 0.95, 1, 1.05],
    trend: [0.9, 1.2],
    readRate: 0.78,
  },
  {
    name: 'Customer Services',
    staff: 100,
    concerns: 8,
    subject: { child: 0.3, adult: 0.55, unsure: 0.15 },
    categories: {
      domestic_abuse: 20,
      financial: 12,
      emotional: 12,
      self_neglect: 10,
      neglect: 12,
      exploitation: 6,
      physical: 6,
      not_sure: 22,
    },
    season: flat,
    trend: [0.95, 1.15],
    readRate: 0.74,
  },
  {
    name: 'Libraries',
    staff: 60,
    concerns: 3.5,
    subject: { child: 0.5, adult: 0.35, unsure: 0.15 },
    categories: {
      exploitation: 16,
      radicalisation: 10,
      neglect: 14,
      emotional: 12,
      self_neglect: 10,
      sexual: 6,
      not_sure: 32,
    },
    season: [1, 1, 1, 1.05, 1, 1, 1.2, 1.25, 0.95, 0.95, 0.9, 0.8],
    trend: [1, 1.05],
    readRate: 0.72,
  },
  {
    name: 'Leisure',
    staff: 80,
    concerns: 3.5,
    subject: { child: 0.6, adult: 0.3, unsure: 0.1 },
    categories: {
      physical: 16,
      sexual: 12,
      emotional: 14,
      neglect: 14,
      exploitation: 10,
      domestic_abuse: 6,
      not_sure: 28,
    },
    season: summer,
    trend: [1, 1.05],
    readRate: 0.68,
  },
  {
    name: 'Environmental Services',
    staff: 110,
    concerns: 3,
    subject: { child: 0.12, adult: 0.75, unsure: 0.13 },
    categories: {
      self_neglect: 35,
      neglect: 15,
      modern_slavery: 15,
      exploitation: 8,
      financial: 5,
      not_sure: 22,
    },
    season: [1.1, 1, 1, 1, 1, 1.05, 1.1, 1.1, 1, 1, 1, 1],
    trend: [0.95, 1.05],
    readRate: 0.6,
  },
  {
    name: 'Highways',
    staff: 70,
    concerns: 1.2,
    subject: { child: 0.2, adult: 0.6, unsure: 0.2 },
    categories: { modern_slavery: 25, self_neglect: 15, exploitation: 12, neglect: 10, not_sure: 38 },
    season: flat,
    trend: [1, 1],
    readRate: 0.55,
  },
  {
    name: 'Parks',
    staff: 50,
    concerns: 1.6,
    subject: { child: 0.5, adult: 0.35, unsure: 0.15 },
    categories: { exploitation: 25, sexual: 10, physical: 10, neglect: 10, self_neglect: 10, not_sure: 35 },
    season: summer,
    trend: [1, 1.1],
    readRate: 0.6,
  },
  {
    name: 'Planning',
    staff: 40,
    concerns: 0.8,
    subject: { child: 0.15, adult: 0.65, unsure: 0.2 },
    categories: { modern_slavery: 30, organisational: 15, self_neglect: 10, exploitation: 10, not_sure: 35 },
    season: flat,
    trend: [1, 1],
    readRate: 0.7,
  },
];

/** Staff whose department the directory does not hold: the report shows them as "unknown". */
const unknownDepartmentShare = 0.04;

// ---------------------------------------------------------------------------------------------
// People

interface StaffMember {
  aadObjectId: string;
  department: Department;
  /** What the directory says: null for the few with no department recorded. */
  directoryDepartment: string | null;
}

interface Council {
  tenantId: string;
  staff: StaffMember[];
  staffByDepartment: Map<string, StaffMember[]>;
  dsls: string[];
  /** The lead DSL and deputy: concerns about staff go to them only. */
  leads: string[];
  coordinators: string[];
}

function buildCouncil(random: Random, staffCount: number): Council {
  const totalShare = departments.reduce((sum, department) => sum + department.staff, 0);
  const staff: StaffMember[] = [];
  const staffByDepartment = new Map<string, StaffMember[]>();
  for (const department of departments) {
    const count = Math.max(3, Math.round((staffCount * department.staff) / totalShare));
    const members: StaffMember[] = [];
    for (let index = 0; index < count; index += 1) {
      members.push({
        aadObjectId: random.uuid(),
        department,
        directoryDepartment: random.chance(unknownDepartmentShare) ? null : department.name,
      });
    }
    staff.push(...members);
    staffByDepartment.set(department.name, members);
  }
  const dsls = Array.from({ length: 6 }, () => random.uuid());
  return {
    tenantId: random.uuid(),
    staff,
    staffByDepartment,
    dsls,
    leads: dsls.slice(0, 2),
    coordinators: [random.uuid(), random.uuid()],
  };
}

// ---------------------------------------------------------------------------------------------
// When concerns are raised: per day, by season, trend, weekday and bank holiday.

interface Day {
  day: string;
  working: boolean;
  month: number;
  /** Cumulative weight of departments on that day, to pick one. */
  departmentWeights: number[];
  total: number;
}

function buildCalendar(
  fromMs: number,
  toMs: number,
  working: WorkingTime,
): { days: Day[]; cumulative: number[] } {
  const days: Day[] = [];
  const cumulative: number[] = [];
  const first = ukParts(fromMs).day;
  const last = ukParts(toMs).day;
  const span = Math.max(1, toMs - fromMs);
  let running = 0;
  for (let day = first; day <= last; day = addDaysTo(day, 1)) {
    const month = Number(day.slice(5, 7)) - 1;
    const isWorking = isWorkingDay(day, working);
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    // Weekends and bank holidays: a few concerns from staff on call, in leisure and libraries.
    const dayFactor = isWorking ? 1 : weekday === 0 || weekday === 6 ? 0.16 : 0.22;
    const dayOfMonth = Number(day.slice(8, 10));
    const christmas = month === 11 && dayOfMonth >= 22 ? 0.5 : month === 0 && dayOfMonth <= 2 ? 0.5 : 1;
    const fraction = Math.min(1, Math.max(0, (ukInstantMs(day, 720) - fromMs) / span));
    const weights: number[] = [];
    let total = 0;
    for (const department of departments) {
      const trend = department.trend[0] + (department.trend[1] - department.trend[0]) * fraction;
      total += department.concerns * itemAt(department.season, month) * trend * dayFactor * christmas;
      weights.push(total);
    }
    days.push({ day, working: isWorking, month, departmentWeights: weights, total });
    running += total;
    cumulative.push(running);
  }
  return { days, cumulative };
}

function searchCumulative(cumulative: readonly number[], target: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (itemAt(cumulative, middle) > target) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Minutes after midnight a concern is raised: office hours mostly, mid-morning and early afternoon most. */
function minuteOfDay(random: Random, working: WorkingTime, isWorkingDay: boolean): number {
  if (!isWorkingDay) return random.int(8 * 60, 21 * 60);
  if (random.chance(0.13)) {
    return random.chance(0.75)
      ? random.int(working.endMinute, 22 * 60 + 30)
      : random.int(6 * 60, working.startMinute - 1);
  }
  const hour = random.weighted([
    [8, 0.6],
    [9, 1.2],
    [10, 1.4],
    [11, 1.3],
    [12, 0.8],
    [13, 1.1],
    [14, 1.3],
    [15, 1.2],
    [16, 0.8],
  ] as const);
  const start = Math.max(working.startMinute, hour * 60);
  const end = Math.min(working.endMinute - 1, hour * 60 + 59);
  return end >= start ? random.int(start, end) : random.int(working.startMinute, working.endMinute - 1);
}

// ---------------------------------------------------------------------------------------------
// One concern's life, through the triage state machine.

interface PlannedEvent {
  at: number;
  actor: string;
  kind: string;
  detail: { [key: string]: JsonValue };
}

type ConcernRowInput = Insertable<ConcernsTable>;

interface SimulationContext {
  random: Random;
  council: Council;
  working: WorkingTime;
  config: NonNullable<DemoDataOptions['config']>;
  endMs: number;
}

/** Stops a life at the end of the period: what has not happened yet is not recorded. */
class PeriodEnded extends Error {}

class ConcernLife {
  status: ConcernsTable['status'] = 'submitted';
  version = 1;
  acknowledgedAt: number | null = null;
  acknowledgedBy: string | null = null;
  assignedTo: string | null = null;
  closedAt: number | null = null;
  updatedAt: number;
  escalationStep = 0;
  nextEscalationAt: number | null = null;
  readonly events: PlannedEvent[] = [];
  private now: number;

  constructor(
    private readonly context: SimulationContext,
    submittedAt: number,
  ) {
    this.now = submittedAt;
    this.updatedAt = submittedAt;
  }

  get time(): number {
    return this.now;
  }

  /** Moves the clock on; past the end of the period, the life stops here. */
  advance(to: number): void {
    const at = Math.max(this.now, Math.round(to));
    if (at > this.context.endMs) throw new PeriodEnded();
    this.now = at;
  }

  record(actor: string, kind: string, detail: { [key: string]: JsonValue }): void {
    this.events.push({ at: this.now, actor, kind, detail });
  }

  /** A DSL action as applyAction does it: state machine, version + 1, columns, chronology. */
  act(
    action: TriageAction,
    actor: string,
    kind: string,
    detail: { [key: string]: JsonValue },
    changes: { assignedTo?: string } = {},
  ): boolean {
    const moved = transition(this.status, action);
    if (!moved.ok) throw new Error(`demo data: ${action} refused on ${this.status}: ${moved.reason}`);
    this.version += 1;
    this.status = moved.status;
    this.updatedAt = this.now;
    if (moved.acknowledges) {
      this.acknowledgedAt = this.now;
      this.acknowledgedBy = actor;
      this.nextEscalationAt = null;
      if (action !== 'acknowledge')
        this.record(actor, 'acknowledged', { version: this.version, implicitBy: kind });
    }
    if (moved.status === 'closed') this.closedAt = this.now;
    if (action === 'reopen') this.closedAt = null;
    if (changes.assignedTo) this.assignedTo = changes.assignedTo;
    this.record(actor, kind, { ...detail, version: this.version, status: moved.status });
    return moved.acknowledges;
  }
}

interface ConcernPlan {
  row: ConcernRowInput;
  events: PlannedEvent[];
}

const agencyReference: Record<string, (random: Random, year: string) => string> = {
  mash: (random, year) => `MASH-${year.slice(2)}-${String(random.int(1, 99_999)).padStart(5, '0')}`,
  adult_social_care: (random) => `ASC-${String(random.int(100_000, 999_999))}`,
  police: (random, year) =>
    `NB-${year}${String(random.int(1, 12)).padStart(2, '0')}-${random.int(1000, 9999)}`,
  lado: (random, year) => `LADO-${year}-${String(random.int(1, 400)).padStart(3, '0')}`,
  prevent: (random, year) => `PRV-${year}-${String(random.int(1, 200)).padStart(3, '0')}`,
  modern_slavery: (random) => `NRM-${String(random.int(100_000, 999_999))}`,
  other: () => 'none given',
};

const agencyNames: Record<string, string> = {
  mash: 'the MASH',
  adult_social_care: 'adult social care',
  police: 'the police',
  lado: 'the LADO',
  prevent: 'the Prevent team',
  modern_slavery: 'the modern slavery single point of contact',
  other: 'a partner agency',
};

type Decision = 'no_further_action' | 'monitor' | 'internal_support' | 'refer';

function chooseDecision(
  random: Random,
  urgency: Urgency,
  categories: readonly CategoryCode[],
  aboutStaff: boolean,
): Decision {
  const serious = categories.some((code) =>
    ['sexual', 'exploitation', 'fgm_honour_forced_marriage', 'modern_slavery', 'radicalisation'].includes(
      code,
    ),
  );
  if (aboutStaff) return random.chance(0.75) ? 'refer' : 'internal_support';
  const refer = urgency === 'immediate' ? 0.8 : urgency === 'urgent' ? 0.55 : serious ? 0.5 : 0.3;
  const rest = 1 - refer;
  return random.weighted([
    ['refer', refer],
    ['no_further_action', rest * 0.42],
    ['monitor', rest * 0.3],
    ['internal_support', rest * 0.28],
  ] as const);
}

function chooseAgencies(
  random: Random,
  subjectType: SubjectType,
  categories: readonly CategoryCode[],
  aboutStaff: boolean,
): string[] {
  const has = (code: CategoryCode) => categories.includes(code);
  let first: string;
  if (aboutStaff && subjectType !== 'adult') first = 'lado';
  else if (has('radicalisation')) first = 'prevent';
  else if (has('modern_slavery') && random.chance(0.7)) first = 'modern_slavery';
  else if (subjectType === 'child') first = random.chance(0.9) ? 'mash' : 'police';
  else if (subjectType === 'adult')
    first = random.weighted([
      ['adult_social_care', 0.8],
      ['police', 0.12],
      ['other', 0.08],
    ] as const);
  else first = random.chance(0.5) ? 'mash' : 'adult_social_care';
  const agencies = [first];
  const crime = ['physical', 'sexual', 'exploitation', 'domestic_abuse', 'financial'].some((code) =>
    has(code as CategoryCode),
  );
  if (first !== 'police' && crime && random.chance(0.22)) agencies.push('police');
  return agencies;
}

function closeOutcome(decision: Decision, referred: boolean, random: Random): string {
  if (random.chance(0.01)) return 'other';
  if (referred) return 'referred';
  switch (decision) {
    case 'no_further_action':
      return 'no_further_action';
    case 'internal_support':
      return 'internal_support';
    case 'monitor':
      return 'monitoring_ended';
    case 'refer':
      return 'referred';
  }
}

const closeRationales: Record<string, string> = {
  no_further_action:
    'no further action: the information does not meet the threshold for a referral, the family has support in place, and the reporter knows to raise a new concern if anything changes',
  internal_support: 'support arranged within the council and accepted; no statutory referral needed',
  monitoring_ended: 'monitoring period ended with no further concerns reported',
  referred: 'referral accepted by the agency, which now leads; our actions are complete',
  other: 'closed after discussion with the lead DSL',
};

function planConcern(
  context: SimulationContext,
  index: number,
  reference: string,
  submittedAt: number,
  department: Department,
): ConcernPlan {
  const { random, council, working, config } = context;
  const members = council.staffByDepartment.get(department.name) ?? council.staff;
  // A few people report much more than others (safeguarding champions, front-desk staff).
  const reporter = itemAt(members, Math.floor(members.length * random.next() ** 1.8));
  const concernNumber = index + 1;
  const details = buildDetails(random, concernNumber, department, submittedAt);
  const subjectType = details.subject.subjectType;
  const urgency: Urgency =
    details.danger.immediateDanger === 'yes' ? 'immediate' : (details.danger.urgency ?? 'standard');
  const categories = details.categories.categories;
  const aboutStaff = details.actions.aboutStaff !== 'no';
  const id = random.uuid();
  const draftId = random.uuid();
  const life = new ConcernLife(context, submittedAt);
  life.record(reporter.aadObjectId, 'submitted', {
    reference,
    draftId,
    urgency,
    subjectType,
    categories,
    aboutStaff: details.actions.aboutStaff,
  });

  const recipients = aboutStaff ? council.leads : council.dsls;
  const dueAt =
    urgency === 'immediate'
      ? submittedAt + config.SLA_IMMEDIATE_MINUTES * minuteMs
      : urgency === 'urgent'
        ? submittedAt + config.SLA_URGENT_MINUTES * minuteMs
        : endOfWorkingDay(new Date(submittedAt), working).getTime();
  const stepMs =
    (urgency === 'immediate'
      ? config.SLA_IMMEDIATE_MINUTES
      : urgency === 'urgent'
        ? config.SLA_URGENT_MINUTES
        : config.SLA_STANDARD_STEP_MINUTES) * minuteMs;
  let alertedAt: number | null = null;
  let ackDueAt: number | null = null;

  try {
    life.advance(submittedAt + random.int(2_000, 25_000));
    const undeliverable = random.chance(0.02) ? [random.pick(recipients)] : [];
    for (const recipient of undeliverable)
      life.record('system', 'alert_undeliverable', { recipient, outcome: 'recipientGone' });
    life.record('system', 'dsls_alerted', {
      recipients: recipients.length,
      sent: recipients.length - undeliverable.length,
      undeliverable: undeliverable.length,
      channel: aboutStaff ? 'not-configured' : 'sent',
    });
    alertedAt = life.time;
    ackDueAt = dueAt;
    life.nextEscalationAt = dueAt;
    if (undeliverable.length > 0) {
      life.advance(life.time + random.int(1_000, 5_000));
      life.record('system', 'email_fallback', { outcome: 'sent', step: 0 });
    }

    const ackAt = acknowledgementTime(context, urgency, submittedAt);
    // The escalation ladder runs while nobody has acknowledged it.
    for (let step = 1; step <= 3; step += 1) {
      const stepAt = dueAt + (step - 1) * stepMs + random.int(200, 1_500);
      if (stepAt >= ackAt) break;
      life.advance(stepAt);
      life.escalationStep = step;
      life.nextEscalationAt = step < 3 ? dueAt + step * stepMs : null;
      if (step === 1) life.record('system', 'escalation_reminder', { step, recipients: recipients.length });
      else if (step === 2)
        life.record('system', 'escalation_leads', { step, recipients: council.leads.length });
      else life.record('system', 'escalation_email', { outcome: 'sent', step });
    }
    life.advance(ackAt);
    const handler = random.chance(0.3) ? itemAt(recipients, 0) : random.pick(recipients);
    if (random.chance(0.05)) life.record(handler, 'viewed', { via: 'card', conversationType: 'personal' });
    if (random.chance(0.7)) life.act('acknowledge', handler, 'acknowledged', {});
    else life.act('assign', handler, 'assigned', { to: handler }, { assignedTo: handler });
    life.advance(life.time + random.int(5_000, 60_000));
    life.record('system', 'reporter_told', { status: 'acknowledged', delivered: random.chance(0.97) });

    // Standard concerns are worked in office hours; urgent ones by whoever is on call.
    const officeHours = urgency === 'standard';
    const later = (medianMinutes: number, sigma = 0.8) => {
      const minutes = Math.max(1, random.logNormal(medianMinutes, sigma));
      const at = officeHours
        ? addWorkingMinutes(life.time, minutes, working)
        : life.time + minutes * minuteMs;
      life.advance(at + random.int(0, 59) * 1000);
    };
    const inWorkingHours = (afterDays: number) => {
      life.advance(nextWorkingMoment(life.time + afterDays * dayMs, context.working, random));
    };

    if (random.chance(0.6)) {
      later(3, 1);
      life.record(handler, 'viewed', { via: 'card', conversationType: 'personal' });
    }
    let owner = life.assignedTo ?? handler;
    if (!life.assignedTo && random.chance(0.55)) {
      later(urgency === 'standard' ? 20 : 4);
      owner = random.chance(0.6) ? handler : random.pick(recipients);
      life.act('assign', handler, 'assigned', { to: owner }, { assignedTo: owner });
    }
    let notes = 0;
    const note = () => {
      notes += 1;
      life.act('note', owner, 'note_added', {
        text: `Demo note ${notes} on concern ${concernNumber}: synthetic text recording a call or a check.`,
      });
    };
    if (random.chance(0.55)) {
      later(urgency === 'standard' ? 60 : 10);
      note();
    }
    if (random.chance(0.18)) {
      later(urgency === 'standard' ? 90 : 15);
      const requestId = random.uuid();
      life.act('request-info', owner, 'information_requested', {
        requestId,
        question: `Demo question on concern ${concernNumber}: synthetic request for more detail.`,
      });
      if (random.chance(0.85)) {
        life.advance(life.time + random.logNormal(5, 1.1) * hourMs);
        life.advance(nextWorkingMoment(life.time, context.working, random));
        life.act('information-received', reporter.aadObjectId, 'information_received', {
          requestId,
          answer: `Demo answer on concern ${concernNumber}: synthetic reply from the reporter.`,
        });
      } else {
        // Unanswered: the DSL goes ahead with what they have, a few days later.
        inWorkingHours(random.int(2, 6));
      }
    }

    const decision = chooseDecision(random, urgency, categories, aboutStaff);
    later(urgency === 'immediate' ? 20 : urgency === 'urgent' ? 90 : 300, 0.9);
    const reviewDay =
      decision === 'monitor' ? ukParts(life.time + random.int(14, 56) * dayMs).day : undefined;
    life.act('decision', owner, 'decision_recorded', {
      decision,
      rationale: `Demo rationale for concern ${concernNumber}: synthetic reasoning for "${decision.replaceAll('_', ' ')}".`,
      ...(reviewDay ? { reviewDate: reviewDay } : {}),
    });

    let referred = false;
    const refer = (agency: string) => {
      const consent =
        subjectType === 'adult'
          ? random.weighted([
              ['given', 0.7],
              ['override', 0.18],
              ['not_sought', 0.12],
            ] as const)
          : random.weighted([
              ['given', 0.45],
              ['override', 0.35],
              ['not_sought', 0.2],
            ] as const);
      life.act('refer', owner, 'referred', {
        agency,
        agencyReference: (agencyReference[agency] ?? (() => 'none given'))(
          random,
          ukParts(life.time).day.slice(0, 4),
        ),
        sharedWhat: `Demo referral on concern ${concernNumber}: synthetic summary shared with ${agencyNames[agency] ?? 'the agency'} and why.`,
        consent,
        ...(consent !== 'given'
          ? {
              overrideReason: `Demo: synthetic reason for sharing without consent (${
                consent === 'override' ? 'asking would increase the risk' : 'not safe to seek consent'
              }).`,
            }
          : {}),
      });
      referred = true;
    };
    if (decision === 'refer') {
      for (const agency of chooseAgencies(random, subjectType, categories, aboutStaff)) {
        later(urgency === 'standard' ? 45 : 15);
        refer(agency);
      }
    }

    // A few stay open: long-running referrals and monitoring with no end yet.
    if (random.chance(0.03)) return finish();

    const closeAfterDays =
      decision === 'no_further_action'
        ? random.logNormal(0.6, 0.9)
        : decision === 'internal_support'
          ? random.logNormal(5, 0.7)
          : decision === 'refer'
            ? random.logNormal(9, 0.7)
            : 0;
    if (decision === 'monitor' && reviewDay) {
      life.advance(ukInstantMs(reviewDay, context.working.startMinute) + random.int(0, 240) * minuteMs);
      if (random.chance(0.5)) note();
      if (random.chance(0.1)) {
        later(60);
        refer(chooseAgencies(random, subjectType, categories, aboutStaff)[0] ?? 'other');
      }
    } else {
      inWorkingHours(closeAfterDays);
      if (random.chance(0.3)) note();
    }
    later(30);
    const close = () => {
      const outcome = closeOutcome(decision, referred, random);
      life.act('close', owner, 'closed', {
        outcome,
        rationale: `Demo rationale: ${closeRationales[outcome] ?? 'closed'} (synthetic, concern ${concernNumber}).`,
        supportOffered: true,
        // As the close form records it: whether the reporter took up the support offered.
        supportTakenUp: random.weighted([
          ['yes', 25],
          ['no', 45],
          ['not_known', 30],
        ] as const),
      });
      life.advance(life.time + random.int(5_000, 60_000));
      life.record('system', 'reporter_told', { status: 'closed', delivered: random.chance(0.97) });
    };
    close();

    // Reopened: new information arrives after closure (Working Together 2023: a new referral).
    if (random.chance(0.04)) {
      inWorkingHours(random.logNormal(12, 0.8));
      life.act('reopen', owner, 'reopened', {
        reason: `Demo reopening of concern ${concernNumber}: synthetic new information reported.`,
      });
      later(60);
      note();
      if (!referred && random.chance(0.4)) {
        later(120);
        refer(chooseAgencies(random, subjectType, categories, aboutStaff)[0] ?? 'other');
      }
      inWorkingHours(random.logNormal(6, 0.7));
      close();
    }
  } catch (error) {
    if (!(error instanceof PeriodEnded)) throw error;
  }
  return finish();

  function finish(): ConcernPlan {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms));
    return {
      row: {
        id,
        reference,
        reporter_aad_id: reporter.aadObjectId,
        reporter_tenant_id: council.tenantId,
        subject_type: subjectType,
        urgency,
        categories,
        about_staff: aboutStaff,
        named_staff_aad_id: null,
        status: life.status,
        version: life.version,
        details: JSON.stringify(details),
        submitted_at: new Date(submittedAt),
        updated_at: new Date(life.updatedAt),
        draft_id: draftId,
        acknowledged_at: iso(life.acknowledgedAt),
        acknowledged_by: life.acknowledgedBy,
        assigned_to: life.assignedTo,
        closed_at: iso(life.closedAt),
        alerted_at: iso(alertedAt),
        ack_due_at: iso(ackDueAt),
        escalation_step: life.escalationStep,
        next_escalation_at: iso(alertedAt === null ? null : life.nextEscalationAt),
        reporter_department: reporter.directoryDepartment,
      },
      events: life.events,
    };
  }
}

/**
 * When a DSL first acts: minutes for immediate and urgent concerns (longer out of hours, when the
 * on-call DSL picks it up), working minutes for standard ones. Some breach their deadline.
 */
function acknowledgementTime(context: SimulationContext, urgency: Urgency, submittedAt: number): number {
  const { random, working } = context;
  const { day, minute } = ukParts(submittedAt);
  const inHours = isWorkingDay(day, working) && minute >= working.startMinute && minute < working.endMinute;
  // Out of hours the on-call DSL picks it up: most late acknowledgements are then.
  const wallDelay = (median: number, sigma: number) =>
    submittedAt + Math.round(random.logNormal(median, sigma) * minuteMs);
  if (urgency === 'immediate') return inHours ? wallDelay(1.8, 0.6) : wallDelay(6, 0.7);
  if (urgency === 'urgent') return inHours ? wallDelay(5, 0.6) : wallDelay(16, 0.8);
  // A few standard concerns wait days: leave, sickness, a card missed.
  const minutes = random.chance(0.025) ? random.int(600, 1800) : random.logNormal(45, 0.9);
  return addWorkingMinutes(submittedAt, Math.max(1, minutes), working) + random.int(0, 59) * 1000;
}

function buildDetails(
  random: Random,
  concernNumber: number,
  department: Department,
  submittedAt: number,
): ConcernDetails {
  const subjectType: SubjectType = random.weighted([
    ['child', department.subject.child],
    ['adult', department.subject.adult],
    ['unsure', department.subject.unsure],
  ] as const);
  const offered = new Set(categoriesFor(subjectType).map((option) => option.code));
  const pool = Object.entries(department.categories).flatMap(([code, weight]) =>
    offered.has(code as CategoryCode) ? [[code as CategoryCode, weight] as const] : [],
  );
  const first = random.weighted(pool);
  const categories: CategoryCode[] = [first];
  if (first !== 'not_sure') {
    const extra = random.weighted([
      [0, 0.7],
      [1, 0.25],
      [2, 0.05],
    ] as const);
    for (let attempt = 0; attempt < 10 && categories.length < 1 + extra; attempt += 1) {
      const next = random.weighted(pool);
      if (next !== 'not_sure' && !categories.includes(next)) categories.push(next);
    }
  }
  const urgencyChoice = random.weighted([
    ['immediate', 0.06],
    ['urgent', 0.24],
    ['standard', 0.7],
  ] as const);
  const aboutStaff = random.weighted([
    ['no', 0.955],
    ['staff', 0.04],
    ['dsl', 0.005],
  ] as const);
  const submitted = ukParts(submittedAt);
  const daysBefore = random.weighted([
    [0, 0.6],
    [random.int(1, 7), 0.35],
    [random.int(8, 60), 0.05],
  ] as const);
  const happenedOn = addDaysTo(submitted.day, -daysBefore);
  const happenedMinute = daysBefore === 0 ? random.int(0, submitted.minute) : random.int(7 * 60, 21 * 60);
  const age =
    subjectType === 'child'
      ? String(random.int(0, 17))
      : subjectType === 'adult'
        ? String(random.int(18, 96))
        : random.pick(['not known', 'about 17', 'late teens', 'about 18']);
  const titles = categories.map((code) => categoryTitle(code, subjectType).toLowerCase()).join(' and ');
  type ActionTaken = ConcernDetails['actions']['actionsTaken'][number];
  const actionsTaken: ActionTaken[] =
    urgencyChoice === 'immediate'
      ? random.weighted<ActionTaken[]>([
          [['police'], 0.6],
          [['police', 'manager'], 0.25],
          [['manager'], 0.15],
        ])
      : random.weighted<ActionTaken[]>([
          [['nothing'], 0.5],
          [['manager'], 0.33],
          [['social_care'], 0.1],
          [['other'], 0.07],
        ]);
  const consent = random.weighted([
    ['yes', 0.35],
    ['no', 0.15],
    ['not_asked', 0.4],
    ['risk', 0.1],
  ] as const);
  return {
    danger:
      urgencyChoice === 'immediate'
        ? { immediateDanger: 'yes' }
        : { immediateDanger: 'no', urgency: urgencyChoice },
    subject: {
      subjectType,
      name: `Demo person ${concernNumber} (synthetic)`,
      age,
      location: `Demo address ${concernNumber}, Northbridge (synthetic)`,
      ...(random.chance(0.2) ? { identifying: 'Demo identifying details (synthetic).' } : {}),
      knownToServices: random.weighted([
        ['yes', 0.35],
        ['no', 0.25],
        ['unknown', 0.4],
      ] as const),
    },
    categories: { categories },
    account: {
      whatHappened: `Demo concern ${concernNumber}: synthetic text. A member of staff in ${department.name} saw signs of ${titles} and wrote down what they saw and heard.`,
      ...(random.chance(0.3) ? { ownWords: `Demo quote ${concernNumber} (synthetic).` } : {}),
      happenedOn,
      ...(random.chance(0.6)
        ? {
            happenedAt: `${String(Math.floor(happenedMinute / 60)).padStart(2, '0')}:${String(happenedMinute % 60).padStart(2, '0')}`,
          }
        : {}),
      where: random.pick([
        'Demo location: a home visit (synthetic)',
        'Demo location: council offices (synthetic)',
        'Demo location: by phone (synthetic)',
        'Demo location: a public building (synthetic)',
        'not known',
      ]),
      ...(random.chance(0.2) ? { whoElse: 'Demo: a colleague was present (synthetic).' } : {}),
      ...(categories.includes('physical') && random.chance(0.5)
        ? { injuries: 'Demo: synthetic description of a visible mark.' }
        : {}),
      ...(random.chance(0.25) ? { opinion: 'Demo opinion (synthetic), kept apart from the facts.' } : {}),
    },
    actions: {
      actionsTaken,
      ...(actionsTaken.includes('police') ? { policeLogNumber: `Demo log ${random.int(1000, 9999)}` } : {}),
      ...(actionsTaken.includes('other') ? { otherAction: 'Demo: synthetic other action.' } : {}),
      ...(random.chance(0.3) ? { personsView: 'Demo: synthetic account of what the person wants.' } : {}),
      consent,
      ...(consent === 'risk'
        ? { consentRiskReason: 'Demo: asking would increase the risk (synthetic).' }
        : {}),
      aboutStaff,
      ...(aboutStaff !== 'no' ? { staffDetails: 'Demo staff member, synthetic role (synthetic).' } : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Writing: multi-row inserts in one transaction (all of the demo data or none of it).

/** Rows per statement: PostgreSQL takes at most 65,535 parameters in one. */
function chunkSize(columns: number): number {
  return Math.floor(60_000 / columns);
}

async function inChunks<T>(rows: readonly T[], columns: number, insert: (chunk: T[]) => Promise<unknown>) {
  const size = chunkSize(columns);
  for (let start = 0; start < rows.length; start += size) await insert(rows.slice(start, start + size));
}

/** A column of a bulk insert: its name, its PostgreSQL type, and its value in a row. */
type BulkColumn<Row> = readonly [
  name: string,
  type: string,
  value: (row: Row) => string | number | boolean | Date | null | undefined,
];

/** `{"a","b"}`: a text[] value as one array element of a bulk insert. */
function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}

/**
 * The big tables go in as one array per column, unnested by the database: a statement of a few
 * parameters instead of tens of thousands, which PostgreSQL (and PGlite) parses far faster.
 */
async function insertByColumns<Row>(
  trx: Transaction<Schema>,
  table: keyof Schema,
  columns: readonly BulkColumn<Row>[],
  rows: readonly Row[],
): Promise<void> {
  const size = 10_000;
  const alias = (index: number) => sql.ref(`u.c${index}`);
  for (let start = 0; start < rows.length; start += size) {
    const chunk = rows.slice(start, start + size);
    const arrays = columns.map(([, type, value]) => {
      const element = type.endsWith('[]') ? 'text' : type;
      return sql`${chunk.map((row) => value(row) ?? null)}::${sql.raw(`${element}[]`)}`;
    });
    await sql`
      insert into ${sql.table(table)} (${sql.join(columns.map(([name]) => sql.ref(name)))})
      select ${sql.join(columns.map(([, type], index) => (type.endsWith('[]') ? sql`${alias(index)}::${sql.raw(type)}` : alias(index))))}
      from unnest(${sql.join(arrays)}) as u(${sql.join(columns.map((_, index) => sql.raw(`c${index}`)))})`.execute(
      trx,
    );
  }
}

const concernColumns: readonly BulkColumn<ConcernRowInput>[] = [
  ['id', 'uuid', (row) => row.id],
  ['reference', 'text', (row) => row.reference],
  ['reporter_aad_id', 'text', (row) => row.reporter_aad_id],
  ['reporter_tenant_id', 'text', (row) => row.reporter_tenant_id],
  ['subject_type', 'text', (row) => row.subject_type],
  ['urgency', 'text', (row) => row.urgency],
  ['categories', 'text[]', (row) => textArrayLiteral(row.categories)],
  ['about_staff', 'boolean', (row) => row.about_staff],
  ['named_staff_aad_id', 'text', (row) => row.named_staff_aad_id],
  ['status', 'text', (row) => row.status],
  ['version', 'int', (row) => row.version],
  ['details', 'jsonb', (row) => row.details],
  ['submitted_at', 'timestamptz', (row) => row.submitted_at],
  ['updated_at', 'timestamptz', (row) => row.updated_at],
  ['draft_id', 'uuid', (row) => row.draft_id],
  ['acknowledged_at', 'timestamptz', (row) => row.acknowledged_at],
  ['acknowledged_by', 'text', (row) => row.acknowledged_by],
  ['assigned_to', 'text', (row) => row.assigned_to],
  ['closed_at', 'timestamptz', (row) => row.closed_at],
  ['alerted_at', 'timestamptz', (row) => row.alerted_at],
  ['ack_due_at', 'timestamptz', (row) => row.ack_due_at],
  ['escalation_step', 'int', (row) => row.escalation_step],
  ['next_escalation_at', 'timestamptz', (row) => row.next_escalation_at],
  ['reporter_department', 'text', (row) => row.reporter_department],
];

const eventColumns: readonly BulkColumn<Insertable<ConcernEventsTable>>[] = [
  ['concern_id', 'uuid', (row) => row.concern_id],
  ['at', 'timestamptz', (row) => row.at],
  ['actor_aad_id', 'text', (row) => row.actor_aad_id],
  ['kind', 'text', (row) => row.kind],
  ['detail', 'jsonb', (row) => row.detail],
  ['prev_hash', 'text', (row) => row.prev_hash],
  ['hash', 'text', (row) => row.hash],
];

/** Concerns written per round: bounded memory at 100,000 concerns. */
const concernBatch = 2_000;

async function writeConcerns(
  trx: Transaction<Schema>,
  context: SimulationContext,
  options: { fromMs: number; count: number },
): Promise<{ concerns: number; events: number }> {
  const { random, working, endMs } = context;
  const { days, cumulative } = buildCalendar(options.fromMs, endMs, working);
  const total = cumulative[cumulative.length - 1] ?? 0;
  // Every concern is alerted within the period: none is raised in its last minute.
  const latest = endMs - minuteMs;
  const raised: { at: number; department: Department }[] = [];
  for (let index = 0; index < options.count; index += 1) {
    for (let attempt = 0; ; attempt += 1) {
      const day = itemAt(days, searchCumulative(cumulative, random.next() * total));
      const department = itemAt(
        departments,
        searchCumulative(day.departmentWeights, random.next() * day.total),
      );
      const at = ukInstantMs(day.day, minuteOfDay(random, working, day.working)) + random.int(0, 59_999);
      if ((at >= options.fromMs && at <= latest) || attempt >= 20) {
        raised.push({ at: Math.min(latest, Math.max(options.fromMs, at)), department });
        break;
      }
    }
  }
  raised.sort((a, b) => a.at - b.at);

  // References continue each UK year's counter, as takeNextReference would have issued them.
  const counters = new Map(
    (await trx.selectFrom('concern_reference_counters').select(['year', 'last']).execute()).map((row) => [
      row.year,
      row.last,
    ]),
  );
  let eventCount = 0;
  for (let start = 0; start < raised.length; start += concernBatch) {
    const concerns: ConcernRowInput[] = [];
    const events: Insertable<ConcernEventsTable>[] = [];
    for (let index = start; index < Math.min(raised.length, start + concernBatch); index += 1) {
      const { at, department } = itemAt(raised, index);
      const year = Number(ukParts(at).day.slice(0, 4));
      const sequence = (counters.get(year) ?? 0) + 1;
      counters.set(year, sequence);
      const plan = planConcern(context, index, formatReference(year, sequence), at, department);
      concerns.push(plan.row);
      let prevHash: string | null = null;
      for (const event of plan.events) {
        const hash: string = hashConcernEvent({
          concernId: plan.row.id,
          at: new Date(event.at),
          actorAadId: event.actor,
          kind: event.kind,
          detail: event.detail,
          prevHash,
        });
        events.push({
          concern_id: plan.row.id,
          at: new Date(event.at),
          actor_aad_id: event.actor,
          kind: event.kind,
          detail: JSON.stringify(event.detail),
          prev_hash: prevHash,
          hash,
        });
        prevHash = hash;
      }
    }
    await insertByColumns(trx, 'concerns', concernColumns, concerns);
    // In chain order: a concern's events get rising ids, which is how its chronology is read.
    await insertByColumns(trx, 'concern_events', eventColumns, events);
    eventCount += events.length;
  }
  for (const [year, last] of counters) {
    await trx
      .insertInto('concern_reference_counters')
      .values({ year, last })
      .onConflict((conflict) => conflict.column('year').doUpdateSet({ last }))
      .execute();
  }
  return { concerns: raised.length, events: eventCount };
}

// ---------------------------------------------------------------------------------------------
// Announcements: quarterly newsletters and procedure changes, sent to everyone.

const procedureChanges = [
  {
    title: 'Procedure change: acknowledging concerns out of hours',
    whatChanged: 'Demo: the on-call DSL now acknowledges immediate concerns out of hours (synthetic).',
  },
  {
    title: 'Procedure change: referrals to the MASH',
    whatChanged: 'Demo: referrals to the MASH now go through the new online form (synthetic).',
  },
  {
    title: 'Procedure change: home visits and lone working',
    whatChanged: 'Demo: a second officer joins first home visits where a concern is open (synthetic).',
  },
  {
    title: 'Procedure change: information sharing without consent',
    whatChanged:
      'Demo: the reason for sharing without consent is now recorded on every referral (synthetic).',
  },
  {
    title: 'Procedure change: allegations about staff',
    whatChanged: 'Demo: allegations about staff go to the lead DSL and deputy only (synthetic).',
  },
];

const seasonNames = [
  'winter',
  'winter',
  'spring',
  'spring',
  'spring',
  'summer',
  'summer',
  'summer',
  'autumn',
  'autumn',
  'autumn',
  'winter',
];

async function writeAnnouncements(
  trx: Transaction<Schema>,
  context: SimulationContext,
  options: { fromMs: number; count: number | undefined; council: Council },
): Promise<{ announcements: number; deliveries: number }> {
  const { random, working, endMs, config } = context;
  const { council } = options;
  const fromDay = ukParts(options.fromMs).day;
  const toDay = ukParts(endMs).day;
  const newsletterDays: string[] = [];
  for (let year = Number(fromDay.slice(0, 4)); year <= Number(toDay.slice(0, 4)); year += 1)
    for (const month of [...config.NEWSLETTER_MONTHS].sort((a, b) => a - b)) {
      const due = lastWorkingDay(year, month);
      if (due >= fromDay && due <= toDay) newsletterDays.push(due);
    }
  const years = (endMs - options.fromMs) / (365.25 * dayMs);
  const count = options.count ?? newsletterDays.length + Math.max(1, Math.round(3 * years));
  newsletterDays.splice(0, Math.max(0, newsletterDays.length - count));
  const planned: { kind: AnnouncementsTable['kind']; sendAt: number; title: string; whatChanged: string }[] =
    newsletterDays.map((day) => {
      const month = Number(day.slice(5, 7)) - 1;
      return {
        kind: 'newsletter',
        sendAt: ukInstantMs(day, 10 * 60) + random.int(0, 45) * minuteMs,
        title: `Safeguarding newsletter: ${seasonNames[month] ?? 'quarterly'} ${day.slice(0, 4)}`,
        whatChanged: '',
      };
    });
  const others = Math.max(0, count - planned.length);
  for (let index = 0; index < others; index += 1) {
    const change = itemAt(procedureChanges, index % procedureChanges.length);
    // Spread through the period, on a working day mid-morning.
    const fraction = (index + 0.5 + random.between(-0.3, 0.3)) / others;
    const at = nextWorkingMoment(options.fromMs + fraction * (endMs - options.fromMs), working, random);
    planned.push({
      kind: 'procedure',
      sendAt: ukInstantMs(ukParts(at).day, 9 * 60 + 30) + random.int(0, 120) * minuteMs,
      title: change.title,
      whatChanged: change.whatChanged,
    });
  }
  planned.sort((a, b) => a.sendAt - b.sendAt);

  const announcements: Insertable<AnnouncementsTable>[] = [];
  const deliveries: Insertable<DeliveriesTable>[] = [];
  // Teams sends at about 30 a second per tenant (TENANT_SEND_PER_SECOND).
  const perSecond = 30;
  for (const [number, plan] of planned.entries()) {
    if (plan.sendAt > endMs) continue;
    const id = random.uuid();
    const author = random.pick(council.coordinators);
    const startedAt = plan.sendAt;
    const ackRequired = plan.kind === 'procedure' || random.chance(0.5);
    let lastSent = startedAt;
    for (const [seq, member] of council.staff.entries()) {
      const sentAt = startedAt + Math.round((seq / perSecond) * 1000) + random.int(50, 900);
      const outcome = random.weighted([
        ['sent', 0.965],
        ['gone', 0.025],
        ['failed', 0.01],
      ] as const);
      const throttled = outcome === 'sent' && random.chance(0.03);
      lastSent = Math.max(lastSent, sentAt);
      let acknowledgedAt: number | null = null;
      let remindedAt: number | null = null;
      if (outcome === 'sent' && ackRequired) {
        const reminderAt = startedAt + config.ANNOUNCEMENT_REMINDER_DAYS * dayMs + random.int(60, 600) * 1000;
        if (random.chance(member.department.readRate)) {
          const read = addWorkingMinutes(sentAt, Math.max(1, random.logNormal(150, 1.3)), working);
          if (read > reminderAt) remindedAt = reminderAt;
          acknowledgedAt = read + random.int(0, 59) * 1000;
        } else remindedAt = reminderAt;
        if (acknowledgedAt !== null && acknowledgedAt > endMs) acknowledgedAt = null;
        if (remindedAt !== null && remindedAt > endMs) remindedAt = null;
      }
      deliveries.push({
        announcement_id: id,
        user_aad_id: member.aadObjectId,
        seq,
        tenant_id: council.tenantId,
        department: member.directoryDepartment,
        status: outcome,
        attempts: throttled ? 2 : outcome === 'failed' ? 5 : 1,
        last_outcome: outcome === 'gone' ? 'recipientGone' : outcome,
        last_status: outcome === 'gone' ? 404 : outcome === 'failed' ? 502 : null,
        not_before: null,
        claimed_by: null,
        claimed_until: null,
        relooked: outcome === 'gone',
        conversation_id: outcome === 'sent' ? `a:demo-conversation-${member.aadObjectId}` : null,
        activity_id: outcome === 'sent' ? `demo-activity-${number}-${seq}` : null,
        sent_at: outcome === 'sent' ? new Date(sentAt + (throttled ? 1_500 : 0)) : null,
        acknowledged_at: acknowledgedAt === null ? null : new Date(acknowledgedAt),
        reminded_at: remindedAt === null ? null : new Date(remindedAt),
        updated_version: outcome === 'sent' ? 1 : null,
      });
    }
    const completedAt = lastSent + random.int(1_000, 5_000);
    const remindersClaimed = startedAt + config.ANNOUNCEMENT_REMINDER_DAYS * dayMs;
    const season = plan.title.replace('Safeguarding newsletter: ', '');
    announcements.push({
      id,
      author_aad_id: author,
      author_tenant_id: council.tenantId,
      author_conversation_id: `a:demo-conversation-${author}`,
      kind: plan.kind,
      title: plan.title,
      content: JSON.stringify({
        summary:
          plan.kind === 'newsletter'
            ? `Demo newsletter for ${season} (synthetic): figures, reminders and training dates.`
            : `Demo procedure change (synthetic): ${plan.whatChanged}`,
        body: 'Demo body text (synthetic). Nothing in this announcement is real.',
        link: '',
        whatChanged: plan.whatChanged,
        effectiveDate: plan.kind === 'procedure' ? ukParts(startedAt + 7 * dayMs).day : '',
      }),
      audience: JSON.stringify({ kind: 'everyone', groupIds: [] }),
      ack_required: ackRequired,
      status: 'sent',
      send_at: plan.kind === 'newsletter' ? new Date(startedAt) : null,
      approved_by: null,
      version: 1,
      recipients_total: council.staff.length,
      control_conversation_id: `a:demo-conversation-${author}`,
      control_activity_id: `demo-control-${number}`,
      progress_refreshed_at: new Date(completedAt),
      document_published_at: null,
      created_at: new Date(startedAt - random.int(1, 4) * dayMs),
      updated_at: new Date(completedAt),
      started_at: new Date(startedAt),
      completed_at: new Date(completedAt),
      reminders_claimed_at: ackRequired && remindersClaimed <= endMs ? new Date(remindersClaimed) : null,
    });
  }
  await inChunks(announcements, 25, (chunk) => trx.insertInto('announcements').values(chunk).execute());
  await inChunks(deliveries, 21, (chunk) => trx.insertInto('deliveries').values(chunk).execute());
  return { announcements: announcements.length, deliveries: deliveries.length };
}

// ---------------------------------------------------------------------------------------------
// Policy Q&A: what was answered from which section, what was declined, and the topics.

type Passage = readonly [section: string, position: number, topics: readonly string[]];

function passagesOf(doc: string, file: string, passages: readonly Passage[]) {
  return passages.map(([section, position, topics]) => ({
    doc,
    file,
    section,
    position,
    topics: [...topics],
  }));
}

/**
 * Sections of the sample policy that answer questions, with the topics such a question touches,
 * named as policy-qa names them (the domain thesaurus's first term: "LADO", "Modern slavery").
 */
const answerable = [
  ...passagesOf('Raising a Safeguarding Concern: Procedure', 'raising-a-concern-procedure.md', [
    ['When to use this procedure', 1, []],
    ['If someone is in immediate danger', 2, []],
    ['Listening to a disclosure', 3, []],
    ['Confidentiality: never promise to keep a secret', 4, []],
    ['What to record', 5, ['Record keeping']],
    ['Acknowledgement timescales', 9, ['DSL']],
    ['Multi-Agency Safeguarding Hub (MASH)', 13, ['MASH']],
    ['Adult social care and section 42 enquiries', 14, []],
    ['Out of hours: the Emergency Duty Team', 16, []],
    ['When to share without consent', 18, ['Information sharing and consent']],
    ['Retention periods', 21, ['Record keeping']],
  ]),
  ...passagesOf('Northbridge City Council Safeguarding Policy', 'safeguarding-policy.md', [
    ['Designated Safeguarding Leads and Officers', 6, ['DSL']],
    ['Safeguarding champions', 8, []],
    ['Local Authority Designated Officer (LADO)', 10, ['LADO']],
    ['Neglect', 15, []],
    ['Child exploitation (CSE, CCE and county lines)', 16, ['CCE', 'CSE']],
    ['Radicalisation', 17, ['Prevent']],
    ['Female genital mutilation (FGM)', 18, ['FGM']],
    ['Financial or material abuse', 26, []],
    ['Modern slavery', 27, ['Modern slavery']],
    ['Self-neglect', 31, ['Self-neglect']],
    ['Prevent duty and Channel', 34, ['Prevent']],
    ['Online safety', 35, ['Online safety']],
    ['Lone working and home visits', 36, []],
  ]),
  ...passagesOf('Allegations Against Staff and Support for Staff', 'staff-support-and-allegations.md', [
    ['What to do if you have a concern about a colleague', 3, ['Allegations against staff']],
    ['Suspension and referral to the DBS', 5, ['DBS']],
    ['Whistleblowing', 7, ['Whistleblowing']],
    ['Mental health first aiders', 11, ['MHFA']],
    ['Employee Assistance Programme', 12, ['EAP']],
  ]),
];

/**
 * What staff ask that the sample policy answers poorly: the report's "most common unanswered
 * topics". A quarter of declined questions touch no known topic at all.
 */
const unansweredTopics: readonly (readonly [string[], number])[] = [
  [[], 25],
  [['Training'], 22],
  [['DBS'], 14],
  [['Modern slavery'], 8],
  [['LADO'], 7],
  [['Prevent'], 6],
  [['Online safety'], 5],
  [['Training', 'DBS'], 4],
  [['Allegations against staff'], 4],
  [['CCE'], 3],
  [['Information sharing and consent'], 3],
  [['Record keeping'], 3],
  [['Modern slavery', 'NRM'], 2],
  [['Honour based abuse'], 2],
];

async function writeQa(
  trx: Transaction<Schema>,
  context: SimulationContext,
  options: { fromMs: number; count: number },
): Promise<{ outcomes: number; feedback: number; shared: number }> {
  const { random, working, endMs } = context;
  const { days, cumulative } = buildCalendar(options.fromMs, endMs, working);
  const total = cumulative[cumulative.length - 1] ?? 0;
  const times: number[] = [];
  for (let index = 0; index < options.count; index += 1) {
    const day = itemAt(days, searchCumulative(cumulative, random.next() * total));
    const at = ukInstantMs(day.day, minuteOfDay(random, working, day.working)) + random.int(0, 59_999);
    times.push(Math.min(endMs, Math.max(options.fromMs, at)));
  }
  times.sort((a, b) => a - b);
  const outcomes: Insertable<QaOutcomesTable>[] = [];
  const feedback: Insertable<QaFeedbackTable>[] = [];
  const shared: Insertable<QaSharedQuestionsTable>[] = [];
  const answer = (at: number) => {
    const passage = random.pick(answerable);
    outcomes.push({
      at: new Date(at),
      outcome: 'answered',
      reason: null,
      doc_title: passage.doc,
      section: passage.section,
      confidence: Math.round(random.between(0.5, 0.97) * 1000) / 1000,
      topics: passage.topics,
    });
    if (random.chance(0.15)) {
      const feedbackAt = at + random.int(10, 300) * 1000;
      if (feedbackAt <= endMs)
        feedback.push({
          at: new Date(feedbackAt),
          chunk_id: `${passage.file}#${passage.position}`,
          doc_title: passage.doc,
          section: passage.section,
          helpful: random.chance(0.8),
        });
    }
  };
  for (const [index, at] of times.entries()) {
    const outcome = random.weighted([
      ['answered', 0.72],
      ['declined', 0.265],
      ['emergency', 0.015],
    ] as const);
    if (outcome === 'answered') {
      answer(at);
      continue;
    }
    if (outcome === 'emergency') {
      // The 999 card comes first; an answer may follow it, as policy-qa records both.
      outcomes.push({
        at: new Date(at),
        outcome: 'emergency',
        reason: null,
        doc_title: null,
        section: null,
        confidence: null,
        topics: [],
      });
      if (random.chance(0.5)) answer(at);
      continue;
    }
    const reason = random.weighted([
      ['no-match', 0.6],
      ['low-confidence', 0.36],
      ['empty-question', 0.04],
    ] as const);
    const topics = reason === 'empty-question' ? [] : random.weighted(unansweredTopics);
    outcomes.push({
      at: new Date(at),
      outcome: 'declined',
      reason,
      doc_title: null,
      section: null,
      confidence: reason === 'low-confidence' ? Math.round(random.between(0.2, 0.48) * 1000) / 1000 : null,
      topics,
    });
    if (reason !== 'empty-question' && random.chance(0.06))
      shared.push({
        at: new Date(at + random.int(5, 60) * 1000),
        question: `Demo question ${index + 1} (synthetic), shared by the asker${
          topics.length > 0 ? `: about ${topics.join(' and ')}` : ''
        }.`,
      });
  }
  await inChunks(outcomes, 7, (chunk) => trx.insertInto('qa_outcomes').values(chunk).execute());
  await inChunks(feedback, 5, (chunk) => trx.insertInto('qa_feedback').values(chunk).execute());
  await inChunks(shared, 2, (chunk) => trx.insertInto('qa_shared_questions').values(chunk).execute());
  return { outcomes: outcomes.length, feedback: feedback.length, shared: shared.length };
}

// ---------------------------------------------------------------------------------------------

function defaultConfig(): NonNullable<DemoDataOptions['config']> {
  const loaded = loadConfig({});
  if (!loaded.ok)
    throw new Error(`demo data: the default configuration is invalid: ${loaded.problems.join('; ')}`);
  return loaded.config;
}

/** Fills the database with a seeded, synthetic period of safeguarding work, in one transaction. */
export async function generateDemoData(
  db: Kysely<Schema>,
  options: DemoDataOptions,
): Promise<DemoDataSummary> {
  const fromMs = options.from.getTime();
  const endMs = options.to.getTime();
  if (!(endMs > fromMs)) throw new Error('demo data: `to` must be after `from`');
  if (!Number.isInteger(options.concerns) || options.concerns < 0)
    throw new Error('demo data: `concerns` must be a whole number, 0 or more');
  const config = options.config ?? defaultConfig();
  const working = workingTimeFrom(config);
  const years = (endMs - fromMs) / (365.25 * dayMs);
  // Separate streams, so asking for more concerns does not change the announcements or Q&A.
  const peopleRandom = new Random(options.seed);
  const council = buildCouncil(peopleRandom, options.staff ?? 1200);
  const contextFor = (stream: number): SimulationContext => ({
    random: new Random((options.seed ^ Math.imul(stream, 0x9e3779b1)) >>> 0),
    council,
    working,
    config,
    endMs,
  });
  return db.transaction().execute(async (trx) => {
    const concerns = await writeConcerns(trx, contextFor(1), { fromMs, count: options.concerns });
    const announcements = await writeAnnouncements(trx, contextFor(2), {
      fromMs,
      count: options.announcements,
      council,
    });
    const qa = await writeQa(trx, contextFor(3), {
      fromMs,
      count: options.qaQuestions ?? Math.round(3000 * years),
    });
    return {
      concerns: concerns.concerns,
      events: concerns.events,
      announcements: announcements.announcements,
      deliveries: announcements.deliveries,
      qaOutcomes: qa.outcomes,
      qaFeedback: qa.feedback,
      sharedQuestions: qa.shared,
    };
  });
}
