import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData } from '../../scripts/demo-data/generate-demo-data.ts';
import { verbs } from '../../src/cards/verbs.ts';
import { coordinatorUser, dslUser } from '../kit/activities.ts';
import { cardText } from '../kit/cards.ts';
import { ChatUser } from '../kit/concern-driver.ts';
import { createTestApp, type TestApp } from '../kit/test-app.ts';

let t: TestApp;
let folder: string;
const now = new Date('2026-11-24T10:00:00Z');

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'sa-report-year-'));
  await mkdir(join(folder, 'knowledge'));
  t = await createTestApp({
    env: { KNOWLEDGE_DIR: join(folder, 'knowledge'), DATA_DIR: folder },
    overrides: { clock: { now: () => now } },
  });
  await generateDemoData(t.app.database.db, {
    from: new Date(now.getTime() - 365 * 86_400_000),
    to: now,
    concerns: 600,
    seed: 3,
  });
}, 120_000);

afterAll(async () => {
  await t.close();
  await rm(folder, { recursive: true, force: true });
});

/** Teams refuses a message whose card is over about 28 KB. */
const teamsCardLimit = 28 * 1024;

describe('the quarterly report over a realistic year (seed:demo)', () => {
  for (const user of [coordinatorUser, dslUser]) {
    it(`every card ${user === dslUser ? 'a DSL' : 'a coordinator'} opens fits Teams' size limit, and no figure under 5 shows`, async () => {
      const chat = new ChatUser(t, user);
      const { card } = await chat.say('report');
      expect(cardText(card)).toContain('2026/27 Q2 (July to September 2026)');
      expect(JSON.stringify(card).length).toBeLessThan(teamsCardLimit);
      for (const section of ['concerns', 'response', 'outcomes', 'announcements', 'questions']) {
        const opened = await chat.press(verbs.reportSection, {}, { section });
        const json = JSON.stringify(opened.card);
        expect(json.length, section).toBeLessThan(teamsCardLimit);
        const cells = [
          ...json.matchAll(/"type":"TableCell","items":\[\{"type":"TextBlock","text":"([^"]*)"/g),
        ].map((match) => match[1]);
        expect(cells.length, section).toBeGreaterThan(0);
        for (const cell of cells) expect(cell, section).not.toMatch(/^[0-4]$/);
        await chat.press(verbs.reportShow);
      }
    });
  }
});
