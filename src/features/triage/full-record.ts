import type { AdaptiveCardJson } from '../../cards/render.ts';
import { readConcernEvents, verifyConcernChronology } from '../../storage/concern-events.ts';
import { ukDateTime } from '../raise-concern/concern-cards.ts';
import { concernDetailsSchema } from '../raise-concern/concern-schema.ts';
import { categoriesLine, describeEvent } from './render-triage-card.ts';
import { chatDeepLink, recordCardTemplate, typed } from './triage-cards.ts';
import type { TriageDeps } from './triage-deps.ts';
import type { ConcernRow } from './triage-store.ts';

/** Free-text detail of an event that is the record itself (a note, a rationale, an answer). */
const recordTextKeys = [
  'text',
  'question',
  'answer',
  'rationale',
  'reviewDate',
  'agencyReference',
  'sharedWhat',
  'consent',
  'overrideReason',
  'outcome',
  'reason',
] as const;

/**
 * The full record, for a DSL who may see it: the reporter's answers, every chronology entry with
 * the notes and rationales, and whether the hash chain still verifies. Opening it is logged by
 * the caller before this is shown.
 */
export async function buildRecordCard(deps: TriageDeps, concern: ConcernRow): Promise<AdaptiveCardJson> {
  const parsed = concernDetailsSchema.safeParse(concern.details);
  const verdict = await verifyConcernChronology(deps.db, concern.id);
  const events = await readConcernEvents(deps.db, concern.id);
  const item = (label: string, value: string | undefined) =>
    value && value.trim() !== '' ? [{ label, value: typed(value) }] : [];
  const sections = parsed.success
    ? [
        {
          title: 'About whom',
          items: [
            ...item('Who', concern.subject_type),
            ...item('Name', parsed.data.subject.name),
            ...item('Age', parsed.data.subject.age),
            ...item('Date of birth', parsed.data.subject.dateOfBirth),
            ...item('Address or where to find them', parsed.data.subject.location),
            ...item('Identifying details', parsed.data.subject.identifying),
            ...item('Known to council services', parsed.data.subject.knownToServices),
          ],
        },
        { title: 'What kind of concern', items: [{ label: 'Kinds', value: categoriesLine(concern) }] },
        {
          title: 'What happened',
          items: [
            ...item('What they saw, heard or were told', parsed.data.account.whatHappened),
            ...item('In the person’s own words', parsed.data.account.ownWords),
            ...item('When', [parsed.data.account.happenedOn, parsed.data.account.happenedAt ?? ''].join(' ')),
            ...item('Where', parsed.data.account.where),
            ...item('Who else was there', parsed.data.account.whoElse),
            ...item('Injuries seen', parsed.data.account.injuries),
            ...item('Reporter’s own view', parsed.data.account.opinion),
          ],
        },
        {
          title: 'What has been done',
          items: [
            ...item('Done so far', parsed.data.actions.actionsTaken.join(', ')),
            ...item('Police log number', parsed.data.actions.policeLogNumber),
            ...item('Something else', parsed.data.actions.otherAction),
            ...item('What the person wants', parsed.data.actions.personsView),
            ...item('Consent to share', parsed.data.actions.consent),
            ...item('Why consent was not sought', parsed.data.actions.consentRiskReason),
            ...item('About staff or a DSL', parsed.data.actions.aboutStaff),
            ...item('Staff member', parsed.data.actions.staffDetails),
          ],
        },
      ]
    : [{ title: 'Answers', items: [{ label: 'Stored answers', value: 'could not be read' }] }];
  const person = await deps.people.find(concern.reporter_aad_id);
  return recordCardTemplate.render({
    reference: concern.reference,
    chronologyLine: verdict.ok
      ? `Chronology verified: ${verdict.events} entries, hash chain intact.`
      : `WARNING: the chronology does not verify (${verdict.reason} at entry ${verdict.brokenAtEventId}). Tell the safeguarding lead and IT security.`,
    chronologyColor: verdict.ok ? 'Good' : 'Attention',
    sections: sections.map((section) =>
      section.items.length > 0 ? section : { ...section, items: [{ label: 'Answers', value: 'none' }] },
    ),
    events: await Promise.all(
      events.map(async (event) => {
        const extra = recordTextKeys
          .map((key) => event.detail[key])
          .filter((value): value is string => typeof value === 'string' && value !== '')
          .map((value) => typed(value));
        const line = await describeEvent(deps.people, event);
        return { at: ukDateTime(event.at), text: extra.length > 0 ? `${line}: ${extra.join(' · ')}` : line };
      }),
    ),
    reporterChatUrl: chatDeepLink(person?.userPrincipalName ?? concern.reporter_aad_id),
    concernId: concern.id,
    version: concern.version,
  });
}
