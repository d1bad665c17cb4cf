import { personNamed, sentenceAnswersCue } from './question-cues.ts';

/**
 * "Who is the council's Prevent lead", "who's the PiPoT lead and how do I contact them": a question
 * that asks who holds a post. A passage answers it only when it says who: a person's name beside the
 * post ("Tim Sadler, Executive Director"), or the post stated as what someone is ("The lead DSL is
 * the council's Head of Safeguarding", "the Monitoring Officer acts as the whistleblowing lead"). A
 * passage that only mentions the post in passing ("the DSL will discuss it with the council's Prevent
 * lead in the Community Safety team") names the post, not its holder.
 *
 * Only the holder of one post, asked for on its own, counts. "Who are the DSLs" is answered by what
 * they are ("experienced staff trained to receive concerns"), and "who is the lead for safeguarding at
 * the council" asks about a responsibility that a sentence can answer in many words: both are left to
 * the model.
 */

/**
 * The words that end the name of a post. Not the offices the field names by an acronym ("who's the
 * LADO", "who is the lead DSL and how do I contact them"): what the office is and how to reach it
 * answers those.
 */
const postHeads =
  'lead|leads|officer|officers|champion|champions|co-?ordinator|co-?ordinators|chair|chairs|chairperson|manager|managers|director|head|owner|deputy|representative|rep|adviser|advisor|contact|person';

/**
 * "Who is / who's (the|our|my) [council's] <post>", followed by nothing that asks about something
 * else: the end, punctuation, "and ...", "in/at <team>" or "now / at the moment".
 */
const asksForHolder = new RegExp(
  `\\bwho(?:'s|s| is)(?: actually| exactly| currently)? (?:the|our|my|your)(?: (?:council|city|county|team|service)(?:'s|s)?)? ((?:[\\w'’-]+ ){0,7}?(?:${postHeads}))(?=\\s*(?:$|[,.?!;:(]|and\\b|&|now\\b|currently\\b|at the moment\\b|these days\\b|(?:in|at) (?:the |our |my )?[\\w'’-]+(?: [\\w'’-]+)?\\s*(?:$|[,.?!;]|and\\b)))`,
  'i',
);

/**
 * "Who chairs the allegations management meeting": an act of office that only a passage saying who
 * does it answers ("these are chaired by the team leader"). Other acts ("who runs safeguarding", "who
 * owns the policy") are answered in other words ("has oversight"), and a sign-off may be recorded a
 * table cell away from what was signed ("Signed off template at OSCB training subgroup"), so they
 * are left to the model.
 */
const officeActs: readonly { asked: RegExp; stated: RegExp }[] = [
  {
    asked: /\bwho (?:actually |currently |normally |usually )?chairs\b/i,
    stated: /\bchair(?:s|ed|ing|person|man|woman)?\b/i,
  },
];

/** The act of office a question asks who performs, as the pattern a passage that says so meets. */
export function askedActOf(question: string): RegExp | undefined {
  return officeActs.find(({ asked }) => asked.test(question))?.stated;
}

/** The post a question asks the holder of, as its last word ("lead", "lado"); undefined when it asks no such thing. */
export function askedPostOf(question: string): string | undefined {
  const phrase = asksForHolder.exec(question)?.[1];
  return phrase?.trim().split(/\s+/).pop()?.toLowerCase();
}

const holderPatterns = new Map<string, RegExp>();

/** Whether a passage says who holds the post: a named person, or the post as what someone or something is. */
export function statesHolder(text: string, post: string): boolean {
  // A named person says who (the name cue's reading, less "called X", which names things too).
  if (personNamed.test(text)) return true;
  let pattern = holderPatterns.get(post);
  if (!pattern) {
    const head = post.replace(/s$/, '').replace(/-/g, '-?');
    const word = `${head}s?`;
    pattern = new RegExp(
      // "The lead DSL is ...", "the LADO (Local Authority Designated Officer) is ...".
      `\\b${word}(?:\\s*\\([^)]*\\))?\\s+(?:(?:is|are|was|were|will be|acts as) (?:the|a|an|our|their|its|held by)\\b)|` +
        // "... is the council's Prevent lead", "acts as the LADO".
        `\\b(?:is|are|was|were|as|be)\\s+(?:the|our|a|an|its|their)\\s+(?:(?!(?:and|or|but|this|that|which|who)\\b)[\\w'’()-]+\\s+){0,4}?${word}\\b`,
      'i',
    );
    holderPatterns.set(post, pattern);
  }
  return pattern.test(text);
}

/**
 * "Who is the monitoring officer and how do I contact them" asks the way to reach the post too,
 * which a passage giving its email address or phone number answers.
 */
const asksContact =
  /\bcontact\b|\bget hold of\b|\breach (?:them|him|her)\b|\be-?mail\b|\b(?:ring|call|phone)\b/i;

/**
 * Whether the question asks who holds a post or performs an act of office, and the passage does not
 * say (nor, when it asks how to reach them, give a way to).
 */
export function holderUnstated(question: string, passage: string): boolean {
  if (
    asksContact.test(question) &&
    (sentenceAnswersCue(passage, 'phone') || sentenceAnswersCue(passage, 'email'))
  )
    return false;
  const post = askedPostOf(question);
  if (post && !statesHolder(passage, post)) return true;
  return askedActOf(question)?.test(passage) === false;
}
