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
    /** Teams allows 50 per app per tenant; above 50 only against a stand-in (refused in production). */
    TENANT_SEND_PER_SECOND: z.coerce.number().min(1).max(1000).default(30),
    /** Announcements: the Teams app's id in the organisation's app catalogue, to install it through Graph. */
    TEAMS_APP_CATALOG_ID: optionalString,
    /** Announcements: safeguarding champions as an Entra group (Graph), or as a list of object ids. */
    CHAMPIONS_GROUP_ID: optionalGuid,
    CHAMPION_USERS: guidList,
    /** Announcements: days after sending before those who have not acknowledged are reminded (once). */
    ANNOUNCEMENT_REMINDER_DAYS: z.coerce.number().int().min(1).max(90).default(3),
    /** Announcements: sends in flight at once per instance (the rate limiter still paces them). */
    ANNOUNCEMENT_SEND_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
    /** Announcements: the live progress card is updated at most this often. */
    ANNOUNCEMENT_PROGRESS_SECONDS: z.coerce.number().min(1).max(60).default(3),
    /** Quarterly newsletter: due on the last working day of these months (1-12). */
    NEWSLETTER_MONTHS: z
      .string()
      .default('1,4,7,10')
      .transform((raw) =>
        raw
          .split(',')
          .map((month) => month.trim())
          .filter((month) => month.length > 0)
          .map(Number),
      )
      .pipe(
        z
          .array(
            z
              .number()
              .int('must be months 1-12')
              .min(1, 'must be months 1-12')
              .max(12, 'must be months 1-12'),
          )
          .min(1, 'must list at least one month'),
      ),
    /** Quarterly newsletter: coordinators are reminded this many days before one is due. */
    NEWSLETTER_REMINDER_DAYS: z.coerce.number().int().min(1).max(60).default(7),
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
    /** DSL triage: conversation id of the DSL team channel (a card goes there once the bot is in it). */
    DSL_CHANNEL_ID: optionalString,
    /** The lead DSL then the deputy: concerns about staff go to them, and they get the second reminder. */
    LEAD_DSL_USERS: guidList,
    /** Minutes to acknowledge before the escalation ladder starts; also the gap between its steps. */
    SLA_IMMEDIATE_MINUTES: z.coerce.number().positive().max(1440).default(5),
    SLA_URGENT_MINUTES: z.coerce.number().positive().max(1440).default(15),
    /** Standard concerns are due by the end of the working day; then a ladder step every this many minutes. */
    SLA_STANDARD_STEP_MINUTES: z.coerce.number().positive().max(1440).default(60),
    /** UK working hours (Europe/London), e.g. 08:30-17:00. */
    WORKING_HOURS: z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'must look like 08:30-17:00')
      .refine((value) => value.slice(0, 5) < value.slice(6), 'must end after it starts')
      .default('08:30-17:00'),
    WORKING_DAYS: z
      .string()
      .default('mon,tue,wed,thu,fri')
      .transform((raw) =>
        raw
          .split(',')
          .map((day) => day.trim().toLowerCase())
          .filter((day) => day.length > 0),
      )
      .pipe(
        z
          .array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], 'must list days as mon,tue,...'))
          .min(1, 'must list at least one day'),
      ),
    /** Dates (YYYY-MM-DD) that are not working days; empty = the built-in England and Wales list. */
    BANK_HOLIDAYS: commaList.pipe(
      z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD dates')),
    ),
    /** Shown on a concern receipt submitted out of hours. */
    OUT_OF_HOURS_ROUTE_TEXT: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .default(
        'It is outside working hours, so a safeguarding lead may not see this until the next working day. If a child or adult is at risk of significant harm before then, call the council\'s emergency duty team (the number is on the intranet under "Safeguarding out of hours"), or 999 in an emergency.',
      ),
    /**
     * The bot's public web address (https://bot.council.gov.uk): report chart images are served
     * from it. Local mode defaults to http://HOST:PORT; without it in production, Teams draws its
     * own charts and other hosts show the tables only.
     */
    PUBLIC_BASE_URL: optionalString.pipe(z.url().optional()),
    /** Quarterly report: counts under this are shown as "<5" (statistical disclosure control). */
    REPORT_SMALL_NUMBER_THRESHOLD: z.coerce.number().int().min(2).max(50).default(5),
    /** Quarterly report: quarters named by financial year (April-March) or calendar year. */
    REPORT_QUARTERS: z.enum(['financial', 'calendar']).default('financial'),
    /** Quarterly report: the target for closing a concern, in days, that time to close is shown against. */
    REPORT_CLOSE_TARGET_DAYS: z.coerce.number().int().min(1).max(365).default(28),
    /**
     * Quarterly report CSV: "teams" sends a zip through Teams' file consent card (1:1 chats);
     * "folder" writes the files to DATA_DIR/exports. Default: folder in local mode, teams otherwise.
     */
    REPORT_FILES: z.enum(['teams', 'folder']).optional(),
    /** Quarterly report: sent to coordinators on the first working day of each quarter (false to stop). */
    REPORT_SCHEDULED: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true'),
    /** Escalation email through Microsoft Graph sendMail: the mailbox it is sent from (UPN or object id). */
    ESCALATION_MAIL_FROM: optionalString,
    /** Comma-separated addresses the escalation email goes to (the lead, the deputy, the DSL team mailbox). */
    ESCALATION_MAIL_TO: commaList.pipe(z.array(z.email('must be email addresses'))),
  })
  .superRefine((config, ctx) => {
    const production = config.NODE_ENV === 'production';
    if (production && config.TENANT_SEND_PER_SECOND > 50) {
      ctx.addIssue({
        code: 'custom',
        path: ['TENANT_SEND_PER_SECOND'],
        message: "must be 50 or fewer in production (Teams' limit per app per tenant)",
      });
    }
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
