import { generalWordCounts } from './general-word-frequency.ts';

/**
 * Acronyms a document defines for itself, "Lived Experience Advisory Forum (LEAF)", "Oxford City
 * Council (OCC)": each becomes a synonym group of the acronym and its long form, so "what is LEAF"
 * finds the forum, "what is SWEP" the severe weather emergency provision. Only a definition whose
 * initials spell the acronym counts ("mental health first aiders (MHFA)"); capitals in brackets after
 * other words ("the report (OCC)") do not.
 */

/** The bracketed acronym; the words before it are read backwards from there (no backtracking). */
const bracketed = /\(([A-Z]{2,6})s?\)/g;
/** How far back a long form may start: nine words of a name fit in this. */
const lookBack = 120;
/** Words a long form may hold that give no letter to the acronym. */
const linkWordList = ['of', 'and', 'for', 'the', 'on', 'in', 'to', '&'] as const;
const linkWords: ReadonlySet<string> = new Set(linkWordList);

/** The letters a word gives an acronym: one per hyphenated part ("Multi-Agency": ma), none for a link word. */
function initialsOf(word: string): string {
  if (linkWords.has(word.toLowerCase())) return '';
  let initials = '';
  for (const part of word.split('-')) if (part.length > 0) initials += part.charAt(0).toLowerCase();
  return initials;
}
/** At most this many groups per knowledge folder: a definition is rare, a flood means noise. */
const maxGroups = 500;

