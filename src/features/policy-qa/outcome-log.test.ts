import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTestDatabase } from '../../../test/kit/test-database.ts';
import { createLogger } from '../../shared/logger.ts';
import type { Database } from '../../storage/database.ts';
import { createOutcomeLog, type QaOutcomeRow } from './outcome-log.ts';

const row = (outcome: QaOutcomeRow['outcome'], section: string): QaOutcomeRow => ({
  at: new Date('2026-12-03T10:00:00Z'),
  outcome,
  reason: null,
  doc_title: 'Safeguarding policy',
  section,
  confidence: 0.8,
  topics: ['DBS'],
});

function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination: stream }) };
}

describe('the Q&A outcome log', () => {
  let database: Database;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => {
    await database.close();
  });
  const sections = async () =>
    (await database.db.selectFrom('qa_outcomes').select('section').orderBy('id').execute()).map(
      (r) => r.section,
    );

  it('writes the rows recorded since the last write in one go, in the order they were recorded', async () => {
    const log = createOutcomeLog({ db: database.db, logger: captureLogger().logger, flushAfterMs: 60_000 });
    log.record(row('answered', 'Training'));
    log.record(row('declined', 'Allegations'));
    log.record(row('emergency', 'Immediate danger'));
    expect(await sections()).toEqual([]);
    await log.flush();
    expect(await sections()).toEqual(['Training', 'Allegations', 'Immediate danger']);
    await log.flush();
    expect(await sections()).toHaveLength(3);
  });

  it('writes on its own after the wait, or as soon as a batch is full', async () => {
    const timed = createOutcomeLog({ db: database.db, logger: captureLogger().logger, flushAfterMs: 20 });
    timed.record(row('answered', 'Training'));
    await vi.waitFor(async () => expect(await sections()).toEqual(['Training']));
    const full = createOutcomeLog({
      db: database.db,
      logger: captureLogger().logger,
      flushAfterMs: 60_000,
      maxRows: 2,
    });
    full.record(row('answered', 'Prevent'));
    full.record(row('answered', 'LADO'));
    await vi.waitFor(async () => expect(await sections()).toEqual(['Training', 'Prevent', 'LADO']));
  });

  it('logs a failed write by count and code, never content, and keeps answering', async () => {
    const { lines, logger } = captureLogger();
    const log = createOutcomeLog({ db: database.db, logger, flushAfterMs: 60_000 });
    await sql`drop table qa_outcomes`.execute(database.db);
    log.record(row('answered', 'Modern slavery'));
    await expect(log.flush()).resolves.toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    const line = lines.join('');
    expect(line).toContain('"code":"QA_OUTCOME_WRITE_FAILED"');
    expect(line).toContain('"rows":1');
    expect(line).not.toContain('Modern slavery');
  });
});
