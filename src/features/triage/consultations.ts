import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { AdaptiveCardJson } from '../../cards/render.ts';
import { type Actor, hasRole } from '../../shared/actor.ts';
import type { ActionResult, ActionSource } from '../../shared/reply.ts';
import type { ConsultationsTable } from '../../storage/schema.ts';
import { cardActivity } from '../../teams/card-activity.ts';
import { ukDateTime } from '../raise-concern/concern-cards.ts';
import { deadlineOf, sendCardOnce } from './alert-dsls.ts';
import { nameOf, reporterLine } from './render-triage-card.ts';
import {
  buildNotice,
  chatDeepLink,
  consultationCardTemplate,
  consultationStartCardTemplate,
  triageSummaries,
  typed,
} from './triage-cards.ts';
import { refuseAccess, type TriageDeps } from './triage-deps.ts';
import { consultationTakenJob, escalateJob, notifyConsultationJob } from './triage-jobs.ts';

type ConsultationRow = Selectable<ConsultationsTable>;

export const consultationRequestSchema = z.looseObject({ topic: z.string().max(2000).optional() });
export const consultationTakeSchema = z.looseObject({
  consultationId: z.uuid(),
  version: z.coerce.number().int().optional(),
});

export function consultationStartCard(): AdaptiveCardJson {
  return consultationStartCardTemplate.render({});
}

/** A DSL's card for a consultation: who asked, the topic, and, for the DSL who took it, a chat link. */
export async function renderConsultationCard(
  deps: TriageDeps,
  consultation: ConsultationRow,
  recipient: string,
  options: { reminder?: boolean; notice?: string } = {},
): Promise<AdaptiveCardJson> {
  const requester = await deps.people.find(consultation.requester_aad_id);
  const taken = consultation.status === 'taken';
  const takenByRecipient = taken && consultation.taken_by?.toLowerCase() === recipient.toLowerCase();
  return consultationCardTemplate.render({
    title: options.reminder
      ? 'Reminder: someone is still waiting to talk to a DSL'
      : 'Someone would like to talk to a DSL',
    requester: await reporterLine(deps.people, consultation.requester_aad_id),
    topic: consultation.topic ? typed(consultation.topic) : 'Not given',
    askedAt: ukDateTime(new Date(consultation.created_at)),
    statusLine: taken
      ? `Taken by ${takenByRecipient ? 'you' : await nameOf(deps.people, consultation.taken_by)}, ${ukDateTime(new Date(consultation.taken_at ?? consultation.created_at))}`
      : 'Waiting for a DSL',
    notice: options.notice ?? '',
    isOpen: !taken,
    consultationId: consultation.id,
    version: consultation.version,
    chatUrl: chatDeepLink(requester?.userPrincipalName ?? consultation.requester_aad_id),
    showChat: takenByRecipient,
  });
}

/** "Talk to a DSL": a consultation row, its DSL alert and its escalation job, in one transaction. */
export async function requestConsultation(
  deps: TriageDeps,
  actor: Actor,
  data: z.infer<typeof consultationRequestSchema>,
): Promise<ActionResult> {
  const now = deps.clock.now();
  const topic = data.topic?.trim() ? data.topic.trim().slice(0, 500) : null;
  const id = randomUUID();
  const { dueAt } = deadlineOf(deps, 'standard', now);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('consultations')
      .values({
        id,
        requester_aad_id: actor.aadObjectId,
        requester_tenant_id: actor.tenantId ?? null,
        topic,
        status: 'open',
        taken_by: null,
        taken_at: null,
        version: 1,
        created_at: now,
        due_at: dueAt,
        next_escalation_at: dueAt,
      })
      .execute();
    await deps.jobs.send(notifyConsultationJob, { consultationId: id }, { transaction: trx });
    await deps.jobs.send(escalateJob, { subjectId: id }, { startAfter: dueAt, transaction: trx });
  });
  deps.armEscalation(dueAt);
  await deps.audit('CONSULTATION_REQUESTED', actor, id);
  return {
    card: buildNotice({
      title: 'A safeguarding lead has been asked to contact you',
      message:
        'The Designated Safeguarding Leads have your request. You will be told here who will contact you, and they will message you in Teams.',
      detail:
        'If you are worried about someone now, type "raise a concern". If anyone is in immediate danger, call 999.',
      color: 'Good',
    }),
  };
}

