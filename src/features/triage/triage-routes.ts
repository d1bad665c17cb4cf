import { z } from 'zod';
import { type CommandRoute, commandText, type VerbRoute } from '../../bot/verb-table.ts';
import { verbs } from '../../cards/verbs.ts';
import { type Actor, hasRole } from '../../shared/actor.ts';
import type { ActionResult, ActionSource, Reply } from '../../shared/reply.ts';
import { sendCardPrivately } from '../../teams/send-privately.ts';
import {
  consultationRequestSchema,
  consultationStartCard,
  consultationTakeSchema,
  requestConsultation,
  takeConsultation,
} from './consultations.ts';
import { buildOpenConcernsCard } from './open-concerns.ts';
import {
  actOnConcern,
  answerInformationRequest,
  answerInfoSchema,
  cardActionSchema,
  openRecord,
  showTriageCard,
} from './triage-actions.ts';
import { restrictedCard, triageSummaries } from './triage-cards.ts';
import { refuseAccess, type TriageDeps } from './triage-deps.ts';
import { findConcernByReference } from './triage-store.ts';

const openConcernsPattern = /^(show |list |view |see )?(all |the |my )?open (safeguarding )?concerns$/;
const oneConcernPattern = /^(open |show |view )?concern (sg-\d{4}-\d{5})$/;
const talkPattern =
  /^(i('d| would) like to |i want to |can i |please let me )?(talk|speak) to (a|the) (dsl|safeguarding lead|designated safeguarding lead)$/;

/**
 * A verb for DSLs only. The role is checked before the data is even parsed, so a forwarded card
 * or a crafted invoke from anyone else gets the restricted card and an audit row, never a hint of
 * whether the concern exists.
 */
function dslVerb<T>(
  deps: TriageDeps,
  verb: string,
  schema: z.ZodType<T>,
  handle: (actor: Actor, data: T, source: ActionSource) => Promise<ActionResult>,
): VerbRoute {
  return {
    verb,
    async run(actor, rawData, _reply, source) {
      if (!hasRole(actor, 'dsl')) {
        const concernId = z.looseObject({ concernId: z.uuid() }).safeParse(rawData);
        return refuseAccess(deps, actor, verb, concernId.success ? concernId.data.concernId : undefined);
      }
      const parsed = schema.safeParse(rawData);
      if (!parsed.success) return 'invalid';
      return handle(actor, parsed.data, source);
    },
  };
}

function openVerb<T>(
  verb: string,
  schema: z.ZodType<T>,
  handle: (actor: Actor, data: T, source: ActionSource) => Promise<ActionResult>,
): VerbRoute {
  return {
    verb,
    async run(actor, rawData, _reply, source) {
      const parsed = schema.safeParse(rawData);
      if (!parsed.success) return 'invalid';
      return handle(actor, parsed.data, source);
    },
  };
}

export function triageVerbs(deps: TriageDeps): VerbRoute[] {
  const act = (verb: string) =>
    dslVerb(deps, verb, cardActionSchema, (actor, data, source) =>
      actOnConcern(deps, verb, actor, data, source),
    );
  const concernOnly = z.looseObject({ concernId: z.uuid() });
  return [
    act(verbs.triageAcknowledge),
    act(verbs.triageAssign),
    act(verbs.triageNote),
    act(verbs.triageRequestInfo),
    act(verbs.triageDecision),
    act(verbs.triageRefer),
    act(verbs.triageClose),
    act(verbs.triageReopen),
    dslVerb(deps, verbs.triageOpenRecord, concernOnly, (actor, data) =>
      openRecord(deps, actor, data.concernId, 'card'),
    ),
    dslVerb(deps, verbs.triageShowCard, concernOnly, (actor, data) =>
      showTriageCard(deps, actor, data.concernId),
    ),
    openVerb(verbs.triageAnswerInfo, answerInfoSchema, (actor, data) =>
      answerInformationRequest(deps, actor, data),
    ),
    openVerb(verbs.talkToDsl, z.looseObject({}), async () => ({ card: consultationStartCard() })),
    openVerb(verbs.consultRequest, consultationRequestSchema, (actor, data) =>
      requestConsultation(deps, actor, data),
    ),
    dslVerb(deps, verbs.consultTake, consultationTakeSchema, (actor, data, source) =>
      takeConsultation(deps, actor, data, source),
    ),
  ];
}

export function triageCommands(deps: TriageDeps): CommandRoute[] {
  return [
    {
      name: 'open-concerns',
      matches: (text) => openConcernsPattern.test(text),
      async handle(actor, _text, reply) {
        if (!hasRole(actor, 'dsl')) {
          await refuseAccess(deps, actor, 'open-concerns');
          await reply.card(restrictedCard(), triageSummaries.restricted);
          return;
        }
        await deps.audit('TRIAGE_LIST_VIEWED', actor, 'open-concerns');
        await replyPrivately(
          deps,
          actor,
          reply,
          await buildOpenConcernsCard(deps, actor),
          triageSummaries.list,
        );
      },
    },
    {
      name: 'one-concern',
      matches: (text) => oneConcernPattern.test(text),
      async handle(actor, text, reply) {
        const reference = oneConcernPattern.exec(commandText(text))?.[2] ?? '';
        if (!hasRole(actor, 'dsl')) {
          await refuseAccess(deps, actor, 'concern-command');
          await reply.card(restrictedCard(), triageSummaries.restricted);
          return;
        }
        const concern = await findConcernByReference(deps.db, reference);
        if (!concern) {
          await reply.text(`There is no concern ${reference.toUpperCase()}.`);
          return;
        }
        const result = await openRecord(deps, actor, concern.id, 'command');
        if (result.card) await reply.card(result.card, triageSummaries.record(concern.reference));
      },
    },
    {
      name: 'talk-to-dsl',
      matches: (text) => talkPattern.test(text),
      async handle(_actor, _text, reply) {
        await reply.card(consultationStartCard(), 'Talk to a safeguarding lead');
      },
    },
  ];
}

/** A DSL list asked for in a channel goes to their 1:1 chat. */
async function replyPrivately(
  deps: TriageDeps,
  actor: Actor,
  reply: Reply,
  card: Parameters<Reply['card']>[0],
  summary: string,
): Promise<void> {
  const delivery = await sendCardPrivately(deps.sender, actor, reply, card, summary);
  if (delivery.kind === 'here') return;
  await reply.text(
    delivery.kind === 'sent'
      ? 'I have sent it to your 1:1 chat with Safeguarding Assistant.'
      : 'I could not open a 1:1 chat with you: open one with Safeguarding Assistant and ask there.',
  );
}
