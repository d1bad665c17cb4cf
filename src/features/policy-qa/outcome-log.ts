import type { Insertable, Kysely } from 'kysely';
import { errorCodeOf } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import type { QaOutcomesTable, Schema } from '../../storage/schema.ts';

export type QaOutcomeRow = Insertable<QaOutcomesTable>;

/**
 * What each question came to (answered, declined, emergency: topic names and confidence, never its
 * words), for the quarterly report. Rows are written behind the reply, many to one INSERT: on the
 * embedded database one insert per question cost about 0.7 ms of the bot's only thread, a fifth of a
 * turn, and with four people asking at once that wait is what set the p99. A row reaches the table
 * within `flushAfterMs` or when `maxRows` are waiting, and on stop. These are statistics, not
 * safeguarding records: a crash loses at most the last fraction of a second of them, and a failed
 * write is logged (by count, never content) rather than failing the answer that was already sent.
 */
export interface OutcomeLog {
  record(row: QaOutcomeRow): void;
  /** Writes every waiting row; resolves when they are in the table (or their write failed and was logged). */
  flush(): Promise<void>;
}

export function createOutcomeLog(options: {
  db: Kysely<Schema>;
  logger: Logger;
  flushAfterMs?: number;
  maxRows?: number;
}): OutcomeLog {
  const flushAfterMs = options.flushAfterMs ?? 250;
  const maxRows = options.maxRows ?? 100;
  let waiting: QaOutcomeRow[] = [];
  let timer: NodeJS.Timeout | undefined;
  /** Writes run one after another, so rows reach the table in the order they were recorded. */
  let writing: Promise<void> = Promise.resolve();

  const write = async (rows: QaOutcomeRow[]): Promise<void> => {
    try {
      await options.db.insertInto('qa_outcomes').values(rows).execute();
    } catch (error) {
      options.logger.warn(
        { code: 'QA_OUTCOME_WRITE_FAILED', cause: errorCodeOf(error), rows: rows.length },
        'Q&A outcome rows could not be written; the answers were sent',
      );
    }
  };

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (waiting.length > 0) {
      const rows = waiting;
      waiting = [];
      writing = writing.then(() => write(rows));
    }
    return writing;
  };

  return {
    record(row) {
      waiting.push(row);
      if (waiting.length >= maxRows) void flush();
      else if (!timer) {
        timer = setTimeout(() => void flush(), flushAfterMs);
        timer.unref();
      }
    },
    flush,
  };
}
