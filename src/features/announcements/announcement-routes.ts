import { z } from 'zod';
import { type CommandRoute, type VerbRoute, verbRoute } from '../../bot/verb-table.ts';
import { verbs } from '../../cards/verbs.ts';
import { hasRole } from '../../shared/actor.ts';
import { acknowledgeAnnouncement, acknowledgeSchema } from './acknowledge-announcement.ts';
import { messageSummary } from './announcement-cards.ts';
import type { AnnouncementDeps } from './announcement-deps.ts';
import { exportAnnouncement, listAnnouncements, reportAnnouncement } from './announcement-report.ts';
import { recallAnnouncement, stopSending, updateSentAnnouncement } from './change-sent-announcement.ts';
import {
  announcementIdSchema,
  cancelAnnouncement,
  composeActionSchema,
  editAnnouncement,
  newAnnouncementSchema,
  optionalAnnouncementIdSchema,
  previewAnnouncement,
  startAnnouncement,
} from './compose-announcement.ts';
import { approveAnnouncement, confirmSchema, confirmSend } from './send-announcement.ts';

const newPatterns = [
  /^(new|compose|write|create|send|start) (an? )?(new )?(announcement|newsletter|broadcast)$/,
  /^announce$/,
];
const listPatterns = [
  /^(my |recent |show |list )?announcements( report| reports)?$/,
  /^announcement reports?$/,
];

export function announcementCommands(deps: AnnouncementDeps): CommandRoute[] {
  return [
    {
      name: 'new-announcement',
      matches: (text) => newPatterns.some((pattern) => pattern.test(text)),
      async handle(actor, _text, reply) {
        if (!hasRole(actor, 'coordinator')) {
          await deps.context.audit('ROLE_FORBIDDEN', actor, verbs.announcementNew);
          await reply.text('Only safeguarding coordinators can send announcements. Nothing was sent.');
          return;
        }
        await reply.card(startAnnouncement(actor), 'Safeguarding Assistant: new announcement');
      },
    },
    {
      name: 'announcements',
      matches: (text) => listPatterns.some((pattern) => pattern.test(text)),
      async handle(actor, _text, reply) {
        if (!hasRole(actor, 'coordinator') && !hasRole(actor, 'dsl')) {
          await deps.context.audit('ROLE_FORBIDDEN', actor, verbs.announcementList);
          await reply.text('Announcement reports are for safeguarding coordinators and DSLs.');
          return;
        }
        const result = await listAnnouncements(deps, actor);
        if (result.card) await reply.card(result.card, 'Safeguarding Assistant: announcements');
      },
    },
  ];
}

export function announcementVerbs(deps: AnnouncementDeps): VerbRoute[] {
  return [
    verbRoute({
      verb: verbs.announcementNew,
      schema: newAnnouncementSchema,
      handle: async (actor, data) => ({ card: startAnnouncement(actor, data.kind) }),
    }),
    verbRoute({
      verb: verbs.announcementPreview,
      schema: composeActionSchema,
      handle: (actor, data, reply) => previewAnnouncement(deps, actor, data, reply),
    }),
    verbRoute({
      verb: verbs.announcementEdit,
      schema: announcementIdSchema,
      handle: (actor, data) => editAnnouncement(deps, actor, data),
    }),
    verbRoute({
      verb: verbs.announcementCancel,
      schema: optionalAnnouncementIdSchema,
      handle: (actor, data) => cancelAnnouncement(deps, actor, data),
    }),
    verbRoute({
      verb: verbs.announcementSend,
      schema: confirmSchema,
      handle: (actor, data, _reply, source) => confirmSend(deps, actor, data, source),
    }),
    verbRoute({
      verb: verbs.announcementApprove,
      schema: confirmSchema,
      handle: (actor, data) => approveAnnouncement(deps, actor, data),
    }),
    verbRoute({
      verb: verbs.announcementStop,
      schema: announcementIdSchema,
      handle: (actor, data) => stopSending(deps, actor, data),
    }),
    verbRoute({
      verb: verbs.announcementRecall,
      schema: announcementIdSchema,
      handle: (actor, data) => recallAnnouncement(deps, actor, data),
    }),
    verbRoute({
      verb: verbs.announcementUpdate,
      schema: composeActionSchema,
      handle: (actor, data) => updateSentAnnouncement(deps, actor, data),
    }),
    verbRoute({
      verb: verbs.announcementAcknowledge,
      schema: acknowledgeSchema,
      handle: (actor, data, _reply, source) => acknowledgeAnnouncement(deps, actor, data, source),
    }),
    verbRoute({
      verb: verbs.announcementReport,
      schema: announcementIdSchema,
      handle: (actor, data) => reportAnnouncement(deps, actor, data),
    }),
    verbRoute({
      verb: verbs.announcementExport,
      schema: announcementIdSchema,
      handle: (actor, data) => exportAnnouncement(deps, actor, data),
    }),
    verbRoute({
      verb: verbs.announcementList,
      schema: z.looseObject({}),
      handle: (actor) => listAnnouncements(deps, actor),
    }),
  ];
}

export { messageSummary };
