/**
 * What kind of answer a question wants, read from its wording, and what such an answer looks like in
 * a sentence. "How often" wants a frequency, "who" a role, "how many" a figure, "when" a date or
 * timescale. A sentence that has the right shape is preferred over one that only shares words.
 */
export type QuestionCue =
  | 'frequency'
  | 'role'
  | 'figure'
  | 'percentage'
  | 'time'
  | 'duration'
  | 'period'
  | 'process'
  | 'method'
  | 'place'
  | 'definition'
  | 'signs'
  | 'email'
  | 'link'
  | 'opening-hours'
  | 'phone'
  | 'money'
  | 'name'
  | 'title';

/**
 * A question word where it asks: opening the message (after a greeting or "so"), after punctuation,
 * or after a word that introduces an indirect question ("tell me who", "not sure where").
 */
function asking(word: string, introducers: string): string {
  return `^\\W*(?:(?:so|and|but|hi|ok|also|then)\\W+)?${word}\\b|[,;:?.!]\\s*${word}\\b|\\b(?:${introducers}) ${word}\\b`;
}

/**
 * "Who's the safeguarding champion for the housing team", "who is the dsl for my directorate": a
 * person of a named team, which only a name answers. (Read also by the rule for unstated facts.)
 */
export const personOfTeam =
  /\bwho(?:'s| is) (?:the|our|my) (?:\w+ ){1,3}(?:at|for|in) (?:the |my |our )?(?:\w+ )?(?:team|service|directorate|department|dept|housing)\b/i;

/** Things that go by a title, not a person's name: "the name of the guide" asks for the guide's title. */
const namedThings =
  '(?:guide|scheme|programme|program|service|policy|system|network|forum|group|campaign|initiative|toolkit|course|module|training|app|tool|document|report|plan|project|strategy)';

/**
 * Words that ask for a sum: a salary, a price, a budget, a fine. (Read also by the rule for unstated
 * facts, which adds any "how much".) "The post agreed in the 16/17 budget" asks for none.
 */
export const sumWords =
  /\b(?:salary|salaries|wages?|pay scale|price|fees?|costs?)\b|\bwhat(?:'s|s| is| was| are) (?:the )?(?:[\w']+ ){0,3}budgets?\b|\b(?:the|a) fine\b|\bfined\b/i;

