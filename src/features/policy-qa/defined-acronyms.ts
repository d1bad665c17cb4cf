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
const linkWords = new Set(['of', 'and', 'for', 'the', 'on', 'in', 'to', '&']);
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
    if (linkWords.has(word.toLowerCase())) continue;
    const parts = word.split('-').filter((part) => part.length > 0);
    for (let p = parts.length - 1; p >= 0 && need > 0; p--) {
      const initial = (parts[p] ?? '').charAt(0);
      if (initial.toLowerCase() !== letters.charAt(need - 1)) return undefined;
      need--;
    }
  }
  if (need > 0) return undefined;
  return kept.join(' ');
}
