import { z } from 'zod';

const commaList = z
  .string()
  .default('')
  .transform((raw) =>
    raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');

const guidList = commaList.pipe(z.array(guid.or(z.literal('*'))));

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const optionalGuid = optionalString.pipe(guid.optional());

const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    HOST: z.string().default('127.0.0.1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MicrosoftAppId: optionalGuid,
    MicrosoftAppPassword: optionalString,
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MicrosoftAppTenantId: optionalGuid,
    /** Bot Framework's own setting: where the channel's signing keys are published (sovereign clouds). */
    ToBotFromChannelOpenIdMetadataUrl: optionalString.pipe(z.url().optional()),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
        .optional(),
    ),
    DATA_DIR: z.string().min(1).default('./data'),
    KNOWLEDGE_DIR: z.string().min(1).default('./knowledge/sample-policy'),
    ALLOWED_TENANT_IDS: guidList,
    DSL_USERS: guidList,
    COORDINATOR_USERS: guidList,
    DSL_GROUP_ID: optionalGuid,
    COORDINATOR_GROUP_ID: optionalGuid,
    GRAPH_BASE_URL: z.url().default('https://graph.microsoft.com/'),
    GRAPH_AUTHORITY_HOST: z.url().default('https://login.microsoftonline.com'),
    ROLE_CACHE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
    TENANT_SEND_PER_SECOND: z.coerce.number().min(1).max(50).default(30),
    /** Unsubmitted concern drafts older than this are deleted; the owner is reminded a day before. */
    DRAFT_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** Support offered to a reporter on the concern receipt (mental health first aiders, EAP). */
    SUPPORT_OFFER_TEXT: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .default(
        'Raising a concern can be upsetting. You can talk to one of our mental health first aiders, or call the employee assistance programme (free and confidential, 24 hours a day): details are on the intranet under "Wellbeing".',
      ),
  })
  .superRefine((config, ctx) => {
    const production = config.NODE_ENV === 'production';
    if (production && !config.MicrosoftAppId) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppId'],
        message: 'is required in production (auth cannot be off)',
      });
    }
    if (
      config.MicrosoftAppId &&
      config.MicrosoftAppType !== 'UserAssignedMSI' &&
      !config.MicrosoftAppPassword
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppPassword'],
        message: 'is required when MicrosoftAppId is set (except for UserAssignedMSI)',
      });
    }
    if (config.MicrosoftAppType !== 'MultiTenant' && config.MicrosoftAppId && !config.MicrosoftAppTenantId) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppTenantId'],
        message: 'is required for SingleTenant and UserAssignedMSI apps',
      });
    }
    if (production && config.ALLOWED_TENANT_IDS.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['ALLOWED_TENANT_IDS'],
        message: 'must list at least one tenant id in production (or * to allow any, not recommended)',
      });
    }
    if (production && !config.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'is required in production (PostgreSQL)',
      });
    }
    if (production && (!config.DSL_GROUP_ID || !config.COORDINATOR_GROUP_ID)) {
      ctx.addIssue({
        code: 'custom',
        path: [config.DSL_GROUP_ID ? 'COORDINATOR_GROUP_ID' : 'DSL_GROUP_ID'],
        message: 'is required in production: roles come from Entra ID groups',
      });
    }
  });

export type Config = z.output<typeof configSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Pure: parse an environment into a Config, or list every bad variable without echoing its value. */
export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  const result = configSchema.safeParse(env);
  if (result.success) return { ok: true, config: result.data };
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.length > 0 ? String(issue.path[0]) : '(environment)';
    return `${variable} ${issue.message}`;
  });
  return { ok: false, problems };
}

/** True when the bot runs without Bot Framework credentials: local development, auth off. */
export function isLocalMode(config: Config): boolean {
  return !config.MicrosoftAppId;
}
