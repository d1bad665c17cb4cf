import type { PassageEvidence } from './passage-scorers.ts';

/**
 * "Can I get a lone worker alarm", "do DSLs get extra pay or an allowance", "does the council pay for
 * a taxi home": a question whether something is provided. The passage answers it only if it names
 * the thing (its last word, or that of one of the things asked, "an alarm or a panic button"), in
 * itself or its headings: a passage about lone working that never mentions an alarm says nothing
 * about whether there is one. Such a question is declined at any confidence, as for an unstated fact.
 */
const provisionAsked =
  /\b(?:can (?:i|we|staff|you|they) (?:get|claim|be given|be issued|request)|(?:do|does|will|would) (?:i|we|staff|you|they|dsls|volunteers|managers|(?:lone |home |care |social |support )?workers) (?:get|receive)(?: issued| given| provided)?|(?:does|will|would) the council (?:give|provide|offer|pay for|issue|fund|supply)(?: (?:me|us|staff|lone workers|workers|dsls|volunteers))?) (.+)$/i;

/** Where the thing asked for ends: a preposition, a clause, a particle ("a day off"), punctuation. */
const thingEnds =
  /\s(?:for|from|of|out|through|thru|via|on|in|at|to|with|after|before|if|when|while|during|because|so|as|like|off|back|now|too|also|each|every|per|please|pls|online|remotely|today|tomorrow|tonight|asap|again)\b|[?.!,;:()]/i;

/** What follows the verb but names no thing: a phrase ("get hold of"), a pronoun, a participle. */
const noThing =
  /^(?:hold|told|back|paid|in|on|to|it|them|this|that|these|those|one|any|anything|something|someone|anyone|what|much|many)\b/i;

const determiners =
  /^(?:a|an|the|any|some|my|our|their|his|her|free|extra|own|personal|more|enough|proper|separate)$/i;

/**
 * Words that say what form a thing comes in, not what it is, and what is told rather than handed over
 * ("do I get feedback after raising a concern" is answered by "you will be told the status only"): a
 * policy says those in words of its own.
 */
const genericHeads =
  /^(?:forms?|things?|stuff|services?|support|help|options?|access|copy|copies|kind|type|sort|bit|versions?|sheets?|documents?|leaflets?|templates?|sessions?|details?|info|information|feedback|updates?|news|outcomes?|results?|advice|guidance|answers?|response|reply|replies|acknowledge?ment|confirmation|notice|reminders?|warning|time|break|rest)$/i;

/** The last word of each thing the question asks is provided, or undefined when it asks no such thing. */
export function askedThingsOf(question: string): string[] | undefined {
  const after = provisionAsked.exec(question)?.[1];
  if (!after || noThing.test(after)) return undefined;
  const end = thingEnds.exec(after);
  // "Can I get the girl's aunt to translate" asks whether someone may do something, not for a thing.
  if (end && /^\s+to$/i.test(end[0])) return undefined;
  const phrase = end ? after.slice(0, end.index) : after;
  const heads = phrase
    .split(/\s+(?:or|and|&|\/)\s+/i)
    .map((thing) => thing.split(/\s+/).filter((word) => !determiners.test(word)))
    // "A body map form": the map is the thing, the form only how it comes.
    .map((words) => (words.length > 1 && genericHeads.test(words.at(-1) ?? '') ? words.slice(0, -1) : words))
    .map((words) => words.at(-1)?.toLowerCase().replace(/'s$/, ''))
    .filter(
      (head): head is string => head !== undefined && /^\p{L}{3,}$/u.test(head) && !genericHeads.test(head),
    );
  return heads.length > 0 ? heads : undefined;
}

/**
 * Whether the passage (or its headings) mentions none of the things the question asks are provided.
 * A thing is matched through the question's concept for it (its forms, synonyms and typos).
 */
export function asksUnmentionedProvision(evidence: PassageEvidence): boolean {
  const heads = askedThingsOf(evidence.question.text);
  if (!heads) return false;
  const { concepts } = evidence.question;
  const asked = heads.flatMap((head) => {
    const c = concepts.findIndex(
      ({ label }) =>
        label === head || (label.length >= 4 && (head.startsWith(label) || label.startsWith(head))),
    );
    return c >= 0 ? [c] : [];
  });
  if (asked.length === 0) return false;
  return asked.every((c) => (evidence.conceptMatch[c] ?? 0) === 0 && (evidence.contextMatch[c] ?? 0) === 0);
}
