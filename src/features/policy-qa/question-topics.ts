import { domainSynonymGroups } from './domain-thesaurus.ts';

/**
 * The safeguarding topics a question touches, named by the domain thesaurus ("LADO", "Modern
 * slavery"), for the quarterly report's "most common unanswered topics". Only these names are
 * stored, never the question: a topic is a fixed vocabulary word, so it cannot carry a name or a
 * circumstance the asker typed.
 */
const topicGroups = domainSynonymGroups
  // Who a question is about is not a topic of the policy.
  .filter(
    (group) =>
      !['children', 'young people', 'adult at risk', 'councillors', 'questionnaire'].includes(group[0] ?? ''),
  )
  .map((group) => {
    const name = group[0] ?? '';
    const label =
      name.length <= 5 && !name.includes(' ') ? name.toUpperCase() : name[0]?.toUpperCase() + name.slice(1);
    const patterns = group.map(
      (term) => new RegExp(`(?:^|[^a-z0-9])${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[^a-z0-9])`),
    );
    return { label, patterns };
  });

const extraTopics: readonly { label: string; pattern: RegExp }[] = [
  { label: 'Training', pattern: /\btrain(ing|ed)?\b|\brefresher\b|\bcourse\b/ },
  { label: 'Allegations against staff', pattern: /\ballegation|\babout a (colleague|member of staff)\b/ },
  {
    label: 'Information sharing and consent',
    pattern: /\bconsent\b|\binformation sharing\b|\bshare information\b/,
  },
  { label: 'Record keeping', pattern: /\brecord(s|ing)? keeping\b|\bhow long\b.*\bkeep\b|\bretention\b/ },
  { label: 'Online safety', pattern: /\bonline\b|\binternet\b|\bsocial media\b/ },
  { label: 'Self-harm and suicide', pattern: /\bself[- ]harm|\bsuicid/ },
];

/** Up to five topic names; none when the question touches no known topic. */
export function questionTopics(question: string): string[] {
  const text = question.toLowerCase().replace(/[’']/g, "'").slice(0, 2000);
  const found = new Set<string>();
  for (const group of topicGroups)
    if (group.patterns.some((pattern) => pattern.test(text))) found.add(group.label);
  for (const topic of extraTopics) if (topic.pattern.test(text)) found.add(topic.label);
  return [...found].slice(0, 5);
}
