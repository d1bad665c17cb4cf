import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import type { z } from 'zod';
import { errorCodeOf } from '../../shared/errors.ts';
import { type StoredReference, storedReferenceSchema } from '../../storage/conversation-refs.ts';
import { cardActivity } from '../../teams/card-activity.ts';
import type { SendOutcome } from '../../teams/send-outcome.ts';
import type { OutboundActivity } from '../../teams/teams-sender.ts';
import { buildMessageCard, messageSummary } from './announcement-cards.ts';
import type { AnnouncementDeps } from './announcement-deps.ts';
import type { sendAnnouncementJob } from './announcement-jobs.ts';
import {
  type Announcement,
  type DeliveryStatus,
  loadAnnouncement,
  moveStatus,
} from './announcement-store.ts';
import { refreshProgress } from './progress-card.ts';
import { resolveAudience } from './resolve-audience.ts';

/** How long a claim on delivery rows lasts without renewal (PostgreSQL, several instances). */
const leaseMs = 60_000;
const renewEveryMs = 15_000;
/** A throttled or transiently failed row is tried again later, up to this many sends in all. */
const maxAttempts = 8;

interface ClaimedRow {
  userAadId: string;
  /** Sends attempted so far, including this worker's. */
  attempts: number;
  tenantId: string | undefined;
  relooked: boolean;
  reference: StoredReference | undefined;
}

/** Thrown by the "still pending?" guard when a row is no longer this worker's to send. */
class NoLongerPending extends Error {}

/** The worker of `announcement.send`. */
export function deliverAnnouncement(deps: AnnouncementDeps) {
  return async (data: z.infer<typeof sendAnnouncementJob.schema>): Promise<void> => {
    const { context } = deps;
    const now = context.clock.now();
    const found = await loadAnnouncement(context.db, data.announcementId);
    if (!found || found.version !== data.version) return;
    if (found.status === 'scheduled') {
      if (found.sendAt && found.sendAt.getTime() > now.getTime() + 60_000) return;
      await moveStatus(context.db, found.id, ['scheduled'], 'sending', now, { started_at: now });
    }
    const announcement = await loadAnnouncement(context.db, data.announcementId);
    if (announcement?.status !== 'sending') return;
    await prepareDeliveries(deps, announcement);
    await publishDocument(deps, announcement);
    await sendPending(deps, announcement);
  };
}

/** Resolves the audience into delivery rows, once: the row lock makes a second resolver a no-op. */
export async function prepareDeliveries(deps: AnnouncementDeps, announcement: Announcement): Promise<void> {
  const { context } = deps;
  if (announcement.recipientsTotal !== undefined) return;
  const recipients = await resolveAudience(
    { config: context.config, db: context.db, roles: context.roles, directory: deps.directory },
    announcement.audience,
  );
  await context.db.transaction().execute(async (trx) => {
    const locked = await loadAnnouncement(trx, announcement.id, { lock: true });
    if (!locked || locked.recipientsTotal !== undefined) return;
    for (let start = 0; start < recipients.length; start += 1000) {
      await trx
        .insertInto('deliveries')
        .values(
          recipients.slice(start, start + 1000).map((recipient, index) => ({
            announcement_id: announcement.id,
            user_aad_id: recipient.aadObjectId,
            seq: start + index,
            tenant_id: announcement.authorTenantId ?? null,
            department: recipient.department ?? null,
            status: 'pending' as const,
          })),
        )
        .onConflict((conflict) => conflict.columns(['announcement_id', 'user_aad_id']).doNothing())
        .execute();
    }
    await trx
      .updateTable('announcements')
      .set({ recipients_total: recipients.length })
      .where('id', '=', announcement.id)
      .execute();
  });
  announcement.recipientsTotal = recipients.length;
  context.logger.info(
    {
      code: 'ANNOUNCEMENT_AUDIENCE_RESOLVED',
      announcementId: announcement.id,
      recipients: recipients.length,
    },
    'announcement audience resolved',
  );
}

