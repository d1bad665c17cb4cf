import { z } from 'zod';
import type { ErrorCode } from '../shared/errors.ts';

/** Teams caps a message at about 28 KB; anything longer is not a message a person typed. */
export const maxMessageTextBytes = 28 * 1024;

/** The fields every activity must carry before the bot will look at it. */
export const activityEnvelopeSchema = z.looseObject({
  type: z.string().min(1),
  id: z.string().optional(),
  channelId: z.string().min(1),
  serviceUrl: z.string().url(),
  from: z.looseObject({ id: z.string().min(1), aadObjectId: z.string().optional() }),
  recipient: z.looseObject({ id: z.string().min(1) }).optional(),
  conversation: z.looseObject({
    id: z.string().min(1),
    tenantId: z.string().optional(),
    conversationType: z.string().optional(),
  }),
  channelData: z
    .looseObject({
      tenant: z.looseObject({ id: z.string() }).optional(),
    })
    .optional(),
  text: z.string().optional(),
});

export type ActivityEnvelope = z.infer<typeof activityEnvelopeSchema>;

export type EnvelopeVerdict =
  | { ok: true; envelope: ActivityEnvelope }
  | { ok: false; status: 400 | 403; code: ErrorCode };

export interface GuardPolicy {
  /** Empty means any tenant (local mode only; production start-up refuses an empty list). */
  allowedTenantIds: readonly string[];
  allowedChannels: readonly string[];
}

export function tenantOf(envelope: ActivityEnvelope): string | undefined {
  return envelope.channelData?.tenant?.id ?? envelope.conversation.tenantId;
}

/** Checks shape, tenant and channel of an incoming activity before any turn runs. Fails closed. */
export function checkActivityEnvelope(body: unknown, policy: GuardPolicy): EnvelopeVerdict {
  const parsed = activityEnvelopeSchema.safeParse(body);
  if (!parsed.success) return { ok: false, status: 400, code: 'ACTIVITY_INVALID' };
  const envelope = parsed.data;
  if (!policy.allowedChannels.includes(envelope.channelId))
    return { ok: false, status: 403, code: 'CHANNEL_NOT_ALLOWED' };
  if (policy.allowedTenantIds.length > 0 && !policy.allowedTenantIds.includes('*')) {
    const tenant = tenantOf(envelope)?.toLowerCase();
    if (!tenant || !policy.allowedTenantIds.some((allowed) => allowed.toLowerCase() === tenant)) {
      return { ok: false, status: 403, code: 'TENANT_NOT_ALLOWED' };
    }
  }
  return { ok: true, envelope };
}
