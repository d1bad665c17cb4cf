import { z } from 'zod';
import type { RoleDirectory } from '../../graph/roles.ts';
import { defineJob } from '../../jobs/job-queue.ts';
import type { Logger } from '../../shared/logger.ts';
import type { ConversationRefs } from '../../storage/conversation-refs.ts';
import { cardActivity } from '../../teams/card-activity.ts';
import type { TeamsSender } from '../../teams/teams-sender.ts';
import type { Capability } from './capabilities.ts';
import { buildHelpCard, helpCardSummary } from './show-help.ts';

/** Sent as a durable job so an install during a restart still gets its welcome. */
export const welcomeJob = defineJob(
  'welcome.send',
  z.object({ conversationId: z.string().min(1), aadObjectId: z.string().min(1) }),
  { retryLimit: 5, retryDelaySeconds: 2 },
);

export function sendWelcome(deps: {
  refs: ConversationRefs;
  roles: RoleDirectory;
  sender: TeamsSender;
  capabilities: () => readonly Capability[];
  logger: Logger;
}) {
  return async (data: z.infer<typeof welcomeJob.schema>): Promise<void> => {
    const reference = await deps.refs.findConversation(data.conversationId);
    if (!reference) {
      deps.logger.warn({ code: 'NOT_FOUND', job: welcomeJob.name }, 'no conversation to welcome');
      return;
    }
    const roles =
      reference.conversation.conversationType === 'personal'
        ? await deps.roles.rolesOf(data.aadObjectId)
        : new Set<never>();
    const card = buildHelpCard(roles, deps.capabilities());
    const outcome = await deps.sender.sendToConversation(reference, cardActivity(card, helpCardSummary));
    if (outcome.kind === 'throttled' || (outcome.kind === 'failed' && outcome.status === undefined)) {
      throw new Error(`welcome not delivered: ${outcome.kind}`);
    }
    if (outcome.kind !== 'sent')
      deps.logger.warn({ code: 'SEND_FAILED', outcome: outcome.kind }, 'welcome not delivered');
  };
}
