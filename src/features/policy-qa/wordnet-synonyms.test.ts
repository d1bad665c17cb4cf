import { describe, expect, it } from 'vitest';
import { termOf } from './normalize-terms.ts';
import { buildWordnetSynonyms } from './wordnet-synonyms.ts';

describe('WordNet relations restricted to the corpus', () => {
  const corpus = ['partner', 'arrested', 'relative', 'suspension', 'referral', 'newsletter', 'exploit'];
  const relations = buildWordnetSynonyms(corpus);

  it('maps a more specific question word to the corpus word one level up (husband -> partner)', () => {
    expect(relations.narrower.get('husband')).toContain(termOf('partner'));
  });

  it('joins a verb and the noun derived from it (suspend -> suspension, refer -> referral)', () => {
    expect(relations.derived.get('suspend')).toContain(termOf('suspension'));
    expect(relations.derived.get('refer')).toContain(termOf('referral'));
  });

  it('reaches a sister kind of the same thing (bulletin -> newsletter)', () => {
    expect(relations.siblings.get('bulletin')).toContain(termOf('newsletter'));
  });

  it('uses only the common senses of the question word: "work" does not reach "exploit"', () => {
    expect(relations.synonyms.get('work') ?? []).not.toContain(termOf('exploit'));
  });

  it('only ever points at corpus terms', () => {
    const corpusTerms = new Set(corpus.map(termOf));
    for (const map of [relations.synonyms, relations.narrower, relations.derived, relations.siblings]) {
      for (const targets of map.values())
        for (const term of targets) expect(corpusTerms.has(term)).toBe(true);
    }
  });
});
