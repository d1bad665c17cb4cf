import { strToU8, zipSync } from 'fflate';
import { z } from 'zod';
import type { Actor } from '../../shared/actor.ts';
import { AppError } from '../../shared/errors.ts';
import type { FileConsentAnswer, Reply } from '../../shared/reply.ts';
import { reportCsvFiles } from './export-report-csv.ts';
import { mayReadReports, type ReportDeps } from './report-deps.ts';
import { parsePeriodRequest, type ReportPeriod } from './report-period.ts';
import { buildPublishedReport } from './show-report.ts';

/** Teams' file consent card and the card that shows a file once it is in the person's OneDrive. */
const fileConsentCardType = 'application/vnd.microsoft.teams.card.file.consent';
const fileInfoCardType = 'application/vnd.microsoft.teams.card.file.info';

/** The context a consent card carries, so the answer says which report it was for. */
const consentContextSchema = z.object({
  kind: z.literal('quarterly-report'),
  period: z.string().regex(/^\d{4}-Q[1-4]$/),
});

/** Fixed file times: the same figures make the same zip. */
const zipTime = new Date('2026-01-01T00:00:00Z');

async function reportZip(deps: ReportDeps, period: ReportPeriod): Promise<Uint8Array> {
  const report = await buildPublishedReport(deps, period);
  return zipSync(Object.fromEntries(reportCsvFiles(report).map((file) => [file.name, strToU8(file.csv)])), {
    level: 6,
    mtime: zipTime,
  });
}

function fileName(period: ReportPeriod): string {
  return `safeguarding-report-${period.key}.zip`;
}

/**
 * Offers the report's CSV files as one zip through Teams' file consent card: Teams asks the
 * person, then gives the bot an upload session in their own OneDrive (1:1 chats only).
 */
export async function offerReportFiles(deps: ReportDeps, period: ReportPeriod, reply: Reply): Promise<void> {
  const zip = await reportZip(deps, period);
  const context = { kind: 'quarterly-report', period: period.key };
  await reply.attachment(
    {
      contentType: fileConsentCardType,
      name: fileName(period),
      content: {
        description: `Quarterly safeguarding report, ${period.label}: one CSV file per table, small numbers shown as <${deps.rule.threshold}.`,
        sizeInBytes: zip.byteLength,
        acceptContext: context,
        declineContext: context,
      },
    },
    `Safeguarding Assistant: quarterly report CSV files, ${period.shortLabel}`,
  );
}

/**
 * The person accepted (upload the zip to the session Teams gave, then show it as a file card) or
 * declined (say nothing was sent). The role is checked again: the answer is a request of its own.
 */
export async function answerReportFileConsent(
  deps: ReportDeps,
  actor: Actor,
  answer: FileConsentAnswer,
  reply: Reply,
): Promise<boolean> {
  const parsed = consentContextSchema.safeParse(answer.context);
  if (!parsed.success) return false;
  if (!mayReadReports(actor)) {
    await deps.context.audit('ROLE_FORBIDDEN', actor, 'report.files');
    await reply.text('The quarterly report is for safeguarding coordinators and safeguarding leads.');
    return true;
  }
  const request = parsePeriodRequest(parsed.data.period, deps.context.clock.now(), deps.scheme);
  if (!request.ok) {
    await reply.text(request.problem);
    return true;
  }
  if (answer.action === 'decline' || !answer.uploadInfo) {
    await reply.text('No file was sent.');
    return true;
  }
  const zip = await reportZip(deps, request.period);
  const upload = await fetch(answer.uploadInfo.uploadUrl, {
    method: 'PUT',
    headers: {
      'Content-Length': String(zip.byteLength),
      'Content-Range': `bytes 0-${zip.byteLength - 1}/${zip.byteLength}`,
    },
    body: Buffer.from(zip),
    signal: AbortSignal.timeout(30_000),
  });
  if (upload.status !== 200 && upload.status !== 201)
    throw new AppError('UPLOAD_FAILED', `The file upload was refused (${upload.status})`);
  await deps.context.audit('REPORT_EXPORTED', actor, request.period.key);
  await reply.attachment(
    {
      contentType: fileInfoCardType,
      name: answer.uploadInfo.name,
      contentUrl: answer.uploadInfo.contentUrl,
      content: { uniqueId: answer.uploadInfo.uniqueId, fileType: answer.uploadInfo.fileType },
    },
    `Safeguarding Assistant: ${answer.uploadInfo.name}`,
  );
  return true;
}