/**
 * A procedure change's new policy document goes into the knowledge folder and the Q&A is
 * re-indexed before the first message leaves, so answers cite the new version from that moment.
 * Writing the same file twice is harmless, so a crash before it is marked done just repeats it.
 */
export async function publishDocument(deps: AnnouncementDeps, announcement: Announcement): Promise<void> {
  const document = announcement.content.document;
  if (!document || announcement.documentPublishedAt) return;
  const { context } = deps;
  const folder = resolve(context.config.KNOWLEDGE_DIR);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, document.fileName), `# ${document.title}\n\n${document.text}\n`, 'utf8');
  if (deps.reindexKnowledge) {
    try {
      await deps.reindexKnowledge();
    } catch (error) {
      // The folder watcher re-indexes on its own as well; the send is not held back for it.
      context.logger.error(
        { code: errorCodeOf(error), announcementId: announcement.id },
        'policy re-index after a procedure change failed',
      );
    }
  }
  const now = context.clock.now();
  await context.db
    .updateTable('announcements')
    .set({ document_published_at: now })
    .where('id', '=', announcement.id)
    .execute();
  announcement.documentPublishedAt = now;
  context.logger.info(
    { code: 'ANNOUNCEMENT_DOCUMENT_PUBLISHED', announcementId: announcement.id },
    'policy document published',
  );
}

/**
 * Hands back rows whose worker is gone. On the embedded database only this process can be
 * sending, so every claim not its own is stale; on PostgreSQL a claim is stale when its lease
 * ran out. A row that was only claimed goes back to pending (it was never sent); a row marked
 * `sending` may have reached Teams, so it becomes `uncertain` and is not sent again.
 */
export async function recoverStaleClaims(
  deps: AnnouncementDeps,
  options: { everyOtherWorker: boolean },
): Promise<{ returned: number; uncertain: number }> {
  const { db } = deps.context;
  const now = deps.context.clock.now();
  const stale = (status: 'claimed' | 'sending') => {
    let query = db
      .updateTable('deliveries')
      .set(
        status === 'claimed'
          ? { status: 'pending', claimed_by: null, claimed_until: null }
          : { status: 'uncertain', claimed_by: null, claimed_until: null, last_outcome: 'uncertain' },
      )
      .where('status', '=', status);
    query = options.everyOtherWorker
      ? query.where('claimed_by', '<>', deps.workerId)
      : query.where('claimed_until', '<', now);
    return query.executeTakeFirst();
  };
  const returned = Number((await stale('claimed')).numUpdatedRows);
  const uncertain = Number((await stale('sending')).numUpdatedRows);
  if (returned + uncertain > 0)
    deps.context.logger.warn(
      { code: 'ANNOUNCEMENT_CLAIMS_RECOVERED', returned, uncertain },
      'delivery claims of a stopped worker recovered',
    );
  return { returned, uncertain };
}

/**
 * Claims pending rows in batches and sends them on `ANNOUNCEMENT_SEND_CONCURRENCY` lanes under
 * the sender's rate limiter, until none is left, the announcement is stopped, or the app stops.
 */
