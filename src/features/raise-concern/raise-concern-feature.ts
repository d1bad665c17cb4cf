import type { Feature, FeatureContext } from '../feature.ts';
import { alertImmediateJob, notifyDslsJob, replaceFlowCardJob, sweepDraftsJob } from './concern-jobs.ts';
import { myConcernsCommand, raiseConcernCommand, raiseConcernVerbs } from './raise-concern-routes.ts';
import { replaceFlowCard } from './replace-flow-card.ts';
import { sweepDraftsWorker } from './sweep-drafts.ts';

/**
 * Raise a concern: the step-by-step card flow, drafts that survive restarts, one-transaction
 * submission with a receipt, and "my concerns". DSL triage works the jobs it queues.
 */
export function raiseConcernFeature(context: FeatureContext): Feature {
  return {
    name: 'raise-concern',
    capabilities: [
      {
        name: 'Raise a concern',
        description:
          'Record a safeguarding concern about a child or an adult, step by step, for the safeguarding leads.',
        command: 'raise a concern',
      },
      {
        name: 'My concerns',
        description: 'See the status of concerns you have raised, and carry on with any you have not sent.',
        command: 'my concerns',
      },
    ],
    commands: [raiseConcernCommand(context), myConcernsCommand(context)],
    verbs: raiseConcernVerbs(context),
    async start() {
      // Queues that are sent to inside a transaction must exist first (see JobQueue.register).
      await context.jobs.register(notifyDslsJob, alertImmediateJob, replaceFlowCardJob, sweepDraftsJob);
      await context.jobs.work(replaceFlowCardJob, replaceFlowCard(context));
      await context.jobs.work(sweepDraftsJob, sweepDraftsWorker(context), { concurrency: 1 });
      // Sweep once at start-up; each run queues the next.
      await context.jobs.send(sweepDraftsJob, {});
    },
  };
}
