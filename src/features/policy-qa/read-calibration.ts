import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { QaLogger } from './knowledge-types.ts';

/** Where a knowledge folder keeps its own decline threshold (a dotfile, so it is never indexed). */
export const calibrationFileName = '.qa-calibration.json';

const calibrationSchema = z.object({
  declineThreshold: z.number().min(0.05).max(0.95),
  /** How it was chosen: the question set and the sweep's figures, for the next person. */
  calibratedOn: z.string().max(2000).optional(),
});

/**
 * The decline threshold calibrated for this folder's documents (`npm run eval:qa -- --sweep` on a
 * question set written for them), or undefined to use the engine's default. A small, tidy policy
 * scores lower than a long, messy set of reports for the same fit of question and passage, so one
 * threshold does not suit both. A missing file is normal; a broken one is logged and ignored.
 */
export async function readCalibration(
  dir: string,
  logger: QaLogger | undefined,
): Promise<number | undefined> {
  let raw: string;
  try {
    raw = await readFile(join(dir, calibrationFileName), 'utf8');
  } catch {
    // No calibration file: the engine's default threshold applies.
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const parsed = calibrationSchema.safeParse(json);
  if (!parsed.success) {
    logger?.warn(
      { code: 'KNOWLEDGE_CALIBRATION_INVALID', file: calibrationFileName },
      'calibration file ignored: it needs {"declineThreshold": a number between 0.05 and 0.95}',
    );
    return undefined;
  }
  return parsed.data.declineThreshold;
}
