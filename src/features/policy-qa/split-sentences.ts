/** Words that end with a full stop without ending a sentence. */
const abbreviations = new Set([
  'e.g',
  'i.e',
  'eg',
  'ie',
  'etc',
  'cllr',
  'dr',
  'mr',
  'mrs',
  'ms',
  'no',
  'nos',
  'st',
  'vs',
  'approx',
  'para',
  'paras',
  'ref',
  'tel',
  'fig',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sept',
  'sep',
  'oct',
  'nov',
  'dec',
  'cf',
  'al',
  'co',
  'ltd',
]);

/**
 * Splits a paragraph into sentences without changing a character of them, so that any run of
 * consecutive sentences joined with a space is still the document's own wording. Inline bullets
 * ("•") start a new sentence because exports often flatten lists into one line.
 */
export function splitSentences(paragraph: string): string[] {
  const text = paragraph.trim();
  if (!text) return [];
  const sentences: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '•' && i > start && /\s/.test(text[i - 1] ?? '')) {
      pushSentence(sentences, text.slice(start, i));
      start = i;
      continue;
    }
    if (ch !== '.' && ch !== '!' && ch !== '?') continue;
    let end = i + 1;
    while (end < text.length && /["'”’)\]]/.test(text[end] ?? '')) end++;
    if (end >= text.length) break;
    if (!/\s/.test(text[end] ?? '')) continue;
    let next = end;
    while (next < text.length && /\s/.test(text[next] ?? '')) next++;
    const following = text[next] ?? '';
    if (!/["'“‘([A-Z0-9•]/.test(following)) continue;
    if (ch === '.' && isAbbreviation(text, start, i)) continue;
    pushSentence(sentences, text.slice(start, end));
    start = next;
    i = next - 1;
  }
  pushSentence(sentences, text.slice(start));
  return sentences;
}

function pushSentence(sentences: string[], raw: string): void {
  const sentence = raw.trim();
  if (sentence) sentences.push(sentence);
}

function isAbbreviation(text: string, start: number, dot: number): boolean {
  const before = text.slice(start, dot);
  const match = /([A-Za-z.]+)$/.exec(before);
  if (!match?.[1]) return false;
  const word = match[1].toLowerCase();
  if (abbreviations.has(word)) return true;
  // Single capital initials ("J. Smith") rarely end sentences in policy text.
  return /^[a-z]$/.test(word) && /[A-Z]$/.test(before);
}
