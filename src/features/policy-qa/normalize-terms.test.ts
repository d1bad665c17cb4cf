import { describe, expect, it } from 'vitest';
import { isStopWord, lemmaOf, termOf, tokenizeWords } from './normalize-terms.ts';

describe('term normalisation', () => {
  it('keeps negated auxiliaries whole so they stay stop words, not "won" or "didn"', () => {
    const words = tokenizeWords("he won't agree and didn't say");
    expect(words).toEqual(['he', "won't", 'agree', 'and', "didn't", 'say']);
    expect(words.filter((word) => !isStopWord(word))).toEqual(['agree', 'say']);
  });

  it('drops possessive and contracted endings', () => {
    expect(tokenizeWords("the DSL's view, we're told")).toEqual(['the', 'dsl', 'view', 'we', 'told']);
  });

  it('does not read words ending in "ss" as plurals', () => {
    expect(lemmaOf('pass')).toBe('pass');
    expect(lemmaOf('discuss')).toBe('discuss');
    expect(termOf('passed')).toBe(termOf('pass'));
  });
});