export async function sendPending(deps: AnnouncementDeps, announcement: Announcement): Promise<void> {
  const { context } = deps;
  const lanes = context.config.ANNOUNCEMENT_SEND_CONCURRENCY;
  const batchSize = Math.max(lanes * 2, 50);
  // Rendered once for every recipient: the card carries no per-person data.
  const activity = cardActivity(buildMessageCard(announcement), messageSummary(announcement.title));
  const serviceUrl = await serviceUrlFor(deps, announcement.authorTenantId);
  const botId = await botIdFor(deps);
  let stopped = false;
  let lastStatusCheck = 0;
  let lastRenewal = Date.now();

  const buffer: ClaimedRow[] = [];
  let claiming: Promise<number> | undefined;
  let exhausted = false;

  async function stillSending(): Promise<boolean> {
    if (deps.stopping()) return false;
    if (Date.now() - lastStatusCheck < 500) return !stopped;
    lastStatusCheck = Date.now();
    const row = await context.db
      .selectFrom('announcements')
      .select('status')
      .where('id', '=', announcement.id)
      .executeTakeFirst();
    stopped = row?.status !== 'sending';
    if (Date.now() - lastRenewal > renewEveryMs) {
      lastRenewal = Date.now();
      await context.db
        .updateTable('deliveries')
        .set({ claimed_until: new Date(context.clock.now().getTime() + leaseMs) })
        .where('announcement_id', '=', announcement.id)
        .where('claimed_by', '=', deps.workerId)
        .where('status', 'in', ['claimed', 'sending'])
        .execute();
    }
    return !stopped;
  }

  async function claim(): Promise<number> {
    const now = context.clock.now();
    const claimed = await sql<{
      user_aad_id: string;
      tenant_id: string | null;
      relooked: boolean;
      attempts: number;
    }>`
      update deliveries set status = 'claimed', claimed_by = ${deps.workerId},
        claimed_until = ${new Date(now.getTime() + leaseMs)}
      where announcement_id = ${announcement.id} and user_aad_id in (
        select user_aad_id from deliveries
        where announcement_id = ${announcement.id} and status = 'pending'
          and (not_before is null or not_before <= ${now})
        order by seq
        limit ${batchSize}
        for update skip locked)
      returning user_aad_id, tenant_id, relooked, attempts`.execute(context.db);
    if (claimed.rows.length === 0) return 0;
    const references = await referencesOf(
      deps,
      claimed.rows.map((row) => row.user_aad_id),
    );
    for (const row of claimed.rows) {
      buffer.push({
        userAadId: row.user_aad_id,
        attempts: row.attempts,
        tenantId: row.tenant_id ?? undefined,
        relooked: row.relooked,
        reference: references.get(row.user_aad_id),
      });
    }
    return claimed.rows.length;
  }

  async function nextRow(): Promise<ClaimedRow | undefined> {
    for (;;) {
      if (!(await stillSending())) return undefined;
      if (buffer.length <= lanes && !exhausted && !claiming) {
        claiming = claim().finally(() => {
          claiming = undefined;
        });
        void claiming.then(
          (count) => {
            if (count === 0) exhausted = true;
          },
          () => undefined,
        );
      }
      const row = buffer.shift();
      if (row) return row;
      if (claiming) {
        await claiming;
        continue;
      }
      if (exhausted) return undefined;
    }
  }

  async function lane(): Promise<void> {
    for (;;) {
      const row = await nextRow();
      if (!row) return;
      await deliverTo(deps, announcement, row, activity, { serviceUrl, botId });
      await refreshProgress(deps, announcement.id, { force: false });
    }
  }

  try {
    for (;;) {
      exhausted = false;
      await Promise.all(Array.from({ length: lanes }, () => lane()));
      if (deps.stopping() || stopped) break;
      const waiting = await context.db
        .selectFrom('deliveries')
        .select([sql<number>`count(*)::int`.as('count'), sql<Date | null>`min(not_before)`.as('next')])
        .where('announcement_id', '=', announcement.id)
        .where('status', 'in', ['pending', 'claimed', 'sending'])
        .executeTakeFirstOrThrow();
      if (waiting.count === 0) break;
      // Throttled rows wait for their Retry-After; rows another instance holds are its to finish.
      const nextAt = waiting.next ? new Date(waiting.next).getTime() : Date.now() + 1000;
      await new Promise((resolveWait) =>
        setTimeout(resolveWait, Math.min(1000, Math.max(50, nextAt - context.clock.now().getTime()))),
      );
    }
  } finally {
    // Rows claimed but not started go back for whoever runs next (this process after a restart).
    const released = buffer.splice(0).map((row) => row.userAadId);
    if (released.length > 0) {
      await context.db
        .updateTable('deliveries')
        .set({ status: 'pending', claimed_by: null, claimed_until: null })
        .where('announcement_id', '=', announcement.id)
        .where('user_aad_id', 'in', released)
        .where('claimed_by', '=', deps.workerId)
        .where('status', '=', 'claimed')
        .execute();
    }
  }
  await finishIfDone(deps, announcement.id);
}

