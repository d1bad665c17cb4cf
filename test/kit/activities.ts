import { randomUUID } from 'node:crypto';

export const testTenantId = '11111111-1111-4111-8111-111111111111';
export const botId = '28:safeguarding-assistant';

export interface TestUser {
  aadObjectId: string;
  name: string;
}

export const staffUser: TestUser = { aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000001', name: 'Sam Staff' };
export const dslUser: TestUser = { aadObjectId: 'dddddddd-0000-4000-8000-000000000001', name: 'Dana DSL' };
export const coordinatorUser: TestUser = {
  aadObjectId: 'cccccccc-0000-4000-8000-000000000001',
  name: 'Cory Coordinator',
};

export function personalConversationId(user: TestUser): string {
  return `a:personal-${user.aadObjectId}`;
}

interface Base {
  serviceUrl: string;
  user?: TestUser;
  tenantId?: string;
  conversationId?: string;
}

function envelope(base: Base) {
  const user = base.user ?? staffUser;
  const tenantId = base.tenantId ?? testTenantId;
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: base.serviceUrl,
    from: { id: `29:${user.aadObjectId}`, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { id: botId, name: 'Safeguarding Assistant' },
    conversation: {
      id: base.conversationId ?? personalConversationId(user),
      conversationType: 'personal',
      tenantId,
    },
    channelData: { tenant: { id: tenantId } },
    locale: 'en-GB',
  };
}

export function messageActivity(base: Base & { text: string; value?: Record<string, unknown> }) {
  return {
    ...envelope(base),
    type: 'message',
    text: base.text,
    ...(base.value ? { value: base.value } : {}),
  };
}

/** What Teams sends when a person installs the app in personal scope. */
export function installActivity(base: Base) {
  const env = envelope(base);
  return {
    ...env,
    type: 'conversationUpdate',
    membersAdded: [{ id: botId }],
  };
}

/** An Action.Execute (Universal Actions) invoke; `replyToId` names the message holding the card. */
export function executeActivity(
  base: Base & { verb: string; data?: Record<string, unknown>; replyToId?: string },
) {
  return {
    ...envelope(base),
    type: 'invoke',
    name: 'adaptiveCard/action',
    ...(base.replyToId ? { replyToId: base.replyToId } : {}),
    value: { action: { type: 'Action.Execute', verb: base.verb, data: base.data ?? {} }, trigger: 'manual' },
  };
}

/** What Teams sends when a person answers a file consent card the bot sent them. */
export function fileConsentActivity(base: Base & { value: unknown }) {
  return {
    ...envelope(base),
    type: 'invoke',
    name: 'fileConsent/invoke',
    value: base.value,
  };
}

/** The conversation reference the bot stores for a person's 1:1 chat, as Teams' first message leaves it. */
export function personalReference(
  serviceUrl: string,
  user: TestUser,
  conversationId = personalConversationId(user),
) {
  return {
    bot: { id: botId },
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: conversationId, conversationType: 'personal', tenantId: testTenantId },
    user: { id: `29:${user.aadObjectId}`, aadObjectId: user.aadObjectId },
  };
}
