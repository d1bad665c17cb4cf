/**
 * Turns HTML (whole pages, mammoth output, or fragments left inside text exports) into plain lines.
 * Headings become markdown headings so the chunker treats every format the same way; a paragraph
 * that is bold from end to end is a heading in the Word exports we receive, so it becomes one too.
 */

const namedEntities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  hellip: '…',
  pound: '£',
  euro: '€',
  bull: '•',
  middot: '·',
  copy: '©',
};

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X'))
      return safeCodePoint(Number.parseInt(body.slice(2), 16), whole);
    if (body.startsWith('#')) return safeCodePoint(Number.parseInt(body.slice(1), 10), whole);
    return namedEntities[body.toLowerCase()] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff) return fallback;
  return String.fromCodePoint(code);
}

const blockTags =
  /<\/?(p|div|br|li|ul|ol|tr|table|thead|tbody|tfoot|section|article|header|footer|blockquote|pre|dd|dt|dl|hr)\b[^>]*>/gi;

/** True when the text looks like it contains markup worth converting. */
export function containsHtml(text: string): boolean {
  return /<\/?(p|br|div|b|u|i|strong|em|li|ul|table|tr|td|th|span|h[1-6]|a)\b[^>]*>/i.test(text);
}

export function convertHtmlToText(html: string): string {
  let text = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[!?][^>]*>/g, ' ')
    .replace(/<title\b[^>]*>([\s\S]*?)<\/title>/gi, '\n# $1\n')
    .replace(/<(script|style|noscript|template)\b[\s\S]*?<\/\1>/gi, ' ');
  // <title> (or a Word "Title" paragraph, mapped to <title> by the docx reader) names the document;
  // h1-h6 are sections, one level down, so a page's first <h1> is never mistaken for its title.
  text = text.replace(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/gi, (_whole, level: string, inner: string) => {
    const heading = stripTags(inner).replace(/\s+/g, ' ').trim();
    return heading ? `\n${'#'.repeat(Math.min(6, Number(level) + 1))} ${heading}\n` : '\n';
  });
  // A paragraph that is nothing but bold (optionally underlined) text is a heading in Word exports.
  text = text.replace(
    /<p\b[^>]*>\s*((?:<(?:b|strong|u|i|em)\b[^>]*>\s*)+)([^<]{2,100}?)((?:\s*<\/(?:b|strong|u|i|em)>)+)\s*<\/p>/gi,
    (_whole, _open: string, inner: string) => `\n### ${inner.replace(/\s+/g, ' ').trim()}\n`,
  );
  text = text
    .replace(/<\/(td|th)>/gi, '\t')
    .replace(/<li\b[^>]*>/gi, '\n• ')
    .replace(blockTags, '\n');
  return decodeHtmlEntities(stripTags(text))
    .replace(/[ \u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n');
}

function stripTags(text: string): string {
  return text.replace(/<\/?[a-z][^>]*>/gi, '');
}