/** Marks the announcement sent when no row is left to send, and shows the final summary once. */
export async function finishIfDone(deps: AnnouncementDeps, announcementId: string): Promise<void> {
  const { context } = deps;
  const open = await context.db
    .selectFrom('deliveries')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('announcement_id', '=', announcementId)
    .where('status', 'in', ['pending', 'claimed', 'sending'])
    .executeTakeFirstOrThrow();
  if (open.count > 0) return;
  const now = context.clock.now();
  const finished = await moveStatus(context.db, announcementId, ['sending'], 'sent', now, {
    completed_at: now,
  });
  if (finished)
    context.logger.info({ code: 'ANNOUNCEMENT_SENT', announcementId }, 'announcement sending finished');
  await refreshProgress(deps, announcementId, { force: true });
}

async function referencesOf(deps: AnnouncementDeps, users: string[]): Promise<Map<string, StoredReference>> {
  const rows = await deps.context.db
    .selectFrom('conversation_refs')
    .select(['aad_object_id', 'reference'])
    .where('conversation_type', '=', 'personal')
    .where('aad_object_id', 'in', users)
    .orderBy('updated_at', 'asc')
    .execute();
  const found = new Map<string, StoredReference>();
  for (const row of rows) {
    const parsed = storedReferenceSchema.safeParse(row.reference);
    if (parsed.success && row.aad_object_id) found.set(row.aad_object_id.toLowerCase(), parsed.data);
  }
  return found;
}

async function serviceUrlFor(deps: AnnouncementDeps, tenantId: string | undefined): Promise<string> {
  let query = deps.context.db.selectFrom('conversation_refs').select('service_url');
  if (tenantId) query = query.where('tenant_id', '=', tenantId);
  const row = await query.orderBy('updated_at', 'desc').executeTakeFirst();
  return row?.service_url ?? deps.defaultServiceUrl;
}

async function botIdFor(deps: AnnouncementDeps): Promise<string> {
  const row = await deps.context.db
    .selectFrom('conversation_refs')
    .select('reference')
    .where('conversation_type', '=', 'personal')
    .orderBy('updated_at', 'desc')
    .executeTakeFirst();
  const parsed = storedReferenceSchema.safeParse(row?.reference);
  return parsed.success
    ? parsed.data.bot.id
    : deps.context.config.MicrosoftAppId
      ? `28:${deps.context.config.MicrosoftAppId}`
      : 'bot';
}

/** The person's 1:1 chat with the app, installing the app through Graph first when needed. */
async function chatThroughGraph(
  deps: AnnouncementDeps,
  row: ClaimedRow,
  where: { serviceUrl: string; botId: string },
): Promise<StoredReference | undefined> {
  if (!deps.installer) return undefined;
  const chatId = await deps.installer.installAndFindChat(row.userAadId);
  const reference: StoredReference = {
    bot: { id: where.botId },
    channelId: 'msteams',
    serviceUrl: where.serviceUrl,
    conversation: {
      id: chatId,
      conversationType: 'personal',
      ...(row.tenantId ? { tenantId: row.tenantId } : {}),
    },
    user: { id: row.userAadId, aadObjectId: row.userAadId },
  };
  await deps.context.refs.save(reference, row.userAadId);
  return reference;
}

