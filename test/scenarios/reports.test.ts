import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verbs } from '../../src/cards/verbs.ts';
import { quarterlyReportSweepJob } from '../../src/features/reports/send-quarterly-report.ts';
import { verifyConcernChronology } from '../../src/storage/concern-events.ts';
import { conversationRefs } from '../../src/storage/conversation-refs.ts';
import {
  coordinatorUser,
  dslUser,
  executeActivity,
  messageActivity,
  personalConversationId,
  personalReference,
  staffUser,
  type TestUser,
} from '../kit/activities.ts';
import { choicesOf } from '../kit/card-actions.ts';
import { cardsIn, cardText } from '../kit/cards.ts';
import { ChatUser, invokeCard } from '../kit/concern-driver.ts';
import { writeReportFixture } from '../kit/report-fixture.ts';
import { createTestApp, type TestApp } from '../kit/test-app.ts';

let t: TestApp;
let folder: string;
let now = new Date('2026-11-24T10:00:00Z');
const clock = { now: () => now };
let concernIds: Map<string, string>;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'sa-reports-'));
  await mkdir(join(folder, 'knowledge'));
  t = await createTestApp({
    env: { KNOWLEDGE_DIR: join(folder, 'knowledge'), DATA_DIR: folder },
    overrides: { clock },
  });
  concernIds = await writeReportFixture(t.app.database.db);
  const refs = conversationRefs(t.app.database.db);
  for (const user of [coordinatorUser, staffUser, dslUser])
    await refs.save(personalReference(t.connector.url, user), user.aadObjectId);
}, 60_000);

afterAll(async () => {
  await t.close();
  await rm(folder, { recursive: true, force: true });
});

beforeEach(() => {
  t.connector.reset();
  now = new Date('2026-11-24T10:00:00Z');
});

async function auditCodes(user: TestUser): Promise<string[]> {
  const rows = await t.app.database.db
    .selectFrom('audit_log')
    .select('code')
    .where('actor_aad_id', '=', user.aadObjectId)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.code);
}

async function listedEvents(): Promise<number> {
  const row = await t.app.database.db
    .selectFrom('concern_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'listed_in_report')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every figure in a card's tables (cells after the first column) and its headline. */
function figuresOf(card: unknown): string[] {
  const figures: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'TableRow' && Array.isArray(record.cells))
      for (const cell of record.cells.slice(1)) figures.push(cardText(cell));
    for (const value of Object.values(record)) visit(value);
  };
  visit(card);
  return figures;
}

/** A figure under the threshold would be a bare count 0-4 (or a rate or time over fewer than 5 cases). */
function expectNothingUnderFive(figures: readonly string[]): void {
  for (const figure of figures) expect(figure, `figure "${figure}"`).not.toMatch(/^[0-4]$/);
}

