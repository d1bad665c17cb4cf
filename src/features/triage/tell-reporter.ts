import { appendConcernEvent, readConcernEvents } from '../../storage/concern-events.ts';
import { cardActivity } from '../../teams/card-activity.ts';
import { sendCardOnce } from './alert-dsls.ts';
import { buildNotice, infoRequestCardTemplate, triageSummaries, typed } from './triage-cards.ts';
import type { TriageDeps } from './triage-deps.ts';
import { findConcern } from './triage-store.ts';

/**
 * Worker of `triage.tell-reporter`: the reporter learns the status of their concern, and nothing
 * more (never a note, a decision or a referral): acknowledged, then closed.
 */
export async function tellReporter(
  deps: TriageDeps,
  data: { concernId: string; status: 'acknowledged' | 'closed'; version: number },
): Promise<void> {
  const concern = await findConcern(deps.db, data.concernId);
  if (!concern) return;
  const card =
    data.status === 'acknowledged'
      ? buildNotice({
          title: `Concern ${concern.reference} acknowledged`,
          message: 'A Designated Safeguarding Lead has acknowledged the concern you raised.',
          detail:
            'They may contact you for more information. You will be told here when it is closed. Type "my concerns" to see its status at any time.',
          color: 'Good',
        })
      : buildNotice({
          title: `Concern ${concern.reference} closed`,
          message:
            'The safeguarding leads have finished their work on the concern you raised. Thank you for raising it: it matters.',
          detail: deps.config.SUPPORT_OFFER_TEXT,
          color: 'Good',
        });
  const result = await sendCardOnce(
    deps,
    {
      subjectId: concern.id,
      subjectKind: 'concern',
      recipient: concern.reporter_aad_id,
      round: `status-${data.status}-v${data.version}`,
    },
    { tracks: false, tenantId: concern.reporter_tenant_id ?? undefined },
    cardActivity(card, triageSummaries.reporterStatus(concern.reference)),
  );
  if (result.kind === 'retry' || result.kind === 'busy') throw new Error('reporter not told yet');
  if (result.kind === 'settled') return;
  await deps.db.transaction().execute((trx) =>
    appendConcernEvent(trx, {
      concernId: concern.id,
      at: deps.clock.now(),
      actorAadId: 'system',
      kind: 'reporter_told',
      detail: { status: data.status, delivered: result.kind === 'sent' },
    }),
  );
}

/** Worker of `triage.send-info-request`: the DSL's question as a card the reporter can answer. */
export async function sendInfoRequest(
  deps: TriageDeps,
  data: { concernId: string; requestId: string },
): Promise<void> {
  const concern = await findConcern(deps.db, data.concernId);
  if (!concern) return;
  const request = (await readConcernEvents(deps.db, concern.id)).find(
    (event) => event.kind === 'information_requested' && event.detail.requestId === data.requestId,
  );
  const question = request?.detail.question;
  if (typeof question !== 'string') return;
  const result = await sendCardOnce(
    deps,
    {
      subjectId: concern.id,
      subjectKind: 'concern',
      recipient: concern.reporter_aad_id,
      round: `info-${data.requestId}`,
    },
    { tracks: false, tenantId: concern.reporter_tenant_id ?? undefined },
    cardActivity(
      infoRequestCardTemplate.render({
        reference: concern.reference,
        question: typed(question),
        concernId: concern.id,
        requestId: data.requestId,
      }),
      triageSummaries.infoRequest(concern.reference),
    ),
  );
  if (result.kind === 'retry' || result.kind === 'busy') throw new Error('information request not sent yet');
}