async function deliverTo(
  deps: AnnouncementDeps,
  announcement: Pick<Announcement, 'id' | 'version'>,
  row: ClaimedRow,
  activity: OutboundActivity,
  where: { serviceUrl: string; botId: string },
): Promise<void> {
  const { context } = deps;
  const announcementId = announcement.id;
  // "Still pending?": checked at the last moment before every attempt, so a stop, a recall or
  // another worker's recovery is seen, and a crash after this point leaves the row `sending`.
  const guard = {
    beforeAttempt: async () => {
      const marked = await context.db
        .updateTable('deliveries')
        .set({ status: 'sending', attempts: sql<number>`attempts + 1` })
        .where('announcement_id', '=', announcementId)
        .where('user_aad_id', '=', row.userAadId)
        .where('claimed_by', '=', deps.workerId)
        .where('status', 'in', ['claimed', 'sending'])
        .executeTakeFirst();
      if (Number(marked.numUpdatedRows) !== 1) throw new NoLongerPending();
      row.attempts += 1;
    },
    // Throttled (429) and precondition (412) answers mean Teams did not take the message: while
    // the sender waits out Retry-After, the row is known undelivered, so a crash returns it to pending.
    beforeRetry: async (status: number | undefined) => {
      if (status !== 429 && status !== 412) return;
      await context.db
        .updateTable('deliveries')
        .set({ status: 'claimed' })
        .where('announcement_id', '=', announcementId)
        .where('user_aad_id', '=', row.userAadId)
        .where('claimed_by', '=', deps.workerId)
        .where('status', '=', 'sending')
        .execute();
    },
  };
  const send = async (reference: StoredReference | undefined): Promise<SendOutcome> =>
    reference
      ? context.sender.sendToConversation(reference, activity, guard)
      : context.sender.sendToUser({ aadObjectId: row.userAadId, tenantId: row.tenantId }, activity, guard);
  let relooked = row.relooked;
  let outcome: SendOutcome;
  try {
    let reference = row.reference ?? (await chatThroughGraph(deps, row, where));
    outcome = await send(reference);
    if (outcome.kind === 'recipientGone' && outcome.status === 404 && !relooked) {
      // The chat is gone (the app was removed, or the chat deleted): look it up again once.
      relooked = true;
      if (reference) await context.refs.forget(reference.conversation.id);
      reference = await chatThroughGraph(deps, row, where);
      outcome = await send(reference);
    }
  } catch (error) {
    if (error instanceof NoLongerPending) return;
    context.logger.warn(
      { code: errorCodeOf(error), announcementId },
      'announcement delivery could not be attempted; it will be retried',
    );
    outcome = { kind: 'failed', status: undefined };
  }
  await record(deps, announcement, row, outcome, relooked);
}

async function record(
  deps: AnnouncementDeps,
  announcement: Pick<Announcement, 'id' | 'version'>,
  row: ClaimedRow,
  outcome: SendOutcome,
  relooked: boolean,
): Promise<void> {
  const { context } = deps;
  const now = context.clock.now();
  const attempts = row.attempts;
  const announcementId = announcement.id;
  const released = { claimed_by: null, claimed_until: null, relooked };
  let change: {
    status: DeliveryStatus;
    last_outcome: string;
    last_status?: number | null;
    updated_version?: number;
    activity_id?: string | null;
    conversation_id?: string | null;
    sent_at?: Date;
    not_before?: Date | null;
  };
  switch (outcome.kind) {
    case 'sent':
      change = {
        status: 'sent',
        last_outcome: 'sent',
        last_status: null,
        activity_id: outcome.activityId ?? null,
        conversation_id: outcome.conversationId,
        sent_at: now,
        not_before: null,
        updated_version: announcement.version,
      };
      break;
    case 'recipientGone':
      change = { status: 'gone', last_outcome: 'recipientGone', last_status: outcome.status };
      break;
    case 'throttled':
      change =
        attempts >= maxAttempts
          ? { status: 'failed', last_outcome: 'throttled', last_status: 429 }
          : {
              status: 'pending',
              last_outcome: 'throttled',
              last_status: 429,
              not_before: new Date(now.getTime() + Math.max(1000, outcome.retryAfterMs)),
            };
      break;
    case 'failed': {
      const transient = outcome.status === undefined || outcome.status >= 500;
      change =
        transient && attempts < maxAttempts
          ? {
              status: 'pending',
              last_outcome: 'failed',
              last_status: outcome.status ?? null,
              not_before: new Date(now.getTime() + Math.min(300_000, 1000 * 2 ** attempts)),
            }
          : { status: 'failed', last_outcome: 'failed', last_status: outcome.status ?? null };
      break;
    }
  }
  await context.db
    .updateTable('deliveries')
    .set({ ...change, ...released })
    .where('announcement_id', '=', announcementId)
    .where('user_aad_id', '=', row.userAadId)
    .where('claimed_by', '=', deps.workerId)
    .execute();
}
