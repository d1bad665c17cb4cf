import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { takeNextReference } from '../../src/features/raise-concern/concern-reference.ts';
import {
  concernDetailsSchema,
  isSectionComplete,
  sectionIds,
  ukDate,
} from '../../src/features/raise-concern/concern-schema.ts';
import { verifyAllChronologies } from '../../src/features/triage/verify-chronologies.ts';
import { ukDayAndMinute, ukInstant } from '../../src/shared/uk-time.ts';
import type { Database } from '../../src/storage/database.ts';
import { describePostgresSkip, testEngines } from '../../test/kit/test-database.ts';
import {
  type DemoDataOptions,
  type DemoDataSummary,
  departments,
  generateDemoData,
  ukInstantMs,
  ukParts,
} from './generate-demo-data.ts';

const skipped = describePostgresSkip();
if (skipped) it.skip(skipped, () => undefined);

const to = new Date('2026-11-24T09:00:00Z');
const from = new Date('2025-11-24T09:00:00Z');
const options: DemoDataOptions = {
  from,
  to,
  concerns: 600,
  seed: 7,
  staff: 300,
  announcements: 7,
  qaQuestions: 400,
};

describe('UK time in the generator', () => {
  it('reads an instant as the app does, across the clock changes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2028-12-31T00:00:00Z') }),
        (ms) => {
          const app = ukDayAndMinute(new Date(ms));
          const ours = ukParts(ms);
          expect({ day: ours.day, minute: ours.minute }).toEqual({ day: app.day, minute: app.minute });
        },
      ),
      { seed: 11, numRuns: 2000 },
    );
  });

  it('names the instant of a UK wall-clock time as the app does', () => {
    for (const day of ['2026-03-28', '2026-03-29', '2026-03-30', '2026-10-24', '2026-10-25', '2026-10-26']) {
      for (const minute of [0, 30, 150, 510, 1020, 1439]) {
        expect(ukInstantMs(day, minute)).toBe(ukInstant(day, minute).getTime());
      }
    }
  });
});

/** Every row that matters, in a stable order: equal for equal seeds. */
async function snapshotOf(database: Database) {
  const concerns = await database.db.selectFrom('concerns').selectAll().orderBy('reference').execute();
  const events = await database.db
    .selectFrom('concern_events')
    .select(['concern_id', 'at', 'kind', 'hash'])
    .orderBy('id')
    .execute();
  const deliveries = await database.db
    .selectFrom('deliveries')
    .select(['user_aad_id', 'status', 'sent_at', 'acknowledged_at'])
    .orderBy('user_aad_id')
    .orderBy('seq')
    .execute();
  const qa = await database.db
    .selectFrom('qa_outcomes')
    .select(['at', 'outcome', 'topics'])
    .orderBy('id')
    .execute();
  return { concerns, events, deliveries, qa };
}

