import { phraseTerms } from './build-search-index.ts';
import { domainSynonymGroups } from './domain-thesaurus.ts';
import type { PassageEvidence } from './passage-scorers.ts';

/**
 * A service, scheme or duty the question names by its acronym or full name (the LADO, the MASH, a DBS
 * check, FGM, the EAP) that the best passage and its headings never mention, under any of its names:
 * "who is our LADO and how do I contact them" is not answered by a passage about the investigations
 * team's part in allegations, nor "does my DBS need redoing every 3 years" by "refresher training is
 * required every two years". Such a passage is not the answer however many other words it shares, so
 * the question is declined at any confidence, with the passage shown as the closest. So is a question
 * naming one the documents never mention at all. On the development files (after the unstated-fact
 * rule) it declines 25 of the shared knowledge's 165 unanswerable questions, 7 of them above the
 * threshold, and 1 of its 551 answerable ones, already below it; on the sample policy 4 of 138
 * unanswerable questions (3 above the threshold) and none of its 510 answerable ones.
 * Returns the topic's display name (a fixed word of the thesaurus, never the question's own).
 */
export function absentTopicOf(evidence: PassageEvidence): string | undefined {
  const { question } = evidence;
  for (const [c, concept] of question.concepts.entries()) {
    const topic = namedTopics.get(concept.label);
    if (topic !== undefined && (evidence.conceptMatch[c] ?? 0) === 0 && (evidence.contextMatch[c] ?? 0) === 0)
      return topic;
  }
  return undefined;
}

/** Whom staff tell and who a person is: named in a question to set the scene, not as what is asked. */
const addresseesAndStatuses: ReadonlySet<string> = new Set([
  'dsl',
  'hr',
  'ceo',
  'cmt',
  'tvp',
  'cp',
  'lac',
  'cin',
  'sen',
  'lgbtq',
  'bame',
]);

/**
 * The thesaurus groups headed by an acronym, less those staff name as whom they tell rather than what
 * they ask about ("can I just WhatsApp the DSL", "do I tell HR") and who a person is, which sets the
 * scene ("a child on a CP plan told me...", "a gay young person"). Keyed by each name's terms, as
 * parse-question labels a domain phrase.
 */
const namedTopics: ReadonlyMap<string, string> = new Map(
  domainSynonymGroups
    .filter((group) => {
      const head = group[0] ?? '';
      return /^[a-z]{2,5}$/.test(head) && !addresseesAndStatuses.has(head);
    })
    .flatMap((group) => {
      const head = group[0] ?? '';
      const label = head.toUpperCase();
      // The acronym and the names of more than one word: a single everyday word in a group ("cutting",
      // "vetting", "counselling") is as often about something else ("she's been cutting herself").
      return group
        .filter((name) => name === head || phraseTerms(name).length > 1)
        .map((name) => [phraseTerms(name).join(' '), label] as const);
    })
    .reverse(),
);