/** [acronym, long form] pairs, lower case, each pair once, in the order first defined. */
export function definedAcronyms(texts: Iterable<string>): [string, string][] {
  const found = new Map<string, [string, string]>();
  for (const text of texts) {
    for (const match of text.matchAll(bracketed)) {
      const acronym = match[1] ?? '';
      const before = text.slice(Math.max(0, match.index - lookBack), match.index);
      const words = /((?:[\p{L}'’]+[\s-]+){1,9})$/u.exec(before)?.[1]?.trim() ?? '';
      const longForm = words ? longFormOf(words, acronym) : undefined;
      if (!longForm) continue;
      const key = `${acronym.toLowerCase()}\u0000${longForm.toLowerCase()}`;
      if (!found.has(key)) found.set(key, [acronym.toLowerCase(), longForm.toLowerCase()]);
      if (found.size >= maxGroups) return [...found.values()];
    }
  }
  return [...found.values()];
}

/**
 * The trailing words before the bracket whose initials spell the acronym ("Multi-Agency
 * Safeguarding Hub" for MASH: hyphenated parts count as words), or undefined when they do not.
 */
function longFormOf(before: string, acronym: string): string | undefined {
  const words = before.split(/\s+/);
  const letters = acronym.toLowerCase();
  let need = letters.length;
  const kept: string[] = [];
  for (let w = words.length - 1; w >= 0 && need > 0; w--) {
    const word = words[w] ?? '';
    kept.unshift(word);
    const initials = initialsOf(word);
    // A word's letters must end the part of the acronym still unspelled, read from its end.
    for (let i = initials.length - 1; i >= 0 && need > 0; i--) {
      if (initials.charAt(i) !== letters.charAt(need - 1)) return undefined;
      need--;
    }
  }
  if (need > 0) return undefined;
  return kept.join(' ');
}

/**
 * A word in capitals that ordinary English uses this often (tagged occurrences in WordNet's SemCor
 * counts) is a shouted heading ("LAST YEAR", "CITY"), not an acronym to spell out.
 */
const commonWordCount = 5;

/** The capitals at this place stand beside another word in capitals: a shouted heading ("LAST YEAR"). */
function shouted(text: string, at: number, length: number): boolean {
  const before = /([A-Za-z]+)\W*$/.exec(text.slice(Math.max(0, at - 40), at))?.[1] ?? '';
  const after = /^\W*([A-Za-z]+)/.exec(text.slice(at + length, at + length + 40))?.[1] ?? '';
  return [before, after].some((word) => /^[A-Z]{2,}$/.test(word));
}

/** An acronym used bare: three to six capitals standing alone ("OCC", "TVP"). */
const bareAcronym = /\b[A-Z]{3,6}\b/g;
/** A run of capitalised words, link words allowed inside: a name ("Oxford City Council"). */
const capitalisedRun = new RegExp(
  `\\b\\p{Lu}[\\p{Ll}'’]+(?:[\\s-]+(?:(?:${linkWordList.join('|')})[\\s-]+)?\\p{Lu}[\\p{Ll}'’]+)+`,
  'gu',
);
/** A name must be this much more common than any other name with the same initials. */
const dominance = 4;
/** ...and be written out at least this often, unless it stands beside the acronym (see below). */
const minNameCount = 2;

/**
 * Acronyms the documents use but never define in brackets ("OCC named Safeguarding Officers"),
 * paired with the name elsewhere in the documents whose initials spell them ("Oxford City Council",
 * written out 47 times), when that name is written out at least twice and at least four times as
 * often as any other name with the same initials ("Oxfordshire County Council", twice), or once,
 * when it is the only such name and stands in the passage that uses the acronym ("a Lived Experience
 * Advisory Forum has been established ... two members of LEAF"). Capitals that spell a common English
 * word ("LEAF") are taken for an acronym only there, and never inside a shouted heading ("LAST YEAR").
 * A council's papers use their own name's initials freely; staff ask with either.
 * @param known acronyms already paired (defined in brackets or in the thesaurus), lower case.
 */
export function spelledOutAcronyms(texts: readonly string[], known: ReadonlySet<string>): [string, string][] {
  const wanted = new Set<string>();
  const english = generalWordCounts();
  /** Capitals that spell a common English word ("LEAF"): an acronym only beside its name. */
  const englishWords = new Set<string>();
  /** Per text, the acronyms it uses bare. */
  const usedIn = texts.map((text) => {
    const used = new Set<string>();
    for (const match of text.matchAll(bareAcronym)) {
      const lower = match[0].toLowerCase();
      if (known.has(lower)) continue;
      if ((english.get(lower) ?? 0) >= commonWordCount) {
        if (shouted(text, match.index, match[0].length)) continue;
        englishWords.add(lower);
      }
      used.add(lower);
    }
    for (const acronym of used) wanted.add(acronym);
    return used;
  });
  if (wanted.size === 0) return [];
  // Per acronym, how often each name with its initials is written out.
  const names = new Map<string, Map<string, number>>();
  /** Per acronym, the names written out in a passage that also uses the acronym bare. */
  const besideAcronym = new Map<string, Set<string>>();
  texts.forEach((text, t) => {
    for (const [run] of text.matchAll(capitalisedRun))
      for (const [acronym, name] of namesIn(run.split(/\s+/), wanted)) {
        const counts = names.get(acronym) ?? new Map<string, number>();
        names.set(acronym, counts.set(name, (counts.get(name) ?? 0) + 1));
        if (usedIn[t]?.has(acronym))
          besideAcronym.set(acronym, (besideAcronym.get(acronym) ?? new Set()).add(name));
      }
  });
  const pairs: [string, string][] = [];
  for (const [acronym, counts] of names) {
    const ranked = [...counts].sort((a, b) => b[1] - a[1]);
    const [best, second] = ranked;
    if (!best || (second && best[1] < dominance * second[1])) continue;
    // A name met once may be a coincidence of capitals, unless it is the only one and stands in the
    // very passage that uses the acronym ("a Lived Experience Advisory Forum ... two members of LEAF").
    const beside = besideAcronym.get(acronym)?.has(best[0]) === true;
    if (best[1] < minNameCount && !(beside && !second)) continue;
    if (englishWords.has(acronym) && !beside) continue;
    pairs.push([acronym, best[0]]);
    if (pairs.length >= maxGroups) break;
  }
  return pairs;
}

/** Every stretch of the run's words whose initials spell a wanted acronym: [acronym, name] pairs. */
function namesIn(words: readonly string[], wanted: ReadonlySet<string>): [string, string][] {
  const initials = words.map(initialsOf);
  const found: [string, string][] = [];
  for (let start = 0; start < words.length; start++) {
    if (initials[start] === '') continue;
    let spelled = '';
    for (let end = start; end < words.length && spelled.length < 6; end++) {
      spelled += initials[end] ?? '';
      if (initials[end] === '' || spelled.length < 3 || !wanted.has(spelled)) continue;
      const name = words
        .slice(start, end + 1)
        .join(' ')
        .toLowerCase()
        .replace(/['’]s$/, '');
      found.push([spelled, name]);
    }
  }
  return found;
}
