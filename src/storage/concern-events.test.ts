import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePostgresSkip, testEngines } from '../../test/kit/test-database.ts';
import {
  appendConcernEvent,
  canonicalJson,
  hashConcernEvent,
  readConcernEvents,
  verifyConcernChronology,
} from './concern-events.ts';
import type { Database } from './database.ts';

const skipped = describePostgresSkip();
if (skipped) it.skip(skipped, () => undefined);

describe('canonical JSON and the event hash', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
    const event = {
      concernId: 'c1',
      at: new Date('2026-03-14T10:00:00.000Z'),
      actorAadId: 'u1',
      kind: 'submitted',
      prevHash: null,
    };
    expect(hashConcernEvent({ ...event, detail: { a: 1, b: 2 } })).toBe(
      hashConcernEvent({ ...event, detail: { b: 2, a: 1 } }),
    );
    expect(hashConcernEvent({ ...event, detail: { a: 1 } })).toMatch(/^[0-9a-f]{64}$/);
  });
});

for (const engine of testEngines()) {
  describe(`the concern chronology on ${engine.name}`, () => {
    let database: Database;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ database, dispose } = await engine.open());
    });
    afterAll(async () => {
      await dispose();
    });

    async function newConcern(): Promise<string> {
      const id = randomUUID();
      const now = new Date();
      await database.db
        .insertInto('concerns')
        .values({
          id,
          reference: `SG-2026-${id.slice(0, 5)}`,
          reporter_aad_id: 'u1',
          reporter_tenant_id: null,
          subject_type: 'child',
          urgency: 'standard',
          categories: ['neglect'],
          about_staff: false,
          named_staff_aad_id: null,
          status: 'submitted',
          version: 1,
          details: JSON.stringify({}),
          submitted_at: now,
          updated_at: now,
          draft_id: randomUUID(),
        })
        .execute();
      return id;
    }

    it('chains each event to the one before, and the chain verifies', async () => {
      const concernId = await newConcern();
      for (const kind of ['submitted', 'viewed', 'acknowledged']) {
        await database.db.transaction().execute((trx) =>
          appendConcernEvent(trx, {
            concernId,
            at: new Date(),
            actorAadId: 'u1',
            kind,
            detail: { code: kind.toUpperCase(), n: 1 },
          }),
        );
      }
      const events = await readConcernEvents(database.db, concernId);
      expect(events.map((event) => event.kind)).toEqual(['submitted', 'viewed', 'acknowledged']);
      expect(events[0]?.prevHash).toBeNull();
      expect(events[1]?.prevHash).toBe(events[0]?.hash);
      expect(events[2]?.prevHash).toBe(events[1]?.hash);
      expect(await verifyConcernChronology(database.db, concernId)).toEqual({ ok: true, events: 3 });
    });

    it('the database refuses to change, delete or truncate an event', async () => {
      const concernId = await newConcern();
      await database.db.transaction().execute((trx) =>
        appendConcernEvent(trx, {
          concernId,
          at: new Date(),
          actorAadId: 'u1',
          kind: 'submitted',
          detail: {},
        }),
      );
      await expect(
        database.db
          .updateTable('concern_events')
          .set({ kind: 'closed' })
          .where('concern_id', '=', concernId)
          .execute(),
      ).rejects.toThrow(/append-only/);
      await expect(
        database.db.deleteFrom('concern_events').where('concern_id', '=', concernId).execute(),
      ).rejects.toThrow(/append-only/);
      await expect(sql`truncate concern_events cascade`.execute(database.db)).rejects.toThrow(/append-only/);
    });

    it('a fork (two events after the same one) is refused', async () => {
      const concernId = await newConcern();
      const first = await database.db.transaction().execute((trx) =>
        appendConcernEvent(trx, {
          concernId,
          at: new Date(),
          actorAadId: 'u1',
          kind: 'submitted',
          detail: {},
        }),
      );
      const fork = {
        concern_id: concernId,
        at: new Date(),
        actor_aad_id: 'u2',
        kind: 'viewed',
        detail: '{}',
        prev_hash: null,
        hash: 'f'.repeat(64),
      };
      await expect(database.db.insertInto('concern_events').values(fork).execute()).rejects.toThrow();
      await database.db
        .insertInto('concern_events')
        .values({ ...fork, prev_hash: first.hash })
        .execute();
      await expect(
        database.db
          .insertInto('concern_events')
          .values({ ...fork, prev_hash: first.hash, hash: 'e'.repeat(64) })
          .execute(),
      ).rejects.toThrow();
    });

    it('an event written behind the chain’s back does not verify', async () => {
      const concernId = await newConcern();
      const first = await database.db.transaction().execute((trx) =>
        appendConcernEvent(trx, {
          concernId,
          at: new Date(),
          actorAadId: 'u1',
          kind: 'submitted',
          detail: {},
        }),
      );
      await database.db
        .insertInto('concern_events')
        .values({
          concern_id: concernId,
          at: new Date(),
          actor_aad_id: 'u1',
          kind: 'closed',
          detail: JSON.stringify({ outcome: 'no further action' }),
          prev_hash: first.hash,
          hash: '0'.repeat(64),
        })
        .execute();
      expect(await verifyConcernChronology(database.db, concernId)).toMatchObject({
        ok: false,
        reason: 'hash-mismatch',
      });
    });
  });
}
