import type { Selectable } from 'kysely';
import { appendConcernEvent } from '../../storage/concern-events.ts';
import type { ConsultationsTable } from '../../storage/schema.ts';
import { cardActivity } from '../../teams/card-activity.ts';
import { deadlineOf, emailOnce, sendCardOnce } from './alert-dsls.ts';
import { renderConsultationCard } from './consultations.ts';
import { deliverOnce } from './deliveries.ts';
import { refreshConcernCards } from './refresh-cards.ts';
import { renderTriageCard, urgencyLabels } from './render-triage-card.ts';
import { triageSummaries } from './triage-cards.ts';
import type { TriageDeps } from './triage-deps.ts';
import { escalateJob } from './triage-jobs.ts';
import { type ConcernRow, leadsOf, recipientsOf } from './triage-store.ts';

/** The escalation ladder: what each step does when a concern is still not acknowledged. */
const stepKinds = { 1: 'escalation_reminder', 2: 'escalation_leads', 3: 'escalation_email' } as const;
const lastStep = 3;

/**
 * Runs every escalation step that is due by the clock: 1 reminds every DSL the concern went to,
 * 2 alerts the lead DSL and deputy, 3 emails through Graph (or records that email is not
 * available). Each step is claimed with a conditional update, so the durable job, the in-process
 * timer and another instance can all run this and each step still happens once.
 */
export async function runDueEscalations(deps: TriageDeps): Promise<number> {
  const now = deps.clock.now();
  const concerns = await deps.db
    .selectFrom('concerns')
    .selectAll()
    .where('next_escalation_at', '<=', now)
    .where('status', '=', 'submitted')
    .where('acknowledged_at', 'is', null)
    .orderBy('next_escalation_at')
    .limit(100)
    .execute();
  let steps = 0;
  for (const concern of concerns) if (await escalateConcern(deps, concern)) steps += 1;
  const consultations = await deps.db
    .selectFrom('consultations')
    .selectAll()
    .where('next_escalation_at', '<=', now)
    .where('status', '=', 'open')
    .orderBy('next_escalation_at')
    .limit(100)
    .execute();
  for (const consultation of consultations) if (await escalateConsultation(deps, consultation)) steps += 1;
  return steps;
}

async function escalateConcern(deps: TriageDeps, concern: ConcernRow): Promise<boolean> {
  const step = concern.escalation_step + 1;
  const dsls = await deps.roles.membersOf('dsl');
  const leads = leadsOf(deps.config, dsls);
  const everyone = recipientsOf(concern, dsls, leads);
  const targets = step === 1 ? everyone : step === 2 ? leads : [];
  const notNamed = targets.filter((id) => id !== concern.named_staff_aad_id?.toLowerCase());
  const urgency = urgencyLabels[concern.urgency].short;
  if (step <= 2) {
    const activity = cardActivity(
      await renderTriageCard(deps, concern),
      triageSummaries.reminder(concern.reference, urgency),
    );
    const results = await Promise.all(
      notNamed.map((recipient) =>
        sendCardOnce(
          deps,
          { subjectId: concern.id, subjectKind: 'concern', recipient, round: `reminder-${step}` },
          { tracks: true, cardVersion: concern.version, tenantId: concern.reporter_tenant_id ?? undefined },
          activity,
        ),
      ),
    );
    if (results.some((result) => result.kind === 'retry' || result.kind === 'busy'))
      throw new Error('escalation reminders are not settled yet');
  } else if (step === lastStep) {
    await emailOnce(deps, concern, 'escalation-email', {
      subject: `Safeguarding concern ${concern.reference} (${urgency}) has not been acknowledged`,
      body: `Safeguarding concern ${concern.reference} (${urgency}) was raised and has not been acknowledged by a Designated Safeguarding Lead. Every DSL, then the lead DSL and deputy, were reminded in Teams. Open Teams and type "concern ${concern.reference}" to acknowledge it.`,
    });
  }
  const base = new Date(concern.ack_due_at ?? concern.submitted_at);
  const { stepMs } = deadlineOf(deps, concern.urgency, new Date(concern.submitted_at));
  const next = step < lastStep ? new Date(base.getTime() + step * stepMs) : null;
  const claimed = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('concerns')
      .set({ escalation_step: step, next_escalation_at: next })
      .where('id', '=', concern.id)
      .where('escalation_step', '=', concern.escalation_step)
      .where('acknowledged_at', 'is', null)
      .executeTakeFirst();
    if (Number(row.numUpdatedRows) !== 1) return false;
    if (step < lastStep) {
      await appendConcernEvent(trx, {
        concernId: concern.id,
        at: deps.clock.now(),
        actorAadId: 'system',
        kind: stepKinds[step === 1 ? 1 : 2],
        detail: { step, recipients: notNamed.length },
      });
    }
    if (next)
      await deps.jobs.send(escalateJob, { subjectId: concern.id }, { startAfter: next, transaction: trx });
    return true;
  });
  if (!claimed) return false;
  deps.logger.warn({ code: 'TRIAGE_ESCALATED', concernId: concern.id, step }, 'concern escalated');
  if (next) deps.armEscalation(next);
  await refreshConcernCards(deps, concern.id);
  return true;
}