const cueQuestions: readonly [QuestionCue, RegExp][] = [
  ['frequency', /\bhow (?:often|frequently|regularly)\b|\bevery how\b|\bhow many times\b|\bfrequency\b/i],
  ['percentage', /%|\bpercent|\bper cent\b|\bwhat (?:percentage|proportion|share)\b|\bpass ?mark\b/i],
  [
    'figure',
    /%|\bhow (?:many|much|old)\b|\b(?:numbers|figures|stats|statistics)\W*$|\bwhat (?:percentage|proportion|number|share|amount|ages?)\b|\bnumber of\b|\bpercent|\bage (?:range|limit|group)\b/i,
  ],
  [
    'time',
    /\bwhen (?:is|was|are|were|do|does|did|will|would|should|must|can|could|has|have|had)\b|^when\b|\bwhat (?:date|year|month|time)\b|\bhow (?:long|soon|quickly)\b|\bdeadline\b|\bby when\b/i,
  ],
  // "How soon / how quickly" wants a span or a deadline ("within 15 minutes"), which a date does not give.
  // So do "how long have I got to / do we have to" (a deadline), "how long does it take" and "how long
  // is the course": not how long something is kept, open or valid, which a date can answer.
  [
    'duration',
    /\bhow (?:soon|quickly|fast)\b|\bhow long (?:until|till|til|before)\b|\bhow long (?:have|has) (?:\w+ ){1,2}got\b|\bhow long (?:do|does) (?:\w+ ){1,2}(?:have|get) to (?!keep|hang|hold|retain|store)|\bhow long (?:does|do|will|would|did) (?:\w+ ){1,5}?(?:take|last)\b|\bhow long is (?:it|the|a|an|each)\b(?!.*\b(?:kept|held|stored|retained|open|valid)\b)/i,
  ],
  // "Who" and "where" ask only as question words: "staff who work with children" and "a group where
  // people give feedback" want no role or place.
  [
    'role',
    new RegExp(
      `${asking('who', 'and|or|but|then|know|tell|ask|out|sure|idea|wondering|unsure|check')}|\\bwho (?:actually |really |exactly |else )?(?:do|does|did|can|should|would|will|could|must|shall|may|might) (?:i|we|you|they|he|she|staff|the|my|our|a|an)\\b|\\bwho (?:actually |really |exactly |else )?\\w+s (?:it|them|this|that|the|a|an|my|our|your|all|each)\\b|\\bwho(?:'s|s| is| are| was| were) (?:the|our|my|your|in charge|responsible|allowed|able|meant|supposed)\\b|\\bwhich (?:team|person|officer|role|manager|group|board)\\b|\\bwhose job\\b`,
      'i',
    ),
  ],
  // "What happens after I log it" wants the next step: a sentence that says what will be done.
  ['process', /\bwhat happens\b|\bwhat (?:will|would) happen\b|\bwhat(?:'s| is) next\b|\bnext steps?\b/i],
  // "How do I report it" wants the way: through what, by calling whom, on which form.
  [
    'method',
    /\bhow (?:else )?(?:do|can|should|would|could) (?:i|we|you|staff)\b|\bhow to\b|\bwhat(?:'s| is) the (?:way|process|procedure) (?:to|for)\b/i,
  ],
  [
    'place',
    new RegExp(
      `${asking('where', 'and|or|but|know|tell|ask|out|sure|idea|wondering')}|\\bwhere(?:'s|s| is| are| was| were| do| does| did| can| should| would| will| could| must| to)\\b`,
      'i',
    ),
  ],
  // Contact details, sums and names are facts a policy either states or does not: no paraphrase answers them.
  [
    'email',
    /\be-?mail address(?:es)?\b|\bcontact (?:details|info|information)\b|\bwhat(?:'s| is) (?:the |their |his |her )?\S+(?:'s)? e-?mail\b/i,
  ],
  ['link', /\b(?:website|web site|web page|webpage|link|url|web address)\b/i],
  [
    'opening-hours',
    /\bopening (?:hours|times)\b|\bwhat time does\b.*\b(?:open|close|shut)\b|\bwhen does\b.*\b(?:open|close|shut)\b|\bwhat (?:times|hours) (?:can|do|does|is|are)\b|\bwhen can (?:i|you|we) (?:ring|call|phone)\b/i,
  ],
  // A short question that ends in "number" asks for a phone number ("childline number?", "eap number
  // pls"), as do "direct line" and "helpline number"; "the total number" and "the case number" do not.
  [
    'phone',
    /\b(?:phone|telephone|contact|helpline|hotline) (?:number|no)\b|\bcontact (?:details|info|information)\b|\bout of hours (?:number|line)\b|\bwhat number\b|\bnumber (?:for|to (?:ring|call))\b|\bdirect (?:line|number|dial)\b|\b(?:line|helpline) number\b|^\W*(?:[\w'-]+\s+){0,3}(?<!\b(?:total|overall|exact|reference|case|the)\s)number\W*(?:pls|please|plz)?\W*$|\bwhat(?:'s|s| is) (?:the|their|its) number\W*$/i,
  ],
  [
    'money',
    new RegExp(
      `${sumWords.source}|\\bgrade\\b|\\bhow much (?:money\\b|does|do|is|will|are|was|were|did|has|have)\\b|\\bwho pays\\b`,
      'i',
    ),
  ],
  // A person's name: "what's the LADO's name", "name and contact for the prevent lead", "name pls".
  // The name of a guide or a scheme is its title (below).
  [
    'name',
    new RegExp(
      `\\b(?:'s|s'|their|his|her) names?\\b|\\b(?:first |full )?names? of (?:the|our|my|all|any|each)\\b(?! (?:\\w+ )?${namedThings}\\b)|\\bwho is (?:the|our|my) \\w+ (?:at|for)\\b|${personOfTeam.source}|\\bnames? (?:and|&) (?:contact|number|phone|email|e-mail|details)\\b|\\bnames?,? (?:pls|please|plz)\\b`,
      'i',
    ),
  ],
  // "What's the EAP called", "eap name?": the name a scheme, guide or service goes by.
  [
    'title',
    new RegExp(
      `\\bwhat(?:'s|s| is| was| are| were)\\b.{0,60}\\bcal+ed\\b|\\bcal+ed (?:now|these days|nowadays)\\b|\\b(?:eap|scheme|programme|program|service|guide|policy|system|network|forum|group|campaign|initiative)(?:'s)? name\\b|\\bname of (?:the|our|that|this) (?:\\w+ )?${namedThings}\\b`,
      'i',
    ),
  ],
  // "Is that a safeguarding thing", "should i be worried": a situation held up against the signs.
  [
    'signs',
    /\bis (?:this|that|it) (?:a |an )?(?:safeguarding|abuse|neglect|exploitation|grooming|sign|normal|concerning|worrying|red flag)\b|\banything to worry about\b|\bshould i be (?:worried|concerned)\b|\bred flags?\b|\bwarning signs?\b|\bsigns? (?:of|that|to look)\b|\b(?:signs|indicators)\W*$|\bcounts? as abuse\b/i,
  ],
  [
    'definition',
    /\bwhat (?:is|are|does)\b.{0,40}\b(?:mean|stand for)\b|\b(?:counts?|classed|classified) as\b|\bwhat(?:'s| is) (?:an? )?\w+\??$|\bdefin/i,
  ],
];

/** Numbers as a policy writes small counts in words ("four Designated Safeguarding Officers"). */
export const numberWords: readonly string[] = [
  ...'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen'.split(' '),
  ...'twenty thirty forty fifty hundred thousand dozen'.split(' '),
];

/**
 * A person named as the reports write them: "Cllr / Councillor X", "Mr X", or "First Last, <post>"
 * ("Tim Sadler, Executive Director"). Case-sensitive: capitals are what mark a name.
 */
export const personNamed =
  /\b(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor)\.?\s+[A-Z]|\b[A-Z][a-z]+ [A-Z][a-z]+(?:-[A-Z][a-z]+)?,\s+(?:the\s+)?(?:[A-Z][\w&]*\s+|&\s+){0,4}(?:Manager|Co-?ordinator|Officer|Lead|Member|Director|Head|Leader|Chair|Adviser|Advisor)\b/;

/** What a sentence that answers each cue looks like; a period's depends on its unit (periodUnits). */
const cueAnswers: Readonly<Record<Exclude<QuestionCue, 'period'>, RegExp>> = {
  frequency:
    /\b(?:every|each)\s+(?:\w+\s+)?(?:years?|months?|weeks?|days?|quarters?)\b|\b(?:annual(?:ly)?|quarterly|monthly|weekly|fortnightly|daily|yearly|twice|termly)\b|\bonce a\b|\bper (?:year|month|week|day)\b|\bregular(?:ly)?\b/i,
  percentage:
    /\b\d[\d,.]*\s*(?:%|per ?cent\b)|\b(?:all|half|most|a (?:third|quarter)|none) of (?:the |our )?(?:staff|respondents|employees|people)\b/i,
  // Digits but not a year, or a number in words but not "one" (mostly "one of").
  figure: new RegExp(
    `\\b\\d[\\d,.]*\\s*%|\\b\\d{1,3}(?:,\\d{3})+\\b|£\\s?\\d|\\b(?!(?:19|20)\\d\\d\\b)\\d+\\b(?!\\s*(?:am|pm))|\\b(?:${numberWords.filter((word) => word !== 'one').join('|')})\\b`,
    'i',
  ),
  time: /\b(?:19|20)\d{2}\b|\b(?:january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b|\b(?:in|since|by|from|until|during|early|late|mid|of|\d{1,2}(?:st|nd|rd|th)?) may\b|\bmay (?:\d{1,2}|(?:19|20)\d{2})\b|\bwithin\s+(?:[\w-]+\s+){0,3}?(?:hours?|days?|weeks?|months?|minutes?|years?)\b|\b\d+\s+(?:working\s+)?(?:hours?|days?|weeks?|months?|years?)\b|\b(?:immediately|same (?:working )?day|straight away|deadline|by the end)\b/i,
  duration:
    /\bwithin\s+(?:[\w-]+\s+){0,3}?(?:hours?|days?|weeks?|months?|minutes?|years?)\b|\b\d+\s+(?:working\s+)?(?:minutes?|hours?|days?|weeks?|months?)\b|\b(?:immediately|same (?:working )?day|straight away|by the end)\b/i,
  process: /\b(?:will|then|next|decides?|within)\b/i,
  method:
    /\b(?:through|using|via|by (?:calling|phoning|emailing|completing|choosing|using|telling)|call|phone|ring|email|e-mail|contact|complete|fill in|choose|select|go to|log in|form)\b/i,
  role: /\b(?:officers?|leads?|managers?|coordinators?|co-ordinators?|directors?|chief|head|teams?|boards?|dsls?|dsos?|champions?|councillors?|cabinet|executive|member|group|committee)\b/i,
  place: /\b(?:intranet|website|web site|page|portal|system|online|office|internet|library)\b/i,
  signs: /\b(?:signs?|indicators?|warning)\b/i,
  definition: /\b(?:means?|is (?:a|an|the|when)|are (?:people|those)|refers? to|defined as|includes?)\b/i,
  email: /[\w.+-]+@[\w-]+\.[\w.]+/,
  link: /https?:\/\/|\bwww\.|\b[\w-]+\.(?:gov|org|nhs|co)\.uk\b|\bintranet\b/i,
  'opening-hours':
    /\b\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm)\b|\b\d{1,2}[.:]\d{2}\b|\b(?:24 hours|office hours|opening hours)\b/i,
  phone: /\b0\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b|\b(?:999|101|111)\b/,
  money: /£\s?\d|\b\d[\d,.]*\s*(?:pounds|GBP)\b|\bfree of charge\b/i,
  // A title before a name, or a first and last name before the role they hold ("Laura Jones,
  // Safeguarding Coordinator", "Dani Granito, Policy & Partnerships Team Manager").
  name: new RegExp(`${personNamed.source}|\\bcalled [A-Z][a-z]+ [A-Z]`),
  // A name in quotes ("our employee assistance programme 'Health Assured'") or after "called".
  title:
    /(?:^|[\s(])['‘"“]\p{Lu}[^'‘’"“”]{1,60}['’"”](?=[\s,.;:)]|$)|\b(?:called|known as|named|titled|branded)\s+['‘"“]?\p{Lu}/u,
};

export function detectQuestionCues(question: string): QuestionCue[] {
  let cues: QuestionCue[] = [];
  for (const [cue, pattern] of cueQuestions) if (pattern.test(question)) cues.push(cue);
  // "What % of staff" wants a share: any other number in the passage does not answer it.
  if (cues.includes('percentage')) cues = cues.filter((cue) => cue !== 'figure');
  // "How soon should a DSO get back to me" is not answered by "193 cases were opened between January 2022 and October".
  if (cues.includes('duration')) cues = cues.filter((cue) => cue !== 'time');
  // "How many times" asks how often.
  if (cues.includes('figure') && /\bhow many times\b/i.test(question)) {
    return cues.filter((cue) => cue !== 'figure').concat('frequency');
  }
  // "How many years / days / hours" asks for a number of that unit, not a count of anything, and
  // "how long is the e-learning, how many hours" is not answered by "within 4 weeks of starting".
  if (cues.includes('figure') && periodUnitOf(question)) {
    return cues.filter((cue) => cue !== 'figure' && cue !== 'time' && cue !== 'duration').concat('period');
  }
  // "How long is the classroom course", "is it a full day": its length, in hours or days.
  if (courseLength.asked.test(question)) {
    return cues.filter((cue) => cue !== 'time' && cue !== 'duration' && cue !== 'figure').concat('period');
  }
  return cues;
}

/**
 * How long a course, session or briefing lasts: answered by minutes, hours or a (half) day, never by
 * how often it is refreshed or how soon it must be done ("every 3 years", "within 4 weeks of starting").
 * Not how long it stays valid or counts for ("how long does my training last").
 */
const courseLength = {
  asked:
    /\bhow long (?:is|does|will|would|are) (?:the |a |an |each |my )?(?:[\w-]+ ){0,4}?(?:course|e-?learning|module|session|briefing|workshop|class)s?\b(?!.*\b(?:valid|kept|last|lasts|count|counts|good for)\b)|\bis it (?:a )?(?:full|half)[- ]day\b/i,
  answer:
    /(?:\b\d[\d.,]*|\b(?:an?|half an?|one|two|three|four|five|six|seven|eight))[\s-]+(?:[\w-]+\s+){0,1}?(?:minutes?|mins?|hours?|hrs?)\b|\b(?:full|half|whole)[- ]day\b|\b(?:morning|afternoon) session\b|\b\d+[\s-]+days?\b(?! (?:of|after|before|from))/i,
};

const passMark = {
  asked: /\bpass ?mark\b/i,
  answer: /\bpass(?:ing)? ?mark\b|\bto pass\b|\bscore (?:of )?(?:at least )?\d|\bat least \d+\s*%/i,
};

/**
 * The units a "how many hours / days / years" question counts in, with the spellings that ask and
 * what a sentence that answers looks like: a number of that unit, in digits, as an ordinal or in words,
 * up to two words before it ("10 working days", "for the 4th consecutive year", "3 days per week").
 * "How many hours is the classroom course" is not answered by "every 3 years".
 */
const periodUnits: readonly { asked: RegExp; answer: RegExp }[] = [
  'minutes?|mins?',
  'hours?|hrs?',
  'days?',
  'weeks?|wks?',
  'months?',
  'years?|yrs?',
].map((spellings) => ({
  asked: new RegExp(`\\bhow many (?:working |whole |full )?(?:${spellings})\\b`, 'i'),
  answer: new RegExp(
    `(?:\\b\\d[\\d.,]*(?:st|nd|rd|th)?|\\b(?:an?|${numberWords.join('|')}))[\\s-]+(?:[\\w-]+\\s+){0,2}?(?:${spellings})\\b`,
    'i',
  ),
}));

/**
 * The unit a question counts in, remembered for the last question: the cue check asks it for every
 * sentence of every candidate window of one question.
 */
let lastPeriod: { question: string; unit: { asked: RegExp; answer: RegExp } | undefined } | undefined;

function periodUnitOf(question: string): { asked: RegExp; answer: RegExp } | undefined {
  if (lastPeriod?.question !== question)
    lastPeriod = {
      question,
      unit:
        periodUnits.find(({ asked }) => asked.test(question)) ??
        (courseLength.asked.test(question) ? courseLength : undefined),
    };
  return lastPeriod.unit;
}

/**
 * @param question when given, numbers the question itself contains do not count as the answer:
 *   "how many replies did the 2022 survey get" is not answered by a sentence whose only number is 2022.
 */
export function sentenceAnswersCue(sentence: string, cue: QuestionCue, question?: string): boolean {
  const text = question ? withoutQuestionNumbers(sentence, question) : sentence;
  if (cue === 'period') {
    const unit = question ? periodUnitOf(question) : undefined;
    return (unit?.answer ?? cueAnswers.figure).test(text);
  }
  // "What's the pass mark" is answered by the mark, not by any share: "100% attendance" is not one.
  if (cue === 'percentage' && question && passMark.asked.test(question)) return passMark.answer.test(text);
  return cueAnswers[cue].test(text);
}

/**
 * "What age can a child be left at home", "what ages does Youth Ambition work with": an age, which a
 * passage states as "aged 11-19", "under 18", "16 and 17 year olds" or "their 25th birthday", and
 * which no other number (a section of an Act, a count of cases) stands in for.
 */
const ageAsked = /\bwhat ages?\b|\bhow old\b|\bage (?:range|limit|group)s?\b/i;
const ageStated =
  /\baged?\s+(?:\d|under|over|between|from)|\b(?:under|over|below|above|older than|younger than)(?: the age of)?\s+\d+\b|\b\d+\s*(?:years? old|-year-olds?|yrs? old|yo)\b|\b\d+(?:st|nd|rd|th) birthday\b|\bage of \d+|\b\d+\s*(?:-|to|and|or)\s*\d+[- ]year[- ]olds?\b/i;

/** Whether the question asks for an age and the sentence states none (question numbers aside). */
export function ageUnstated(sentence: string, question: string): boolean {
  return ageAsked.test(question) && !ageStated.test(withoutQuestionNumbers(sentence, question));
}

export function questionNumbers(question: string): string[] {
  return question.match(/\d[\d,.]*\d|\d/g) ?? [];
}

/** Patterns per question number, built once: the cue check runs for every candidate window. */
const numberPatterns = new Map<string, RegExp>();

function withoutQuestionNumbers(sentence: string, question: string): string {
  let text = sentence;
  for (const number of questionNumbers(question)) {
    let pattern = numberPatterns.get(number);
    if (!pattern) {
      if (numberPatterns.size > 1000) numberPatterns.clear();
      pattern = new RegExp(`(?<![\\d.,])${number.replace(/[.,]/g, '\\$&')}(?!\\d)`, 'g');
      numberPatterns.set(number, pattern);
    }
    text = text.replace(pattern, ' ');
  }
  return text;
}

/** Words that only say what kind of answer is wanted; they are cues, not topic words. */
export const cueWords: ReadonlySet<string> = new Set([
  'often',
  'frequently',
  'regularly',
  'frequency',
  'many',
  'much',
  'percentage',
  'proportion',
  'long',
  'soon',
  'quickly',
  'deadline',
  'date',
  'happen',
  'happens',
  'mean',
  'means',
  'stand',
  'exist',
  'exists',
  'say',
  'says',
  'said',
  'called',
  'caled',
]);
