import { describe, expect, it } from 'vitest';
import {
  englishCorrection,
  generalRareness,
  generalWordCounts,
  topicSpecificity,
} from './general-word-frequency.ts';
import { isStopWord, lemmaOf } from './normalize-terms.ts';

describe('general-English word frequency from WordNet', () => {
  it('counts common verbs far above specialist nouns', () => {
    const counts = generalWordCounts();
    expect(counts.get('make') ?? 0).toBeGreaterThan(1000);
    expect(counts.get('newsletter') ?? 0).toBeLessThan(10);
  });

  it('rates a specialist word rarer than an everyday one', () => {
    expect(generalRareness('mileage')).toBeGreaterThan(generalRareness('go'));
    expect(generalRareness('zzzunknown')).toBe(1);
    expect(generalRareness('make')).toBe(0);
  });

  it('keeps most of the topic weight of rare words and less of common ones', () => {
    expect(topicSpecificity('trafficking', 0.15)).toBeGreaterThan(topicSpecificity('take', 0.15));
    expect(topicSpecificity('zzzunknown', 0.15)).toBe(1);
  });

  it('corrects a one-typo non-word to the common English word that clearly stands out, and nothing else', () => {
    const correct = (word: string) => englishCorrection(word, lemmaOf, isStopWord);
    expect(correct('caled')).toBe('called');
    expect(correct('recieve')).toBe('receive');
    // A function word is the commonest of all, though WordNet does not list it.
    expect(correct('becuase')).toBe('because');
    // No common word one typo away: a rare term stays itself, it is not bent into another word.
    expect(correct('payslip')).toBeUndefined();
    expect(correct('zzqxv')).toBeUndefined();
  });
});
