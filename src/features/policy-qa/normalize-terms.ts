import { stemmer } from 'stemmer';
import lemmatize from 'wink-lemmatizer';

/**
 * English function words and question words, light verbs, chat filler, and contractions as staff type
 * them without apostrophes ("dont", "whove"; not "ill" or "hell", which are words). They carry no
 * topic, so they neither index nor count towards the coverage that confidence is built on. Question
 * words still drive the cues (see question-cues.ts), which read the raw question.
 */
export const stopWords: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are aren't as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each else
ever few for from further get gets getting got had hadn't has hasn't have haven't having he he'd he'll he's her here
here's hers herself him himself his how how's however i i'd i'll i'm i've if in into is isn't it it's its itself just
let's may me might more most must mustn't my myself need needs no nor not of off on once only or other ought our ours
ourselves out over own per please same shall shan't she she'd she'll she's should shouldn't so some such than that
that's the their theirs them themselves then there there's these they they'd they'll they're they've this those
through thus to too under until up upon us very via was wasn't we we'd we'll we're we've were weren't what what's
whats when when's where where's whether which while who who's whom whose why why's will with won't would wouldn't
yes yet you you'd you'll you're you've your yours yourself yourselves hi hello thanks thank anyone someone something
anything one ones really actually basically im ive dont cant wont whats hows whos u ur pls plz tell know want like
going gonna wanna exactly ok okay stuff thing things lot bit sort kind guess maybe probably
go goes went gone come comes came done seem seems everything nothing nobody everybody anybody somebody everyone ups
whove youve weve theyve youd theyd hes shes thats theres isnt arent wasnt werent doesnt didnt havent hasnt hadnt
shouldnt wouldnt couldnt youre theyre wheres whens whys lets youll theyll itll wouldve couldve shouldve
someones everyones anyones nobodys knew knows eg ie etc aka btw fyi tbh imo`.split(/\s+/),
);

/** A word that is a year ("2022"): it dates what it stands in, it is not a count or a topic of its own. */
export function isYear(word: string): boolean {
  return /^(?:19|20)\d\d$/.test(word);
}

/** Month names and the abbreviations reports use for them in tables ("Q3 Oct 22 – Dec 22"). */
const monthAbbreviations: Readonly<Record<string, string>> = {
  jan: 'january',
  feb: 'february',
  mar: 'march',
  apr: 'april',
  jun: 'june',
  jul: 'july',
  aug: 'august',
  sep: 'september',
  sept: 'september',
  oct: 'october',
  nov: 'november',
  dec: 'december',
};
const monthNames: ReadonlySet<string> = new Set(Object.values(monthAbbreviations));
/** Each month's three-letter abbreviation ("june" is its own and has none). */
const abbreviationOfMonth: ReadonlyMap<string, string> = new Map(
  Object.entries(monthAbbreviations)
    .filter(([short]) => short.length === 3)
    .map(([short, full]) => [full, short]),
);

/** Every month word of the two lists above, as a regular-expression alternation, longest first. */
export const monthWordPattern = [...Object.keys(monthAbbreviations), ...monthNames]
  .sort((a, b) => b.length - a.length)
  .join('|');

/**
 * The month a word names, written out ("oct" -> "october"), or undefined. "May" is not among them: as
 * a question word it is nearly always the verb ("may i", "it may be").
 */
export function monthOf(word: string): string | undefined {
  const lower = word.toLowerCase();
  return monthAbbreviations[lower] ?? (monthNames.has(lower) ? lower : undefined);
}

/** The abbreviation a month goes by in tables, or undefined ("june" is its own). */
export function monthAbbreviationOf(month: string): string | undefined {
  return abbreviationOfMonth.get(month);
}

/** Words Porter stems together with words of another meaning: "community" and "communicate" ("commun"). */
const stemOverrides: Readonly<Record<string, string>> = {
  community: 'communiti',
  communities: 'communiti',
};

const termCache = new Map<string, string>();
const termCacheLimit = 200_000;

/** Lower-case words of a text; apostrophe suffixes dropped ("DSL's" -> "dsl"), hyphens split. */
export function tokenizeWords(text: string): string[] {
  const words: string[] = [];
  // "B&B", "A&E": one word, however it is written ("B&Bs", "B&B's").
  const joined = text
    .toLowerCase()
    .replace(/\b([a-z])&([a-z])(?=s\b|['’]s\b|\b)/g, '$1$2')
    // "co-worker", "co-ordinator": the prefix is part of the word, not a word of its own.
    .replace(/\bco-(?=[a-z]{3})/g, 'co');
  for (const match of joined.matchAll(/[a-z0-9]+(?:['’][a-z]+)?/g)) {
    // "won't", "didn't" stay whole (they are stop words); cutting "'t" would leave "won", "didn".
    const word = /n['’]t$/.test(match[0])
      ? match[0].replace('’', "'")
      : match[0].replace(/['’](s|re|ve|ll|d|m)$/, '');
    if (word) words.push(word);
  }
  return words;
}

/**
 * Shorthand staff type in chat, read as the words it stands for (questions only; policies spell words
 * out). Only forms WordNet does not know ("info", "pics", "yr" it does, with their synonyms), and only
 * unambiguous ones: not "hr" (human resources) nor "sw" (social worker or south west).
 */
const chatShorthand: Readonly<Record<string, string>> = {
  ppl: 'people',
  yrs: 'years',
  wk: 'week',
  wks: 'weeks',
  mth: 'month',
  mths: 'months',
  mgr: 'manager',
  mgrs: 'managers',
  champs: 'champions',
  depts: 'departments',
  dept: 'department',
  govt: 'government',
  b4: 'before',
  abt: 'about',
  thru: 'through',
  til: 'until',
  appt: 'appointment',
  appts: 'appointments',
  convo: 'conversation',
  tmrw: 'tomorrow',
  tonite: 'tonight',
  coz: 'because',
  cuz: 'because',
  approx: 'approximately',
  insta: 'instagram',
  fb: 'facebook',
};

/**
 * Everyday phrases whose words are not the topic ("helping right now", "suspended straight away"):
 * read as the words a policy uses for them, or dropped (''), or each word would count as a topic.
 * A part may list alternatives ("dont|don't"). "Right now" is dropped, not read as "currently": its
 * stem meets every "current DBS check".
 */
const everydayPhrases: readonly [readonly string[], string][] = [
  [['right', 'now'], ''],
  // "Do we always have to hand it over no matter what": whatever happens, not a topic.
  [['no', 'matter', 'what'], ''],
  [['at', 'the', 'moment'], ''],
  // "How often is the group supposed to meet": what should happen, said as staff say it.
  [['supposed|meant', 'to'], ''],
  [['these', 'days'], ''],
  [['straight|right', 'away'], 'immediately'],
  [['asap'], 'immediately'],
  // "What counts as neglect": a definition is asked for; "counts" is not the topic.
  [['counts|count|classed|classified', 'as'], ''],
  // "She said don't tell anyone": asked to keep a secret.
  [["dont|don't|wont|won't", 'tell', 'anyone|anybody'], 'keep secret'],
  [['not', 'to', 'tell', 'anyone'], 'keep secret'],
  // "Teams is down": a system not working ("write it down" and "calm down" keep their own words).
  [['is|are|goes', 'down'], 'is not working'],
  [['was|went', 'down'], 'was not working'],
  [['crashed|crashing|crashes|froze|frozen'], 'not working'],
  // "Is there one place where it all gets logged": a central record.
  [['one|single', 'place'], 'central'],
  // "Is that worth reporting or too minor": a small matter, which a policy calls low-level; "a
  // minor" alone is a child in law, and keeps that meaning.
  [['too|quite|fairly|pretty|bit|something|really|only|just|seems|very', 'minor'], 'low level'],
  // "Logged on my concern" names the system (MyConcern); "my concern is..." stays the worry.
  [['on|in|onto|into|through|via|using|use', 'my', 'concern'], 'on myconcern'],
];

/** The phrases with each part's alternatives as a set, built once: they are tried at every word. */
const phraseMatchers = everydayPhrases.map(([parts, meaning]) => ({
  parts: parts.map((part) => new Set(part.split('|'))),
  meaning: meaning === '' ? [] : meaning.split(' '),
}));

/**
 * Phrasal verbs staff use for what a policy says in one word ("nobody has picked it up" ->
 * acknowledged): the verb in any form, the particle right after it or after a pronoun ("picks it up").
 */
const phrasalVerbs: readonly [verb: string, particle: string, meaning: string][] = [
  ['pick', 'up', 'acknowledge'],
  ['find', 'out', 'told'],
  ['walk', 'out', 'leave'],
  ['speak', 'for', 'answers for'],
  ['chip', 'in', 'contribute'],
  ['get', 'back', 'respond'],
  ['hand', 'over', 'share'],
  ['come', 'up', 'emerging'],
];
const particleObjects: ReadonlySet<string> = new Set([
  'it',
  'them',
  'this',
  'that',
  'him',
  'her',
  'me',
  'us',
]);

function phrasalVerbAt(words: readonly string[], i: number): { meaning: string; length: number } | undefined {
  const word = words[i] ?? '';
  for (const [verb, particle, meaning] of phrasalVerbs) {
    if (word !== verb && lemmaOf(word) !== verb) continue;
    if (words[i + 1] === particle) return { meaning, length: 2 };
    if (particleObjects.has(words[i + 1] ?? '') && words[i + 2] === particle) return { meaning, length: 3 };
  }
  return undefined;
}

/** A question's words with chat shorthand and everyday phrases spelled out ("ppl" -> "people"). */
export function spellOutShorthand(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    const phrasal = phrasalVerbAt(words, i);
    if (phrasal) {
      out.push(...phrasal.meaning.split(' '));
      i += phrasal.length;
      continue;
    }
    const phrase = phraseMatchers.find(({ parts }) => parts.every((part, k) => part.has(words[i + k] ?? '')));
    if (phrase) {
      out.push(...phrase.meaning);
      i += phrase.parts.length;
      continue;
    }
    const word = words[i] ?? '';
    out.push(chatShorthand[word] ?? word);
    i++;
  }
  return out;
}

/**
 * The index term for a word: lemma first (children -> child, went -> go), then the Porter stem
 * (training, trained, trains -> train) so inflections and derivations meet in one term.
 */
export function termOf(word: string): string {
  const cached = termCache.get(word);
  if (cached !== undefined) return cached;
  const term = stemOverrides[word] ?? stemmer(lemmaOf(britishSpelling(word)));
  if (termCache.size < termCacheLimit) termCache.set(word, term);
  return term;
}

/** American spellings staff's autocorrect may give, and the British ones UK policies use. */
const americanToBritish: readonly [RegExp, string][] = [
  // organize, recognized, prioritization -> -ise (stems of three letters or more: not "size", "seize")
  [/^([a-z]{3,})iz(e|es|ed|ing|ation|ations|er|ers)$/, '$1is$2'],
  [/^([a-z]{3,})yz(e|es|ed|ing)$/, '$1ys$2'],
  [/^(behavi|col|fav|hon|lab|neighb|harb|rum)or(s|ed|ing|ful|able|al)?$/, '$1our$2'],
  [/^(cent|met|theat)er(s)?$/, '$1re$2'],
  [/^program(s)?$/, 'programme$1'],
  [/^(defen|offen|licen|preten)se(s)?$/, '$1ce$2'],
  // The verb is "license" and "practise" in British spelling, the noun "licence" and "practice", and
  // reports mix them ("Taxi Licencing", "licensing"): one term for both.
  [/^(licen|practi)s(e|es|ed|ing|er|ers|ee|ees)$/, '$1c$2'],
  [/^(counsel|travel|model|cancel|label|fuel|signal)(ed|ing|or|ors|er|ers)$/, '$1l$2'],
  [/^(enrol|fulfil|instal)l(ment|ments)$/, '$1$2'],
];

export function britishSpelling(word: string): string {
  for (const [pattern, replacement] of americanToBritish) {
    if (pattern.test(word)) return word.replace(pattern, replacement);
  }
  return word;
}

export function lemmaOf(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return shortPastTenses[word] ?? word;
  const verb = lemmatize.verb(word);
  if (verb !== word) return verb;
  // The noun rules read "pass", "discuss" as plurals ("pa", "discu"); a word ending in "ss" is no plural.
  if (word.endsWith('ss')) return word;
  const noun = lemmatize.noun(word);
  if (noun !== word) return noun;
  return lemmatize.adjective(word);
}

/**
 * Past tenses too short for the lemmatiser's length guard, which keeps "bit", "saw" and "sat" (a bit
 * worried, SATs) as typed: "who led it" asks who was leading.
 */
const shortPastTenses: Readonly<Record<string, string>> = {
  led: 'lead',
  fed: 'feed',
  met: 'meet',
  ran: 'run',
  hid: 'hide',
};

export function isStopWord(word: string): boolean {
  return stopWords.has(word);
}

/** Content terms of a text in reading order. */
export function contentTerms(text: string): string[] {
  const terms: string[] = [];
  for (const word of tokenizeWords(text)) {
    if (!stopWords.has(word)) terms.push(termOf(word));
  }
  return terms;
}
