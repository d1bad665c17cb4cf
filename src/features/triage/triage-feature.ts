import { randomUUID } from 'node:crypto';
import type { PeopleDirectory } from '../../graph/people.ts';
import type { Mailer } from '../../graph/send-mail.ts';
import type { Feature, FeatureContext } from '../feature.ts';
import { alertImmediateJob, notifyDslsJob } from '../raise-concern/concern-jobs.ts';
import { alertDsls, alertImmediate } from './alert-dsls.ts';
import { consultationTaken, notifyConsultation } from './consultations.ts';
import { runDueEscalations } from './escalate-overdue.ts';
import { refreshConcernCards } from './refresh-cards.ts';
import { sendInfoRequest, tellReporter } from './tell-reporter.ts';
import type { TriageDeps } from './triage-deps.ts';
import {
  consultationTakenJob,
  escalateJob,
  notifyConsultationJob,
  refreshCardsJob,
  sendInfoRequestJob,
  tellReporterJob,
  triageJobs,
} from './triage-jobs.ts';
import { triageCommands, triageVerbs } from './triage-routes.ts';
import { workingTimeFrom } from './working-hours.ts';

/** setTimeout's longest delay; a later step is armed again by its durable job. */
const maxTimerMs = 2 ** 31 - 1;

export interface TriageOptions {
  people: PeopleDirectory;
  mailer: Mailer;
  /** The embedded engine is one process: a claim left by another process id is a dead one's. */
  embedded: boolean;
}

/**
 * DSL triage: every concern reaches the DSLs at once on one shared card, is worked to an
 * outcome, and escalates when nobody acknowledges it; "talk to a DSL" consultations; the DSL
 * views "open concerns" and "concern SG-…".
 */
export function triageFeature(context: FeatureContext, options: TriageOptions): Feature {
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const runEscalations = () => {
    // One run at a time in this process; other processes are kept apart by the database.
    running = running
      .then(() => runDueEscalations(deps))
      .catch((error: unknown) => {
        context.logger.error(
          { code: 'INTERNAL', err: error instanceof Error ? error.name : 'unknown' },
          'escalation run failed; its durable job will retry',
        );
      });
    return running;
  };
  const deps: TriageDeps = {
    ...context,
    people: options.people,
    mailer: options.mailer,
    claims: { processId: randomUUID(), leaseMs: options.embedded ? 0 : 60_000 },
    working: workingTimeFrom(context.config),
    armEscalation(at) {
      if (stopped) return;
      // Precise to the second in a running process; the startAfter job is the durable backstop.
      const delay = Math.min(maxTimerMs, Math.max(0, at.getTime() - context.clock.now().getTime()) + 20);
      const timer = setTimeout(() => {
        timers.delete(timer);
        void runEscalations();
      }, delay);
      timer.unref();
      timers.add(timer);
    },
  };
  return {
    name: 'triage',
    capabilities: [
      {
        name: 'Talk to a DSL',
        description: 'Ask a Designated Safeguarding Lead to contact you for a conversation (not a concern).',
        command: 'talk to a DSL',
      },
      {
        name: 'Open concerns',
        description:
          'Open concerns, overdue first, then by urgency and age; "concern SG-2026-00042" opens one.',
        command: 'open concerns',
        forRoles: ['dsl'],
      },
    ],
    commands: triageCommands(deps),
    verbs: triageVerbs(deps),
    async start() {
      await context.jobs.register(notifyDslsJob, alertImmediateJob, ...triageJobs);
      // Queue notify wakes these workers within milliseconds of the submit transaction committing.
      await context.jobs.work(notifyDslsJob, (data) => alertDsls(deps, data.concernId), {
        concurrency: 8,
        urgent: true,
      });
      await context.jobs.work(alertImmediateJob, (data) => alertImmediate(deps, data.draftId), {
        concurrency: 4,
        urgent: true,
      });
      await context.jobs.work(escalateJob, async () => {
        await runDueEscalations(deps);
      });
      await context.jobs.work(refreshCardsJob, async (data) => {
        const { failed } = await refreshConcernCards(deps, data.concernId);
        if (failed > 0)
          context.logger.warn({ code: 'SEND_FAILED', concernId: data.concernId }, 'cards still stale');
      });
      await context.jobs.work(tellReporterJob, (data) => tellReporter(deps, data));
      await context.jobs.work(sendInfoRequestJob, (data) => sendInfoRequest(deps, data));
      await context.jobs.work(notifyConsultationJob, (data) => notifyConsultation(deps, data.consultationId));
      await context.jobs.work(consultationTakenJob, (data) => consultationTaken(deps, data.consultationId));
      await recover(deps);
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await running;
    },
  };
}

/**
 * After a crash: a concern whose alert never finished is alerted again (its delivery rows skip
 * every DSL already reached), and every pending escalation gets its in-process timer back.
 */
async function recover(deps: TriageDeps): Promise<void> {
  const unalerted = await deps.db
    .selectFrom('concerns')
    .select('id')
    .where('alerted_at', 'is', null)
    .orderBy('submitted_at')
    .limit(1000)
    .execute();
  for (const concern of unalerted) await deps.jobs.send(notifyDslsJob, { concernId: concern.id });
  const pending = [
    ...(await deps.db
      .selectFrom('concerns')
      .select('next_escalation_at')
      .where('next_escalation_at', 'is not', null)
      .execute()),
    ...(await deps.db
      .selectFrom('consultations')
      .select('next_escalation_at')
      .where('next_escalation_at', 'is not', null)
      .execute()),
  ];
  for (const row of pending) if (row.next_escalation_at) deps.armEscalation(new Date(row.next_escalation_at));
}