/** Unclaimed "talk to a DSL" requests climb the same ladder as a standard concern. */
async function escalateConsultation(
  deps: TriageDeps,
  consultation: Selectable<ConsultationsTable>,
): Promise<boolean> {
  const step = consultation.escalation_step + 1;
  const dsls = (await deps.roles.membersOf('dsl')).map((id) => id.toLowerCase());
  const targets = step === 1 ? dsls : step === 2 ? leadsOf(deps.config, dsls) : [];
  const requester = consultation.requester_aad_id.toLowerCase();
  if (step < lastStep) {
    const results = await Promise.all(
      targets
        .filter((id) => id !== requester)
        .map(async (recipient) =>
          sendCardOnce(
            deps,
            { subjectId: consultation.id, subjectKind: 'consultation', recipient, round: `reminder-${step}` },
            {
              tracks: true,
              cardVersion: consultation.version,
              tenantId: consultation.requester_tenant_id ?? undefined,
            },
            cardActivity(
              await renderConsultationCard(deps, consultation, recipient, { reminder: true }),
              triageSummaries.consultation,
            ),
          ),
        ),
    );
    if (results.some((result) => result.kind === 'retry' || result.kind === 'busy'))
      throw new Error('consultation reminders are not settled yet');
  } else {
    const result = await deliverOnce(
      deps,
      {
        subjectId: consultation.id,
        subjectKind: 'consultation',
        recipient: 'email',
        round: 'escalation-email',
      },
      { tracks: false },
      async () => {
        const sent = await deps.mailer.send({
          subject: 'A request to talk to a safeguarding lead has not been taken',
          body: 'A member of staff asked to talk to a Designated Safeguarding Lead and nobody has taken the request yet. Open Teams and look for the "Someone would like to talk to a DSL" card.',
        });
        return sent.kind === 'sent'
          ? { kind: 'sent', activityId: undefined, conversationId: 'email' }
          : { kind: 'failed', status: 422 };
      },
    );
    await deps.audit(
      result.kind === 'sent'
        ? 'CONSULTATION_ESCALATION_EMAIL_SENT'
        : 'CONSULTATION_ESCALATION_EMAIL_NOT_SENT',
      undefined,
      consultation.id,
    );
  }
  const { stepMs } = deadlineOf(deps, 'standard', new Date(consultation.created_at));
  const next = step < lastStep ? new Date(new Date(consultation.due_at).getTime() + step * stepMs) : null;
  const row = await deps.db
    .updateTable('consultations')
    .set({ escalation_step: step, next_escalation_at: next })
    .where('id', '=', consultation.id)
    .where('escalation_step', '=', consultation.escalation_step)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (Number(row.numUpdatedRows) !== 1) return false;
  await deps.audit(`CONSULTATION_ESCALATION_STEP_${step}`, undefined, consultation.id);
  if (next) {
    await deps.jobs.send(escalateJob, { subjectId: consultation.id }, { startAfter: next });
    deps.armEscalation(next);
  }
  return true;
}
