import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verbs } from '../../src/cards/verbs.ts';
import {
  coordinatorUser,
  fileConsentActivity,
  personalConversationId,
  staffUser,
} from '../kit/activities.ts';
import { cardText } from '../kit/cards.ts';
import { ChatUser } from '../kit/concern-driver.ts';
import type { ConnectorCall } from '../kit/connector-stand-in.ts';
import { OneDriveUploadStandIn } from '../kit/onedrive-upload-stand-in.ts';
import { writeReportFixture } from '../kit/report-fixture.ts';
import { createTestApp, type TestApp } from '../kit/test-app.ts';

let t: TestApp;
let folder: string;
const upload = new OneDriveUploadStandIn();
const clock = { now: () => new Date('2026-11-24T10:00:00Z') };

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'sa-report-files-'));
  await mkdir(join(folder, 'knowledge'));
  await upload.start();
  t = await createTestApp({
    env: { KNOWLEDGE_DIR: join(folder, 'knowledge'), DATA_DIR: folder, REPORT_FILES: 'teams' },
    overrides: { clock },
  });
  await writeReportFixture(t.app.database.db);
}, 60_000);

afterAll(async () => {
  await t.close();
  await upload.stop();
  await rm(folder, { recursive: true, force: true });
});

beforeEach(() => {
  t.connector.reset();
});

const attachmentsOf = (call: ConnectorCall | undefined) =>
  (call?.activity?.attachments ?? []) as {
    contentType: string;
    name?: string;
    contentUrl?: string;
    content?: Record<string, unknown>;
  }[];

function sentTo(user: typeof coordinatorUser, contentType: string): ConnectorCall | undefined {
  return t.connector.calls.find(
    (call) =>
      call.conversationId === personalConversationId(user) &&
      attachmentsOf(call).some((attachment) => attachment.contentType === contentType),
  );
}

const uploadInfo = (session: string) => ({
  name: 'safeguarding-report-2026-Q1.zip',
  uploadUrl: upload.session(session),
  contentUrl: `https://contoso-my.sharepoint.com/personal/cory/Documents/Applications/${session}.zip`,
  uniqueId: `unique-${session}`,
  fileType: 'zip',
});

describe('the quarterly report CSV files in Teams', () => {
  it('are offered on a file consent card, uploaded to the OneDrive session on accept, and shown as a file card', async () => {
    const chat = new ChatUser(t, coordinatorUser);
    await chat.say('report csv 2026 Q1');
    const consent = attachmentsOf(
      sentTo(coordinatorUser, 'application/vnd.microsoft.teams.card.file.consent'),
    )[0];
    expect(consent?.name).toBe('safeguarding-report-2026-Q1.zip');
    expect(consent?.content?.acceptContext).toEqual({ kind: 'quarterly-report', period: '2026-Q1' });
    expect(Number(consent?.content?.sizeInBytes)).toBeGreaterThan(500);

    const answered = await t.post(
      fileConsentActivity({
        serviceUrl: t.connector.url,
        user: coordinatorUser,
        value: {
          type: 'fileUpload',
          action: 'accept',
          context: consent?.content?.acceptContext,
          uploadInfo: uploadInfo('s1'),
        },
      }),
    );
    expect(answered.status).toBe(200);
    const zip = upload.files.get('s1');
    expect(zip?.byteLength).toBe(Number(consent?.content?.sizeInBytes));
    const files = unzipSync(new Uint8Array(zip ?? []));
    expect(Object.keys(files)).toContain('safeguarding-report-2026-Q1-concerns-by-department.csv');
    const department = strFromU8(
      files['safeguarding-report-2026-Q1-concerns-by-department.csv'] ?? new Uint8Array(),
    );
    expect(department).toContain('Housing,<5,<5,<5,<5,<5');
    const info = attachmentsOf(sentTo(coordinatorUser, 'application/vnd.microsoft.teams.card.file.info'))[0];
    expect(info).toMatchObject({
      name: 'safeguarding-report-2026-Q1.zip',
      contentUrl: uploadInfo('s1').contentUrl,
      content: { uniqueId: 'unique-s1', fileType: 'zip' },
    });
  });

  it('the report card’s "CSV files" button says Teams will ask, and sends the consent card', async () => {
    const chat = new ChatUser(t, coordinatorUser);
    const pressed = await chat.invoke(verbs.reportCsv, { period: '2026-Q1' });
    expect(cardText(pressed.card)).toContain(
      'Teams will ask you where to save safeguarding-report-2026-Q1.zip',
    );
    expect(sentTo(coordinatorUser, 'application/vnd.microsoft.teams.card.file.consent')).toBeDefined();
  });

  it('a decline sends nothing', async () => {
    const answered = await t.post(
      fileConsentActivity({
        serviceUrl: t.connector.url,
        user: coordinatorUser,
        value: {
          type: 'fileUpload',
          action: 'decline',
          context: { kind: 'quarterly-report', period: '2026-Q1' },
        },
      }),
    );
    expect(answered.status).toBe(200);
    expect(t.connector.calls.map((call) => call.activity?.text)).toContain('No file was sent.');
    expect(upload.files.size).toBe(1);
  });

  it('a crafted accept from staff uploads nothing, and is audited', async () => {
    const before = upload.requests.length;
    const answered = await t.post(
      fileConsentActivity({
        serviceUrl: t.connector.url,
        user: staffUser,
        value: {
          type: 'fileUpload',
          action: 'accept',
          context: { kind: 'quarterly-report', period: '2026-Q1' },
          uploadInfo: uploadInfo('s2'),
        },
      }),
    );
    expect(answered.status).toBe(200);
    expect(upload.requests.length).toBe(before);
    const codes = await t.app.database.db
      .selectFrom('audit_log')
      .select('code')
      .where('actor_aad_id', '=', staffUser.aadObjectId)
      .execute();
    expect(codes.map((row) => row.code)).toContain('ROLE_FORBIDDEN');
  });

  it('a malformed answer (no upload session, or an http upload URL) is refused with 400 and nothing is sent', async () => {
    for (const value of [
      { action: 'accept', context: { kind: 'quarterly-report', period: '2026-Q1' } },
      {
        action: 'accept',
        context: {},
        uploadInfo: { ...uploadInfo('s3'), uploadUrl: 'http://attacker.example/up' },
      },
      'not an object',
    ]) {
      const answered = await t.post(
        fileConsentActivity({ serviceUrl: t.connector.url, user: coordinatorUser, value }),
      );
      expect(answered.status).toBe(400);
    }
    expect(upload.files.has('s3')).toBe(false);
    expect(t.connector.calls).toHaveLength(0);
  });
});
