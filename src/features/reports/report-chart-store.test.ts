import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/kit/test-database.ts';
import type { Database } from '../../storage/database.ts';
import { deleteExpiredChartImages, loadChartImage, storeChartImage } from './report-chart-store.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const now = new Date('2026-11-24T10:00:00Z');
const png = (byte: number) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, byte]);

describe('stored chart pictures', () => {
  it('keeps one copy of the same picture under an unguessable id, and serves it until it expires', async () => {
    const first = await storeChartImage(database.db, png(1), now);
    expect(first).toMatch(/^[A-Za-z0-9_-]{30,80}$/);
    expect(await storeChartImage(database.db, png(1), now)).toBe(first);
    const other = await storeChartImage(database.db, png(2), now);
    expect(other).not.toBe(first);
    expect(await loadChartImage(database.db, first, now)).toEqual(png(1));
    const later = new Date(now.getTime() + 401 * 86_400_000);
    expect(await loadChartImage(database.db, first, later)).toBeUndefined();
    expect(await deleteExpiredChartImages(database.db, later)).toBe(2);
  });

  it('answers nothing for an id that is not one of its own', async () => {
    expect(await loadChartImage(database.db, "x' or 1=1 --", now)).toBeUndefined();
    expect(await loadChartImage(database.db, 'a'.repeat(40), now)).toBeUndefined();
  });
});
