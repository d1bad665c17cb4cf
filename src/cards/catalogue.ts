import { errorCardTemplate } from '../bot/error-card.ts';
import { announcementCardTemplates } from '../features/announcements/announcement-cards.ts';
import { welcomeCardTemplate } from '../features/help/show-help.ts';
import { policyQaCardTemplates } from '../features/policy-qa/answer-card.ts';
import { concernCardTemplates } from '../features/raise-concern/concern-cards.ts';
import { reportCardTemplates } from '../features/reports/report-cards.ts';
import { triageCardTemplates } from '../features/triage/triage-cards.ts';
import type { SomeCardTemplate } from './render.ts';

/** Every card template the product renders: the render test checks each against cards/. */
export const cardCatalogue: readonly SomeCardTemplate[] = [
  welcomeCardTemplate,
  errorCardTemplate,
  ...concernCardTemplates,
  ...announcementCardTemplates,
  ...triageCardTemplates,
  ...policyQaCardTemplates,
  ...reportCardTemplates,
];