describe('the quarterly report', () => {
  it('is refused to staff, with an audit entry and nothing else', async () => {
    const chat = new ChatUser(t, staffUser);
    await chat.say('report');
    const replies = t.connector.calls.filter(
      (call) => call.conversationId === personalConversationId(staffUser),
    );
    expect(replies.map((call) => call.activity?.text)).toEqual([
      'The quarterly report is for safeguarding coordinators and safeguarding leads. To report a safeguarding concern, type "raise a concern".',
    ]);
    expect(await auditCodes(staffUser)).toContain('ROLE_FORBIDDEN');
    const crafted = await chat.invoke(verbs.reportSection, { period: '2026-Q1', section: 'concerns' });
    expect(cardText(crafted.card)).toContain('The quarterly report is for safeguarding coordinators');
    expect(cardText(crafted.card)).not.toContain('Concerns by');
  });

  it('leaves "report <something that is not a period>" to the other features', async () => {
    const chat = new ChatUser(t, coordinatorUser);
    await chat.say('report bullying');
    const texts = t.connector.calls.map(
      (call) => `${call.activity?.text ?? ''} ${cardText(cardsIn(call.activity)[0])}`,
    );
    expect(texts.join(' ')).not.toContain('Quarterly safeguarding report');
  });

  it('gives a coordinator the quarter as a card with charts served by the bot, every small number shown as <5', async () => {
    const chat = new ChatUser(t, coordinatorUser);
    const { card, summary } = await chat.say('report 2026 Q1');
    expect(summary).toBe('Safeguarding Assistant: quarterly report, Jan-Mar 2026');
    const text = cardText(card);
    expect(text).toContain('2025/26 Q4 (January to March 2026)');
    expect(text).toContain('Figures under 5 are shown as <5');
    expect(text).toContain('Aggregates only');
    expect(text).toContain('There were 5 concerns this quarter (fewer than 5 last quarter).');
    expectNothingUnderFive(
      (card as { body: { columns?: { items: { text: string }[] }[] }[] }).body
        .flatMap((element) => element.columns ?? [])
        .map((column) => column.items[0]?.text ?? ''),
    );
    // Every chart is a picture (its cells are suppressed), served over HTTP with alt text.
    const images: { url: string; altText: string }[] = [];
    JSON.stringify(card, (_key, value) => {
      if (value && typeof value === 'object' && value.type === 'Image') images.push(value);
      return value;
    });
    expect(images.length).toBeGreaterThanOrEqual(3);
    for (const image of images) {
      expect(image.url.startsWith(t.app.url)).toBe(true);
      expect(image.altText).toContain('<5');
      expect(image.altText).not.toMatch(/\b[1-4]\b(?![^,;:]*\d{4})/);
      const response = await fetch(image.url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      expect(
        Buffer.from(await response.arrayBuffer())
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
    }
    expect((await fetch(`${t.app.url}/report-charts/not-a-real-chart-id-at-all.png`)).status).toBe(404);
    expect(await auditCodes(coordinatorUser)).toContain('REPORT_VIEWED');
  });

  it('shows each section to a coordinator as aggregates, with no way to drill into a case', async () => {
    const chat = new ChatUser(t, coordinatorUser);
    await chat.say('report 2026 Q1');
    for (const section of ['concerns', 'response', 'outcomes', 'announcements', 'questions']) {
      const { card } = await chat.press(verbs.reportSection, {}, { section });
      expect(cardText(card)).not.toContain('SG-2026-');
      expect(choicesOf(card, 'figure')).toEqual([]);
      expectNothingUnderFive(figuresOf(card));
      expect(JSON.stringify(card).length).toBeLessThan(28_000);
      await chat.press(verbs.reportShow);
    }
  });

  it('refuses and records a coordinator’s crafted drill-down, and lists no concern', async () => {
    const chat = new ChatUser(t, coordinatorUser);
    const before = await listedEvents();
    const response = await chat.invoke(verbs.reportDrill, { period: '2026-Q1', figure: 'category:neglect' });
    expect(response.status).toBe(200);
    expect(cardText(response.card)).toContain('Only safeguarding leads can see the concerns behind a figure');
    expect(cardText(response.card)).not.toContain('SG-2026-');
    expect(await auditCodes(coordinatorUser)).toContain('REPORT_DRILLDOWN_REFUSED');
    expect(await listedEvents()).toBe(before);
  });

  it('lets a DSL drill from a figure to its concerns, recording the listing in each chronology', async () => {
    const chat = new ChatUser(t, dslUser);
    await chat.say('report 2026 Q1');
    const { card } = await chat.press(verbs.reportSection, {}, { section: 'concerns' });
    expect(choicesOf(card, 'figure')).toContain('category:neglect');
    const before = await listedEvents();
    const drilled = await chat.press(verbs.reportDrill, { figure: 'category:neglect' });
    const text = cardText(drilled.card);
    expect(text).toContain('3 concerns');
    expect(text.match(/SG-2026-\d{5}/g)?.sort()).toEqual(['SG-2026-00001', 'SG-2026-00002', 'SG-2026-00007']);
    expect(await listedEvents()).toBe(before + 3);
    for (const name of ['A', 'G, never acknowledged']) {
      const id = concernIds.get(name) ?? '';
      expect(await verifyConcernChronology(t.app.database.db, id)).toMatchObject({ ok: true });
    }
    expect(await auditCodes(dslUser)).toContain('REPORT_DRILLDOWN');
    const tampered = await chat.invoke(verbs.reportDrill, {
      period: '2026-Q1',
      figure: "category:' or 1=1 --",
    });
    expect(cardText(tampered.card)).toContain('No concerns that you can see');
    const malformed = await chat.invoke(verbs.reportDrill, {
      period: '2026-Q1',
      figure: 'secrets:everything',
    });
    expect(cardText(malformed.card)).toMatch(/not recognised|could not|went wrong/i);
  });

  it('writes the same tables as CSV files, small numbers suppressed', async () => {
    const chat = new ChatUser(t, coordinatorUser);
    const { card } = await chat.say('report csv 2026 Q1');
    const text = cardText(card);
    expect(text).toContain('CSV files written');
    const folderLine = text.split('\n').find((line) => line.startsWith(folder));
    expect(folderLine).toBeDefined();
    const files = await readdir(folderLine ?? '');
    expect(files).toContain('safeguarding-report-2026-Q1-concerns-by-department.csv');
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const file of files) {
      const csv = await readFile(join(folderLine ?? '', file), 'utf8');
      const cells = csv
        .trim()
        .split('\r\n')
        .slice(1)
        .flatMap((line) => line.split(',').slice(1));
      expectNothingUnderFive(cells);
    }
    const department = await readFile(
      join(folderLine ?? '', 'safeguarding-report-2026-Q1-concerns-by-department.csv'),
      'utf8',
    );
    expect(department).toContain('Housing,<5,<5,<5,<5,<5');
  });

  it('asked for in a channel, goes to the 1:1 chat; a drill-down from a channel is refused', async () => {
    const activity = messageActivity({ serviceUrl: t.connector.url, user: dslUser, text: 'report 2026 Q1' });
    const channel = {
      id: '19:team-channel',
      conversationType: 'channel',
      tenantId: activity.conversation.tenantId,
    };
    expect((await t.post({ ...activity, conversation: channel })).status).toBe(200);
    const calls = await t.connector.waitFor((all) =>
      all.some((call) => call.conversationId !== '19:team-channel' && cardsIn(call.activity).length > 0),
    );
    const inChannel = calls.filter((call) => call.conversationId === '19:team-channel');
    expect(inChannel.every((call) => cardsIn(call.activity).length === 0)).toBe(true);
    expect(String(inChannel[0]?.activity?.text)).toContain('sent the quarterly report to your 1:1 chat');
    const before = await listedEvents();
    const drill = executeActivity({
      serviceUrl: t.connector.url,
      user: dslUser,
      verb: verbs.reportDrill,
      data: { period: '2026-Q1', figure: 'category:neglect' },
    });
    const answer = await t.post({ ...drill, conversation: channel });
    expect(cardText(invokeCard(answer.body))).toContain('opens in your 1:1 chat');
    expect(await listedEvents()).toBe(before);
  });

  it('refuses a tampered card action: a period that is not a quarter key, one not started, an unknown section', async () => {
    const chat = new ChatUser(t, coordinatorUser);
    const before = await listedEvents();
    expect(cardText((await chat.invoke(verbs.reportShow, { period: "2026-Q1' or 1=1" })).card)).toContain(
      'could not accept',
    );
    expect(cardText((await chat.invoke(verbs.reportShow, { period: '2099-Q1' })).card)).toContain(
      'has not started yet',
    );
    expect(
      cardText((await chat.invoke(verbs.reportSection, { period: '2026-Q1', section: 'cases' })).card),
    ).toContain('could not accept');
    expect(cardText((await chat.invoke(verbs.reportCsv, {})).card)).toContain('could not accept');
    expect(await listedEvents()).toBe(before);
  });

  it('explains a period it cannot read, and one that has not started', async () => {
    const chat = new ChatUser(t, coordinatorUser);
    await chat.say('report 2027 Q4');
    await chat.say('report 2026/29 Q1');
    const texts = t.connector.calls.map((call) => String(call.activity?.text ?? ''));
    expect(texts).toContain(
      '2027 Q4 (October to December 2027) has not started yet.'.replace('2027 Q4', '2027/28 Q3'),
    );
    expect(texts.some((line) => line.includes('A financial year runs from one year to the next'))).toBe(true);
  });

  it('sends coordinators the report for the quarter just ended on the first working day, once', async () => {
    now = new Date('2026-04-01T08:45:00Z'); // 09:45 BST, Wednesday 1 April 2026
    await t.app.jobs.send(quarterlyReportSweepJob, {});
    const calls = await t.connector.waitFor((all) =>
      all.some((call) => String(call.activity?.summary ?? '').includes('quarterly report for Jan-Mar 2026')),
    );
    const sent = calls.filter((call) => String(call.activity?.summary ?? '').includes('quarterly report'));
    expect(sent.map((call) => call.conversationId)).toEqual([personalConversationId(coordinatorUser)]);
    expect(cardText(cardsIn(sent[0]?.activity)[0])).toContain('2025/26 Q4 (January to March 2026)');
    await t.app.jobs.send(quarterlyReportSweepJob, {});
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(
      t.connector.calls.filter((call) => String(call.activity?.summary ?? '').includes('quarterly report')),
    ).toHaveLength(1);
  });
});