/** Worker: the consultation card to every DSL (not the requester, if they are one). */
export async function notifyConsultation(deps: TriageDeps, consultationId: string): Promise<void> {
  const consultation = await deps.db
    .selectFrom('consultations')
    .selectAll()
    .where('id', '=', consultationId)
    .executeTakeFirst();
  if (!consultation) return;
  const dsls = (await deps.roles.membersOf('dsl'))
    .map((id) => id.toLowerCase())
    .filter((id) => id !== consultation.requester_aad_id.toLowerCase());
  const results = await Promise.all(
    dsls.map(async (recipient) =>
      sendCardOnce(
        deps,
        { subjectId: consultation.id, subjectKind: 'consultation', recipient, round: 'alert' },
        {
          tracks: true,
          cardVersion: consultation.version,
          tenantId: consultation.requester_tenant_id ?? undefined,
        },
        cardActivity(
          await renderConsultationCard(deps, consultation, recipient),
          triageSummaries.consultation,
        ),
      ),
    ),
  );
  if (results.some((result) => result.kind === 'retry' || result.kind === 'busy'))
    throw new Error('some consultation cards are not settled yet');
}

/** "I'll take it": the first DSL wins; everyone else's card says who took it. */
export async function takeConsultation(
  deps: TriageDeps,
  actor: Actor,
  data: z.infer<typeof consultationTakeSchema>,
  source: ActionSource,
): Promise<ActionResult> {
  if (!hasRole(actor, 'dsl')) return refuseAccess(deps, actor, 'consult.take');
  const now = deps.clock.now();
  const taken = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('consultations')
      .set((eb) => ({
        status: 'taken',
        taken_by: actor.aadObjectId,
        taken_at: now,
        version: eb('version', '+', 1),
        next_escalation_at: null,
      }))
      .where('id', '=', data.consultationId)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst();
    if (row) await deps.jobs.send(consultationTakenJob, { consultationId: row.id }, { transaction: trx });
    return row;
  });
  const current =
    taken ??
    (await deps.db
      .selectFrom('consultations')
      .selectAll()
      .where('id', '=', data.consultationId)
      .executeTakeFirst());
  if (!current)
    return { card: buildNotice({ title: 'Not found', message: 'That request no longer exists.' }) };
  if (!taken) {
    return {
      card: await renderConsultationCard(deps, current, actor.aadObjectId, {
        notice: 'Someone else took this request first, so nothing from your click was changed.',
      }),
    };
  }
  await deps.audit('CONSULTATION_TAKEN', actor, current.id);
  await updateConsultationCards(
    deps,
    current,
    actor.conversationType === 'personal' ? source.cardActivityId : undefined,
  );
  return { card: await renderConsultationCard(deps, current, actor.aadObjectId) };
}

async function updateConsultationCards(
  deps: TriageDeps,
  consultation: ConsultationRow,
  answeredActivityId: string | undefined,
): Promise<void> {
  const rows = await deps.db
    .selectFrom('triage_deliveries')
    .select(['recipient', 'round', 'conversation_id', 'activity_id'])
    .where('subject_id', '=', consultation.id)
    .where('tracks', '=', true)
    .where('state', '=', 'sent')
    .where((eb) => eb.or([eb('card_version', 'is', null), eb('card_version', '<', consultation.version)]))
    .execute();
  await Promise.all(
    rows.map(async (row) => {
      if (!row.activity_id || !row.conversation_id) return;
      if (row.activity_id !== answeredActivityId) {
        const reference = await deps.refs.findConversation(row.conversation_id);
        if (!reference) return;
        const card = await renderConsultationCard(deps, consultation, row.recipient);
        const outcome = await deps.sender.updateActivity(
          reference,
          row.activity_id,
          cardActivity(card, triageSummaries.consultation),
        );
        if (outcome.kind !== 'sent') return;
      }
      await deps.db
        .updateTable('triage_deliveries')
        .set({ card_version: consultation.version, updated_at: deps.clock.now() })
        .where('subject_id', '=', consultation.id)
        .where('recipient', '=', row.recipient)
        .where('round', '=', row.round)
        .execute();
    }),
  );
}

/** Worker: tells the requester who will contact them, and brings every DSL card up to date. */
export async function consultationTaken(deps: TriageDeps, consultationId: string): Promise<void> {
  const consultation = await deps.db
    .selectFrom('consultations')
    .selectAll()
    .where('id', '=', consultationId)
    .executeTakeFirst();
  if (!consultation?.taken_by) return;
  const who = await nameOf(deps.people, consultation.taken_by);
  const result = await sendCardOnce(
    deps,
    {
      subjectId: consultation.id,
      subjectKind: 'consultation',
      recipient: consultation.requester_aad_id,
      round: 'taken',
    },
    { tracks: false, tenantId: consultation.requester_tenant_id ?? undefined },
    cardActivity(
      buildNotice({
        title: 'A safeguarding lead will contact you',
        message: `${who} (Designated Safeguarding Lead) has your request and will message you in Teams soon.`,
        detail: 'If anyone is in immediate danger, call 999.',
        color: 'Good',
      }),
      triageSummaries.consultationTaken,
    ),
  );
  if (result.kind === 'retry' || result.kind === 'busy') throw new Error('requester not told yet');
  await updateConsultationCards(deps, consultation, undefined);
}
