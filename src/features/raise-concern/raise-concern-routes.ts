import { z } from 'zod';
import { type CommandRoute, type VerbRoute, verbRoute } from '../../bot/verb-table.ts';
import { verbs } from '../../cards/verbs.ts';
import type { FeatureContext } from '../feature.ts';
import { editActionSchema, flowActionSchema, stepHandlers } from './answer-step.ts';
import { concernSummaries } from './concern-cards.ts';
import { buildMyConcernsCard } from './list-my-concerns.ts';
import {
  confirmCancel,
  discardDraft,
  draftActionSchema,
  resumeDraft,
  sendPrivately,
  startActionSchema,
  startConcernFromCard,
  startConcernFromText,
} from './start-concern.ts';

// Anything after "about" may name someone: it is not kept, logged or echoed; the flow asks properly.
const raisePatterns = [
  /^(please )?(i (want|need|would like|'d like|wish) to |can i |let me |help me )?(raise|report|record|log|make|submit|start|file) (a |an |another |a new )?(safeguarding )?concern( (about|regarding|for|re)\b.*)?$/,
  /^i('ve| have)( got)? (a |an )?(safeguarding )?concern( (about|regarding|for|re)\b.*)?$/,
  /^(new|start) (safeguarding )?concern$/,
  /^i('m| am) (worried|concerned) about (a|an|my|one of|someone|somebody)\b.*$/,
];
const listPatterns = [
  /^(show |see |view |list |check )?(the status of )?my concerns?( status)?$/,
  /^concern status$/,
];

export function raiseConcernCommand(context: FeatureContext): CommandRoute {
  return {
    name: 'raise-concern',
    matches: (text) => raisePatterns.some((pattern) => pattern.test(text)),
    handle: (actor, _text, reply) => startConcernFromText(context, actor, reply),
  };
}

export function myConcernsCommand(context: FeatureContext): CommandRoute {
  return {
    name: 'my-concerns',
    matches: (text) => listPatterns.some((pattern) => pattern.test(text)),
    async handle(actor, _text, reply) {
      await sendPrivately(
        context,
        actor,
        reply,
        await buildMyConcernsCard(context, actor),
        concernSummaries.list,
      );
    },
  };
}

export function raiseConcernVerbs(context: FeatureContext): VerbRoute[] {
  const steps = stepHandlers(context);
  return [
    verbRoute({
      verb: verbs.startConcern,
      schema: startActionSchema,
      handle: (actor, data, reply) => startConcernFromCard(context, actor, data, reply),
    }),
    verbRoute({ verb: verbs.concernNext, schema: flowActionSchema, handle: steps.next }),
    verbRoute({ verb: verbs.concernBack, schema: flowActionSchema, handle: steps.back }),
    verbRoute({ verb: verbs.concernSave, schema: flowActionSchema, handle: steps.saveForLater }),
    verbRoute({ verb: verbs.concernEdit, schema: editActionSchema, handle: steps.edit }),
    verbRoute({ verb: verbs.concernSubmit, schema: flowActionSchema, handle: steps.submit }),
    verbRoute({
      verb: verbs.concernResume,
      schema: draftActionSchema,
      handle: (actor, data, reply, source) => resumeDraft(context, actor, data, reply, source),
    }),
    verbRoute({
      verb: verbs.concernCancel,
      schema: draftActionSchema,
      handle: (actor, data) => confirmCancel(context, actor, data),
    }),
    verbRoute({
      verb: verbs.concernDiscard,
      schema: draftActionSchema,
      handle: (actor, data) => discardDraft(context, actor, data),
    }),
    verbRoute({
      verb: verbs.myConcerns,
      schema: z.looseObject({}),
      handle: async (actor) => ({ card: await buildMyConcernsCard(context, actor) }),
    }),
  ];
}