for (const engine of testEngines()) {
  describe(`demo data on ${engine.name}`, () => {
    let database: Database;
    let dispose: () => Promise<void>;
    let summary: DemoDataSummary;

    beforeAll(async () => {
      ({ database, dispose } = await engine.open());
      summary = await generateDemoData(database.db, options);
    });
    afterAll(async () => {
      await dispose?.();
    });

    it('makes what it reports', async () => {
      const count = async (
        table: 'concerns' | 'concern_events' | 'announcements' | 'deliveries' | 'qa_outcomes',
      ) =>
        Number(
          (
            await database.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(summary.concerns).toBe(600);
      expect(await count('concerns')).toBe(summary.concerns);
      expect(await count('concern_events')).toBe(summary.events);
      expect(await count('announcements')).toBe(summary.announcements);
      expect(await count('deliveries')).toBe(summary.deliveries);
      expect(await count('qa_outcomes')).toBe(summary.qaOutcomes);
      expect(summary.announcements).toBe(7);
      const staff = await database.db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.count('user_aad_id').distinct().as('n'))
        .executeTakeFirstOrThrow();
      expect(summary.deliveries).toBe(7 * Number(staff.n));
      expect(Number(staff.n)).toBeGreaterThan(290);
    });

    it('gives the same data for the same seed, and different data for another', async () => {
      const again = await engine.open();
      const other = await engine.open();
      try {
        await generateDemoData(again.database.db, options);
        await generateDemoData(other.database.db, { ...options, seed: 8 });
        const first = await snapshotOf(database);
        expect(await snapshotOf(again.database)).toEqual(first);
        expect((await snapshotOf(other.database)).events.map((event) => event.hash)).not.toEqual(
          first.events.map((event) => event.hash),
        );
      } finally {
        await again.dispose();
        await other.dispose();
      }
    });

    it('every chronology verifies', async () => {
      const report = await verifyAllChronologies(database.db);
      expect(report.broken).toEqual([]);
      expect(report.concerns).toBe(600);
      expect(report.events).toBe(summary.events);
    });

    it('every concern’s answers parse with the app’s schema and pass every step of the flow', async () => {
      const rows = await database.db
        .selectFrom('concerns')
        .select(['details', 'submitted_at', 'subject_type', 'urgency', 'categories', 'about_staff'])
        .execute();
      for (const row of rows) {
        const parsed = concernDetailsSchema.safeParse(row.details);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
        if (!parsed.success) continue;
        const details = parsed.data;
        const today = ukDate(new Date(row.submitted_at)).day;
        for (const section of sectionIds)
          expect(isSectionComplete(section, details, { today }), section).toBe(true);
        expect(details.account.happenedOn <= today).toBe(true);
        expect(details.subject.subjectType).toBe(row.subject_type);
        expect(details.categories.categories).toEqual(row.categories);
        expect(details.actions.aboutStaff !== 'no').toBe(row.about_staff);
        const urgency = details.danger.immediateDanger === 'yes' ? 'immediate' : details.danger.urgency;
        expect(urgency).toBe(row.urgency);
        expect(JSON.stringify(details)).toMatch(/Demo concern \d+: synthetic/);
      }
    });

    it('each concern’s columns agree with its chronology', async () => {
      const concerns = await database.db.selectFrom('concerns').selectAll().execute();
      const events = await database.db
        .selectFrom('concern_events')
        .select(['concern_id', 'at', 'kind', 'actor_aad_id', 'detail'])
        .orderBy('concern_id')
        .orderBy('id')
        .execute();
      const byConcern = Map.groupBy(events, (event) => event.concern_id);
      for (const concern of concerns) {
        const chronology = byConcern.get(concern.id) ?? [];
        const at = (event: (typeof chronology)[number] | undefined) =>
          event ? new Date(event.at).getTime() : null;
        const ms = (value: Date | null) => (value ? new Date(value).getTime() : null);
        const detail = (event: (typeof chronology)[number]) => event.detail as Record<string, unknown>;
        const context = `${concern.reference}: ${chronology.map((event) => event.kind).join(', ')}`;

        // Ids as the app checks them on card actions (z.uuid()).
        for (const id of [concern.id, concern.draft_id, concern.reporter_aad_id])
          expect(z.uuid().safeParse(id).success, id).toBe(true);
        expect(chronology[0]?.kind, context).toBe('submitted');
        expect(detail(chronology[0] as (typeof chronology)[number]).reference).toBe(concern.reference);
        expect(at(chronology[0])).toBe(ms(concern.submitted_at));
        const times = chronology.map((event) => new Date(event.at).getTime());
        expect(times, context).toEqual([...times].sort((a, b) => a - b));
        expect(Math.max(...times)).toBeLessThanOrEqual(to.getTime());
        expect(Math.min(...times)).toBeGreaterThanOrEqual(from.getTime());

        // Status and version: the last state change says what the row must show.
        // (reporter_told also has a status: the one it told, not a change; changes carry a version.)
        const changes = chronology.filter(
          (event) => typeof detail(event).status === 'string' && typeof detail(event).version === 'number',
        );
        const lastChange = changes.at(-1);
        expect(concern.status, context).toBe(lastChange ? detail(lastChange).status : 'submitted');
        expect(concern.version, context).toBe(lastChange ? detail(lastChange).version : 1);
        expect(ms(concern.updated_at)).toBe(lastChange ? at(lastChange) : ms(concern.submitted_at));

        // Closed exactly when closed_at is set, at the last close, after the last reopening.
        const lastClose = chronology.findLast((event) => event.kind === 'closed');
        const lastReopen = chronology.findLast((event) => event.kind === 'reopened');
        const closed = !!lastClose && (!lastReopen || (at(lastClose) ?? 0) >= (at(lastReopen) ?? 0));
        expect(concern.status === 'closed', context).toBe(closed);
        expect(concern.closed_at !== null, context).toBe(closed);
        if (closed) expect(ms(concern.closed_at)).toBe(at(lastClose));
        if (lastClose) expect(detail(lastClose).supportOffered).toBe(true);

        const acknowledged = chronology.find((event) => event.kind === 'acknowledged');
        expect(ms(concern.acknowledged_at), context).toBe(at(acknowledged));
        expect(concern.acknowledged_by).toBe(acknowledged?.actor_aad_id ?? null);
        expect(concern.assigned_to).toBe(
          (chronology.findLast((event) => event.kind === 'assigned')?.detail as { to?: string } | undefined)
            ?.to ?? null,
        );

        // The escalation ladder ran only while nobody had acknowledged it, and only once it was due.
        const escalations = chronology.filter((event) => event.kind.startsWith('escalation_'));
        expect(concern.escalation_step, context).toBe(escalations.length);
        for (const escalation of escalations) {
          expect(at(escalation)).toBeGreaterThanOrEqual(ms(concern.ack_due_at) ?? Number.POSITIVE_INFINITY);
          if (acknowledged) expect(at(escalation)).toBeLessThan(at(acknowledged) ?? 0);
        }
        if (acknowledged) expect(concern.next_escalation_at).toBeNull();
        expect(concern.alerted_at).not.toBeNull();
        expect(chronology.some((event) => event.kind === 'dsls_alerted')).toBe(true);

        for (const event of chronology.filter((candidate) => candidate.kind === 'referred')) {
          const referral = detail(event);
          expect(referral.agencyReference).toEqual(expect.any(String));
          if (referral.consent !== 'given') expect(referral.overrideReason).toEqual(expect.any(String));
        }
        for (const event of chronology.filter((candidate) => candidate.kind === 'decision_recorded')) {
          expect(detail(event).rationale).toEqual(expect.stringMatching(/\S/));
          if (detail(event).decision === 'monitor')
            expect(detail(event).reviewDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        }
      }
    });

    it('looks like a year of a council’s work', async () => {
      const concerns = await database.db.selectFrom('concerns').selectAll().execute();
      const statuses = new Set(concerns.map((concern) => concern.status));
      expect(statuses).toContain('closed');
      expect(concerns.filter((concern) => concern.status === 'closed').length).toBeGreaterThan(450);
      expect(concerns.filter((concern) => concern.status !== 'closed').length).toBeGreaterThan(5);
      expect(new Set(concerns.map((concern) => concern.subject_type))).toEqual(
        new Set(['child', 'adult', 'unsure']),
      );
      expect(new Set(concerns.map((concern) => concern.urgency))).toEqual(
        new Set(['immediate', 'urgent', 'standard']),
      );
      const named = new Set(concerns.map((concern) => concern.reporter_department));
      for (const department of departments) expect(named).toContain(department.name);
      expect(named).toContain(null);
      const late = concerns.filter(
        (concern) =>
          concern.acknowledged_at &&
          concern.ack_due_at &&
          new Date(concern.acknowledged_at) > new Date(concern.ack_due_at),
      );
      expect(late.length).toBeGreaterThan(10);
      expect(late.length).toBeLessThan(200);
      // Office hours mostly.
      const inHours = concerns.filter((concern) => {
        const { minute, weekday } = ukParts(new Date(concern.submitted_at).getTime());
        return weekday >= 1 && weekday <= 5 && minute >= 510 && minute < 1020;
      });
      expect(inHours.length / concerns.length).toBeGreaterThan(0.7);
      // The story: Housing reports more in the last quarter than in the first.
      const housing = (start: number, end: number) =>
        concerns.filter((concern) => {
          const ms = new Date(concern.submitted_at).getTime();
          return concern.reporter_department === 'Housing' && ms >= start && ms < end;
        }).length;
      const quarter = (to.getTime() - from.getTime()) / 4;
      expect(housing(to.getTime() - quarter, to.getTime())).toBeGreaterThan(
        housing(from.getTime(), from.getTime() + quarter),
      );

      const kinds = await sql<{ kind: string; n: number }>`
        select kind, count(*)::int as n from concern_events group by kind`.execute(database.db);
      const byKind = new Map(kinds.rows.map((row) => [row.kind, Number(row.n)]));
      for (const kind of [
        'submitted',
        'dsls_alerted',
        'acknowledged',
        'reporter_told',
        'assigned',
        'note_added',
        'information_requested',
        'information_received',
        'decision_recorded',
        'referred',
        'closed',
        'reopened',
        'escalation_reminder',
        'viewed',
      ])
        expect(byKind.get(kind) ?? 0, kind).toBeGreaterThan(0);
      const agencies = await sql<{ agency: string }>`
        select distinct detail->>'agency' as agency from concern_events where kind = 'referred'`.execute(
        database.db,
      );
      expect(agencies.rows.map((row) => row.agency)).toEqual(
        expect.arrayContaining(['mash', 'adult_social_care', 'police', 'lado']),
      );
    });

    it('references are unique and sequential per year, and a real submission continues them', async () => {
      const rows = await database.db.selectFrom('concerns').select(['reference', 'submitted_at']).execute();
      expect(new Set(rows.map((row) => row.reference)).size).toBe(rows.length);
      const byYear = Map.groupBy(rows, (row) => ukDate(new Date(row.submitted_at)).year);
      for (const [year, concerns] of byYear) {
        const numbers = concerns
          .map((row) => {
            expect(row.reference.startsWith(`SG-${year}-`)).toBe(true);
            return Number(row.reference.slice(8));
          })
          .sort((a, b) => a - b);
        expect(numbers).toEqual(numbers.map((_, index) => index + 1));
        // References follow the order concerns were raised in.
        const inTimeOrder = [...concerns]
          .sort((a, b) => new Date(a.submitted_at).getTime() - new Date(b.submitted_at).getTime())
          .map((row) => row.reference);
        expect(inTimeOrder).toEqual([...inTimeOrder].sort());
      }
      const lastYear = ukDate(to).year;
      const next = await database.db
        .transaction()
        .execute(async (trx) => {
          const reference = await takeNextReference(trx, to);
          throw Object.assign(new Error('roll back'), { reference });
        })
        .catch((error: { reference?: string }) => error.reference);
      expect(next).toBe(`SG-${lastYear}-${String((byYear.get(lastYear)?.length ?? 0) + 1).padStart(5, '0')}`);
    });

    it('announcements: quarterly newsletters and procedure changes, delivered and read by department', async () => {
      const announcements = await database.db
        .selectFrom('announcements')
        .selectAll()
        .orderBy('started_at')
        .execute();
      expect(announcements.filter((row) => row.kind === 'newsletter')).toHaveLength(4);
      expect(announcements.filter((row) => row.kind === 'procedure')).toHaveLength(3);
      for (const announcement of announcements) {
        expect(announcement.status).toBe('sent');
        const deliveries = await database.db
          .selectFrom('deliveries')
          .selectAll()
          .where('announcement_id', '=', announcement.id)
          .execute();
        expect(deliveries).toHaveLength(announcement.recipients_total ?? -1);
        const sent = deliveries.filter((row) => row.status === 'sent');
        expect(sent.length / deliveries.length).toBeGreaterThan(0.9);
        expect(deliveries.some((row) => row.status === 'gone' || row.status === 'failed')).toBe(true);
        for (const row of deliveries) {
          if (row.acknowledged_at) {
            expect(announcement.ack_required).toBe(true);
            expect(row.status).toBe('sent');
            expect(new Date(row.acknowledged_at) >= new Date(row.sent_at ?? Number.NaN)).toBe(true);
            expect(new Date(row.acknowledged_at) <= to).toBe(true);
          }
        }
        if (announcement.ack_required && new Date(announcement.started_at ?? 0) < new Date('2026-10-01')) {
          const read = sent.filter((row) => row.acknowledged_at).length / sent.length;
          expect(read).toBeGreaterThan(0.6);
          expect(read).toBeLessThan(0.95);
        }
      }
    });

    it('Q&A: answered from a section, declined with topics, and some feedback', async () => {
      const outcomes = await database.db.selectFrom('qa_outcomes').selectAll().execute();
      const answered = outcomes.filter((row) => row.outcome === 'answered');
      const declined = outcomes.filter((row) => row.outcome === 'declined');
      expect(answered.length).toBeGreaterThan(declined.length);
      expect(declined.length).toBeGreaterThan(50);
      expect(outcomes.some((row) => row.outcome === 'emergency')).toBe(true);
      for (const row of answered) {
        expect(row.doc_title).toEqual(expect.any(String));
        expect(row.section).toEqual(expect.any(String));
      }
      for (const row of declined) {
        expect(row.doc_title).toBeNull();
        if (row.reason === 'empty-question') expect(row.topics).toEqual([]);
      }
      expect(declined.filter((row) => row.topics.length > 0).length / declined.length).toBeGreaterThan(0.5);
      // Named as policy-qa names them: the domain thesaurus's first term, or one of its few extras.
      const topics = new Set(declined.flatMap((row) => row.topics));
      for (const topic of ['Training', 'DBS', 'LADO', 'Prevent', 'Modern slavery'])
        expect(topics).toContain(topic);
      expect(summary.qaFeedback).toBeGreaterThan(0);
    });
  });
}
