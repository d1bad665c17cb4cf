import { describe, expect, it } from 'vitest';
import { termOf } from './normalize-terms.ts';
import { buildWordnetSynonyms } from './wordnet-synonyms.ts';

describe('WordNet relations restricted to the corpus', () => {
  const relations = buildWordnetSynonyms(['partner', 'arrested', 'relative']);

  it('maps a more specific question word to the corpus word one level up (husband -> partner)', () => {
    expect(relations.narrower.get('husband')).toContain(termOf('partner'));
  });

  it('only ever points at corpus terms', () => {
    const corpusTerms = new Set(['partner', 'arrested', 'relative'].map(termOf));
    for (const map of [relations.synonyms, relations.narrower]) {
      for (const targets of map.values())
        for (const term of targets) expect(corpusTerms.has(term)).toBe(true);
    }
  });
});
